//! The survey behind a personal link: a respondent adds two collaborations, rates them,
//! saves, reopens and submits; another respondent sees only their own; a closed round is
//! frozen; unknown links and forms without their token are refused.

mod common;

use axum::http::StatusCode;
use common::{app, attrs, get, post, send, texts, value};
use wv_core::netwerk::{Actor, Discipline};
use wv_store::Store;

fn actor(id: &str, d: Discipline) -> (Actor, Option<String>) {
    let a = Actor {
        buurt: Some("BU06320101".into()),
        wijkverband: Some("Centrum".into()),
        ..Actor::new(id, format!("Naam {id}"), d)
    };
    (a, None)
}

wv_testkit::on_both_stores! {
async fn a_respondent_answers_by_link_on_both_stores(db) {
    let app = app(&db).await;
    let store = Store::open(&db.url).await.unwrap();
    let kaart = [
        actor("ha", Discipline::Huisarts),
        actor("wv", Discipline::Wijkverpleging),
        actor("ap", Discipline::Apotheek),
    ];
    store.save_actors("Woerden", &kaart).await.unwrap();
    let tokens: Vec<(String, String)> =
        ["ha", "wv", "ap"].iter().map(|a| (a.to_string(), format!("tok-{a}-0123456789"))).collect();
    let ronde = store
        .create_ronde(
            &common::nieuwe_ronde("Centrum", "2026-11-23"),
            &tokens,
        )
        .await
        .unwrap();
    let url = "/enquete/tok-ha-0123456789";
    let ik = common::claim(&app, url, "mijn-eigen-code").await;

    // The form, with its token in a cookie; the others on the kaart to choose from.
    let (status, cookies, page, _) = send(&app, get(url, Some(&ik))).await;
    assert_eq!(status, StatusCode::OK, "{}", db.kind);
    assert!(page.contains("u antwoordt als Naam ha (huisarts)"));
    assert!(page.contains("Naam wv (wijkverpleging)") && page.contains("Naam ap (apotheek)"));
    let csrf = value(&cookies, "wv_inlog").unwrap().to_string();
    let jar = format!("wv_inlog={csrf}; {ik}");
    let first = "naar_0=wv&doel_0=ouderenzorg&vorm_0=MDO&freq_0=12&c0_0=4&c1_0=3&c2_0=5&c3_0=2&c4_0=%3F";
    assert_eq!(send(&app, post(url, Some(&jar), first)).await.0, StatusCode::FORBIDDEN, "no form token");
    let (status, _, _, headers) =
        send(&app, post(url, Some(&jar), &format!("csrf={csrf}&actie=bewaar&{first}"))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers["location"], format!("{url}?klaar=bewaard"));
    // Reopen: the saved collaboration is there, with its scores; add a second and submit.
    let (_, cookies, page, _) = send(&app, get(&format!("{url}?klaar=bewaard"), Some(&ik))).await;
    assert!(page.contains("Uw antwoorden zijn bewaard"));
    assert!(texts(&page, "legend").contains(&"Naam wv (wijkverpleging)".to_string()));
    assert_eq!(attrs(&page, "input[name=c2_0][checked]", "value"), ["5"]);
    assert_eq!(attrs(&page, "input[name=c4_0][checked]", "value"), ["?"]);
    let csrf = value(&cookies, "wv_inlog").unwrap().to_string();
    let jar = format!("wv_inlog={csrf}; {ik}");
    let second = "naar_1=ap&doel_1=medicatie&vorm_1=ad+hoc&freq_1=4&c0_1=2&c1_1=2&c2_1=3&c3_1=1&c4_1=2";
    let body = format!("csrf={csrf}&actie=verstuur&{first}&{second}");
    assert_eq!(send(&app, post(url, Some(&jar), &body)).await.0, StatusCode::SEE_OTHER);
    let w = store.wijkfoto(ronde).await.unwrap();
    assert_eq!(w.geantwoord.len(), 1);
    assert_eq!(w.antwoorden.len(), 2);
    let wv = w.antwoorden.iter().find(|a| w.actors[a.naar].id == "wv").unwrap();
    assert_eq!(wv.scores, [Some(4), Some(3), Some(5), Some(2), None], "weet niet stays missing");
    // A bad score changes nothing.
    let bad = format!("csrf={csrf}&actie=verstuur&naar_0=wv&doel_0=x&c0_0=9");
    assert_eq!(send(&app, post(url, Some(&jar), &bad)).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(store.wijkfoto(ronde).await.unwrap().antwoorden.len(), 2);

    // Someone not on the sociale kaart: without a name nothing changes; with one, they join
    // the kaart in the round's wijkverband and the answer names them.
    let third = "naar_2=nieuw&nieuw_naam_2=&nieuw_discipline_2=ggz&doel_2=angst&vorm_2=ad+hoc&freq_2=4&c0_2=3";
    let body = format!("csrf={csrf}&actie=verstuur&{first}&{second}&{third}");
    let (status, _, page, _) = send(&app, post(url, Some(&jar), &body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Vul de naam en het vak in"));
    assert_eq!(store.actors("Woerden").await.unwrap().len(), 3);
    let body = body.replace("nieuw_naam_2=&", "nieuw_naam_2=Praktijk+Psycholoog+Centrum&");
    assert_eq!(send(&app, post(url, Some(&jar), &body)).await.0, StatusCode::SEE_OTHER);
    let kaart = store.actors("Woerden").await.unwrap();
    let added =
        kaart.iter().find(|(a, _)| a.naam == "Praktijk Psycholoog Centrum").expect("on the kaart").0.clone();
    assert_eq!((added.discipline, added.wijkverband.as_deref()), (Discipline::Ggz, Some("Centrum")));
    let w = store.wijkfoto(ronde).await.unwrap();
    assert!(w.antwoorden.iter().any(|a| w.actors[a.naar].id == added.id), "the answer names them");
    // Saving again keeps one answer about them (the form now lists them like anyone else).
    let again = format!("csrf={csrf}&actie=verstuur&{first}&{second}&naar_2={}&doel_2=angst&c0_2=3", added.id);
    assert_eq!(send(&app, post(url, Some(&jar), &again)).await.0, StatusCode::SEE_OTHER);
    assert_eq!(store.actors("Woerden").await.unwrap().len(), 4);
    assert_eq!(store.wijkfoto(ronde).await.unwrap().antwoorden.len(), 3);
    let body = format!("csrf={csrf}&actie=verstuur&{first}&{second}");
    assert_eq!(send(&app, post(url, Some(&jar), &body)).await.0, StatusCode::SEE_OTHER);

    // Another respondent sees only their own (empty) answers; ha's session opens only ha's link.
    let zij = common::claim(&app, "/enquete/tok-wv-0123456789", "haar-eigen-code").await;
    let (_, _, other, _) = send(&app, get("/enquete/tok-wv-0123456789", Some(&zij))).await;
    assert!(other.contains("u antwoordt als Naam wv"));
    assert!(!other.contains("ouderenzorg") && !other.contains("<legend>Naam ha"));
    let (_, _, other, _) = send(&app, get("/enquete/tok-wv-0123456789", Some(&ik))).await;
    assert!(other.contains("Vul uw code in") && !other.contains("u antwoordt als"));
    // Unknown links, and a closed round, change nothing.
    assert_eq!(send(&app, get("/enquete/onbekend", None)).await.0, StatusCode::NOT_FOUND);
    store.close_ronde(ronde).await.unwrap();
    let (_, cookies, page, _) = send(&app, get(url, Some(&ik))).await;
    assert!(page.contains("Deze ronde is gesloten") && !page.contains("Verstuur</button>"));
    let csrf = value(&cookies, "wv_inlog").unwrap().to_string();
    let late = format!("csrf={csrf}&actie=verstuur&naar_0=wv&doel_0=x");
    let (status, _, body, _) = send(&app, post(url, Some(&format!("wv_inlog={csrf}; {ik}")), &late)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("gesloten"));
    assert_eq!(store.wijkfoto(ronde).await.unwrap().antwoorden.len(), 2);
}
}

/// The coordinator opens a round, sees the links and the response; ratings appear only once
/// three respondents gave them; a lezer sees the analysis but no links; other regions see nothing.
#[tokio::test]
async fn the_coordinator_opens_watches_and_closes_a_round() {
    let db = wv_testkit::sqlite();
    let app = app(&db).await;
    let store = Store::open(&db.url).await.unwrap();
    let kaart = [
        actor("ha", Discipline::Huisarts),
        actor("wv", Discipline::Wijkverpleging),
        actor("sw", Discipline::SociaalWerk),
        actor("ap", Discipline::Apotheek),
    ];
    store.save_actors("Woerden", &kaart).await.unwrap();
    let (cookie, csrf) = common::login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    // The coordinator picks the respondents: every actor of the wijkverband is offered, ticked.
    let (status, _, picker, _) =
        send(&app, get("/regio/Woerden/wijkfoto/nieuw?wijkverband=Centrum", Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(picker.matches(r#"name="respondent""#).count(), 4);
    assert_eq!(picker.matches(" checked>").count(), 4);
    let all = "respondent=ha&respondent=wv&respondent=sw&respondent=ap";
    let open = |form: String| post("/regio/Woerden/wijkfoto", Some(&cookie), &form);
    let (status, _, links_page, _) =
        send(&app, open(format!("csrf={csrf}&wijkverband=Centrum&datum=2026-11-23&{all}"))).await;
    assert_eq!(status, StatusCode::OK);
    // The links show once, on the answer to opening the round.
    let token_of = |page: &str, naam: &str| -> String {
        let rows = common::table(page, "table");
        let row = rows.iter().find(|r| r[0] == naam).unwrap_or_else(|| panic!("no row {naam}"));
        let link = row.iter().find(|c| c.contains("/enquete/")).expect("a link");
        link.split("/enquete/").nth(1).unwrap().split_whitespace().next().unwrap().to_string()
    };
    let url = format!("/regio/Woerden/wijkfoto/{}", store.rondes("Woerden").await.unwrap()[0].id);
    let bad = send(&app, open(format!("csrf={csrf}&wijkverband=Centrum&datum=morgen&{all}"))).await;
    assert_eq!(bad.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _, _, _) = send(&app, open(format!("csrf={csrf}&wijkverband=Centrum&datum=2026-11-23"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "nobody chosen");
    assert_eq!(store.rondes("Woerden").await.unwrap().len(), 1, "refused forms open nothing");
    let (_, _, page, _) = send(&app, get(&url, Some(&cookie))).await;
    assert!(page.contains("0 van 4 (0%)"));
    assert_eq!(links_page.matches("/enquete/").count(), 4);
    assert!(!page.contains("/enquete/"), "the round page shows no links: they are stored hashed");
    assert!(page.contains("nog niet geopend"));
    // Two respondents rate their tie with the huisarts: too few to show.
    let rate = |naar: &str, s: u8| wv_store::AntwoordRij {
        naar: naar.into(),
        doel: "zorg".into(),
        vorm: "MDO".into(),
        per_jaar: 12,
        scores: [Some(s); 5],
        nieuw: None,
    };
    let token = |naam: &str| token_of(&links_page, naam);
    store.save_antwoorden(&token("Naam wv"), &[rate("ha", 4)], true).await.unwrap().unwrap();
    store.save_antwoorden(&token("Naam sw"), &[rate("ha", 2)], true).await.unwrap().unwrap();
    let (_, _, page, _) = send(&app, get(&url, Some(&cookie))).await;
    let condities = common::table(&page, "#condities");
    assert!(
        condities.iter().flatten().any(|c| c.contains("te weinig antwoorden"))
            && !condities.iter().flatten().any(|c| c == "3"),
        "{condities:?}"
    );
    // A third: now the mean of 4, 2 and 3 shows.
    store.save_antwoorden(&token("Naam ap"), &[rate("ha", 3)], true).await.unwrap().unwrap();
    let (_, _, page, _) = send(&app, get(&url, Some(&cookie))).await;
    assert!(page.contains("3 van 4 (75%)"));
    let condities = common::table(&page, "#condities");
    assert!(condities.iter().any(|r| r.windows(2).any(|w| w[0] == "3" && w[1] == "3,0")), "{condities:?}");
    assert!(page.contains("Er is geen verbinding tussen wijkverpleging en sociaal domein."));
    // A lezer sees the analysis, not the links, and cannot close; another region sees nothing.
    let (lezer, lezer_csrf) = common::login(&app, "lezer@test.nl", "geheim-lezer").await;
    let (status, _, page, _) = send(&app, get(&url, Some(&lezer))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("/enquete/"));
    assert_eq!(
        send(&app, post(&format!("{url}/sluit"), Some(&lezer), &format!("csrf={lezer_csrf}"))).await.0,
        StatusCode::FORBIDDEN
    );
    let (ander, _) = common::login(&app, "ander@test.nl", "geheim-ander").await;
    assert_eq!(send(&app, get(&url, Some(&ander))).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        send(&app, post(&format!("{url}/sluit"), Some(&cookie), &format!("csrf={csrf}"))).await.0,
        StatusCode::SEE_OTHER
    );
    assert!(store.rondes("Woerden").await.unwrap()[0].gesloten);
    // A round for two of the four: only they get a link; the others can still be named.
    let form = format!("csrf={csrf}&wijkverband=Centrum&datum=2026-12-01&respondent=ha&respondent=ap");
    let (_, _, links_page, _) = send(&app, post("/regio/Woerden/wijkfoto", Some(&cookie), &form)).await;
    let second = store.rondes("Woerden").await.unwrap()[1].id;
    let (_, _, page, _) = send(&app, get(&format!("/regio/Woerden/wijkfoto/{second}"), Some(&cookie))).await;
    assert!(page.contains("0 van 2 (0%)"));
    let links = store.respondenten(second).await.unwrap();
    assert_eq!(links.iter().map(|r| r.actor.as_str()).collect::<Vec<_>>(), ["ap", "ha"]);
    store.save_antwoorden(&token_of(&links_page, "Naam ha"), &[rate("wv", 4)], true).await.unwrap().unwrap();
    assert_eq!(store.wijkfoto(second).await.unwrap().antwoorden.len(), 1);
}

wv_testkit::on_both_stores! {
/// Only the respondent reads their answers: the coordinator can hand out a new link, but it
/// opens on the code the respondent chose; wrong codes slow down; a forgotten code means
/// starting over, which erases the answers unseen. A signed-in user who is also a respondent
/// can save (the form's token is the survey's).
async fn the_coordinator_cannot_open_a_respondents_answers(db) {
    let app = app(&db).await;
    let store = Store::open(&db.url).await.unwrap();
    store
        .save_actors("Woerden", &[actor("ha", Discipline::Huisarts), actor("wv", Discipline::Wijkverpleging)])
        .await
        .unwrap();
    let (cookie, csrf) = common::login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let form = format!("csrf={csrf}&wijkverband=Centrum&datum=2026-11-23&respondent=ha&respondent=wv");
    let (_, _, page, _) = send(&app, post("/regio/Woerden/wijkfoto", Some(&cookie), &form)).await;
    let link = page.split("/enquete/").nth(1).unwrap().split('<').next().unwrap().to_string();
    let url = format!("/enquete/{link}");
    let ronde = store.rondes("Woerden").await.unwrap()[0].id;
    // The respondent claims the link and submits, while signed in as a bewerker of the region.
    let ik = common::claim(&app, &url, "alleen-ik-weet-dit").await;
    let (_, cookies, _, _) = send(&app, get(&url, Some(&ik))).await;
    let form_token = value(&cookies, "wv_inlog").unwrap().to_string();
    let jar = format!("{cookie}; wv_inlog={form_token}; {ik}");
    let answer =
        format!("csrf={form_token}&actie=verstuur&naar_0=wv&doel_0=geheim-doel&vorm_0=MDO&freq_0=12&c0_0=1");
    assert_eq!(send(&app, post(&url, Some(&jar), &answer)).await.0, StatusCode::SEE_OTHER, "{}", db.kind);
    assert_eq!(store.wijkfoto(ronde).await.unwrap().antwoorden.len(), 1);
    // Stored hashed: the database holds no link.
    assert!(store.respondent(&link).await.unwrap().is_some());
    // The coordinator makes a new link for them: it opens on the code page only.
    let form = format!("csrf={csrf}&respondent=ha&formaat=pagina");
    let (status, _, page, _) =
        send(&app, post(&format!("/regio/Woerden/wijkfoto/{ronde}/links"), Some(&cookie), &form)).await;
    assert_eq!(status, StatusCode::OK);
    let nieuw = format!("/enquete/{}", page.split("/enquete/").nth(1).unwrap().split('<').next().unwrap());
    for path in [nieuw.clone(), format!("{nieuw}/gegevens.json"), url.clone(), format!("{url}/gegevens.json")] {
        let (status, _, body, _) = send(&app, get(&path, Some(&cookie))).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains("Vul uw code in") && !body.contains("geheim-doel"), "{path}: {body}");
    }
    // Nor can they change or erase the answers without the code.
    let (_, cookies, _, _) = send(&app, get(&nieuw, None)).await;
    let t = value(&cookies, "wv_inlog").unwrap().to_string();
    let erase =
        send(&app, post(&format!("{nieuw}/verwijder"), Some(&format!("wv_inlog={t}")), &format!("csrf={t}"))).await;
    assert!(erase.2.contains("Vul uw code in"));
    let change = format!("csrf={t}&actie=verstuur&naar_0=wv&doel_0=veranderd&c0_0=5");
    send(&app, post(&nieuw, Some(&format!("wv_inlog={t}")), &change)).await;
    let w = store.wijkfoto(ronde).await.unwrap();
    assert_eq!((w.antwoorden.len(), w.antwoorden[0].doel.as_str()), (1, "geheim-doel"));
    // Guessing the code: five tries, then every further one waits.
    for k in 0..6 {
        let (status, _, _, _) = send(
            &app,
            post(&format!("{nieuw}/code"), Some(&format!("wv_inlog={t}")), &format!("csrf={t}&code=raden{k}")),
        )
        .await;
        assert_eq!(status, if k < 5 { StatusCode::UNAUTHORIZED } else { StatusCode::TOO_MANY_REQUESTS }, "try {k}");
    }
    let (status, _, _, _) = send(
        &app,
        post(
            &format!("{nieuw}/code"),
            Some(&format!("wv_inlog={t}")),
            &format!("csrf={t}&code=alleen-ik-weet-dit"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "even the right code waits its turn");
    // Starting over erases the answers unseen; the old links end, a new one claims afresh.
    let form = format!("csrf={csrf}&respondent=ha");
    let (status, _, _, _) =
        send(&app, post(&format!("/regio/Woerden/wijkfoto/{ronde}/opnieuw"), Some(&cookie), &form)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(store.wijkfoto(ronde).await.unwrap().antwoorden.is_empty());
    assert_eq!(send(&app, get(&url, None)).await.0, StatusCode::NOT_FOUND);
    // A lezer cannot make links or start anyone over.
    let (lezer, lezer_csrf) = common::login(&app, "lezer@test.nl", "geheim-lezer").await;
    for action in ["links", "opnieuw"] {
        let path = format!("/regio/Woerden/wijkfoto/{ronde}/{action}");
        let form = format!("csrf={lezer_csrf}&respondent=wv");
        assert_eq!(send(&app, post(&path, Some(&lezer), &form)).await.0, StatusCode::FORBIDDEN, "{action}");
    }
}
}

wv_testkit::on_both_stores! {
async fn a_fotograaf_interviews_only_the_respondents_assigned_and_sees_only_what_they_entered(db) {
    let app = common::app(&db).await;
    let store = wv_store::Store::open(&db.url).await.unwrap();
    use wv_core::netwerk::{Actor, Discipline};
    let actor = |id: &str, naam: &str, d| (Actor { wijkverband: Some("Centrum".into()), ..Actor::new(id, naam, d) }, None);
    store
        .save_actors("Woerden", &[actor("ha", "Dokter A", Discipline::Huisarts), actor("ap", "Apotheek B", Discipline::Apotheek)])
        .await
        .unwrap();
    let nieuw = common::nieuwe_ronde("Centrum", "2026-11-24");
    let tokens = [("ha".to_string(), "tok-ha-0123456789".to_string()), ("ap".to_string(), "tok-ap-0123456789".to_string())];
    let ronde = store.create_ronde(&nieuw, &tokens).await.unwrap();
    store.create_gebruiker("foto@test.nl", "Foto", &wv_web::hash_password("geheim-foto"), false).await.unwrap();
    let (bewerker, csrf) = common::login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let (lezer, lcsrf) = common::login(&app, "lezer@test.nl", "geheim-lezer").await;
    let toewijzen = |cookie: &str, csrf: &str| {
        post(&format!("/regio/Woerden/wijkfoto/{ronde}/fotograaf"), Some(cookie), &format!("csrf={csrf}&email=foto%40test.nl&respondent=ha"))
    };
    assert_eq!(send(&app, toewijzen(&lezer, &lcsrf)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, post(&format!("/regio/Woerden/wijkfoto/{ronde}/fotograaf"), Some(&bewerker), "email=foto%40test.nl&respondent=ha")).await.0,
        StatusCode::FORBIDDEN, "no CSRF token");
    assert_eq!(send(&app, toewijzen(&bewerker, &csrf)).await.0, StatusCode::SEE_OTHER, "{}", db.kind);
    let (foto, fcsrf) = common::login(&app, "foto@test.nl", "geheim-foto").await;
    let (_, _, lijst, _) = send(&app, get("/interviews", Some(&foto))).await;
    assert_eq!(common::texts(&lijst, "#interviews tbody th"), vec!["Dokter A"]);
    // the fotograaf has no role in the region: no analysis, no sociale kaart
    assert_eq!(send(&app, get(&format!("/regio/Woerden/wijkfoto/{ronde}"), Some(&foto))).await.0, StatusCode::FORBIDDEN);
    // only the assigned respondent
    assert_eq!(send(&app, get(&format!("/interview/{ronde}/ap"), Some(&foto))).await.0, StatusCode::NOT_FOUND);
    assert_eq!(send(&app, get(&format!("/interview/{ronde}/ha"), Some(&bewerker))).await.0, StatusCode::NOT_FOUND, "not assigned to the bewerker");
    let antwoord = format!("csrf={fcsrf}&naar_0=ap&doel_0=%3Cb%3EMedicatie%3C%2Fb%3E&vorm_0=MDO&freq_0=12&c0_0=4&c1_0=4&c2_0=3&c3_0=2&c4_0=4&actie=verstuur");
    // without the session's CSRF token: refused
    assert_eq!(send(&app, post(&format!("/interview/{ronde}/ha"), Some(&foto), "naar_0=ap&toestemming=ja")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, post(&format!("/interview/{ronde}/ha/link"), Some(&foto), "")).await.0, StatusCode::FORBIDDEN);
    // without consent: refused, nothing stored
    let (status, _, page, _) = send(&app, post(&format!("/interview/{ronde}/ha"), Some(&foto), &antwoord)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", db.kind);
    assert!(page.contains("instemt"));
    assert_eq!(send(&app, post(&format!("/interview/{ronde}/ha"), Some(&foto), &format!("{antwoord}&toestemming=ja"))).await.0, StatusCode::OK);
    let w = store.wijkfoto(ronde).await.unwrap();
    assert_eq!(w.antwoorden.len(), 1, "{}: counted as the professional's", db.kind);
    let (_, _, page, _) = send(&app, get(&format!("/interview/{ronde}/ha"), Some(&foto))).await;
    assert!(common::attrs(&page, "input[name=doel_0]", "value").contains(&"<b>Medicatie</b>".to_string()), "the fotograaf sees what they entered");
    assert!(!page.contains("<b>Medicatie"), "escaped");
    // the coordinator's link for ha stopped working; the fotograaf makes the professional's own
    assert_eq!(send(&app, get("/enquete/tok-ha-0123456789", None)).await.0, StatusCode::NOT_FOUND, "{}", db.kind);
    let (_, _, page, _) = send(&app, post(&format!("/interview/{ronde}/ha/link"), Some(&foto), &format!("csrf={fcsrf}"))).await;
    let link = common::texts(&page, "#eigen-link")[0].clone();
    let pad = link.trim_start_matches("http://localhost").to_string();
    common::claim(&app, &pad, "eigen-code-ha").await;
    // taken over: the fotograaf sees nothing any more, and the round page says how it was answered
    let (_, _, page, _) = send(&app, get(&format!("/interview/{ronde}/ha"), Some(&foto))).await;
    assert!(common::attrs(&page, "input[name=doel_0]", "value").iter().all(|v| v.is_empty()), "{}", db.kind);
    let (_, _, page, _) = send(&app, get(&format!("/regio/Woerden/wijkfoto/{ronde}"), Some(&bewerker))).await;
    assert!(common::texts(&page, "#links tbody td").iter().any(|t| t == "✓ ingediend"));
}
}

wv_testkit::on_both_stores! {
async fn a_wijkfoto_is_presented_one_wijk_after_another_to_readers_of_the_region(db) {
    let app = common::app(&db).await;
    let store = wv_store::Store::open(&db.url).await.unwrap();
    let actor = |id: &str, wv: &str, d| (Actor { wijkverband: Some(wv.into()), ..Actor::new(id, id, d) }, None);
    store
        .save_actors("Woerden", &[actor("ha", "Centrum", Discipline::Huisarts), actor("ap", "Noord", Discipline::Apotheek)])
        .await
        .unwrap();
    let centrum = store.create_ronde(&common::nieuwe_ronde("Centrum", "2026-11-24"), &[("ha".into(), "tok-ha-0123456789".into())]).await.unwrap();
    let noord = store.create_ronde(&common::nieuwe_ronde("Noord", "2026-11-24"), &[("ap".into(), "tok-ap-0123456789".into())]).await.unwrap();
    let (lezer, _) = common::login(&app, "lezer@test.nl", "geheim-lezer").await;
    let (ander, _) = common::login(&app, "ander@test.nl", "geheim-ander").await;
    let pad = |r: i64| format!("/regio/Woerden/wijkfoto/{r}/presentatie");
    let (status, _, page, _) = send(&app, get(&pad(centrum), Some(&lezer))).await;
    assert_eq!(status, StatusCode::OK, "{}", db.kind);
    assert_eq!(attrs(&page, "a[rel=next]", "href"), vec![pad(noord)], "on to the next wijk");
    assert!(attrs(&page, "a[rel=prev]", "href").is_empty());
    assert_eq!(texts(&page, "ul.vierkant li.gat").len(), 6, "no ties yet: every pair of the vierkant a gap");
    assert_eq!(attrs(&page, "#netwerk", "data-bron"), vec![format!("/regio/Woerden/wijkfoto/{centrum}/netwerk.json")]);
    let (_, _, page, _) = send(&app, get(&pad(noord), Some(&lezer))).await;
    assert_eq!(attrs(&page, "a[rel=prev]", "href"), vec![pad(centrum)]);
    assert_eq!(send(&app, get(&pad(centrum), Some(&ander))).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, get(&pad(centrum).replace("Woerden", "Ander"), Some(&ander))).await.0, StatusCode::NOT_FOUND);
}
}

wv_testkit::on_both_stores! {
async fn a_fotograaf_who_reads_the_region_never_sees_a_mean_that_with_what_they_entered_gives_away_another(db) {
    let app = common::app(&db).await;
    let store = wv_store::Store::open(&db.url).await.unwrap();
    let actor = |id: &str, d| (Actor { wijkverband: Some("Centrum".into()), ..Actor::new(id, id, d) }, None);
    store
        .save_actors("Woerden", &[
            actor("ha", Discipline::Huisarts),
            actor("wv", Discipline::Wijkverpleging),
            actor("ap", Discipline::Apotheek),
            actor("sw", Discipline::SociaalWerk),
        ])
        .await
        .unwrap();
    let tokens: Vec<(String, String)> = ["ha", "wv", "ap", "sw"].iter().map(|a| (a.to_string(), format!("tok-{a}-0123456789"))).collect();
    let ronde = store.create_ronde(&common::nieuwe_ronde("Centrum", "2026-11-24"), &tokens).await.unwrap();
    let rij = |s: u8| wv_store::AntwoordRij { naar: "sw".into(), doel: "x".into(), vorm: "MDO".into(), per_jaar: 12, scores: [Some(s); 5], nieuw: None };
    // Three respondents rate their tie with sw: two through their own link, one in an
    // interview by the lezer, who is that respondent's fotograaf.
    for (a, s) in [("wv", 2), ("ap", 5)] {
        store.save_antwoorden(&format!("tok-{a}-0123456789"), &[rij(s)], true).await.unwrap().unwrap();
    }
    store.wijs_fotograaf_toe(ronde, "lezer@test.nl", &["ha".into()]).await.unwrap();
    store.bewaar_interview(ronde, "ha", "lezer@test.nl", &[rij(4)], true, Some("2026-11-24")).await.unwrap();
    let gemiddelden = |page: &str| common::table(page, "#condities").into_iter().map(|r| r[2].clone()).collect::<Vec<_>>();
    // The bewerker, who knows none of the answers, sees the means of three respondents.
    let (bewerker, _) = common::login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let (_, _, page, _) = send(&app, get(&format!("/regio/Woerden/wijkfoto/{ronde}"), Some(&bewerker))).await;
    assert!(gemiddelden(&page).iter().all(|m| m == "3,7"), "{}: {:?}", db.kind, gemiddelden(&page));
    // The fotograaf knows one of the three: the mean would leave two unknown — hidden for them,
    // on the round's page, in the network's data and in the presentation.
    let (lezer, _) = common::login(&app, "lezer@test.nl", "geheim-lezer").await;
    let (_, _, page, _) = send(&app, get(&format!("/regio/Woerden/wijkfoto/{ronde}"), Some(&lezer))).await;
    assert!(gemiddelden(&page).iter().all(|m| m == "te weinig antwoorden"), "{}: {:?}", db.kind, gemiddelden(&page));
    let (_, _, json, _) = send(&app, get(&format!("/regio/Woerden/wijkfoto/{ronde}/netwerk.json"), Some(&lezer))).await;
    assert!(!json.contains("3.7") && !json.contains("3.66"), "{json}");
    let (_, _, page, _) = send(&app, get(&format!("/regio/Woerden/wijkfoto/{ronde}/presentatie"), Some(&lezer))).await;
    assert!(common::texts(&page, "#goed li").iter().all(|t| !t.contains("3,7")), "{}", db.kind);
    let (_, _, page, _) = send(&app, get(&format!("/regio/Woerden/wijkfoto/{ronde}/presentatie"), Some(&bewerker))).await;
    assert!(common::texts(&page, "#goed li").iter().any(|t| t == "Ambitie: 3,7"), "the bewerker's presentation shows it");
}
}
