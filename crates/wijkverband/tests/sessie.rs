//! `wijkverband sessie rode-draad` on contributions typed the way people type them
//! (tests/data/sessies.csv): the shared themes and their wijken, checked against the raw file
//! read with nothing but the csv crate and lower-case substring search.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn bestand() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/sessies.csv")
}

fn rode_draad(args: &[&str]) -> Vec<Value> {
    let out = Command::cargo_bin("wijkverband")
        .unwrap()
        .args(["sessie", "rode-draad"])
        .arg(bestand())
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// wijk → its contributions in lower case, from the raw file.
fn ruw() -> HashMap<String, Vec<String>> {
    let mut per: HashMap<String, Vec<String>> = HashMap::new();
    for r in csv::Reader::from_path(bestand()).unwrap().records() {
        let r = r.unwrap();
        per.entry(r[0].to_string()).or_default().push(r[4].to_lowercase());
    }
    per
}

fn wijken_met(per: &HashMap<String, Vec<String>>, woord: &str) -> BTreeSet<String> {
    per.iter().filter(|(_, t)| t.iter().any(|t| t.contains(woord))).map(|(w, _)| w.clone()).collect()
}

#[test]
fn the_shared_themes_are_those_typed_in_two_wijken_with_those_wijken() {
    let per = ruw();
    let draad = rode_draad(&["--min-wijken", "2"]);
    let thema = |label: &str| {
        draad.iter().find(|d| d["thema"].as_str().unwrap().eq_ignore_ascii_case(label)).unwrap_or_else(|| {
            panic!("{label} not in {draad:#?}");
        })
    };
    let wijken = |d: &Value| -> BTreeSet<String> {
        d["wijken"].as_array().unwrap().iter().map(|w| w.as_str().unwrap().to_string()).collect()
    };
    // "Sociale kaarten", "de sociale kaart", "sociale kaart": one theme in every wijk typed.
    assert_eq!(wijken(thema("sociale kaart")), wijken_met(&per, "sociale kaart"));
    assert_eq!(thema("sociale kaart")["bijdragen"], 3);
    assert_eq!(wijken(thema("dementie")), wijken_met(&per, "dementie"));
    assert_eq!(wijken(thema("tussen wal en schip")), wijken_met(&per, "wal en schip"));
    assert_eq!(wijken(thema("elkaar kennen")).len(), 3);
    // Every shared theme: in two wijken at least, each of its words typed in each of them.
    for d in &draad {
        let w = wijken(d);
        assert!(w.len() >= 2, "{d}");
        for woord in d["thema"].as_str().unwrap().to_lowercase().split(' ') {
            let stam: String = woord.chars().take(5).collect();
            assert!(w.is_subset(&wijken_met(&per, &stam)), "{woord} of {d}");
        }
    }
    // Typed in one wijk only: never shared; stopwords never a theme.
    for enkel in ["parkeer", "jeugd", "script"] {
        assert_eq!(wijken_met(&per, enkel).len(), 1);
        assert!(!draad.iter().any(|d| d["thema"].as_str().unwrap().to_lowercase().contains(enkel)), "{enkel}");
    }
    assert!(!draad.iter().any(|d| ["de", "het", "en"].contains(&d["thema"].as_str().unwrap())));
    // At three wijken only what every wijk typed stays.
    let drie = rode_draad(&["--min-wijken", "3"]);
    assert!(drie.iter().all(|d| d["wijken"].as_array().unwrap().len() == 3));
    assert!(drie.iter().any(|d| d["thema"] == "sociale kaart"));
    assert!(drie.len() < draad.len());
}

#[test]
fn a_bad_file_says_where_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("b.csv");
    std::fs::write(&f, "wijk,sessie,tafel,ronde,tekst\nNoord,1,1,1,dementie\n,1,1,1,tijd\n").unwrap();
    let out = Command::cargo_bin("wijkverband").unwrap().args(["sessie", "rode-draad"]).arg(&f).output().unwrap();
    assert!(!out.status.success());
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("regel 3") && e.contains("wijk"), "{e}");
    let out = Command::cargo_bin("wijkverband")
        .unwrap()
        .args(["sessie", "rode-draad", "--min-wijken", "0"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn an_import_stores_the_file_as_sessions_and_a_bad_file_nothing() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let db = wv_testkit::sqlite();
    let wv =
        |args: &[&str]| Command::cargo_bin("wijkverband").unwrap().args(["--db", &db.url]).args(args).output().unwrap();
    assert!(wv(&["demo", "--data", &wv_testkit::data("").display().to_string()]).status.success());
    let regio = "Utrecht Noord-West";
    let f = bestand().display().to_string();
    let out = wv(&["sessie", "import", &f, "--regio", regio, "--datum", "2026-11-12"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let per = ruw();
    let store = rt.block_on(wv_store::Store::open(&db.url)).unwrap();
    let sessies = rt.block_on(store.duidingssessies(regio)).unwrap();
    assert_eq!(sessies.len(), 3);
    let d = rt.block_on(store.draad_bijdragen(regio)).unwrap();
    assert_eq!(d.len(), per.values().map(Vec::len).sum::<usize>());
    for (wijk, teksten) in &per {
        assert_eq!(d.iter().filter(|x| &x.wijk == wijk).count(), teksten.len(), "{wijk}");
    }
    // a bad file, an unknown region: refused, nothing added
    let dir = tempfile::tempdir().unwrap();
    let slecht = dir.path().join("b.csv");
    std::fs::write(&slecht, "wijk,sessie,tafel,ronde,tekst\nNoord,x,1,1,ok\n,x,1,1,geen wijk\n").unwrap();
    assert!(!wv(&["sessie", "import", &slecht.display().to_string(), "--regio", regio]).status.success());
    assert!(!wv(&["sessie", "import", &f, "--regio", "Nergens"]).status.success());
    assert_eq!(rt.block_on(store.duidingssessies(regio)).unwrap().len(), 3);
}
