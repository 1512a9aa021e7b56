//! Front-end packages come from npm (package.json and its lockfile at the
//! workspace root) and are built into the binary's assets: MapLibre GL JS,
//! Cytoscape.js and the NL Design System (Utrecht) HTML styles. Installing them is a step of its
//! own (`npm ci`, which `./run` and `./test` do): a build script makes no network calls, and
//! `cargo build` works offline once `node_modules` is there.

use std::path::PathBuf;

/// (asset name, path under node_modules).
const FILES: [(&str, &str); 5] = [
    ("cytoscape.mjs", "cytoscape/dist/cytoscape.esm.min.mjs"),
    ("maplibre-gl.mjs", "maplibre-gl/dist/maplibre-gl.mjs"),
    ("maplibre-gl-worker.mjs", "maplibre-gl/dist/maplibre-gl-worker.mjs"),
    ("maplibre-gl.css", "maplibre-gl/dist/maplibre-gl.css"),
    ("utrecht-html.css", "@utrecht/component-library-css/dist/html.css"),
];

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo")).join("../..");
    let modules = root.join("node_modules");
    println!("cargo::rerun-if-changed={}", root.join("package-lock.json").display());
    if let Some((_, f)) = FILES.iter().find(|(_, f)| !modules.join(f).exists()) {
        panic!(
            "the front-end packages are missing (no node_modules/{f}): run `npm ci` in {} first (./run and ./test do)",
            root.display()
        );
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    for (name, file) in FILES {
        let src = modules.join(file);
        println!("cargo::rerun-if-changed={}", src.display());
        std::fs::copy(&src, out.join(name)).unwrap_or_else(|e| panic!("copying {}: {e}", src.display()));
    }
}
