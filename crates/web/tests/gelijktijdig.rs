//! Simultaneous writes on both stores: 32 respondents submitting at once, and 32 edits of one
//! plan at once. Every one is stored or refused with a reason — never a server error, never lost.

mod common;

use axum::http::StatusCode;
use common::{app, get, post, send, value};
use wv_core::netwerk::{Actor, Discipline};
use wv_store::Store;

wv_testkit::on_both_stores! {
async fn thirty_two_survey_answers_at_once_are_all_stored(db) {
    let app = app(&db).await;
    let store = Store::open(&db.url).await.unwrap();
    let kaart: Vec<(Actor, Option<String>)> = (0..33)
        .map(|i| {
            let d = [Discipline::Huisarts, Discipline::Wijkverpleging, Discipline::Apotheek][i % 3];
            (
                Actor { wijkverband: Some("Centrum".into()), ..Actor::new(format!("a{i}"), format!("A {i}"), d) },
                None,
            )
        })
        .collect();
    store.save_actors("Woerden", &kaart).await.unwrap();
    let tokens: Vec<(String, String)> =
        (0..32).map(|i| (format!("a{i}"), format!("gelijk-{i}-0123456789abcdef"))).collect();
    let nieuw = common::nieuwe_ronde("Centrum", "2026-12-01");
    let ronde = store.create_ronde(&nieuw, &tokens).await.unwrap();
    let mut forms = Vec::new();
    for (i, (_, token)) in tokens.iter().enumerate() {
        let url = format!("/enquete/{token}");
        let ik = common::claim(&app, &url, "samen-tegelijk").await;
        let (_, cookies, _, _) = send(&app, get(&url, Some(&ik))).await;
        let csrf = value(&cookies, "wv_inlog").unwrap().to_string();
        // Everyone names a colleague, and every fourth someone new (numbered in the same round).
        let mut body = format!("csrf={csrf}&actie=verstuur&naar_0=a32&doel_0=samen&vorm_0=MDO&freq_0=12&c0_0=4");
        if i % 4 == 0 {
            body.push_str(&format!("&naar_1=nieuw&nieuw_naam_1=Nieuw+{i}&nieuw_discipline_1=ggz&doel_1=x&c0_1=3"));
        }
        forms.push((url, format!("wv_inlog={csrf}; {ik}"), body));
    }
    let tasks: Vec<_> = forms
        .into_iter()
        .map(|(url, jar, body)| {
            let app = app.clone();
            tokio::spawn(async move { send(&app, post(&url, Some(&jar), &body)).await.0 })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::SEE_OTHER, "{}", db.kind);
    }
    let w = store.wijkfoto(ronde).await.unwrap();
    assert_eq!(w.geantwoord.len(), 32, "{}: every submission stored", db.kind);
    assert_eq!(w.antwoorden.len(), 32 + 8);
    assert_eq!(store.actors("Woerden").await.unwrap().len(), 33 + 8, "eight new people, none lost or doubled");
}
}

wv_testkit::on_both_stores! {
async fn thirty_two_edits_of_one_plan_at_once_are_each_stored_or_refused(db) {
    let app = app(&db).await;
    let store = Store::open(&db.url).await.unwrap();
    let (cookie, csrf) = common::login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let form = format!("csrf={csrf}&naam=Samen&basis=wijk&min=1");
    assert_eq!(send(&app, post("/regio/Woerden/indelingen", Some(&cookie), &form)).await.0, StatusCode::SEE_OTHER);
    let before = store.plan(Some("Woerden"), "Samen").await.unwrap();
    let codes: Vec<String> = before.staat.toewijzing.iter().take(32).map(|(c, _)| c.clone()).collect();
    let tasks: Vec<_> = (0..32)
        .map(|k| {
            let app = app.clone();
            let (cookie, code) = (cookie.clone(), codes[k % codes.len()].clone());
            let body = format!("csrf={csrf}&actie=toevoegen&naam=Nieuw+{k}");
            let paint = format!("csrf={csrf}&actie=toewijzen&buurt={code}&wijkverband=Nieuw+{k}");
            tokio::spawn(async move {
                let a = send(&app, post("/regio/Woerden/indeling/Samen/wijzig", Some(&cookie), &body)).await.0;
                let b = send(&app, post("/regio/Woerden/indeling/Samen/wijzig", Some(&cookie), &paint)).await.0;
                (a, b)
            })
        })
        .collect();
    let mut stored = 0;
    for t in tasks {
        let (a, b) = t.await.unwrap();
        assert_eq!(a, StatusCode::SEE_OTHER, "{}: adding a wijkverband", db.kind);
        assert!(
            b == StatusCode::SEE_OTHER || b == StatusCode::UNPROCESSABLE_ENTITY || b == StatusCode::CONFLICT,
            "{}: {b}",
            db.kind
        );
        stored += 1 + usize::from(b == StatusCode::SEE_OTHER);
    }
    let versions = store.versions(Some("Woerden"), "Samen").await.unwrap();
    assert_eq!(versions.len(), 1 + stored, "{}: one version per stored edit, none lost", db.kind);
    let after = store.plan(Some("Woerden"), "Samen").await.unwrap();
    assert_eq!(
        after.staat.toewijzing.len(),
        before.staat.toewijzing.len(),
        "the plan still covers every buurt once"
    );
}
}
