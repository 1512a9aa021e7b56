//! The store on both backends, with the shared real data. Expected values are
//! computed here from the raw files with nothing but the csv/serde_json crates.

use std::collections::HashMap;

use wv_core::gebied::Code;
use wv_core::indicator::{Catalogue, aggregate};
use wv_data::buurten::{self, ReadOptions};
use wv_store::{BuurtFilter, Quiet, Store, StoreError};
use wv_testkit::{data, num, raw_csv, raw_geojson, raw_kwb};

async fn with_woerden(url: &str) -> Store {
    let store = Store::open(url).await.unwrap();
    let file = buurten::read(&data("buurten_2015_woerden.geojson"), 2015, &ReadOptions::default()).await.unwrap();
    store.import_buurten(&file, "woerden", &Quiet).await.unwrap();
    store
}

async fn with_province(url: &str) -> Store {
    let store = Store::open(url).await.unwrap();
    let file =
        buurten::read(&data("buurten_2015_provincie_utrecht.geojson"), 2015, &ReadOptions::default()).await.unwrap();
    store.import_buurten(&file, "provincie", &Quiet).await.unwrap();
    let g = wv_data::gezondheid::read(&data("gezondheid_wijk_buurt_2012_2016_2020_provincie_utrecht.csv")).unwrap();
    store.import_gezondheid(&g, "gezondheid", &Quiet).await.unwrap();
    store
}

fn gm(code: &str) -> Vec<Code> {
    vec![Code::parse(code).unwrap()]
}

wv_testkit::on_both_stores! {
async fn geometry_and_identity_round_trip_exactly(db) {
    let raw = raw_geojson("buurten_2015_woerden.geojson");
    let store = with_woerden(&db.url).await;
    let stored =
        store.buurten_met_geometrie(&BuurtFilter { jaar: Some(2015), gemeenten: gm("GM0632") }).await.unwrap();
    let features = raw["features"].as_array().unwrap();
    assert_eq!(stored.len(), features.len(), "{}", db.kind);
    let by_code: HashMap<&str, _> = stored.iter().map(|b| (b.code.as_str(), b)).collect();
    for f in features {
        let p = &f["properties"];
        let b = by_code[p["BU_CODE"].as_str().unwrap()];
        assert_eq!(b.naam, p["BU_NAAM"].as_str().unwrap());
        assert_eq!(b.wijk_code.as_str(), p["WK_CODE"].as_str().unwrap());
        assert_eq!(b.wijk_naam.as_deref(), p["WK_NAAM"].as_str());
        assert_eq!(b.gemeente_naam, "Woerden");
        // Coordinates come back exactly as in the source file.
        let raw_polys: Vec<Vec<Vec<[f64; 2]>>> = match f["geometry"]["type"].as_str().unwrap() {
            "Polygon" => vec![serde_json::from_value(f["geometry"]["coordinates"].clone()).unwrap()],
            _ => serde_json::from_value(f["geometry"]["coordinates"].clone()).unwrap(),
        };
        let stored_polys: Vec<Vec<Vec<[f64; 2]>>> = b
            .geometrie
            .0
            .iter()
            .map(|p| {
                std::iter::once(p.exterior())
                    .chain(p.interiors())
                    .map(|r| r.0.iter().map(|c| [c.x, c.y]).collect())
                    .collect()
            })
            .collect();
        assert_eq!(stored_polys, raw_polys, "{} {}", db.kind, b.code);
    }
}
}

wv_testkit::on_both_stores! {
async fn suppressed_values_stay_missing(db) {
    let raw = raw_kwb();
    let sentinel_rows: Vec<_> = raw.iter().filter(|r| r["WWB_UITTOT"] == "-99999999").collect();
    assert!(!sentinel_rows.is_empty());
    let store = with_province(&db.url).await;
    let cat = Catalogue::builtin();
    let i = cat.position("bijstand_per_1000").unwrap();
    let status = store.status().await.unwrap();
    let kwb = status.waarden.iter().find(|r| r.dataset == "kwb").unwrap();
    // Every sentinel in the raw file is stored as unknown, not as a number.
    let raw_unknown: usize =
        raw.iter().map(|r| r.values().filter(|v| v.parse::<f64>() == Ok(-99999999.0)).count()).sum();
    assert_eq!(kwb.onbekend as usize, raw_unknown, "{}", db.kind);
    for r in sentinel_rows.iter().take(5) {
        let code = Code::parse(&r["BU_CODE"]).unwrap();
        let values = store.values(std::slice::from_ref(&code), &cat.series_of(i)).await.unwrap();
        let a = &aggregate(&cat, &values, &[code.as_str()])[i];
        assert_eq!(a.waarde, None, "{} {code}: suppressed stays unknown", db.kind);
    }
}
}

