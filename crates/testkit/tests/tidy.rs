//! House rules a machine can check, in the spirit of rust-analyzer's `tidy.rs`: every module
//! says what it is for (`//!`), ARCHITECTURE.md names every source file, `wv-core` does no I/O,
//! code that ships does not `unwrap()` nor read a database column by position, every dependency's version is set once (in the workspace),
//! templates stay readable (no line over 200 characters, the CSRF field only from its macro),
//! and every front-end module is type-checked (`// @ts-check`, `tsc --noEmit` in ./test). Each rule is a small function, tested once on a
//! deliberate violation, then run over the repository.

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the repository")
}

/// Every `.rs` file under `crates/*/src`.
fn sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("a readable folder") {
            let p = e.expect("an entry").path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    for c in std::fs::read_dir(repo().join("crates")).expect("crates/") {
        let src = c.expect("a crate").path().join("src");
        if src.is_dir() {
            walk(&src, &mut out);
        }
    }
    out.sort();
    out
}

/// A module's first line says what it is for.
fn has_doc(text: &str) -> bool {
    text.starts_with("//!")
}

/// The code before `#[cfg(test)]` calls no `.unwrap()`: a failure must say what went wrong.
fn unwraps(text: &str) -> Vec<usize> {
    text.lines()
        .take_while(|l| !l.trim_start().starts_with("#[cfg(test)]"))
        .enumerate()
        .filter(|(_, l)| l.contains(".unwrap()") && !l.trim_start().starts_with("//"))
        .map(|(k, _)| k + 1)
        .collect()
}

/// ARCHITECTURE.md names the file (`mod.rs`, `lib.rs` and `main.rs` by their folder or crate).
fn named(architecture: &str, path: &Path) -> bool {
    let file = path.file_name().and_then(|f| f.to_str()).unwrap_or_default();
    if matches!(file, "mod.rs" | "lib.rs" | "main.rs") {
        return true;
    }
    architecture.contains(file)
}

/// What pure computation may not use: I/O, a runtime, a database, the network.
const NOT_IN_CORE: [&str; 8] = ["sqlx", "tokio", "axum", "reqwest", "hyper", "std::fs", "std::net", "std::process"];

fn io_in(text: &str) -> Vec<&'static str> {
    NOT_IN_CORE.iter().copied().filter(|x| text.contains(x)).collect()
}

/// Every file under `crates/*/templates`.
fn templates() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for c in std::fs::read_dir(repo().join("crates")).expect("crates/") {
        let dir = c.expect("a crate").path().join("templates");
        if let Ok(entries) = std::fs::read_dir(&dir) {
            out.extend(entries.map(|e| e.expect("an entry").path()));
        }
    }
    out.sort();
    out
}

/// Lines (1-based) that read a column by its position (`try_get(3)`): a changed query then
/// silently reads another column; read it by name.
fn positional_columns(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            l.match_indices("try_get").any(|(i, _)| {
                let rest = &l[i + "try_get".len()..];
                let args = rest.strip_prefix("::<").map_or(Some(rest), |r| r.split_once(">(").map(|(_, a)| a));
                let args = args.map(|a| a.strip_prefix('(').unwrap_or(a));
                args.is_some_and(|a| a.starts_with(|c: char| c.is_ascii_digit()))
            })
        })
        .map(|(k, _)| k + 1)
        .collect()
}

/// A front-end module that the type checker (`tsc`, see tsconfig.json) would skip.
fn unchecked_script(text: &str) -> bool {
    !text.starts_with("// @ts-check")
}

/// Lines (1-based) longer than `max` characters.
fn long_lines(text: &str, max: usize) -> Vec<usize> {
    text.lines().enumerate().filter(|(_, l)| l.chars().count() > max).map(|(k, _)| k + 1).collect()
}

/// A CSRF field written out by hand instead of `{% call m::csrf(…) %}`.
fn hand_written_csrf(text: &str) -> bool {
    text.contains("name=\"csrf\"")
}

/// Dependencies of a crate's manifest that set their own version instead of `workspace = true`.
fn own_versions(manifest: &str) -> Vec<String> {
    let mut section = "";
    let mut out = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
            continue;
        }
        let deps = section.ends_with("dependencies]");
        if let Some((name, spec)) = line.split_once('=')
            && deps
            && !spec.contains("workspace = true")
            && !name.contains(".workspace")
        {
            out.push(name.trim().to_string());
        }
    }
    out
}

