//! `wijkverband scan` on the shared real data. Every expected value is computed
//! here from the raw CSV files, independently of the importer and the core.

use std::collections::HashMap;

use assert_cmd::Command;
use serde_json::Value;
use wv_testkit::{TestDb, data, num, raw_csv, raw_kwb};

type RawRow = HashMap<String, String>;

fn load(db: &TestDb) {
    let d = data("").display().to_string();
    let out =
        Command::cargo_bin("wijkverband").unwrap().args(["--db", &db.url, "demo", "--data", &d]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn scan(db: &TestDb, args: &[&str]) -> String {
    let out = Command::cargo_bin("wijkverband").unwrap().args(["--db", &db.url, "scan"]).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn scan_json(db: &TestDb, args: &[&str]) -> Value {
    serde_json::from_str(&scan(db, &[args, &["--format", "json"]].concat())).unwrap()
}

fn row<'a>(profile: &'a Value, code: &str) -> &'a Value {
    profile["rijen"].as_array().unwrap().iter().find(|r| r["code"] == code).unwrap_or_else(|| panic!("no row {code}"))
}

fn health(year: &str, age: &str) -> HashMap<String, RawRow> {
    raw_csv(&data("gezondheid_wijk_buurt_2012_2016_2020_provincie_utrecht.csv"))
        .into_iter()
        .filter(|r| r["jaar"] == year && r["leeftijd"] == age)
        .map(|r| (r["regiocode"].clone(), r))
        .collect()
}

/// Σ share × base / Σ base over buurten where both are known, as the raw files give them.
fn weighted(rows: &[&RawRow], share: impl Fn(&RawRow) -> Option<f64>, base: impl Fn(&RawRow) -> Option<f64>) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for r in rows {
        if let (Some(s), Some(b)) = (share(r), base(r)) {
            num += s * b;
            den += b;
        }
    }
    num / den
}

struct Expected {
    inwoners: f64,
    p65: f64,
    eenp: f64,
    eenzaam18: f64,
    eenzaam65: f64,
}

fn expected(rows: &[&RawRow]) -> Expected {
    let h18 = health("2020", "18+");
    let h65 = health("2020", "65+");
    let inw = |r: &RawRow| num(r, "AANT_INW");
    let n15 = |r: &RawRow| {
        let s: f64 = ["P_15_24_JR", "P_25_44_JR", "P_45_64_JR", "P_65_EO_JR"].iter().map(|c| num(r, c).unwrap()).sum();
        Some(s / 100.0 * inw(r)?)
    };
    let n65 = |r: &RawRow| Some(num(r, "P_65_EO_JR")? / 100.0 * inw(r)?);
    let h =
        |t: &HashMap<String, RawRow>, r: &RawRow| t.get(&r["BU_CODE"]).and_then(|x| x["Eenzaam"].parse::<f64>().ok());
    Expected {
        inwoners: rows.iter().map(|r| inw(r).unwrap()).sum(),
        p65: weighted(rows, |r| num(r, "P_65_EO_JR"), inw),
        eenp: weighted(rows, |r| num(r, "P_EENP_HH"), |r| num(r, "AANTAL_HH")),
        eenzaam18: weighted(rows, |r| h(&h18, r), n15),
        eenzaam65: weighted(rows, |r| h(&h65, r), n65),
    }
}

fn check(profile: &Value, e: &Expected) {
    let v = |c: &str| row(profile, c)["waarde"].as_f64().unwrap();
    assert_eq!(v("inwoners"), e.inwoners, "counts exactly");
    for (code, want) in [
        ("aandeel_65plus", e.p65),
        ("aandeel_eenpersoonshuishoudens", e.eenp),
        ("eenzaam_18plus", e.eenzaam18),
        ("eenzaam_65plus", e.eenzaam65),
    ] {
        assert!((v(code) - want).abs() < 0.1, "{code}: {} vs {want}", v(code));
    }
}