wv_testkit::on_both_stores! {
async fn aggregates_of_woerden_match_the_raw_files(db) {
    let raw: Vec<_> = raw_kwb().into_iter().filter(|r| r["GM_CODE"] == "GM0632").collect();
    let health: HashMap<String, HashMap<String, String>> =
        raw_csv(&data("gezondheid_wijk_buurt_2012_2016_2020_provincie_utrecht.csv"))
            .into_iter()
            .filter(|r| r["jaar"] == "2020" && r["leeftijd"] == "65+")
            .map(|r| (r["regiocode"].clone(), r))
            .collect();
    // Independent computations from the raw files.
    let inw: f64 = raw.iter().map(|r| num(r, "AANT_INW").unwrap()).sum();
    let p65 = raw.iter().map(|r| num(r, "P_65_EO_JR").unwrap() * num(r, "AANT_INW").unwrap()).sum::<f64>() / inw;
    let (mut wwb, mut wwb_inw) = (0.0, 0.0);
    for r in &raw {
        if let Some(w) = num(r, "WWB_UITTOT") {
            wwb += w;
            wwb_inw += num(r, "AANT_INW").unwrap();
        }
    }
    // Some buurten (business parks) have an empty health row: missing, not zero.
    let (mut lonely, mut old, mut all_old) = (0.0, 0.0, 0.0);
    for r in &raw {
        let n65 = num(r, "P_65_EO_JR").unwrap() / 100.0 * num(r, "AANT_INW").unwrap();
        all_old += n65;
        if let Ok(pct) = health[&r["BU_CODE"]]["Eenzaam"].parse::<f64>() {
            lonely += pct * n65;
            old += n65;
        }
    }
    let store = with_province(&db.url).await;
    let cat = Catalogue::builtin();
    let rows = store.buurten(&BuurtFilter { jaar: Some(2015), gemeenten: gm("GM0632") }).await.unwrap();
    let codes: Vec<Code> = rows.iter().map(|b| b.code.clone()).collect();
    let values = store.values(&codes, &cat.all_series()).await.unwrap();
    let agg = aggregate(&cat, &values, &codes);
    let get = |c: &str| agg[cat.position(c).unwrap()].clone();
    assert_eq!(get("inwoners").waarde, Some(inw), "{}", db.kind);
    assert!((get("aandeel_65plus").waarde.unwrap() - p65).abs() < 1e-9);
    let bijstand = get("bijstand_per_1000");
    assert!((bijstand.waarde.unwrap() - wwb / wwb_inw * 1000.0).abs() < 1e-9);
    assert!((bijstand.dekking.unwrap() - wwb_inw / inw).abs() < 1e-12);
    assert!((get("eenzaam_65plus").waarde.unwrap() - lonely / old).abs() < 1e-9);
    assert!((get("eenzaam_65plus").dekking.unwrap() - old / all_old).abs() < 1e-12);
}
}

wv_testkit::on_both_stores! {
async fn reimporting_a_year_replaces_it_cleanly(db) {
    let store = with_woerden(&db.url).await;
    let before = store.status().await.unwrap();
    let file = buurten::read(&data("buurten_2015_woerden.geojson"), 2015, &ReadOptions::default()).await.unwrap();
    let report = store.import_buurten(&file, "woerden", &Quiet).await.unwrap();
    assert_eq!(report.vervangen, 31, "{}", db.kind);
    let after = store.status().await.unwrap();
    assert_eq!(before.gebieden, after.gebieden);
    assert_eq!(before.waarden, after.waarden);
    assert_eq!(after.imports, before.imports + 1);
}
}

