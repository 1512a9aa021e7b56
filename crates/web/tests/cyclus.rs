//! The wijkcyclus pages by role: a wijkcoördinator edits the cycle of their own wijkverband
//! only, a bewerker of the region every one, a lezer reads; every change needs the CSRF token;
//! a phase rule refuses with its reason and changes nothing. On both stores.

mod common;

use axum::http::StatusCode;
use common::{app, get, login, post, send, texts};

const CYCLUS: &str = "/regio/Woerden/cyclus";

wv_testkit::on_both_stores! {
async fn every_cycle_route_by_role_and_csrf(db) {
    let app = app(&db).await;
    let (bewerker, csrf) = login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let form = format!("csrf={csrf}&naam=Een&basis=voorstel&min=8000&max=&seed=3");
    assert_eq!(send(&app, post("/regio/Woerden/indelingen", Some(&bewerker), &form)).await.0, StatusCode::SEE_OTHER);
    assert_eq!(send(&app, post("/regio/Woerden/indelingen/kies", Some(&bewerker), &format!("csrf={csrf}&naam=Een"))).await.0, StatusCode::SEE_OTHER);
    let (beheerder, bcsrf) = login(&app, "beheerder@test.nl", "geheim-beheerder").await;
    let rol = format!("csrf={bcsrf}&email=ander%40test.nl&regio=Woerden&rol=wijkcoordinator&wijkverband=Wijkverband%201");
    assert_eq!(send(&app, post("/beheer/rol", Some(&beheerder), &rol)).await.0, StatusCode::SEE_OTHER);
    let zonder = format!("csrf={bcsrf}&email=ander%40test.nl&regio=Woerden&rol=wijkcoordinator&wijkverband=");
    assert!(send(&app, post("/beheer/rol", Some(&beheerder), &zonder)).await.2.contains("Vul bij een wijkcoördinator het wijkverband in"));
    let (coordinator, ccsrf) = login(&app, "ander@test.nl", "geheim-ander").await;
    let (lezer, lcsrf) = login(&app, "lezer@test.nl", "geheim-lezer").await;
    let eigen = format!("{CYCLUS}/Wijkverband%201");
    let ander = format!("{CYCLUS}/Wijkverband%202");
    // Reading: every role of the region; nobody else.
    for cookie in [&bewerker, &coordinator, &lezer] {
        for path in [CYCLUS.to_string(), format!("{CYCLUS}/overzicht.json"), format!("{CYCLUS}/overzicht.csv"), "/regio/Woerden/acties".into(),
            "/regio/Woerden/acties.csv".into(), "/regio/Woerden/acties.xlsx".into(), eigen.clone(), ander.clone()] {
            assert_eq!(send(&app, get(&path, Some(cookie))).await.0, StatusCode::OK, "{} {path}", db.kind);
        }
    }
    assert_eq!(send(&app, get(CYCLUS, None)).await.0, StatusCode::SEE_OTHER, "not signed in: to the login page");
    assert_eq!(send(&app, get(&format!("{CYCLUS}/Geen"), Some(&lezer))).await.0, StatusCode::NOT_FOUND);
    // Changing: the coordinator their own wijkverband, the bewerker every one, the lezer none.
    assert_eq!(send(&app, post(&format!("{eigen}/begin"), Some(&coordinator), &format!("csrf={ccsrf}"))).await.0, StatusCode::SEE_OTHER);
    assert_eq!(send(&app, post(&format!("{ander}/begin"), Some(&coordinator), &format!("csrf={ccsrf}"))).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, post(&format!("{ander}/begin"), Some(&lezer), &format!("csrf={lcsrf}"))).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, post(&format!("{eigen}/opgave"), Some(&coordinator), "soort=inhoudelijk&titel=x")).await.0, StatusCode::FORBIDDEN, "no CSRF token");
    let hand = format!("csrf={ccsrf}&soort=inhoudelijk&titel=%3Cb%3EEenzaamheid%3C%2Fb%3E&toelichting=");
    assert_eq!(send(&app, post(&format!("{eigen}/opgave"), Some(&coordinator), &hand)).await.0, StatusCode::SEE_OTHER);
    let (_, _, page, _) = send(&app, get(&eigen, Some(&lezer))).await;
    assert_eq!(texts(&page, "#opgaven-tabel tbody th"), vec!["<b>Eenzaamheid</b>"], "{}: typed text shown as typed", db.kind);
    assert!(!page.contains("<b>Eenzaamheid"), "and escaped");
    // No wijkfoto round: the wijkopgave cannot begin; the refusal is shown, the phase stays.
    let (status, _, body, _) = send(&app, post(&format!("{eigen}/fase"), Some(&coordinator), &format!("csrf={ccsrf}&van=wijkfoto"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", db.kind);
    assert!(texts(&body, "#fout")[0].contains("wijkfoto-ronde"), "{}", texts(&body, "#fout")[0]);
    assert!(texts(&body, "#fasen-kop")[0].contains("fase Wijkfoto"));
    assert_eq!(send(&app, post(&format!("{ander}/begin"), Some(&bewerker), &format!("csrf={csrf}"))).await.0, StatusCode::SEE_OTHER);
    let (_, _, json, _) = send(&app, get(&format!("{CYCLUS}/overzicht.json"), Some(&lezer))).await;
    let o: serde_json::Value = serde_json::from_str(&json).unwrap();
    let begonnen = o["wijkverbanden"].as_array().unwrap().iter().filter(|w| w["cyclus"].as_i64() == Some(1)).count();
    assert_eq!(begonnen, 2, "{}: {json}", db.kind);
    assert_eq!(send(&app, get(&format!("{eigen}/acties.ics"), Some(&lezer))).await.0, StatusCode::OK);
    // The register of good practices: bewerkers of the region add, others cannot.
    let praktijk = "naam=Wijkoverleg&wijkverband=Wijkverband%201&beschrijving=Elke+maand&discipline=huisarts";
    assert_eq!(send(&app, post(&format!("{CYCLUS}/praktijk"), Some(&coordinator), &format!("csrf={ccsrf}&{praktijk}"))).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, post(&format!("{CYCLUS}/praktijk"), Some(&bewerker), &format!("csrf={csrf}&{praktijk}"))).await.0, StatusCode::SEE_OTHER);
    let (_, _, page, _) = send(&app, get(&format!("{CYCLUS}?q=maand"), Some(&lezer))).await;
    assert_eq!(texts(&page, "#praktijken-tabel tbody th"), vec!["Wijkoverleg"]);
    let (_, _, page, _) = send(&app, get(&format!("{CYCLUS}?q=apotheek"), Some(&lezer))).await;
    assert!(texts(&page, "#praktijken-tabel tbody th").is_empty(), "the search finds only what matches");
}
}