#[test]
fn profiles_match_the_raw_files_for_a_buurt_a_selection_and_a_gemeente() {
    let kwb = raw_kwb();
    let woerden: Vec<&RawRow> = kwb.iter().filter(|r| r["GM_CODE"] == "GM0632").collect();
    let pick =
        |codes: &[&str]| -> Vec<&RawRow> { kwb.iter().filter(|r| codes.contains(&r["BU_CODE"].as_str())).collect() };
    let selection = ["BU06320101", "BU06320102", "BU06320202", "BU06320203"]; // across wijk 01 and wijk 02
    let db = wv_testkit::sqlite();
    load(&db);

    let buurt = scan_json(&db, &["--buurt", "BU06320101"]);
    let p = &buurt["gebieden"][0];
    check(p, &expected(&pick(&["BU06320101"])));
    // Compared with the gemeente by default, its percentile among Woerden's buurten.
    assert_eq!(p["referentie"], "gemeente Woerden");
    let ref65 = weighted(&woerden, |r| num(r, "P_65_EO_JR"), |r| num(r, "AANT_INW"));
    assert!((row(p, "aandeel_65plus")["referentie"].as_f64().unwrap() - ref65).abs() < 1e-9);
    let own = 17.0; // P_65_EO_JR of Binnenstad in the raw file
    assert_eq!(num(pick(&["BU06320101"])[0], "P_65_EO_JR"), Some(own));
    let known: Vec<f64> =
        woerden.iter().filter(|r| num(r, "AANT_INW").unwrap() > 0.0).map(|r| num(r, "P_65_EO_JR").unwrap()).collect();
    let below = known.iter().filter(|v| **v < own).count() as f64;
    let ties = known.iter().filter(|v| **v == own).count() as f64;
    let pct = (below + ties / 2.0) / known.len() as f64 * 100.0;
    assert!((row(p, "aandeel_65plus")["percentiel"].as_f64().unwrap() - pct).abs() < 1e-9);

    let sel = scan_json(&db, &["--buurten", &selection.join(","), "--naam", "Mijn gebied"]);
    assert_eq!(sel["gebieden"][0]["gebied"]["naam"], "Mijn gebied");
    check(&sel["gebieden"][0], &expected(&pick(&selection)));

    let gm = scan_json(&db, &["--gemeente", "GM0632"]);
    check(&gm["gebieden"][0], &expected(&woerden));
    // The trend of loneliness over the three waves: each year's own figures, weighted by the
    // inhabitants of 15 and over, as the raw health file gives them.
    let trend =
        gm["trends"][0].as_array().unwrap().iter().find(|t| t["indicator"] == "eenzaam_18plus").expect("a trend");
    let jaren = trend["jaren"].as_array().unwrap();
    assert_eq!(jaren.iter().map(|j| j["jaar"].as_i64().unwrap()).collect::<Vec<_>>(), [2012, 2016, 2020]);
    let n15 = |r: &RawRow| {
        let s: f64 = ["P_15_24_JR", "P_25_44_JR", "P_45_64_JR", "P_65_EO_JR"].iter().map(|c| num(r, c).unwrap()).sum();
        Some(s / 100.0 * num(r, "AANT_INW")?)
    };
    for j in jaren {
        let wave = health(&j["jaar"].as_i64().unwrap().to_string(), "18+");
        let want = weighted(&woerden, |r| wave.get(&r["BU_CODE"]).and_then(|x| x["Eenzaam"].parse().ok()), n15);
        assert!((j["waarde"].as_f64().unwrap() - want).abs() < 0.1, "{j}: {want}");
        assert!(j["bron"].as_str().unwrap().contains(&j["jaar"].to_string()), "{j}");
    }
    assert_eq!(
        jaren[2]["waarde"],
        row(&gm["gebieden"][0], "eenzaam_18plus")["waarde"],
        "the newest year is the profile's"
    );
    // A gemeente is compared with all imported buurten: the province.
    let all: Vec<&RawRow> = kwb.iter().collect();
    assert_eq!(gm["gebieden"][0]["referentie"], "alle ingelezen buurten");
    let prov = weighted(&all, |r| num(r, "P_65_EO_JR"), |r| num(r, "AANT_INW"));
    assert!((row(&gm["gebieden"][0], "aandeel_65plus")["referentie"].as_f64().unwrap() - prov).abs() < 1e-9);
}

#[test]
fn references_nl_and_comparable_buurten() {
    let kwb = raw_kwb();
    let db = wv_testkit::sqlite();
    load(&db);
    let nl = scan_json(&db, &["--gemeente", "GM0632", "--referentie", "nl"]);
    let p = &nl["gebieden"][0];
    assert_eq!(p["referentie"], "Nederland");
    let nl65: f64 = health("2020", "65+")["NL01"]["Eenzaam"].parse().unwrap();
    assert_eq!(row(p, "eenzaam_65plus")["referentie"].as_f64(), Some(nl65), "the published national figure");
    assert!(row(p, "aandeel_65plus")["referentie"].is_null(), "no national key figures were imported: unknown");

    // Comparable: buurten of the same urbanity class (CBS STED in the raw file).
    let cmp = scan_json(&db, &["--buurt", "BU06320101", "--referentie", "vergelijkbaar"]);
    let p = &cmp["gebieden"][0];
    assert_eq!(p["referentie"], "buurten die even stedelijk zijn (sterk stedelijk)");
    let same: f64 = kwb.iter().filter(|r| r["STED"] == "2").map(|r| num(r, "AANT_INW").unwrap()).sum();
    assert_eq!(row(p, "inwoners")["referentie"].as_f64(), Some(same));
}