wv_testkit::on_both_stores! {
/// A national file beside a region's outlines: areas outside the imported division are kept and
/// counted, not refused, and figures of a year without outlines reach the buurten by code.
async fn kerncijfers_outside_the_division_are_kept_and_counted(db) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kwb.csv");
    std::fs::write(&path, "BU_CODE,AANT_INW\nBU06320101,2160\nBU06329999,10\nGM0363,833625\n").unwrap();
    let figures = wv_data::kerncijfers::read(&path).unwrap();
    let store = with_woerden(&db.url).await;
    let report = store.import_kerncijfers(&figures, 2015, "kwb.csv", &Quiet).await.unwrap();
    assert_eq!(report.buiten_indeling, 2, "{}", db.kind);
    let report = store.import_kerncijfers(&figures, 2016, "kwb.csv", &Quiet).await.unwrap();
    assert_eq!((report.rijen, report.buiten_indeling), (3, 3));
    let cat = Catalogue::builtin();
    let buurten = store.buurten_met_geometrie(&BuurtFilter { jaar: Some(2015), gemeenten: gm("GM0632") }).await.unwrap();
    let key = wv_core::indicator::SeriesKey::new("kwb", 2016, "", "a_inw");
    let values = store.buurt_values(&cat, &buurten, std::slice::from_ref(&key)).await.unwrap();
    assert_eq!(values.get("BU06320101", &key), Some(2160.0));
    let h = values.herkomst("kwb", 2016, "").expect("linked from the division of 2016");
    assert_eq!(h.methoden.get("BU06320101"), Some(&wv_core::gebied::koppeling::Methode::Code));
    assert_eq!(values.get("BU06320000", &key), None, "a count has no enclosing figure");
}
}

wv_testkit::on_both_stores! {
async fn regions_are_validated_and_replaced(db) {
    let store = with_woerden(&db.url).await;
    assert!(!store.create_regio("Test", &gm("GM0632")).await.unwrap());
    assert!(store.create_regio("Test", &gm("GM0632")).await.unwrap(), "second time replaces");
    assert_eq!(store.regio("Test").await.unwrap().gemeenten, gm("GM0632"));
    let err = store.create_regio("Fout", &gm("GM0999")).await.unwrap_err();
    assert!(matches!(err, StoreError::UnknownGemeente(ref g) if g == "GM0999"), "{}", db.kind);
    assert!(matches!(store.regio("Fout").await, Err(StoreError::UnknownRegio(_))));
}
}

wv_testkit::on_both_stores! {
/// A store made before plan names were per region (migration 0014) keeps its plans, with their
/// versions, under their region.
async fn plans_of_an_older_store_keep_their_region(db) {
    // The schema as it was before migration 0014, from the repository's own migrations.
    let dir = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        if e.file_name().to_string_lossy().as_ref() < "0014" {
            std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
        }
    }
    sqlx::any::install_default_drivers();
    let url = wv_store::database_url(&db.url);
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    sqlx::migrate::Migrator::new(dir.path()).await.unwrap().run(&pool).await.unwrap();
    for sql in [
        "INSERT INTO indeling (naam, regio, jaar, bron, aangemaakt, versie) VALUES ('Oud', 'Woerden', 2015, 'import', '0', 1)",
        "INSERT INTO indeling_buurt (indeling, buurt, wijkverband) VALUES ('Oud', 'BU06320101', 'Noord')",
        "INSERT INTO indeling_wijkverband (indeling, volgorde, naam, vergrendeld) VALUES ('Oud', 0, 'Noord', 1)",
        "INSERT INTO indeling_versie (indeling, versie, wijziging, door, tijd, staat) VALUES ('Oud', 1, 'gemaakt', NULL, '0', '{}')",
    ] {
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&pool).await.unwrap();
    }
    pool.close().await;
    let store = Store::open(&db.url).await.unwrap();
    let plan = store.plan(Some("Woerden"), "Oud").await.unwrap();
    assert_eq!(plan.staat.toewijzing, vec![("BU06320101".to_string(), "Noord".to_string())], "{}", db.kind);
    assert!(plan.staat.wijkverbanden[0].vergrendeld);
    assert_eq!(store.versions(Some("Woerden"), "Oud").await.unwrap().len(), 1);
    assert!(store.plan(Some("Ander"), "Oud").await.is_err());
}
}

