//! `wijkverband indeling` as an advisor uses it, on the demo region's real buurten.

use std::collections::{HashMap, HashSet};

use assert_cmd::Command;
use serde_json::Value;
use wv_testkit::{TestDb, data, num, raw_kwb};

const REGIO: &str = "Utrecht Noord-West";

fn load(db: &TestDb) {
    let d = data("").display().to_string();
    let out =
        Command::cargo_bin("wijkverband").unwrap().args(["--db", &db.url, "demo", "--data", &d]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn wv(db: &TestDb, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("wijkverband").unwrap().args(["--db", &db.url, "indeling"]).args(args).output().unwrap()
}

fn ok(db: &TestDb, args: &[&str]) -> String {
    let out = wv(db, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The demo region's buurten and inhabitants, from the raw file.
fn region_raw() -> Vec<(String, f64)> {
    let gms = ["GM0632", "GM0589", "GM0335", "GM0736", "GM1904"];
    raw_kwb()
        .into_iter()
        .filter(|r| gms.contains(&r["GM_CODE"].as_str()))
        .map(|r| (r["BU_CODE"].clone(), num(&r, "AANT_INW").unwrap()))
        .collect()
}

#[test]
fn a_proposal_covers_the_region_and_keeps_its_rules_on_both_stores() {
    let raw = region_raw();
    let pop: HashMap<&str, f64> = raw.iter().map(|(c, p)| (c.as_str(), *p)).collect();
    let dbs = tokio::runtime::Runtime::new().unwrap().block_on(wv_testkit::backends());
    let mut plans = Vec::new();
    for db in &dbs {
        load(db);
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("plan.csv");
        let json = ok(
            db,
            &[
                "voorstel",
                "--regio",
                REGIO,
                "--min",
                "10000",
                "--max",
                "30000",
                "--variabelen",
                "P_65_EO_JR,P_EENP_HH",
                "--seed",
                "7",
                "--naam",
                "Voorstel A",
                "--out",
                csv.to_str().unwrap(),
                "--format",
                "json",
            ],
        );
        let doc: Value = serde_json::from_str(&json).unwrap();
        let metrics = &doc["metrieken"]["wijkverbanden"];
        // Every buurt exactly once; totals per wijkverband from the raw file.
        let rows: Vec<(String, String)> =
            csv::Reader::from_path(&csv).unwrap().deserialize().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), raw.len(), "{}", db.kind);
        assert_eq!(rows.iter().map(|r| &r.0).collect::<HashSet<_>>().len(), raw.len());
        let mut totals: HashMap<&str, f64> = HashMap::new();
        for (b, w) in &rows {
            *totals.entry(w.as_str()).or_default() += pop[b.as_str()];
        }
        for m in metrics.as_array().unwrap() {
            let t = totals[m["naam"].as_str().unwrap()];
            assert_eq!(m["inwoners"].as_f64(), Some(t));
            assert!((10_000.0..=30_000.0).contains(&t), "{} has {t}", m["naam"]);
            assert_eq!(m["aaneengesloten"], true);
        }
        plans.push(std::fs::read_to_string(&csv).unwrap());
        // Stored, listed, checked and exported again to the same plan.
        assert!(ok(db, &["lijst"]).contains("Voorstel A"));
        let again = dir.path().join("again.csv");
        ok(db, &["export", "Voorstel A", "--out", again.to_str().unwrap()]);
        assert_eq!(std::fs::read_to_string(&again).unwrap(), plans.last().unwrap().clone());
        let checked =
            ok(db, &["controleer", csv.to_str().unwrap(), "--regio", REGIO, "--min", "10000", "--max", "30000"]);
        assert!(checked.contains("✓ binnen de grenzen") && !checked.contains("Let op: Wijkverband"), "{checked}");
    }
    assert_eq!(plans[0], plans[1], "the same seed gives the same plan on SQLite and PostgreSQL");
}

#[test]
fn gemeente_borders_and_infeasible_floors() {
    let db = wv_testkit::sqlite();
    load(&db);
    // Oudewater (GM0589) alone has fewer than 10,000 inhabitants: with gemeente borders kept, no plan.
    let oudewater: f64 = region_raw().iter().filter(|(c, _)| c.starts_with("BU0589")).map(|(_, p)| p).sum();
    assert!(oudewater < 10_000.0);
    let out = wv(&db, &["voorstel", "--regio", REGIO, "--min", "10000", "--gemeentegrenzen"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains(&format!("los deel met {oudewater} inwoners")) && err.contains("BU05890101"), "{err}");
    let json: Value = serde_json::from_str(&ok(
        &db,
        &["voorstel", "--regio", REGIO, "--min", "9000", "--gemeentegrenzen", "--format", "json"],
    ))
    .unwrap();
    for m in json["metrieken"]["wijkverbanden"].as_array().unwrap() {
        assert_eq!(m["gemeenten"].as_array().unwrap().len(), 1, "{m}");
    }
}

#[test]
fn controleer_rejects_bad_plans_with_a_location() {
    let db = wv_testkit::sqlite();
    load(&db);
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("goed.csv");
    ok(&db, &["voorstel", "--regio", REGIO, "--min", "10000", "--naam", "basis", "--out", good.to_str().unwrap()]);
    let text = std::fs::read_to_string(&good).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let write = |name: &str, lines: &[String]| {
        let p = dir.path().join(name);
        std::fs::write(&p, lines.join("\n")).unwrap();
        p.display().to_string()
    };
    let owned: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    // The export names each buurt, its gemeente and inhabitants beside the two columns read back.
    assert_eq!(lines[0], "buurtcode,wijkverband,buurtnaam,gemeente,inwoners");
    // A row with another buurt code or wijkverband, the other columns as they were.
    let with = |line: &str, code: &str, wijkverband: &str| {
        format!("{code},{wijkverband},{}", line.splitn(3, ',').nth(2).unwrap())
    };
    let mut unknown = owned.clone();
    unknown[3] = with(&owned[3], "BU06329999", "Wijkverband 1");
    let mut duplicate = owned.clone();
    duplicate.push(owned[2].clone());
    let missing: Vec<String> = owned.iter().filter(|l| !l.starts_with("BU19041215")).cloned().collect();
    // Move one buurt far away from its wijkverband: a Stichtse Vecht buurt into the first (Montfoort) one.
    let mut split = owned.clone();
    let k = split.iter().position(|l| l.starts_with("BU19041215")).unwrap();
    let first = owned[1].split(',').nth(1).unwrap().to_string();
    split[k] = with(&owned[k], "BU19041215", &first);
    for (file, expect) in [
        (write("onbekend.csv", &unknown), vec!["onbekend.csv, regel 4, veld 'buurtcode'", "BU06329999"]),
        (write("dubbel.csv", &duplicate), vec!["dubbel.csv", "staat er twee keer in"]),
        (write("ontbreekt.csv", &missing), vec!["ontbreekt.csv", "ontbreken: BU19041215"]),
        (write("los.csv", &split), vec!["los.csv", &format!("regel {}", k + 1), "niet aaneengesloten", "BU19041215"]),
    ] {
        let out = wv(&db, &["controleer", &file, "--regio", REGIO]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{file} should be rejected");
        for e in expect {
            assert!(err.contains(e), "'{e}' not in {err}");
        }
    }
}

#[test]
fn vergelijk_and_geojson_export() {
    let db = wv_testkit::sqlite();
    load(&db);
    ok(&db, &["voorstel", "--regio", REGIO, "--min", "10000", "--seed", "1", "--naam", "een"]);
    ok(&db, &["voorstel", "--regio", REGIO, "--min", "15000", "--seed", "2", "--naam", "twee"]);
    let cmp: Value =
        serde_json::from_str(&ok(&db, &["vergelijk", "een", "twee", "--regio", REGIO, "--format", "json"])).unwrap();
    let moved = cmp["verplaatst"].as_array().unwrap();
    assert_eq!(cmp["b"]["metrieken"]["verplaatst"].as_u64(), Some(moved.len() as u64));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("een.geojson");
    ok(&db, &["export", "een", "--out", path.to_str().unwrap()]);
    let fc: geojson::FeatureCollection = std::fs::read_to_string(&path).unwrap().parse().unwrap();
    let metrics = &cmp["a"]["metrieken"]["wijkverbanden"];
    assert_eq!(fc.features.len(), metrics.as_array().unwrap().len());
    for f in &fc.features {
        assert!(matches!(f.geometry.as_ref().unwrap().value, geojson::Value::MultiPolygon(_)));
        assert!(f.property("inwoners").unwrap().as_f64().unwrap() >= 10_000.0);
    }
}

#[test]
fn fixed_number_and_rebalance() {
    let db = wv_testkit::sqlite();
    load(&db);
    let json: Value = serde_json::from_str(&ok(
        &db,
        &["voorstel", "--regio", REGIO, "--aantal", "8", "--min", "0", "--naam", "acht", "--format", "json"],
    ))
    .unwrap();
    let ws = json["metrieken"]["wijkverbanden"].as_array().unwrap();
    assert_eq!(ws.len(), 8);
    let total: f64 = region_raw().iter().map(|(_, p)| p).sum();
    for w in ws {
        assert_eq!(w["aaneengesloten"], true);
        let p = w["inwoners"].as_f64().unwrap();
        assert!((p - total / 8.0).abs() / (total / 8.0) < 0.25, "{p} against a mean of {}", total / 8.0);
    }
    // Repair the balanced plan to a floor above its smallest wijkverband: few moves, then valid.
    let smallest = ws.iter().map(|w| w["inwoners"].as_f64().unwrap()).fold(f64::MAX, f64::min);
    let floor = (smallest + 500.0).round().to_string();
    let out = ok(&db, &["herbalanceer", "acht", "--regio", REGIO, "--min", &floor, "--naam", "acht hersteld"]);
    assert!(out.contains("buurten verplaatst") && !out.contains("Let op: Wijkverband"), "{out}");
    let checked = ok(&db, &["controleer", "acht hersteld", "--regio", REGIO, "--min", &floor]);
    assert!(!checked.contains("▼"), "{checked}");
}

#[test]
fn structures_are_reported_and_can_be_kept_whole() {
    let db = wv_testkit::sqlite();
    load(&db);
    // The CBS wijken as an existing structure (say, sociale wijkteams).
    let gms = ["GM0632", "GM0589", "GM0335", "GM0736", "GM1904"];
    let mut csv = String::from("buurtcode,structuur,gebied\n");
    for r in raw_kwb().iter().filter(|r| gms.contains(&r["GM_CODE"].as_str())) {
        csv.push_str(&format!("{},wijkteams,{}\n", r["BU_CODE"], r["WK_CODE"]));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("teams.csv");
    std::fs::write(&path, csv).unwrap();
    let p = path.to_str().unwrap();
    let splits = |extra: &[&str]| -> usize {
        let args =
            [&["voorstel", "--regio", REGIO, "--min", "10000", "--structuren", p, "--format", "json"][..], extra]
                .concat();
        let json: Value = serde_json::from_str(&ok(&db, &args)).unwrap();
        json["metrieken"]["structuur_splitsingen"].as_array().unwrap().len()
    };
    let plain = splits(&[]);
    let whole = splits(&["--heel", "wijkteams"]);
    assert!(plain > 0, "a proposal that ignores the teams splits some");
    assert!(whole < plain, "kept whole: {whole} split teams against {plain}");
    let err = wv(&db, &["voorstel", "--regio", REGIO, "--structuren", p, "--heel", "huisartsen"]);
    assert!(String::from_utf8_lossy(&err.stderr).contains("geen structuur 'huisartsen'"));
}

#[test]
fn gp_practices_count_in_the_wijkverband_that_holds_them() {
    let db = wv_testkit::sqlite();
    load(&db);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("praktijken.csv");
    // A point inside Binnenstad (Woerden) and one far outside the region.
    std::fs::write(&path, "naam,lon,lat,capaciteit\nPraktijk Binnenstad,4.8845,52.0857,3.5\nElders,6.5,53.2,2\n")
        .unwrap();
    let json: Value = serde_json::from_str(&ok(
        &db,
        &["voorstel", "--regio", REGIO, "--min", "10000", "--praktijken", path.to_str().unwrap(), "--format", "json"],
    ))
    .unwrap();
    let toewijzing = json["toewijzing"].as_array().unwrap();
    let home = toewijzing.iter().find(|t| t[0] == "BU06320101").unwrap()[1].as_str().unwrap().to_string();
    for w in json["metrieken"]["wijkverbanden"].as_array().unwrap() {
        let cap = w["capaciteit"].as_f64().unwrap();
        if w["naam"] == home.as_str() {
            assert_eq!(cap, 3.5);
            assert_eq!(w["inwoners_per_capaciteit"].as_f64(), Some(w["inwoners"].as_f64().unwrap() / 3.5));
        } else {
            assert_eq!(cap, 0.0);
        }
    }
    assert!(json["opmerkingen"].as_array().unwrap().iter().any(|n| n.as_str().unwrap().contains("Elders")));
    std::fs::write(&path, "naam,lon,lat,capaciteit\nFout,4.88,52.08,veel\n").unwrap();
    let err = wv(&db, &["controleer", "x.csv", "--regio", REGIO, "--praktijken", path.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&err.stderr).contains("praktijken.csv, regel 2, veld 'capaciteit'"));
}

#[test]
fn an_adopted_indeling_is_the_regions_with_its_history() {
    let db = wv_testkit::sqlite();
    load(&db);
    ok(&db, &["voorstel", "--regio", REGIO, "--min", "10000", "--seed", "1", "--naam", "een"]);
    let history = |db: &TestDb| -> Vec<Value> {
        serde_json::from_str(&ok(db, &["vaststellingen", "--regio", REGIO, "--format", "json"])).unwrap()
    };
    let before = history(&db);
    let said = ok(&db, &["vaststellen", "een", "--regio", REGIO, "--datum", "2026-12-01"]);
    assert!(said.contains("'een' is op 2026-12-01 vastgesteld"), "{said}");
    let after = history(&db);
    assert_eq!(after.len(), before.len() + 1, "the earlier adoptions stay");
    let last = after.last().unwrap();
    assert_eq!((last["indeling"].as_str(), last["datum"].as_str()), (Some("een"), Some("2026-12-01")));
    // A bad date or an unknown plan is refused with the reason and changes nothing.
    for (args, reason) in [
        (vec!["vaststellen", "een", "--regio", REGIO, "--datum", "1-12-2026"], "JJJJ-MM-DD"),
        (vec!["vaststellen", "geen", "--regio", REGIO], "geen"),
    ] {
        let out = wv(&db, &args);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains(reason), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(history(&db), after);
}
