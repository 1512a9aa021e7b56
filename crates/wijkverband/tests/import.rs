//! The import commands as a user runs them, on SQLite and PostgreSQL: real
//! data in, located errors for bad input, and a store left unchanged by them.

use std::collections::HashMap;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use wv_testkit::{TestDb, data, num, raw_kwb};

fn wv(db: &TestDb) -> Command {
    let mut c = Command::cargo_bin("wijkverband").unwrap();
    c.arg("--db").arg(&db.url);
    c
}

fn run(db: &TestDb, args: &[&str]) -> String {
    let out = wv(db).args(args).output().unwrap();
    assert!(out.status.success(), "{} {args:?}: {}", db.kind, String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn import_woerden(db: &TestDb) -> String {
    run(db, &["import", "buurten", data("buurten_2015_woerden.geojson").to_str().unwrap(), "--jaar", "2015"])
}

fn status(db: &TestDb) -> String {
    run(db, &["status", "--format", "json"])
}

wv_testkit::on_both_stores! {
fn woerden_inhabitants_are_exactly_those_of_the_source(db) {
    let raw: Vec<_> = raw_kwb().into_iter().filter(|r| r["GM_CODE"] == "GM0632").collect();
    let out = wv(&db)
        .args(["import", "buurten", data("buurten_2015_woerden.geojson").to_str().unwrap(), "--year", "2015"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("31 buurten van 2015"));
    // Piped: no progress bar on stderr.
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let listed: Vec<Value> =
        serde_json::from_str(&run(&db, &["buurten", "--gemeente", "GM0632", "--format", "json"])).unwrap();
    assert_eq!(listed.len(), raw.len(), "{}", db.kind);
    let by_code: HashMap<&str, &Value> = listed.iter().map(|b| (b["code"].as_str().unwrap(), b)).collect();
    let mut total = 0.0;
    for r in &raw {
        let b = by_code[r["BU_CODE"].as_str()];
        assert_eq!(b["naam"], r["BU_NAAM"].as_str());
        assert_eq!(b["inwoners"].as_f64(), num(r, "AANT_INW"), "{} {}", db.kind, r["BU_CODE"]);
        total += num(r, "AANT_INW").unwrap();
    }
    let table = run(&db, &["buurten", "--gemeente", "GM0632"]);
    let total_nl = format!("{}.{:03}", (total as i64) / 1000, (total as i64) % 1000);
    assert!(table.contains(&format!("31 buurten (indeling 2015), {total_nl} inwoners")), "{table}");
    assert!(table.contains("Bron: CBS Kerncijfers wijken en buurten 2015"));
}
}

wv_testkit::on_both_stores! {
fn a_region_lists_the_buurten_of_its_gemeenten(db) {
    let raw = raw_kwb();
    run(
        &db,
        &["import", "buurten", data("buurten_2015_provincie_utrecht.geojson").to_str().unwrap(), "--year", "2015"],
    );
    let made =
        run(&db, &["regio", "maak", "Utrecht Noord-West", "--gemeente", "GM0632,GM0589", "--gemeente", "GM0335"]);
    assert!(made.contains("gemaakt met 3 gemeenten"), "{made}");
    let csv = run(&db, &["buurten", "--regio", "Utrecht Noord-West", "--format", "csv"]);
    let codes: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    let mut expected: Vec<&str> = raw
        .iter()
        .filter(|r| ["GM0632", "GM0589", "GM0335"].contains(&r["GM_CODE"].as_str()))
        .map(|r| r["BU_CODE"].as_str())
        .collect();
    expected.sort();
    assert_eq!(codes, expected, "{}", db.kind);
    let err = wv(&db).args(["regio", "maak", "X", "--gemeente", "GM9999"]).output().unwrap();
    assert!(!err.status.success());
    assert!(String::from_utf8_lossy(&err.stderr).contains("GM9999"));
}
}

wv_testkit::on_both_stores! {
fn importing_a_year_again_replaces_it_and_says_so(db) {
    import_woerden(&db);
    let before = status(&db);
    let again = import_woerden(&db);
    assert!(again.contains("31 buurten van een eerdere import vervangen"), "{again}");
    let after: Value = serde_json::from_str(&status(&db)).unwrap();
    let before: Value = serde_json::from_str(&before).unwrap();
    // Same content; only the import log grew.
    assert_eq!(before.as_array().unwrap()[..2], after.as_array().unwrap()[..2], "{}", db.kind);
}
}

/// Writes `content` to `name` in a temporary folder.
fn file(dir: &Path, name: &str, content: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p.display().to_string()
}

/// Runs a bad import: it must fail, say where, and leave the store as it was.
fn refused(db: &TestDb, args: &[&str], expect: &[&str]) {
    let before = status(db);
    let out = wv(db).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{} {args:?} should fail", db.kind);
    for e in expect {
        assert!(stderr.contains(e), "{} {args:?}: '{e}' not in: {stderr}", db.kind);
    }
    assert!(stderr.contains("tip:"), "{stderr}");
    assert_eq!(status(db), before, "{} {args:?} changed the store", db.kind);
}

wv_testkit::on_both_stores! {
fn bad_input_is_located_and_changes_nothing(db) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let woerden = std::fs::read_to_string(data("buurten_2015_woerden.geojson")).unwrap();
    let mut json: Value = serde_json::from_str(&woerden).unwrap();
    let kwb = std::fs::read_to_string(data("kwb_2015_buurten_provincie_utrecht.csv")).unwrap();
    let kwb_lines: Vec<&str> = kwb.lines().collect();
    let woerden_csv: Vec<&str> =
        std::iter::once(kwb_lines[0]).chain(kwb_lines.iter().copied().filter(|l| l.contains(",GM0632,"))).collect();

    let truncated = file(d, "afgebroken.geojson", &woerden[..woerden.len() / 2]);
    let mut no_code = json.clone();
    no_code["features"][4]["properties"].as_object_mut().unwrap().remove("BU_CODE");
    let no_code = file(d, "zonder_code.geojson", &no_code.to_string());
    json["crs"] = serde_json::json!({"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}});
    let mercator = file(d, "mercator.geojson", &json.to_string());
    let not_a_number = {
        let mut lines = woerden_csv.clone();
        let bad = lines[2].replacen(",2160,", ",veel,", 1).replacen(",4235,", ",veel,", 1);
        assert_ne!(bad, lines[2], "the fixture changes AANT_INW");
        lines[2] = &bad;
        file(d, "tekst.csv", &lines.join("\n"))
    };
    let extra_field = {
        let mut lines = woerden_csv.clone();
        let bad = format!("{},42", lines[3]);
        lines[3] = &bad;
        file(d, "kolommen.csv", &lines.join("\n"))
    };
    let no_code_column = file(d, "geen_code.csv", &woerden_csv.join("\n").replacen("BU_CODE", "CODE", 1));
    let unknown_buurt = {
        let mut lines = woerden_csv.clone();
        let bad = lines[5].replacen("BU0632", "BU0699", 1);
        lines[5] = &bad;
        file(d, "onbekend.csv", &lines.join("\n"))
    };
    let health = file(
        d,
        "gezondheid.csv",
        "regiocode,jaar,leeftijd,Eenzaam\nBU06320101,2020,65+,50.2\nBU06320102,2020,65+,heel\n",
    );

    import_woerden(&db);
    let cases: [(&str, &String, &[&str]); 6] = [
        ("buurten", &truncated, &["afgebroken.geojson", "regel 1", "geen geldige JSON"]),
        ("buurten", &no_code, &["zonder_code.geojson", "object 5", "BU_CODE"]),
        ("buurten", &mercator, &["mercator.geojson", "veld 'crs'", "EPSG::3857"]),
        ("kerncijfers", &not_a_number, &["tekst.csv", "regel 3", "AANT_INW", "'veel'"]),
        ("kerncijfers", &extra_field, &["kolommen.csv", "regel 4", "velden"]),
        ("kerncijfers", &no_code_column, &["geen_code.csv", "regel 1", "BU_CODE"]),
    ];
    for (what, path, expect) in cases {
        refused(&db, &["import", what, path, "--jaar", "2015"], expect);
    }
    refused(&db, &["import", "gezondheid", &health], &["gezondheid.csv", "regel 3", "Eenzaam", "'heel'"]);
    // A buurt outside the imported division is no error: kept, and said.
    let out = wv(&db).args(["import", "kerncijfers", &unknown_buurt, "--jaar", "2015"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("1 gebied staat niet in de ingelezen indeling 2015"), "{stdout}");
}
}

wv_testkit::on_both_stores! {
fn cbs_downloads_with_semicolons_and_decimal_commas_import(db) {
    let dir = tempfile::tempdir().unwrap();
    // The layout of CBS's own kerncijfers downloads of later years.
    let path = file(
        dir.path(),
        "kwb-2015.csv",
        "gwb_code_10;regio;recs;a_inw;g_hhgro;p_arb_pp\nBU06320101;Binnenstad;Buurt;2160;1,7;.\nWK063201;Woerden-Midden;Wijk;12000;2,1;68\n",
    );
    import_woerden(&db);
    let out = run(&db, &["import", "kerncijfers", &path, "--year", "2015"]);
    assert!(out.contains("2 gebieden met 6 kerncijfers"), "{out}");
    let status: Value = serde_json::from_str(&status(&db)).unwrap();
    let kwb = status.as_array().unwrap().iter().find(|r| r["inhoud"] == "kwb").unwrap();
    // 31 × 44 key figures of the GeoJSON plus 6 values: the Binnenstad's inhabitants and
    // household size replace those of the GeoJSON (the same variables in CBS's newer layout),
    // the other buurten keep theirs, and 4 are new — one of them unknown ('.').
    assert_eq!(kwb["aantal"].as_f64(), Some(31.0 * 44.0 + 4.0), "{}", db.kind);
    assert!(out.contains("2 waarden van een eerdere import vervangen"), "{out}");
    assert!(kwb["toelichting"].as_str().unwrap().starts_with(&format!("{} onbekend", 1 + raw_unknown_woerden())));
    assert!(out.contains("Herkend als CBS Kerncijfers wijken en buurten, CSV of XLSX (kwb-JJJJ) (jaar 2015 uit de bestandsnaam)"), "{out}");
    // The column no indicator reads is kept and listed with its file; those read are not listed.
    let onbekend: Vec<Value> = serde_json::from_str(&run(&db, &["indicatoren", "--onbekend", "--format", "json"])).unwrap();
    let arb = onbekend.iter().find(|r| r["variabele"] == "p_arb_pp").expect("p_arb_pp listed");
    assert_eq!(arb["jaar"].as_str(), Some("2015"), "{}", db.kind);
    assert!(arb["bestand"].as_str().unwrap().contains("kwb-2015.csv"), "the files of that year: {arb}");
    assert!(!onbekend.iter().any(|r| r["variabele"] == "a_inw" || r["variabele"] == "g_hhgro"), "{onbekend:?}");
    let cat: Vec<Value> = serde_json::from_str(&run(&db, &["indicatoren", "--format", "json"])).unwrap();
    let jaren = |code: &str| cat.iter().find(|r| r["code"] == code).unwrap()["jaren"].as_str().unwrap().to_string();
    assert_eq!((jaren("inwoners").as_str(), jaren("inkomen_per_inwoner").as_str()), ("2015", ""), "{}", db.kind);
    // A year the file's name contradicts is refused.
    refused(&db, &["import", "kerncijfers", &path, "--jaar", "2016"], &["kwb-2015.csv", "volgens de bestandsnaam van 2015, niet van 2016"]);
}
}

wv_testkit::on_both_stores! {
/// PDOK's GeoPackage imports without --jaar: its jaarstatcode says 2021.
fn the_pdok_geopackage_imports_with_the_year_it_states(db) {
    let gpkg = data("reference/wijkenbuurten_2021_ermelo_buurten_layout.gpkg");
    let out = run(&db, &["import", "buurten", gpkg.to_str().unwrap()]);
    assert!(out.contains("buurten van 2021 ingelezen"), "{out}");
    assert!(out.contains("Herkend als CBS/PDOK Wijken en buurten, GeoPackage (vanaf 2021) (jaar 2021 uit de kolom jaarstatcode)"), "{out}");
    // Its attribute values are scrambled (see the data's README): the inhabitants are unknown,
    // so no indicator has 2021; what no indicator reads is listed.
    let cat: Vec<Value> = serde_json::from_str(&run(&db, &["indicatoren", "--format", "json"])).unwrap();
    assert!(cat.iter().all(|r| r["jaren"] == ""), "{}", db.kind);
    let onbekend: Vec<Value> = serde_json::from_str(&run(&db, &["indicatoren", "--onbekend", "--format", "json"])).unwrap();
    assert!(onbekend.iter().any(|r| r["variabele"] == "dekkingspercentage" && r["jaar"] == "2021"), "{onbekend:?}");
    let status: Value = serde_json::from_str(&status(&db)).unwrap();
    let bestand = status.as_array().unwrap().iter().find(|r| r["inhoud"] == "bestand kwb").unwrap();
    assert_eq!(bestand["jaar"], "2021");
    let uitleg = "0 indicatoren; wijkenbuurten_2021_ermelo_buurten_layout.gpkg: CBS/PDOK Wijken en buurten, GeoPackage";
    assert!(bestand["toelichting"].as_str().unwrap().starts_with(uitleg), "{bestand}");
}
}

fn raw_unknown_woerden() -> usize {
    raw_kwb()
        .iter()
        .filter(|r| r["GM_CODE"] == "GM0632")
        .map(|r| r.values().filter(|v| v.parse::<f64>() == Ok(-99999999.0)).count())
        .sum()
}

/// The help is Dutch at every level, like every text a user reads; the flags of import say
/// `--jaar` as the other commands do (`--year` is still accepted: see the tests above).
#[test]
fn the_help_is_dutch_at_every_level() {
    for args in [vec!["--help"], vec!["import", "buurten", "--help"], vec!["indeling", "voorstel", "--help"]] {
        let out = Command::cargo_bin("wijkverband").unwrap().args(&args).output().unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(help.contains("Gebruik: ") && help.contains("Opties:"), "{args:?}: {help}");
        for english in ["Usage:", "Options:", "Commands:", "Arguments:", "Print help", "The "] {
            assert!(!help.contains(english), "{args:?} says {english:?}: {help}");
        }
    }
    let out = Command::cargo_bin("wijkverband").unwrap().args(["import", "buurten", "--help"]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("--jaar <JAAR>"));
}
