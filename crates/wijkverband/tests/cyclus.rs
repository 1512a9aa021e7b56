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

/// The web app on `db` with a bewerker of the region signed in: a GET as them.
struct Web {
    app: axum::Router,
    cookie: String,
}

impl Web {
    async fn new(db: &wv_testkit::TestDb) -> Web {
        use axum::body::Body;
        use axum::http::{Request, header};
        use tower::ServiceExt;
        let store = wv_store::Store::open(&db.url).await.unwrap();
        store.create_gebruiker("b@test.nl", "B", &wv_web::hash_password("geheim-b"), false).await.unwrap();
        store.set_rol("b@test.nl", REGIO, wv_store::Rol::Bewerker).await.unwrap();
        let app =
            wv_web::router(wv_web::AppState::new(store, std::sync::Arc::new(wv_core::indicator::Catalogue::builtin())));
        let res = app.clone().oneshot(Request::get("/inloggen").body(Body::empty()).unwrap()).await.unwrap();
        let inlog = res.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();
        let csrf = inlog.split_once('=').unwrap().1.to_string();
        let req = Request::post("/inloggen")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &inlog)
            .body(Body::from(format!("email=b%40test.nl&wachtwoord=geheim-b&csrf={csrf}")))
            .unwrap();
        let res = app.clone().oneshot(req).await.unwrap();
        let cookie = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string())
            .find(|c| c.starts_with("wv_sessie="))
            .expect("signed in");
        Web { app, cookie }
    }

    async fn get(&self, path: &str) -> String {
        use axum::body::{Body, to_bytes};
        use axum::http::{Request, StatusCode, header};
        use tower::ServiceExt;
        let req = Request::get(path).header(header::COOKIE, &self.cookie).body(Body::empty()).unwrap();
        let res = self.app.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        String::from_utf8(to_bytes(res.into_body(), 1 << 26).await.unwrap().to_vec()).unwrap()
    }
}

#[test]
fn the_proposed_opgaven_are_the_scans_opgaven_and_the_latest_rounds_findings() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let db = wv_testkit::sqlite();
    let dir = tempfile::tempdir().unwrap();
    wv(&db, &["demo", "--data", &data("").display().to_string()]);
    wv(&db, &["indeling", "voorstel", "--regio", REGIO, "--min", "10000", "--seed", "1", "--naam", "een"]);
    wv(&db, &["indeling", "vaststellen", "een", "--regio", REGIO]);
    // A synthetic sociale kaart and two rounds (a year apart) for three wijkverbanden.
    let namen = rt.block_on(async {
        let store = wv_store::Store::open(&db.url).await.unwrap();
        let plan = store.plan(Some(REGIO), "een").await.unwrap();
        let namen: Vec<String> = plan.staat.names().into_iter().take(3).collect();
        let wvs: Vec<wv_core::netwerk::demo::DemoWijkverband> = namen
            .iter()
            .map(|n| wv_core::netwerk::demo::DemoWijkverband {
                naam: n,
                buurten: plan
                    .staat
                    .toewijzing
                    .iter()
                    .filter(|(_, w)| w == n)
                    .map(|(b, _)| (b.as_str(), b.as_str(), 2000.0))
                    .collect(),
            })
            .collect();
        let actors = wv_core::netwerk::demo::sociale_kaart(&wvs, 7);
        store.save_actors(REGIO, &actors.iter().map(|a| (a.clone(), None)).collect::<Vec<_>>()).await.unwrap();
        for n in &namen {
            for (r, datum) in [(1, "2025-11-03"), (2, "2026-11-02")] {
                let w = wv_core::netwerk::demo::ronde(&actors, n, r, 7);
                let tokens: Vec<(String, String)> =
                    w.actors.iter().map(|a| (a.id.clone(), wv_web::new_token())).collect();
                let nieuw = wv_store::NieuweRonde {
                    regio: REGIO,
                    wijkverband: n,
                    datum,
                    synthetisch: true,
                    minimum: 3,
                    bewaren_tot: None,
                };
                store.create_ronde(&nieuw, &tokens).await.unwrap();
                for &i in &w.geantwoord {
                    store
                        .save_antwoorden(&tokens[i].1, &wv_store::AntwoordRij::van(&w, i), true)
                        .await
                        .unwrap()
                        .unwrap();
                }
            }
        }
        namen
    });
    let plan = dir.path().join("een.csv");
    wv(&db, &["indeling", "export", "een", "--regio", REGIO, "--out", &plan.display().to_string()]);
    // Independently: the CLI's scan of every wijkverband against the region, and its analysis
    // of each wijkverband's latest round.
    let scan: Value = serde_json::from_str(&wv(
        &db,
        &[
            "scan",
            "--regio",
            REGIO,
            "--indeling",
            &plan.display().to_string(),
            "--referentie",
            "regio",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    let rondes: Value =
        serde_json::from_str(&wv(&db, &["wijkfoto", "rondes", "--regio", REGIO, "--format", "json"])).unwrap();
    let web = rt.block_on(Web::new(&db));
    let profielen = scan["gebieden"].as_array().expect("profiles");
    let mut getoetst = 0;
    for p in profielen.iter().filter(|p| namen.iter().any(|n| p["gebied"]["naam"] == n.as_str())) {
        let naam = p["gebied"]["naam"].as_str().unwrap();
        let mut verwacht: Vec<String> = p["opgaven"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                o["tekst"]
                    .as_str()
                    .unwrap()
                    .split_once(": ")
                    .map_or_else(|| o["tekst"].as_str().unwrap(), |(t, _)| t)
                    .to_string()
            })
            .collect();
        let laatste = rondes
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["wijkverband"] == naam)
            .max_by_key(|r| (r["datum"].as_str().unwrap().to_string(), r["ronde"].as_f64().unwrap() as i64));
        if let Some(r) = laatste {
            let a: Value = serde_json::from_str(&wv(
                &db,
                &["wijkfoto", "analyse", &(r["ronde"].as_f64().unwrap() as i64).to_string(), "--format", "json"],
            ))
            .unwrap();
            verwacht.extend(
                a["opgaven"].as_array().unwrap().iter().map(|o| o.as_str().unwrap().trim_end_matches('.').to_string()),
            );
        }
        let page = rt.block_on(web.get(&format!("/regio/Utrecht%20Noord-West/cyclus/{}", naam.replace(' ', "%20"))));
        let doc = scraper::Html::parse_document(&page);
        let th = scraper::Selector::parse("#kandidaten tbody th").unwrap();
        let getoond: Vec<String> = doc.select(&th).map(|e| e.text().collect::<String>().trim().to_string()).collect();
        assert_eq!(getoond, verwacht, "{naam}");
        getoetst += usize::from(laatste.is_some() && !verwacht.is_empty());
    }
    assert_eq!(getoetst, 3, "three wijkverbanden with a round and opgaven to propose");

    // The evaluation: an indicator's baseline of an older year against the newest, and a
    // wijkfoto measure as the round before the cycle began against the latest.
    let naam = &namen[0];
    rt.block_on(async {
        let store = wv_store::Store::open(&db.url).await.unwrap();
        let c = store.begin_cyclus(REGIO, "een", naam, "2026-01-05", None, false).await.unwrap();
        let basis = wv_store::Meting {
            indicator: Some("eenzaam_65plus".into()),
            basis: Some(40.0),
            basis_jaar: Some(2016),
            basis_bron: Some("Gezondheidsmonitor 2016".into()),
            streef: Some(35.0),
            maat: None,
        };
        store.add_doel(c.id, "Minder eenzaam", &[5], &[], &basis, None).await.unwrap();
        let maat =
            wv_store::Meting { maat: Some("alle zes paren van het vierkant verbonden".into()), ..Default::default() };
        store.add_doel(c.id, "Vierkant dicht", &[5], &[], &maat, None).await.unwrap();
    });
    let page = rt.block_on(web.get(&format!("/regio/Utrecht%20Noord-West/cyclus/{}", naam.replace(' ', "%20"))));
    let doc = scraper::Html::parse_document(&page);
    let rij = scraper::Selector::parse("#evaluatie-tabel tbody tr").unwrap();
    let rijen: Vec<String> = doc.select(&rij).map(|e| e.text().collect::<String>()).collect();
    let eenzaam = rijen.iter().find(|r| r.contains("Minder eenzaam")).unwrap();
    assert!(eenzaam.contains("in 2020") && eenzaam.contains("sinds 2016"), "{eenzaam}");
    let vierkant = rijen.iter().find(|r| r.contains("Vierkant dicht")).unwrap();
    assert!(
        vierkant.contains("wijkfoto 2025-11-03 → 2026-11-02") && vierkant.contains("van de 6 paren verbonden"),
        "{vierkant}"
    );
    let ids: Vec<i64> = rondes_van(&db, naam);
    let link = scraper::Selector::parse("#evaluatie-tabel a").unwrap();
    let href = doc.select(&link).next().unwrap().value().attr("href").unwrap().to_string();
    assert_eq!(href, format!("/regio/Utrecht%20Noord-West/wijkfoto/vergelijk?voor={}&na={}", ids[0], ids[1]));
}