wv_testkit::on_both_stores! {
/// A plan is read from memory only while nobody changed it: another server on the same database
/// edits it, undoes and edits again (the same version number with another state), and this one
/// reads each state as stored.
async fn a_plan_read_before_is_read_anew_after_another_servers_edit(db) {
    use wv_core::indeling::Edit;
    let rows = vec![("BU06320101".to_string(), "Noord".to_string()), ("BU06320102".to_string(), "Zuid".to_string())];
    let here = Store::open(&db.url).await.unwrap();
    let there = Store::open(&db.url).await.unwrap();
    here.save_plan(&wv_store::StoredPlan::new("P", None, 2015, "test", rows), None).await.unwrap();
    let wijkverband_of = |p: &wv_store::StoredPlan, b: &str| p.staat.toewijzing.iter().find(|r| r.0 == b).unwrap().1.clone();
    assert_eq!(wijkverband_of(&here.plan(None, "P").await.unwrap(), "BU06320101"), "Noord");
    let assign = |b: &str, w: &str| Edit::Assign { buurten: vec![b.to_string()], wijkverband: w.to_string() };
    let edit = |e: Edit| {
        let there = there.clone();
        async move { there.edit_plan(None, "P", None, |p| p.staat.apply(&e).map_err(|e| e.0)).await.unwrap() }
    };
    edit(assign("BU06320101", "Zuid")).await;
    let seen = here.plan(None, "P").await.unwrap();
    assert_eq!((seen.versie, wijkverband_of(&seen, "BU06320101")), (2, "Zuid".to_string()), "{}", db.kind);
    there.step_plan(None, "P", -1).await.unwrap().unwrap();
    edit(assign("BU06320102", "Noord")).await;
    let seen = here.plan(None, "P").await.unwrap();
    assert_eq!(seen.versie, 2, "the undone version 2 was replaced by a new one");
    assert_eq!(wijkverband_of(&seen, "BU06320101"), "Noord", "{}", db.kind);
    assert_eq!(wijkverband_of(&seen, "BU06320102"), "Noord", "{}", db.kind);
}
}

wv_testkit::on_both_stores! {
/// Adopting an indeling keeps its history: each adoption and its end with date and who, in
/// order; an unknown plan is refused and records nothing; a deleted account leaves no name.
async fn adoptions_of_an_indeling_keep_their_history(db) {
    let store = with_woerden(&db.url).await;
    store.create_regio("Woerden", &gm("GM0632")).await.unwrap();
    let rows = |w: &str| vec![("BU06320101".to_string(), w.to_string()), ("BU06320102".to_string(), w.to_string())];
    for naam in ["A", "B"] {
        store.save_plan(&wv_store::StoredPlan::new(naam, Some("Woerden"), 2015, "test", rows(naam)), None).await.unwrap();
    }
    store.create_gebruiker("adviseur@example.org", "Adviseur", "x", false).await.unwrap();
    let door = Some("adviseur@example.org");
    store.set_wijkverband_indeling("Woerden", Some("A"), "2026-01-15", door).await.unwrap();
    store.set_wijkverband_indeling("Woerden", Some("B"), "2026-06-01", None).await.unwrap();
    let err = store.set_wijkverband_indeling("Woerden", Some("Onbekend"), "2026-07-01", door).await.unwrap_err();
    assert!(matches!(err, StoreError::UnknownPlan(ref n) if n == "Onbekend"), "{}", db.kind);
    assert_eq!(store.wijkverband_indeling("Woerden").await.unwrap().as_deref(), Some("B"), "the refusal changed nothing");
    store.set_wijkverband_indeling("Woerden", None, "2026-09-30", door).await.unwrap();
    let step = |i: Option<&str>, d: &str, w: Option<&str>| wv_store::Vaststelling {
        indeling: i.map(String::from),
        datum: d.to_string(),
        door: w.map(String::from),
    };
    assert_eq!(
        store.vaststellingen("Woerden").await.unwrap(),
        vec![step(Some("A"), "2026-01-15", door), step(Some("B"), "2026-06-01", None), step(None, "2026-09-30", door)],
        "{}",
        db.kind
    );
    assert_eq!(store.wijkverband_indeling("Woerden").await.unwrap(), None);
    store.delete_gebruiker("adviseur@example.org").await.unwrap();
    assert!(store.vaststellingen("Woerden").await.unwrap().iter().all(|v| v.door.is_none()), "no name is left");
    assert_eq!(store.vaststellingen("Ander").await.unwrap(), vec![]);
}
}

