//! `wijkverband wijkfoto`: the sociale kaart template and its check, and the
//! synthetic demo with its analysis, on the demo region.

use assert_cmd::Command;
use serde_json::Value;
use wv_testkit::{TestDb, data};

fn wv(db: &TestDb, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("wijkverband").unwrap().args(["--db", &db.url]).args(args).output().unwrap()
}

#[test]
fn template_check_and_located_errors() {
    let db = wv_testkit::sqlite();
    let template = wv(&db, &["wijkfoto", "sjabloon"]);
    assert!(template.status.success());
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("kaart.csv");
    let mut filled = String::from_utf8(template.stdout.clone()).unwrap();
    filled.push_str("ha-1,Dokter,huisarts,,,,,,,\nap-1,Apotheek,apotheek,,,,,,organisatie,\n");
    std::fs::write(&good, &filled).unwrap();
    let out = wv(&db, &["wijkfoto", "controleer", good.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("2 actoren, in orde; 2 voorbeeldrijen van het sjabloon overgeslagen"), "{text}");
    let bad = dir.path().join("fout.csv");
    let mut text = String::from_utf8(template.stdout).unwrap();
    text.push_str("x,Iemand,astronaut,,,,,,,\n");
    std::fs::write(&bad, text).unwrap();
    let out = wv(&db, &["wijkfoto", "controleer", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("regel 4") && err.contains("'discipline'") && err.contains("kies uit"), "{err}");
}

#[test]
fn the_synthetic_demo_is_labelled_seeded_and_analysed() {
    let db = wv_testkit::sqlite();
    let d = data("").display().to_string();
    assert!(wv(&db, &["demo", "--data", &d]).status.success());
    let run = || {
        let out = wv(&db, &["wijkfoto", "demo", "--regio", "Utrecht Noord-West", "--format", "json"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let text = run();
    assert_eq!(text, run(), "the same seed, the same demo");
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["synthetisch"], true);
    let wvs = doc["wijkverbanden"].as_array().unwrap();
    assert_eq!(wvs.len(), 5, "one per gemeente without a plan");
    for w in wvs {
        let a = &w["ronde_1"];
        assert_eq!(a["vierkant"].as_array().unwrap().len(), 6);
        assert!(a["verbindingen"].as_array().unwrap().len() > 10);
        // Aggregates show only over enough respondents; counts are always there.
        for c in a["condities"].as_array().unwrap() {
            assert!(c["respondenten"].as_u64().is_some_and(|n| n >= 3) || c["gemiddelde"].is_null());
        }
    }
    let table = wv(&db, &["wijkfoto", "demo", "--regio", "Utrecht Noord-West"]);
    assert!(String::from_utf8_lossy(&table.stdout).starts_with("SYNTHETISCHE DEMODATA"));
}

#[test]
fn import_the_sociale_kaart_all_or_nothing_and_search_it() {
    let db = wv_testkit::sqlite();
    let d = data("").display().to_string();
    assert!(wv(&db, &["demo", "--data", &d]).status.success());
    let dir = tempfile::tempdir().unwrap();
    let template = String::from_utf8(wv(&db, &["wijkfoto", "sjabloon"]).stdout).unwrap();
    // A bad row (a buurt outside the region) refuses the whole file.
    let bad = dir.path().join("fout.csv");
    std::fs::write(&bad, format!("{template}ha-x,Iemand,huisarts,,BU03440101,,,,,\n")).unwrap();
    let out = wv(&db, &["wijkfoto", "import", bad.to_str().unwrap(), "--regio", "Utrecht Noord-West"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("regel 4") && err.contains("BU03440101 is geen buurt van regio"), "{err}");
    let listed = wv(&db, &["wijkfoto", "kaart", "--regio", "Utrecht Noord-West", "--format", "json"]);
    let none: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(none.as_array().unwrap().len(), 0, "nothing imported");
    // The template as it is adds nothing: its examples are examples.
    let good = dir.path().join("kaart.csv");
    std::fs::write(&good, &template).unwrap();
    let out = wv(&db, &["wijkfoto", "import", good.to_str().unwrap(), "--regio", "Utrecht Noord-West"]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("alleen de 2 voorbeeldrijen"));
    // Filled in (two real rows under the examples), it goes in; search finds the apotheker in Kamerik.
    let rows = "hp-kamerik-1,J. de Vries,huisarts,Huisartsenpraktijk Kamerik,BU06320701,Woerden Noord,MDO ouderen Kamerik,praktijk@example.org,persoon,praktijkhouder\n\
                apo-kamerik,Apotheek Kamerik,apotheek,Apotheek Kamerik,BU06320701,Woerden Noord,,,organisatie,\n";
    std::fs::write(&good, format!("{template}{rows}")).unwrap();
    let out = wv(&db, &["wijkfoto", "import", good.to_str().unwrap(), "--regio", "Utrecht Noord-West"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2 actoren toegevoegd, 0 vervangen; 2 voorbeeldrijen van het sjabloon overgeslagen"),
        "{text}"
    );
    let found = wv(
        &db,
        &["wijkfoto", "kaart", "--regio", "Utrecht Noord-West", "--zoek", "apotheker kamerik", "--format", "json"],
    );
    let found: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["naam"], "Apotheek Kamerik");
    assert_eq!(found[0]["buurt"], "Kamerik (dorp)");
    let again = wv(&db, &["wijkfoto", "import", good.to_str().unwrap(), "--regio", "Utrecht Noord-West"]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 actoren toegevoegd, 2 vervangen"));

    // A round for the template's wijkverband: a personal link per actor, then response, analysis, closing.
    let r = ["--regio", "Utrecht Noord-West"];
    let out =
        wv(&db, &[&["wijkfoto", "ronde", "--wijkverband", "Woerden Noord", "--datum", "2026-11-23"][..], &r].concat());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Ronde 1 voor Woerden Noord geopend met 2 respondenten"), "{text}");
    assert_eq!(text.matches("/enquete/").count(), 2);
    let rondes = wv(&db, &[&["wijkfoto", "rondes", "--format", "json"][..], &r].concat());
    let rondes: serde_json::Value = serde_json::from_slice(&rondes.stdout).unwrap();
    assert_eq!((rondes[0]["gevraagd"].as_f64(), rondes[0]["ingediend"].as_f64()), (Some(2.0), Some(0.0)));
    assert_eq!(rondes[0]["status"], "open");
    // A reminder lists who has not submitted, with their link; the minimum cannot go below 3.
    let reminder = wv(&db, &["wijkfoto", "herinner", "1"]);
    assert_eq!(String::from_utf8_lossy(&reminder.stdout).matches("/enquete/").count(), 2);
    assert!(String::from_utf8_lossy(&reminder.stdout).contains("praktijk@example.org"));
    let low = wv(&db, &["wijkfoto", "analyse", "1", "--minimum", "2"]);
    assert!(String::from_utf8_lossy(&low.stderr).contains("lager dan het minimum van deze ronde (3)"));
    let analysis = wv(&db, &["wijkfoto", "analyse", "1", "--format", "json"]);
    let analysis: serde_json::Value = serde_json::from_slice(&analysis.stdout).unwrap();
    assert_eq!(analysis["actoren"], 2);
    assert_eq!(analysis["respons"], 0.0);
    assert!(wv(&db, &["wijkfoto", "sluit", "1"]).status.success());
    let rondes = wv(&db, &[&["wijkfoto", "rondes", "--format", "json"][..], &r].concat());
    assert!(String::from_utf8_lossy(&rondes.stdout).contains("gesloten"));
    let none = wv(&db, &[&["wijkfoto", "ronde", "--wijkverband", "Nergens", "--datum", "2026-11-23"][..], &r].concat());
    assert!(String::from_utf8_lossy(&none.stderr).contains("heeft geen actoren op de sociale kaart"));
    // The network goes out for Gephi: both actors as nodes.
    let graphml = wv(&db, &["wijkfoto", "export", "1", "--format", "graphml"]);
    assert_eq!(String::from_utf8_lossy(&graphml.stdout).matches("<node ").count(), 2);
    let nodes = wv(&db, &["wijkfoto", "export", "1", "--format", "knopen"]);
    assert!(String::from_utf8_lossy(&nodes.stdout).starts_with("id,label,soort,rol,discipline"));
}