/// The ids of a wijkverband's rounds, oldest first, from the CLI.
fn rondes_van(db: &wv_testkit::TestDb, naam: &str) -> Vec<i64> {
    let rondes: Value =
        serde_json::from_str(&wv(db, &["wijkfoto", "rondes", "--regio", REGIO, "--format", "json"])).unwrap();
    let mut r: Vec<(String, i64)> = rondes
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["wijkverband"] == naam)
        .map(|r| (r["datum"].as_str().unwrap().to_string(), r["ronde"].as_f64().unwrap() as i64))
        .collect();
    r.sort();
    r.into_iter().map(|(_, id)| id).collect()
}

#[test]
fn an_account_made_wijkcoordinator_on_the_command_line_has_its_wijkverband() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let db = wv_testkit::sqlite();
    wv(&db, &["demo", "--data", &data("").display().to_string()]);
    let maak = |extra: &[&str]| {
        Command::cargo_bin("wijkverband")
            .unwrap()
            .args(["--db", &db.url, "gebruiker", "maak", "c@test.nl", "--naam", "C", "--regio", REGIO])
            .args(extra)
            .output()
            .unwrap()
    };
    let zonder = maak(&["--rol", "wijkcoordinator"]);
    assert!(!zonder.status.success());
    assert!(String::from_utf8_lossy(&zonder.stderr).contains("--wijkverband"));
    assert!(!maak(&["--rol", "lezer", "--wijkverband", "Woerden"]).status.success());
    let store = rt.block_on(wv_store::Store::open(&db.url)).unwrap();
    assert!(
        rt.block_on(store.gebruikers()).unwrap().iter().all(|g| g.email != "c@test.nl"),
        "refused: no account made"
    );
    assert!(maak(&["--rol", "wijkcoordinator", "--wijkverband", "Woerden"]).status.success());
    let g = rt.block_on(store.gebruikers()).unwrap().into_iter().find(|g| g.email == "c@test.nl").unwrap();
    assert_eq!(g.wijkverbanden, [(REGIO.to_string(), "Woerden".to_string())]);
    assert!(g.coordineert(REGIO, "Woerden") && !g.coordineert(REGIO, "Oudewater"));
}