wv_testkit::on_both_stores! {
async fn after_another_indeling_is_adopted_the_earlier_cycles_stay_readable_from_the_wijkverbanden_that_share_their_inhabitants(db) {
    let app = app(&db).await;
    let (bewerker, csrf) = login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let maak = |naam: &str, basis: &str| post("/regio/Woerden/indelingen", Some(&bewerker), &format!("csrf={csrf}&naam={naam}&basis={basis}&min=8000&max=&seed=3"));
    let kies = |naam: &str| post("/regio/Woerden/indelingen/kies", Some(&bewerker), &format!("csrf={csrf}&naam={naam}"));
    assert_eq!(send(&app, maak("Een", "voorstel")).await.0, StatusCode::SEE_OTHER);
    assert_eq!(send(&app, kies("Een")).await.0, StatusCode::SEE_OTHER);
    assert_eq!(send(&app, post(&format!("{CYCLUS}/Wijkverband%201/begin"), Some(&bewerker), &format!("csrf={csrf}"))).await.0, StatusCode::SEE_OTHER);
    // a plan of one wijkverband for the whole gemeente is adopted instead
    assert_eq!(send(&app, maak("Twee", "gemeente")).await.0, StatusCode::SEE_OTHER);
    assert_eq!(send(&app, kies("Twee")).await.0, StatusCode::SEE_OTHER);
    let (_, _, page, _) = send(&app, get(&format!("{CYCLUS}/Woerden"), Some(&bewerker))).await;
    let herkomst = texts(&page, "#herkomst li");
    assert_eq!(herkomst.len(), 1, "{}: {herkomst:?}", db.kind);
    assert!(herkomst[0].starts_with("Wijkverband 1 in de indeling Een"), "{}", herkomst[0]);
    let link = common::attrs(&page, "#herkomst a", "href")[0].clone();
    assert_eq!(link, format!("{CYCLUS}/Wijkverband%201?uit=Een"));
    // the earlier cycle, read only
    let (status, _, page, _) = send(&app, get(&link, Some(&bewerker))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&page, "#eerdere-indeling").len(), 1);
    assert!(texts(&page, "#fasen-kop")[0].starts_with("Cyclus 1"));
    assert!(common::attrs(&page, "#volgende-fase", "id").is_empty(), "{}: no controls on an earlier indeling's cycle", db.kind);
    // without ?uit the wijkverband is not in the adopted plan
    assert_eq!(send(&app, get(&format!("{CYCLUS}/Wijkverband%201"), Some(&bewerker))).await.0, StatusCode::NOT_FOUND);
    assert_eq!(send(&app, get(&format!("{CYCLUS}/Wijkverband%201?uit=Geen"), Some(&bewerker))).await.0, StatusCode::NOT_FOUND);
}
}