#[test]
fn csv_carries_the_same_figures_as_json() {
    let db = wv_testkit::sqlite();
    load(&db);
    let json = scan_json(&db, &["--gemeente", "GM0632", "--per", "wijk"]);
    let csv = scan(&db, &["--gemeente", "GM0632", "--per", "wijk", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let mut n = 0;
    for rec in r.deserialize::<HashMap<String, String>>() {
        let rec = rec.unwrap();
        if rec["indicator"].starts_with("veerkracht") {
            continue;
        }
        let p = json["gebieden"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["gebied"]["naam"] == rec["gebied"].as_str())
            .unwrap();
        let j = row(p, &rec["indicator"]);
        let same = |a: &str, b: &Value| match b.as_f64() {
            Some(x) => (a.parse::<f64>().unwrap() - x).abs() <= 1e-12 * x.abs().max(1.0),
            None => a.is_empty(),
        };
        assert!(same(&rec["waarde"], &j["waarde"]) && same(&rec["referentiewaarde"], &j["referentie"]), "{rec:?}");
        assert!(!rec["bron"].is_empty());
        n += 1;
    }
    assert_eq!(n, 8 * json["indicatoren"].as_array().unwrap().len(), "8 wijken × every indicator");
}

#[test]
fn a_plan_csv_scans_each_wijkverband_and_bad_rows_are_located() {
    let kwb = raw_kwb();
    let db = wv_testkit::sqlite();
    load(&db);
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.csv");
    std::fs::write(&plan, "buurtcode,wijkverband\nBU06320101,Noord\nBU06320102,Noord\nBU06320202,Zuid\n").unwrap();
    let out = scan_json(&db, &["--indeling", plan.to_str().unwrap()]);
    let names: Vec<&str> =
        out["gebieden"].as_array().unwrap().iter().map(|p| p["gebied"]["naam"].as_str().unwrap()).collect();
    assert_eq!(names, ["Noord", "Zuid"]);
    let inw = |c: &str| num(kwb.iter().find(|r| r["BU_CODE"] == c).unwrap(), "AANT_INW").unwrap();
    assert_eq!(row(&out["gebieden"][0], "inwoners")["waarde"].as_f64(), Some(inw("BU06320101") + inw("BU06320102")));

    std::fs::write(&plan, "buurtcode,wijkverband\nBU06320101,Noord\nBU06329999,Zuid\n").unwrap();
    let err = Command::cargo_bin("wijkverband")
        .unwrap()
        .args(["--db", &db.url, "scan", "--indeling", plan.to_str().unwrap()])
        .output()
        .unwrap();
    let msg = String::from_utf8_lossy(&err.stderr);
    assert!(!err.status.success());
    assert!(msg.contains("plan.csv, regel 3, veld 'buurtcode'") && msg.contains("BU06329999"), "{msg}");
}

#[test]
fn the_html_report_is_self_contained_and_traceable() {
    let kwb = raw_kwb();
    let db = wv_testkit::sqlite();
    load(&db);
    let html = scan(&db, &["--gemeente", "GM0632", "--per", "wijk", "--format", "html"]);
    // One map path per buurt of Woerden, each named; the map also as a table.
    let woerden = kwb.iter().filter(|r| r["GM_CODE"] == "GM0632").count();
    assert_eq!(html.matches("<path d=").count(), woerden);
    for r in kwb.iter().filter(|r| r["GM_CODE"] == "GM0632") {
        assert!(html.contains(&format!("({})</title>", r["BU_CODE"])), "map names {}", r["BU_CODE"]);
    }
    assert_eq!(html.matches("class=\"page gebied\"").count(), 8, "one page per wijk");
    assert!(html.contains("Opgaven: waar wijkt het gebied het meest ongunstig af?"));
    assert!(html.contains("Bron: CBS Kerncijfers wijken en buurten 2015"));
    assert!(html.contains("Gezondheidsmonitor Volwassenen en Ouderen 2020"));
    // Every chart and block names its sources with their years, from the catalogue.
    assert!(html.contains(
        "Leeftijdsopbouw, gebied tegen gemeente Woerden (CBS Kerncijfers wijken en buurten 2015)</figcaption>"
    ));
    assert!(
        html.contains(
            "plus is meer veerkracht. Bron: Gezondheidsmonitor Volwassenen en Ouderen 2020, 18 jaar en ouder;"
        )
    );
    assert!(html.contains("@page { size: A4"));
    // No external requests: nothing is loaded from elsewhere.
    for needle in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(needle), "external reference {needle}");
    }
}

#[test]
fn the_scan_runs_on_postgresql_too() {
    let db = tokio::runtime::Runtime::new().unwrap().block_on(wv_testkit::postgres());
    let sqlite = wv_testkit::sqlite();
    load(&db);
    load(&sqlite);
    let a = scan(&db, &["--gemeente", "GM0632", "--per", "wijk", "--format", "csv"]);
    let b = scan(&sqlite, &["--gemeente", "GM0632", "--per", "wijk", "--format", "csv"]);
    assert_eq!(a, b, "the same figures from both stores");
}

/// Output piped into a reader that stops early (`| head`) ends the program quietly, as Unix
/// tools do: no panic, no backtrace (it used to panic with "Broken pipe").
#[cfg(unix)]
#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::ExitStatusExt;
    let db = wv_testkit::sqlite();
    load(&db);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wijkverband"))
        .args(["--db", &db.url, "scan", "--regio", "Utrecht Noord-West", "--per", "buurt", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert_eq!(first.trim(), "{");
    // The reader is gone; the scan's megabytes still to come meet a closed pipe.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{stderr}");
    assert_eq!(out.status.signal(), Some(libc::SIGPIPE), "ended by the closed pipe: {:?}", out.status);
}