#[test]
fn the_rules_catch_a_violation() {
    assert_eq!(long_lines("kort\nlanger dan vijf\n", 5), [2]);
    assert_eq!(positional_columns("r.try_get(0)?\nr.try_get::<i64, _>(3)?\nr.try_get(\"naam\")?\n"), [1, 2]);
    assert!(unchecked_script("// A module.\nexport const x = 1;") && !unchecked_script("// @ts-check\n// A module."));
    assert!(hand_written_csrf("<input type=\"hidden\" name=\"csrf\" value=\"{{ csrf }}\">"));
    assert!(!hand_written_csrf("{% call m::csrf(csrf) %}{% endcall %}"));
    let manifest = "[dependencies]\nserde.workspace = true\nbase64 = \"0.22\"\nzip = { workspace = true }\n[dev-dependencies]\nscraper = { version = \"0.24\" }\n[[bench]]\nname = \"x\"\n";
    assert_eq!(own_versions(manifest), ["base64", "scraper"]);
    assert!(has_doc("//! A module.\nfn f() {}") && !has_doc("use std::fmt;\n"));
    assert_eq!(unwraps("fn f() { x.unwrap(); }\n// y.unwrap()\n#[cfg(test)]\nmod t { z.unwrap(); }"), [1]);
    let arch = "`plan.rs` (a partition)";
    assert!(named(arch, Path::new("a/plan.rs")) && named(arch, Path::new("a/mod.rs")));
    assert!(!named(arch, Path::new("a/nieuw.rs")));
    assert_eq!(io_in("use std::fs::read;\nuse sqlx::Row;"), ["sqlx", "std::fs"]);
}

#[test]
fn the_repository_keeps_the_rules() {
    let architecture = std::fs::read_to_string(repo().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let mut problems = Vec::new();
    for path in sources() {
        let text = std::fs::read_to_string(&path).expect("a source file");
        let rel = path.strip_prefix(repo()).unwrap_or(&path).display().to_string();
        if !has_doc(&text) {
            problems.push(format!("{rel}: begin with a `//!` line that says what the module is for"));
        }
        if !named(&architecture, &path) {
            problems.push(format!("{rel}: name it in ARCHITECTURE.md's code map"));
        }
        if !rel.starts_with("crates/testkit/") {
            for line in unwraps(&text) {
                problems.push(format!("{rel}:{line}: `.unwrap()` in code that ships; say what failed (`?`, `expect`)"));
            }
        }
        for line in positional_columns(&text) {
            problems.push(format!("{rel}:{line}: a column read by position; read it by name (`try_get(\"naam\")`)"));
        }
        if rel.starts_with("crates/core/src/") {
            for x in io_in(&text) {
                problems.push(format!("{rel}: wv-core does no I/O, but this uses {x}"));
            }
        }
    }
    for path in templates() {
        let text = std::fs::read_to_string(&path).expect("a template");
        let rel = path.strip_prefix(repo()).unwrap_or(&path).display().to_string();
        for line in long_lines(&text, 200) {
            problems.push(format!("{rel}:{line}: a template line over 200 characters; break it between elements"));
        }
        if hand_written_csrf(&text) && !rel.ends_with("macros.html") {
            problems.push(format!("{rel}: write the CSRF field as {{% call m::csrf(…) %}}{{% endcall %}}"));
        }
    }
    for e in std::fs::read_dir(repo().join("crates/web/assets")).expect("the web assets") {
        let path = e.expect("an asset").path();
        if path.extension().is_some_and(|x| x == "js")
            && unchecked_script(&std::fs::read_to_string(&path).expect("a script"))
        {
            problems
                .push(format!("{}: begin with `// @ts-check`", path.strip_prefix(repo()).unwrap_or(&path).display()));
        }
    }
    for c in std::fs::read_dir(repo().join("crates")).expect("crates/") {
        let path = c.expect("a crate").path().join("Cargo.toml");
        let manifest = std::fs::read_to_string(&path).expect("a crate manifest");
        for dep in own_versions(&manifest) {
            problems.push(format!(
                "{}: {dep} sets its own version; declare it in the workspace's [workspace.dependencies] and use `{dep}.workspace = true`",
                path.strip_prefix(repo()).unwrap_or(&path).display()
            ));
        }
    }
    let manifest = std::fs::read_to_string(repo().join("crates/core/Cargo.toml")).expect("the core manifest");
    let deps = manifest.split("[dependencies]").nth(1).unwrap_or("").split("[dev-dependencies]").next().unwrap_or("");
    for x in io_in(deps) {
        problems.push(format!("crates/core/Cargo.toml: wv-core depends on {x}"));
    }
    assert!(problems.is_empty(), "house rules broken:\n{}", problems.join("\n"));
}