wv_testkit::on_both_stores! {
async fn the_phase_rules_of_a_cycle_refuse_with_a_reason_and_change_nothing(db) {
    use wv_core::cyclus::{ActieStatus, Fase, OpgaveSoort, OpgaveStatus};
    use wv_core::netwerk::{Actor, Discipline};
    let store = with_woerden(&db.url).await;
    store.create_regio("Woerden", &gm("GM0632")).await.unwrap();
    let rows = vec![("BU06320101".to_string(), "Noord".to_string()), ("BU06320102".to_string(), "Zuid".to_string())];
    store.save_plan(&wv_store::StoredPlan::new("A", Some("Woerden"), 2015, "test", rows), None).await.unwrap();
    store.set_wijkverband_indeling("Woerden", Some("A"), "2026-01-15", None).await.unwrap();
    let ha = Actor { buurt: Some("BU06320101".into()), ..Actor::new("ha", "Huisarts", Discipline::Huisarts) };
    store.save_actors("Woerden", &[(ha, None)]).await.unwrap();
    store.create_gebruiker("coord@example.org", "Coördinator", "x", false).await.unwrap();
    let door = Some("coord@example.org");
    let c = store.begin_cyclus("Woerden", "A", "Noord", "2026-02-01", door, false).await.unwrap();
    assert_eq!((c.nummer, c.fase), (1, Fase::Wijkfoto));
    assert_eq!(store.begin_cyclus("Woerden", "A", "Noord", "2026-03-01", door, false).await.unwrap().id, c.id, "{}: one current cycle", db.kind);
    let fase = |store: Store, id: i64| async move { store.cyclus(id).await.unwrap().unwrap().fase };
    let geweigerd = |r: Result<Fase, StoreError>| match r {
        Err(StoreError::Geweigerd(reden)) => reden,
        other => panic!("{}: expected a refusal, got {other:?}", db.kind),
    };
    // No wijkfoto round yet: the wijkopgave cannot begin.
    assert!(geweigerd(store.volgende_fase(c.id, Fase::Wijkfoto, door).await).contains("wijkfoto-ronde"));
    assert_eq!(fase(store.clone(), c.id).await, Fase::Wijkfoto);
    let nieuw = wv_store::NieuweRonde { regio: "Woerden", wijkverband: "Noord", datum: "2026-02-10", synthetisch: false, minimum: 3, bewaren_tot: None };
    store.create_ronde(&nieuw, &[]).await.unwrap();
    assert_eq!(store.volgende_fase(c.id, Fase::Wijkfoto, door).await.unwrap(), Fase::Wijkopgave);
    // A form of the page before: refused, not applied twice.
    assert!(geweigerd(store.volgende_fase(c.id, Fase::Wijkfoto, door).await).contains("intussen"));
    // No accepted opgave: no wijkplan.
    let o = wv_store::NieuweOpgave { sleutel: Some("startfoto:eenzaam_65plus"), soort: OpgaveSoort::Inhoudelijk, titel: "Eenzaamheid", bewijs: "b", bron: "s" };
    let id = store.save_opgave(c.id, &o, OpgaveStatus::Afgewezen, door).await.unwrap();
    assert!(geweigerd(store.volgende_fase(c.id, Fase::Wijkopgave, door).await).contains("aanvaard"));
    assert_eq!(fase(store.clone(), c.id).await, Fase::Wijkopgave, "{}: nothing changed", db.kind);
    assert_eq!(store.save_opgave(c.id, &o, OpgaveStatus::Aanvaard, door).await.unwrap(), id, "deciding again changes the one opgave");
    assert_eq!(store.volgende_fase(c.id, Fase::Wijkopgave, door).await.unwrap(), Fase::Wijkplan);
    let doel = store.add_doel(c.id, "Minder eenzaamheid", &[5], &[id], &wv_store::Meting::default(), door).await.unwrap();
    let a = wv_store::NieuweActie { doel: Some(doel), titel: "Koffieochtend", eigenaar: Some("ha"), disciplines: &[], begin: None, eind: Some("2026-06-30") };
    let bad_owner = wv_store::NieuweActie { eigenaar: Some("onbekend"), ..a.clone() };
    assert!(matches!(store.add_actie(c.id, &bad_owner, door).await, Err(StoreError::Geweigerd(_))));
    let actie = store.add_actie(c.id, &a, door).await.unwrap();
    let tweede = store.add_actie(c.id, &a, door).await.unwrap();
    assert_eq!(store.volgende_fase(c.id, Fase::Wijkplan, door).await.unwrap(), Fase::Wijkuitvoering);
    assert_eq!(store.volgende_fase(c.id, Fase::Wijkuitvoering, door).await.unwrap(), Fase::Wijkevaluatie);
    store.update_actie(c.id, actie, ActieStatus::Klaar, "gedaan", "2026-05-01", door).await.unwrap();
    // An action still open and a goal not judged: the evaluation stays open.
    let sluit = store.sluit_cyclus(c.id, "2026-12-01", door).await;
    assert!(matches!(sluit, Err(StoreError::Geweigerd(ref r)) if r.contains("nog open")), "{}: {sluit:?}", db.kind);
    store.update_actie(c.id, tweede, ActieStatus::Gestopt, "", "2026-06-01", door).await.unwrap();
    let sluit = store.sluit_cyclus(c.id, "2026-12-01", door).await;
    assert!(matches!(sluit, Err(StoreError::Geweigerd(ref r)) if r.contains("oordeel")), "{}: {sluit:?}", db.kind);
    assert!(store.cyclus(c.id).await.unwrap().unwrap().afgesloten.is_none(), "{}: nothing changed", db.kind);
    store.set_oordeel(c.id, doel, "Twee koffieochtenden, 30 deelnemers.", door).await.unwrap();
    store.set_kernteam(c.id, &["ha".to_string()], door).await.unwrap();
    let volgende = store.sluit_cyclus(c.id, "2026-12-01", door).await.unwrap();
    let n = store.cyclus(volgende).await.unwrap().unwrap();
    assert_eq!((n.nummer, n.fase, n.begonnen.as_str()), (2, Fase::Wijkfoto, "2026-12-01"));
    assert_eq!(store.cyclus_inhoud(volgende).await.unwrap().unwrap().kernteam, vec!["ha".to_string()], "the kernteam carries over");
    // The closed cycle stays readable and unchanged.
    assert!(matches!(store.set_oordeel(c.id, doel, "later", door).await, Err(StoreError::Geweigerd(_))));
    let oud = store.cyclus_inhoud(c.id).await.unwrap().unwrap();
    assert_eq!(oud.acties[0].voortgang[0].notitie, "gedaan");
    assert_eq!(oud.doelen[0].oordeel.as_deref(), Some("Twee koffieochtenden, 30 deelnemers."));
    let historie = store.cyclus_historie(c.id).await.unwrap();
    assert!(historie.iter().any(|h| h.item == format!("actie {actie}") && h.wat == "klaar" && h.door.as_deref() == door));
    store.delete_gebruiker("coord@example.org").await.unwrap();
    assert!(store.cyclus_historie(c.id).await.unwrap().iter().all(|h| h.door.is_none()), "{}: no name is left", db.kind);
}
}

wv_testkit::on_both_stores! {
async fn a_wijkcoordinator_edits_one_wijkverband_and_reads_the_region(db) {
    let store = Store::open(&db.url).await.unwrap();
    store.create_gebruiker("c@example.org", "C", "x", false).await.unwrap();
    store.set_wijkcoordinator("c@example.org", "Woerden", "Noord").await.unwrap();
    let g = store.gebruiker("c@example.org").await.unwrap().unwrap();
    assert_eq!(g.rol("Woerden"), Some(wv_store::Rol::Wijkcoordinator));
    assert!(g.coordineert("Woerden", "Noord") && !g.coordineert("Woerden", "Zuid") && !g.coordineert("Ander", "Noord"));
    store.set_rol("c@example.org", "Woerden", wv_store::Rol::Lezer).await.unwrap();
    assert!(!store.gebruiker("c@example.org").await.unwrap().unwrap().coordineert("Woerden", "Noord"), "{}", db.kind);
}
}
