//! A custom indicator catalogue (`--catalogus FILE`) must hold the indicators the program relies
//! on: without one, every command — `serve` too — is refused at load, naming the file and the
//! missing code, before anything runs.

use assert_cmd::Command;

#[test]
fn a_catalogue_without_inwoners_is_refused_at_load_by_the_cli_and_by_serve() {
    let dir = tempfile::tempdir().unwrap();
    let builtin = wv_core::indicator::DEFAULT_CATALOGUE;
    // The built-in catalogue without its 'inwoners' indicator (the block from its header to the next).
    let start = builtin.find("code = \"inwoners\"").unwrap();
    let block_start = builtin[..start].rfind("[[indicator]]").unwrap();
    let block_end = block_start + builtin[block_start + 1..].find("[[indicator]]").unwrap() + 1;
    let without = format!("{}{}", &builtin[..block_start], &builtin[block_end..]);
    let file = dir.path().join("eigen.toml");
    std::fs::write(&file, &without).unwrap();
    let db = dir.path().join("wv.db");
    for args in [vec!["status"], vec!["serve", "--addr", "127.0.0.1:0"]] {
        let out = Command::cargo_bin("wijkverband")
            .unwrap()
            .args(["--db", db.to_str().unwrap(), "--catalogus", file.to_str().unwrap()])
            .args(&args)
            .timeout(std::time::Duration::from_secs(30))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} must not run");
        assert!(err.contains("eigen.toml") && err.contains("'inwoners'"), "{args:?}: {err}");
    }
    // The built-in catalogue itself loads.
    let file = dir.path().join("zelfde.toml");
    std::fs::write(&file, builtin).unwrap();
    let out = Command::cargo_bin("wijkverband")
        .unwrap()
        .args(["--db", db.to_str().unwrap(), "--catalogus", file.to_str().unwrap(), "status"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
