//! `wijkverband cyclus overzicht` on the demo region's real buurten: the phase of each
//! wijkverband of the adopted indeling and the coverage, against the raw Kerncijfers file.

use std::collections::HashMap;

use assert_cmd::Command;
use serde_json::Value;
use wv_core::cyclus::{Fase, OpgaveSoort, OpgaveStatus};
use wv_core::netwerk::{Actor, Discipline};
use wv_testkit::{data, num, raw_kwb};

const REGIO: &str = "Utrecht Noord-West";

fn wv(db: &wv_testkit::TestDb, args: &[&str]) -> String {
    let out = Command::cargo_bin("wijkverband").unwrap().args(["--db", &db.url]).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_overview_shows_each_phase_and_the_coverage_is_the_sum_over_the_raw_files_buurten() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let db = wv_testkit::sqlite();
    wv(&db, &["demo", "--data", &data("").display().to_string()]);
    wv(&db, &["indeling", "voorstel", "--regio", REGIO, "--min", "10000", "--seed", "1", "--naam", "een"]);
    let overzicht = || -> Value {
        serde_json::from_str(&wv(&db, &["cyclus", "overzicht", "--regio", REGIO, "--format", "json"])).unwrap()
    };
    assert!(overzicht()["wijkverbanden"].as_array().unwrap().is_empty(), "no adopted indeling, no wijkverbanden");
    wv(&db, &["indeling", "vaststellen", "een", "--regio", REGIO]);
    // The raw file's inhabitants per buurt of the region.
    let gms = ["GM0632", "GM0589", "GM0335", "GM0736", "GM1904"];
    let raw: HashMap<String, f64> = raw_kwb()
        .into_iter()
        .filter(|r| gms.contains(&r["GM_CODE"].as_str()))
        .map(|r| (r["BU_CODE"].clone(), num(&r, "AANT_INW").unwrap()))
        .collect();
    // One wijkverband gets a kernteam and a wijkplan (a goal); another only a kernteam.
    let (gedekt, half) = rt.block_on(async {
        let store = wv_store::Store::open(&db.url).await.unwrap();
        let plan = store.plan(Some(REGIO), "een").await.unwrap();
        let namen = plan.staat.names();
        let buurt_van = |w: &str| plan.staat.toewijzing.iter().find(|(_, x)| x == w).unwrap().0.clone();
        let mut actors = Vec::new();
        for (i, w) in namen.iter().take(2).enumerate() {
            actors.push((
                Actor { buurt: Some(buurt_van(w)), ..Actor::new(format!("ha{i}"), "Huisarts", Discipline::Huisarts) },
                None,
            ));
        }
        store.save_actors(REGIO, &actors).await.unwrap();
        for (i, w) in namen.iter().take(2).enumerate() {
            let c = store.begin_cyclus(REGIO, "een", w, "2026-01-05", None, false).await.unwrap();
            store.set_kernteam(c.id, &[format!("ha{i}")], None).await.unwrap();
            if i == 0 {
                let o = wv_store::NieuweOpgave {
                    sleutel: None,
                    soort: OpgaveSoort::Inhoudelijk,
                    titel: "Eenzaamheid",
                    bewijs: "",
                    bron: "hand",
                };
                let id = store.save_opgave(c.id, &o, OpgaveStatus::Aanvaard, None).await.unwrap();
                let nieuw = wv_store::NieuweRonde {
                    regio: REGIO,
                    wijkverband: w,
                    datum: "2026-01-10",
                    synthetisch: false,
                    minimum: 3,
                    bewaren_tot: None,
                };
                store.create_ronde(&nieuw, &[]).await.unwrap();
                store.volgende_fase(c.id, Fase::Wijkfoto, None).await.unwrap();
                store.volgende_fase(c.id, Fase::Wijkopgave, None).await.unwrap();
                store
                    .add_doel(c.id, "Minder eenzaamheid", &[5], &[id], &wv_store::Meting::default(), None)
                    .await
                    .unwrap();
            }
        }
        let leden = |w: &str| -> Vec<String> {
            plan.staat.toewijzing.iter().filter(|(_, x)| x == w).map(|(b, _)| b.clone()).collect()
        };
        (leden(&namen[0]), namen[1].clone())
    });
    let o = overzicht();
    let expected: f64 = gedekt.iter().map(|b| raw[b]).sum();
    let d = &o["dekking"];
    assert_eq!(d["inwoners"].as_f64(), Some(expected), "only the wijkverband with a kernteam and a wijkplan counts");
    assert_eq!(d["regio_inwoners"].as_f64(), Some(raw.values().sum::<f64>()));
    assert_eq!(d["buurten"].as_u64(), Some(gedekt.len() as u64));
    let rows = o["wijkverbanden"].as_array().unwrap();
    let fase = |naam: &str| rows.iter().find(|w| w["naam"] == naam).unwrap()["fase"].as_str().unwrap().to_string();
    assert_eq!(rows.iter().filter(|w| w["fase"] == "wijkplan").count(), 1);
    assert_eq!(fase(&half), "wijkfoto");
    for w in rows {
        assert!(
            ["wijkfoto", "wijkopgave", "wijkplan", "wijkuitvoering", "wijkevaluatie"]
                .contains(&w["fase"].as_str().unwrap())
        );
        assert!(w["inwoners"].as_f64().unwrap() > 0.0);
    }
    let sum: f64 = rows.iter().map(|w| w["inwoners"].as_f64().unwrap()).sum();
    assert_eq!(sum, raw.values().sum::<f64>(), "the wijkverbanden hold every inhabitant once");
}
