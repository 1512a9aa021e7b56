//! The sociale kaart and the wijkfoto's privacy in the web app: import of CSV and XLSX (all
//! rows or none, with the row and column of the problem), adding and changing an actor, the
//! overleggen and the corners they lack, search; a person's data exported and deleted; a
//! respondent's own copy and erasure; exports readable only in the region; and every
//! state-changing route of the wijkfoto against every role, with and without a CSRF token.

mod common;

use axum::Router;
use axum::http::StatusCode;
use base64::Engine;
use common::{app, get, login, post, send, table, texts, value};
use wv_core::netwerk::{Actor, Discipline, Respons};
use wv_store::{AntwoordRij, NieuweRonde, Store};

const KAART: &str = "/regio/Woerden/sociale-kaart";

fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap()
}

fn xlsx_data_url(rows: &[[&str; 8]]) -> String {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header: &[&str] = &wv_data::sociale_kaart::COLUMNS;
    for (r, row) in std::iter::once(header).chain(rows.iter().map(|r| &r[..])).enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    let b64 = base64::engine::general_purpose::STANDARD.encode(book.save_to_buffer().unwrap());
    format!("data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,{b64}")
}

async fn names(app: &Router, cookie: &str, query: &str) -> Vec<String> {
    let (status, _, page, _) = send(app, get(&format!("{KAART}{query}"), Some(cookie))).await;
    assert_eq!(status, StatusCode::OK);
    texts(&page, "#actoren > tbody > tr > th")
}

wv_testkit::on_both_stores! {
async fn import_edit_search_and_delete_on_both_stores(db) {
    let app = app(&db).await;
    let (cookie, csrf) = login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let import = |name: &str, inhoud: &str| form(&[("csrf", &csrf), ("bestand", name), ("inhoud", inhoud)]);

    // An XLSX with a bad third row: nothing goes in, and the message names the row and column.
    let good =
        ["ha-1", "Dokter Jansen", "huisarts", "Praktijk Kamerik", "BU06320701", "Kamerik", "MDO Kamerik", ""];
    let bad = ["x-1", "Iemand", "tandarts", "", "", "Kamerik", "", ""];
    let body = import("kaart.xlsx", &xlsx_data_url(&[good, bad]));
    let (status, _, page, _) = send(&app, post(&format!("{KAART}/import"), Some(&cookie), &body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", db.kind);
    for x in ["Niets ingelezen", "kaart.xlsx", "rij 3", "discipline", "tandarts"] {
        assert!(page.contains(x), "'{x}' not in the message");
    }
    assert!(names(&app, &cookie, "").await.is_empty());
    // A buurt outside the region is refused too (CSV pasted), naming the line.
    let csv = format!("{}\nx,Iemand,huisarts,,BU03440101,,,,,\n", wv_data::sociale_kaart::COLUMNS.join(","));
    let (status, _, page, _) = send(&app, post(&format!("{KAART}/import"), Some(&cookie), &import("", &csv))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("regel 2") && page.contains("BU03440101 is geen buurt van regio Woerden"));

    // The good rows go in, from XLSX.
    let apotheek =
        ["ap-1", "Apotheek Kamerik", "apotheker", "Apotheek", "BU06320701", "Kamerik", "", "ap@voorbeeld.nl"];
    let wijkverpleging = [
        "wv-1",
        "Zuster De Boer",
        "wijkverpleegkundige",
        "Thuiszorg",
        "BU06320702",
        "Kamerik",
        "MDO Kamerik; Kernteam Kamerik",
        "",
    ];
    let body = import("kaart.xlsx", &xlsx_data_url(&[good, apotheek, wijkverpleging]));
    let (status, _, page, _) = send(&app, post(&format!("{KAART}/import"), Some(&cookie), &body)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("3 actoren toegevoegd, 0 vervangen"));

    // The kaart goes out as Excel and comes back in unchanged (3 replaced, none added).
    let (status, _, _, headers) = send(&app, get(&format!("{KAART}/export.xlsx"), Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-disposition"].to_str().unwrap().contains("sociale-kaart-Woerden.xlsx"));
    let (_, _, csv, _) = send(&app, get(&format!("{KAART}/export.csv"), Some(&cookie))).await;
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(csv.contains("Zuster De Boer") && csv.contains("Kernteam Kamerik; MDO Kamerik"));
    let (status, _, page, _) =
        send(&app, post(&format!("{KAART}/import"), Some(&cookie), &import("export.csv", &csv))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("0 actoren toegevoegd, 3 vervangen"));

    // Search by a question, and filter by discipline.
    assert_eq!(names(&app, &cookie, "?zoek=wie+is+de+apotheker+in+Kamerik%3F").await, ["Apotheek Kamerik"]);
    assert_eq!(names(&app, &cookie, "?discipline=huisarts").await, ["Dokter Jansen"]);
    assert_eq!(names(&app, &cookie, "?zoek=kernteam").await, ["Zuster De Boer"]);

    // Add a sociaal werker to the MDO through the form; a buurt outside the region is refused first.
    let mut actor = vec![
        ("csrf", csrf.as_str()),
        ("nieuw", "1"),
        ("naam", "Sam Visser"),
        ("discipline", "sociaal_werk"),
        ("buurt", "BU03440101"),
        ("wijkverband", "Kamerik"),
        ("overleg", "mdo kamerik"),
        ("contact", "sam@voorbeeld.nl"),
    ];
    let (status, _, page, _) = send(&app, post(&format!("{KAART}/actor"), Some(&cookie), &form(&actor))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Kies een buurt van deze regio") && page.contains("value=\"Sam Visser\""),
        "what was typed stays"
    );
    actor[4].1 = "BU06320701";
    assert_eq!(
        send(&app, post(&format!("{KAART}/actor"), Some(&cookie), &form(&actor))).await.0,
        StatusCode::SEE_OTHER
    );
    // Nobody invents an id: it is made from the name, and the same name again is another
    // actor, never an overwrite.
    let store = Store::open(&db.url).await.unwrap();
    assert_eq!(store.actor("Woerden", "sam-visser").await.unwrap().unwrap().0.naam, "Sam Visser");
    let (status, _, _, headers) = send(&app, post(&format!("{KAART}/actor"), Some(&cookie), &form(&actor))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(headers["location"].to_str().unwrap().ends_with("?bewaard=sam-visser-2"));
    let (_, _, page, _) = send(&app, get(headers["location"].to_str().unwrap(), Some(&cookie))).await;
    assert!(page.contains("Sam Visser is bewaard."), "a confirmation");
    // Three people add the same name at the same moment: three actors, none lost.
    let add = || send(&app, post(&format!("{KAART}/actor"), Some(&cookie), &form(&actor)));
    let (a, b, c) = tokio::join!(add(), add(), add());
    let mut ids: Vec<String> = [a, b, c]
        .iter()
        .map(|r| {
            r.3.get("location")
                .unwrap_or_else(|| panic!("{} {}", r.0, r.2))
                .to_str()
                .unwrap()
                .rsplit_once('=')
                .unwrap()
                .1
                .to_string()
        })
        .collect();
    ids.sort();
    assert_eq!(ids, ["sam-visser-3", "sam-visser-4", "sam-visser-5"]);
    for id in ["sam-visser-2", "sam-visser-3", "sam-visser-4", "sam-visser-5"] {
        let body = form(&[("csrf", &csrf), ("id", id)]);
        assert_eq!(
            send(&app, post(&format!("{KAART}/verwijder"), Some(&cookie), &body)).await.0,
            StatusCode::SEE_OTHER
        );
    }
    // The overleggen: the MDO (names compare case-insensitively) now lacks only the apotheek.
    let (_, _, page, _) = send(&app, get(KAART, Some(&cookie))).await;
    let overleggen = table(&page, "#overleggen");
    let row = |naam: &str| overleggen.iter().find(|r| r[0] == naam).unwrap_or_else(|| panic!("{naam}")).clone();
    let mdo = row("MDO Kamerik");
    assert!(mdo.contains(&"3".to_string()) && mdo.contains(&"apotheek".to_string()), "{mdo:?}");
    assert!(row("Kernteam Kamerik").contains(&"huisarts, sociaal domein, apotheek".to_string()));

    // A person's data: exported (contact and overleggen, no answers), then removed with their answers.
    let tokens: Vec<(String, String)> = ["ha-1", "ap-1", "wv-1", "sam-visser"]
        .iter()
        .map(|a| (a.to_string(), format!("tok-{a}-0123456789")))
        .collect();
    let nieuw = common::nieuwe_ronde("Kamerik", "2026-11-23");
    let ronde = store.create_ronde(&nieuw, &tokens).await.unwrap();
    let rate = |naar: &str| AntwoordRij {
        naar: naar.into(),
        doel: "zorg".into(),
        vorm: "MDO".into(),
        per_jaar: 12,
        scores: [Some(4); 5],
        nieuw: None,
    };
    store.save_antwoorden("tok-sam-visser-0123456789", &[rate("ha-1")], true).await.unwrap().unwrap();
    store
        .save_antwoorden("tok-ha-1-0123456789", &[rate("sam-visser"), rate("wv-1")], true)
        .await
        .unwrap()
        .unwrap();
    let (status, _, json, _) =
        send(&app, get(&format!("{KAART}/gegevens.json?id=sam-visser"), Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["contact"], "sam@voorbeeld.nl");
    assert_eq!(doc["actor"]["overleggen"][0], "mdo kamerik");
    assert_eq!(doc["wijkfoto_rondes"][0]["ingediend"], true);
    assert!(
        !json.contains("\"ambitie\"") && !json.contains("\"Ambitie\""),
        "no ratings in the coordinator's export"
    );
    let body = form(&[("csrf", &csrf), ("id", "sam-visser")]);
    assert_eq!(
        send(&app, post(&format!("{KAART}/verwijder"), Some(&cookie), &body)).await.0,
        StatusCode::SEE_OTHER
    );
    assert_eq!(store.actor("Woerden", "sam-visser").await.unwrap(), None);
    let w = store.wijkfoto(ronde).await.unwrap();
    assert_eq!(w.gevraagd.len(), 3, "their link is gone");
    assert_eq!(w.antwoorden.len(), 1, "their answer and the answer about them are gone; ha–wv stays");
    assert_eq!(store.rondes("Woerden").await.unwrap()[0].respons, Respons { uitgenodigd: 3, ingevuld: 1 });
}
}

wv_testkit::on_both_stores! {
async fn a_respondent_gets_a_copy_and_erases_their_answers_and_retention_cleans_up(db) {
    let app = app(&db).await;
    let store = Store::open(&db.url).await.unwrap();
    let actor =
        |id: &str, d| Actor { wijkverband: Some("Centrum".into()), ..Actor::new(id, format!("Naam {id}"), d) };
    store
        .save_actors(
            "Woerden",
            &[(actor("ha", Discipline::Huisarts), None), (actor("ap", Discipline::Apotheek), None)],
        )
        .await
        .unwrap();
    let tokens = vec![
        ("ha".to_string(), "tok-ha-0123456789".to_string()),
        ("ap".to_string(), "tok-ap-0123456789".to_string()),
    ];
    let nieuw = NieuweRonde {
        regio: "Woerden",
        wijkverband: "Centrum",
        datum: "2026-01-05",
        synthetisch: false,
        minimum: 3,
        bewaren_tot: Some("2026-06-30"),
    };
    let ronde = store.create_ronde(&nieuw, &tokens).await.unwrap();
    let rij = AntwoordRij {
        naar: "ap".into(),
        doel: "medicatie".into(),
        vorm: "MDO".into(),
        per_jaar: 4,
        scores: [Some(2), None, Some(3), Some(4), Some(5)],
        nieuw: None,
    };
    let ik = common::claim(&app, "/enquete/tok-ha-0123456789", "de-code-van-ha").await;
    store.save_antwoorden("tok-ha-0123456789", std::slice::from_ref(&rij), true).await.unwrap().unwrap();

    // The copy: their answers with the scores per condition, and the retention date.
    let (status, _, json, headers) = send(&app, get("/enquete/tok-ha-0123456789/gegevens.json", Some(&ik))).await;
    assert_eq!(headers["cache-control"], "no-store", "personal data are not cached");
    assert_eq!(status, StatusCode::OK, "{}", db.kind);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["antwoorden"][0]["met"], "ap");
    assert_eq!(doc["antwoorden"][0]["condities"]["Ambitie"], 2);
    assert!(doc["antwoorden"][0]["condities"]["Belangen"].is_null(), "weet niet stays missing");
    assert_eq!(doc["ronde"]["bewaren_tot"], "2026-06-30");
    // The form says how long answers are kept; erasing needs the form's token.
    let (_, cookies, page, _) = send(&app, get("/enquete/tok-ha-0123456789", Some(&ik))).await;
    assert!(page.contains("bewaard tot 2026-06-30"));
    let csrf = value(&cookies, "wv_inlog").unwrap().to_string();
    let jar = format!("wv_inlog={csrf}; {ik}");
    let url = "/enquete/tok-ha-0123456789/verwijder";
    assert_eq!(send(&app, post(url, Some(&jar), "")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, post(url, Some(&jar), &format!("csrf={csrf}"))).await.0, StatusCode::SEE_OTHER);
    assert!(store.eigen_antwoorden("tok-ha-0123456789").await.unwrap().is_empty());
    assert_eq!(store.rondes("Woerden").await.unwrap()[0].respons, Respons { uitgenodigd: 2, ingevuld: 0 });

    // Retention: nothing happens on the last day; the day after, answers and links are gone.
    store
        .save_antwoorden("tok-ap-0123456789", &[AntwoordRij { naar: "ha".into(), ..rij }], true)
        .await
        .unwrap()
        .unwrap();
    assert!(store.expire_rondes("2026-06-30").await.unwrap().is_empty());
    assert_eq!(store.expire_rondes("2026-07-01").await.unwrap(), vec![ronde]);
    let r = store.ronde(ronde).await.unwrap().unwrap();
    assert_eq!((r.opgeschoond.as_deref(), r.gesloten, r.respons), (Some("2026-07-01"), true, Respons::default()));
    assert!(store.wijkfoto(ronde).await.unwrap().antwoorden.is_empty());
    assert_eq!(
        send(&app, get("/enquete/tok-ap-0123456789", None)).await.0,
        StatusCode::NOT_FOUND,
        "the link is gone"
    );
    assert!(store.expire_rondes("2026-07-02").await.unwrap().is_empty(), "once");
}
}

wv_testkit::on_both_stores! {
async fn every_wijkfoto_route_against_every_role(db) {
    let app = app(&db).await;
    let store = Store::open(&db.url).await.unwrap();
    let actor =
        |id: &str| Actor { wijkverband: Some("Centrum".into()), ..Actor::new(id, id, Discipline::Huisarts) };
    store.save_actors("Woerden", &[(actor("a"), None), (actor("b"), None)]).await.unwrap();
    let nieuw = common::nieuwe_ronde("Centrum", "2026-11-23");
    let ronde = store.create_ronde(&nieuw, &[("a".into(), "tok-a-0123456789".into())]).await.unwrap();
    let r = format!("/regio/Woerden/wijkfoto/{ronde}");
    let csv = format!("{}\nc,C,huisarts,,,Centrum,,,,\n", wv_data::sociale_kaart::COLUMNS.join(","));
    let routes = [
        (format!("{KAART}/import"), form(&[("inhoud", &csv)]), StatusCode::OK),
        (
            format!("{KAART}/actor"),
            "nieuw=1&id=d-{n}&naam=D&discipline=ggz&wijkverband=Centrum".to_string(),
            StatusCode::SEE_OTHER,
        ),
        (format!("{KAART}/verwijder"), "id=onbekend".into(), StatusCode::NOT_FOUND),
        (
            "/regio/Woerden/wijkfoto".into(),
            "wijkverband=Centrum&datum=2026-11-24&minimum=2&respondent=a".into(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "/regio/Woerden/wijkfoto".into(),
            "wijkverband=Centrum&datum=2026-11-24&bewaren_tot=2027-01-01&respondent=a&respondent=b".into(),
            StatusCode::OK,
        ),
        (format!("{r}/herinner"), String::new(), StatusCode::SEE_OTHER),
        (format!("{r}/links"), "formaat=csv".into(), StatusCode::OK),
        (format!("{r}/links"), "respondent=a".into(), StatusCode::OK),
        (format!("{r}/opnieuw"), "respondent=b".into(), StatusCode::NOT_FOUND),
    ];
    let accounts = [
        ("beheerder@test.nl", "geheim-beheerder", true),
        ("bewerker@test.nl", "geheim-bewerker", true),
        ("lezer@test.nl", "geheim-lezer", false),
        ("ander@test.nl", "geheim-ander", false),
    ];
    for (n, (email, password, allowed)) in accounts.into_iter().enumerate() {
        let (cookie, csrf) = login(&app, email, password).await;
        for (route, body, ok) in &routes {
            let body = body.replace("{n}", &n.to_string());
            let with = send(&app, post(route, Some(&cookie), &format!("csrf={csrf}&{body}"))).await.0;
            assert_eq!(with, if allowed { *ok } else { StatusCode::FORBIDDEN }, "{} {email} {route}", db.kind);
            assert_eq!(
                send(&app, post(route, Some(&cookie), &body)).await.0,
                StatusCode::FORBIDDEN,
                "{route} without a token"
            );
        }
        // Reading: the region's users read the kaart, the round, its exports and comparisons; others nothing.
        for path in [
            KAART.to_string(),
            format!("{KAART}/sjabloon.xlsx"),
            r.clone(),
            format!("{r}/netwerk.json"),
            format!("{r}/kumu.json"),
            format!("{r}/netwerk.graphml"),
            format!("{r}/knopen.csv"),
            format!("{r}/verbindingen.csv"),
            format!("/regio/Woerden/wijkfoto/vergelijk?voor={ronde}&na={ronde}"),
        ] {
            let status = send(&app, get(&path, Some(&cookie))).await.0;
            let expected = if email == "ander@test.nl" { StatusCode::FORBIDDEN } else { StatusCode::OK };
            assert_eq!(status, expected, "{email} {path}");
        }
        // Only bewerkers get a person's data, the whole kaart with its contact details, and
        // the personal links of who has not submitted.
        for path in
            [format!("{KAART}/gegevens.json?id=a"), format!("{KAART}/export.csv"), format!("{KAART}/export.xlsx")]
        {
            let (status, _, _, _) = send(&app, get(&path, Some(&cookie))).await;
            assert_eq!(status, if allowed { StatusCode::OK } else { StatusCode::FORBIDDEN }, "{email} {path}");
        }
        if allowed {
            // The mailing list of who has not submitted carries new links, never stored ones.
            let (_, _, body, headers) =
                send(&app, post(&format!("{r}/links"), Some(&cookie), &format!("csrf={csrf}&formaat=csv"))).await;
            assert!(body.starts_with("naam,contact,link,laatst herinnerd\n"), "{body}");
            assert!(body.contains("/enquete/") && !body.contains("tok-a-0123456789"), "{body}");
            assert_eq!(headers["cache-control"], "no-store");
        }
    }
    // The round's page names no links, not even for bewerkers.
    for (email, password) in [("lezer@test.nl", "geheim-lezer"), ("bewerker@test.nl", "geheim-bewerker")] {
        let (c, _) = login(&app, email, password).await;
        assert!(!send(&app, get(&r, Some(&c))).await.2.contains("/enquete/"), "{email}");
    }
}
}

/// The wijkverband's printable report carries its latest wijkfoto: the vierkant, the shown
/// means of the vijf condities, the opgaven.
#[tokio::test]
async fn the_report_of_a_wijkverband_carries_its_wijkfoto() {
    let db = wv_testkit::sqlite();
    let app = app(&db).await;
    let store = Store::open(&db.url).await.unwrap();
    let actor = |id: &str, d| Actor { wijkverband: Some("Woerden".into()), ..Actor::new(id, id, d) };
    let kaart = [
        (actor("ha", Discipline::Huisarts), None),
        (actor("wv", Discipline::Wijkverpleging), None),
        (actor("sw", Discipline::SociaalWerk), None),
        (actor("ap", Discipline::Apotheek), None),
    ];
    store.save_actors("Woerden", &kaart).await.unwrap();
    let tokens: Vec<(String, String)> =
        kaart.iter().map(|(a, _)| (a.id.clone(), format!("tok-{}-0123456789", a.id))).collect();
    let nieuw = common::nieuwe_ronde("Woerden", "2026-10-01");
    store.create_ronde(&nieuw, &tokens).await.unwrap();
    for (who, s) in [("wv", 4), ("sw", 2), ("ap", 3)] {
        let rij = AntwoordRij {
            naar: "ha".into(),
            doel: "zorg".into(),
            vorm: "MDO".into(),
            per_jaar: 12,
            scores: [Some(s); 5],
            nieuw: None,
        };
        store.save_antwoorden(&format!("tok-{who}-0123456789"), &[rij], true).await.unwrap().unwrap();
    }
    let (cookie, _) = login(&app, "lezer@test.nl", "geheim-lezer").await;
    let (status, _, page, _) = send(&app, get("/regio/Woerden/profiel?gemeente=GM0632&print=1", Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    let section = texts(&page, "section.wijkfoto").into_iter().next().expect("the wijkfoto section");
    assert!(section.contains("Wijkfoto: samenwerking in Woerden (2026-10-01)"), "{section}");
    assert!(section.contains("respons 75%"));
    // Three respondents rated: the mean (4 + 2 + 3) / 3 shows; wijkverpleging – apotheek has no verbinding.
    let condities = table(&page, "section.wijkfoto table:nth-of-type(2)");
    assert!(condities.contains(&vec!["Ambitie".to_string(), "3,0".to_string()]), "{condities:?}");
    let vierkant = table(&page, "section.wijkfoto table:nth-of-type(1)");
    assert!(vierkant.contains(&vec!["wijkverpleging – apotheek".to_string(), "geen".to_string()]), "{vierkant:?}");
    assert!(section.contains("Er is geen verbinding tussen wijkverpleging en apotheek."));
    assert!(!section.contains("Niemand van de hoek"), "every corner has someone");
}

wv_testkit::on_both_stores! {
/// Findings of the attack, each checked: formulas in names leave as text and read back as
/// typed; lezers see no contact details; a region named with '/' links correctly; an upload
/// over the limit says why; the survey pages and exports are not cached.
async fn exports_are_safe_in_a_spreadsheet_and_lezers_see_no_contacts(db) {
    let app = app(&db).await;
    let (cookie, csrf) = login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let naam = r#"=HYPERLINK("http://x.test","Open")"#;
    let csv = format!(
        "{}\nf1,\"{}\",huisarts,,BU06320101,Centrum,,geheim@example.org,persoon,\n",
        wv_data::sociale_kaart::COLUMNS.join(","),
        naam.replace('"', "\"\"")
    );
    let import = |csv: &str| {
        post(&format!("{KAART}/import"), Some(&cookie), &format!("csrf={csrf}&{}", form(&[("inhoud", csv)])))
    };
    assert_eq!(send(&app, import(&csv)).await.0, StatusCode::OK);
    let (_, _, export, _) = send(&app, get(&format!("{KAART}/export.csv"), Some(&cookie))).await;
    assert!(export.contains("\"'=HYPERLINK(\"\"http://x.test\"\",\"\"Open\"\")\""), "{export}");
    // Reading the export back gives the name as typed.
    assert_eq!(send(&app, import(&export)).await.0, StatusCode::OK);
    let store = Store::open(&db.url).await.unwrap();
    assert_eq!(store.actors("Woerden").await.unwrap()[0].0.naam, naam);
    // A lezer sees the kaart but no contact details.
    let (lezer, _) = login(&app, "lezer@test.nl", "geheim-lezer").await;
    let (_, _, page, headers) = send(&app, get(KAART, Some(&lezer))).await;
    assert!(page.contains("HYPERLINK") && !page.contains("geheim@example.org"));
    assert_eq!(headers["cache-control"], "no-store");
    let (_, _, page, _) = send(&app, get(KAART, Some(&cookie))).await;
    assert!(page.contains("geheim@example.org"), "bewerkers keep the kaart, contacts included");
    // Over the limit: 413 with a reason.
    let big = format!("csrf={csrf}&inhoud={}", "x".repeat(1 << 21));
    let (status, _, body, _) = send(&app, post(&format!("{KAART}/import"), Some(&cookie), &big)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(body.contains("groter dan 1 MiB"), "{body}");
    // A region whose name holds '/' is linked with it encoded.
    store.create_regio("Noord/Zuid", &[wv_core::gebied::Code::parse("GM0632").unwrap()]).await.unwrap();
    store.set_rol("bewerker@test.nl", "Noord/Zuid", wv_store::Rol::Bewerker).await.unwrap();
    let (_, _, index, _) = send(&app, get("/", Some(&cookie))).await;
    assert!(index.contains("/regio/Noord%2FZuid"), "{index}");
    assert_eq!(send(&app, get("/regio/Noord%2FZuid/sociale-kaart", Some(&cookie))).await.0, StatusCode::OK);
}
}

/// `serve --hsts` sends Strict-Transport-Security; without it none is sent (plain loopback use).
#[tokio::test]
async fn hsts_is_sent_when_asked() {
    let db = wv_testkit::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    let catalogue = std::sync::Arc::new(wv_core::indicator::Catalogue::builtin());
    let plain = wv_web::router(wv_web::AppState::new(store.clone(), catalogue.clone()));
    let (_, _, _, headers) = send(&plain, get("/inloggen", None)).await;
    assert!(!headers.contains_key("strict-transport-security"));
    let https = wv_web::router(wv_web::AppState::new(store, catalogue).with_hsts(true));
    let (_, _, _, headers) = send(&https, get("/inloggen", None)).await;
    assert_eq!(headers["strict-transport-security"], "max-age=31536000; includeSubDomains");
}

wv_testkit::on_both_stores! {
/// One wijkverband across the product: once a plan is the region's, every actor with a
/// workplace buurt belongs to that buurt's wijkverband in the plan (whatever was typed), follows
/// the plan's edits and undo, and the plan's wijkverband links to its sociale kaart, rounds and
/// startfoto and back; an actor without a buurt keeps its own group. On both stores.
async fn the_sociale_kaart_and_rounds_follow_the_regions_plan(db) {
    let app = app(&db).await;
    let (cookie, csrf) = login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let body = form(&[("csrf", &csrf), ("naam", "Wijken"), ("basis", "wijk"), ("min", "0")]);
    assert_eq!(send(&app, post("/regio/Woerden/indelingen", Some(&cookie), &body)).await.0, StatusCode::SEE_OTHER);
    let wijkverband_of = |csv: &str, buurt: &str| -> String {
        csv.lines().find(|l| l.starts_with(buurt)).unwrap().split(',').nth(1).unwrap().to_string()
    };
    let plan = "/regio/Woerden/indeling/Wijken";
    let (_, _, csv, _) = send(&app, get(&format!("{plan}/export.csv"), Some(&cookie))).await;
    let home = wijkverband_of(&csv, "BU06320101");
    let other = wijkverband_of(&csv, "BU06320701");
    assert_ne!(home, other);
    for (naam, buurt, typed) in [("Huisarts Centrum", "BU06320101", "Verkeerd"), ("Buurtcoach", "", "Eigen groep")]
    {
        let body = form(&[
            ("csrf", &csrf),
            ("nieuw", "1"),
            ("naam", naam),
            ("discipline", "huisarts"),
            ("buurt", buurt),
            ("wijkverband", typed),
        ]);
        assert_eq!(
            send(&app, post(&format!("{KAART}/actor"), Some(&cookie), &body)).await.0,
            StatusCode::SEE_OTHER
        );
    }
    let store = Store::open(&db.url).await.unwrap();
    let wijkverband = |id: &'static str| {
        let store = store.clone();
        async move { store.actor("Woerden", id).await.unwrap().unwrap().0.wijkverband.unwrap() }
    };
    assert_eq!(wijkverband("huisarts-centrum").await, "Verkeerd", "no plan chosen yet: what was typed");

    // The bewerker makes "Wijken" the region's plan: the actor takes its buurt's wijkverband.
    let (_, _, page, _) = send(&app, get(plan, Some(&cookie))).await;
    assert!(page.contains("Maak dit de indeling van de regio"));
    let onbekend = form(&[("csrf", &csrf), ("naam", "Bestaat niet")]);
    assert_eq!(
        send(&app, post("/regio/Woerden/indelingen/kies", Some(&cookie), &onbekend)).await.0,
        StatusCode::NOT_FOUND
    );
    let kies = form(&[("csrf", &csrf), ("naam", "Wijken")]);
    assert_eq!(
        send(&app, post("/regio/Woerden/indelingen/kies", Some(&cookie), &kies)).await.0,
        StatusCode::SEE_OTHER
    );
    assert_eq!(wijkverband("huisarts-centrum").await, home);
    assert_eq!(wijkverband("buurtcoach").await, "Eigen groep", "without a buurt: its own group");
    let (_, _, page, _) = send(&app, get(plan, Some(&cookie))).await;
    assert!(page.contains("Dit is de indeling van de regio."));
    let enc = |s: &str| s.replace(' ', "%20");
    assert!(
        page.contains(&format!("/regio/Woerden/sociale-kaart?wijkverband={}", enc(&home))),
        "plan → sociale kaart"
    );
    assert!(page.contains(&format!("/regio/Woerden/wijkfoto?wijkverband={}", enc(&home))), "plan → wijkfoto's");

    // Moving the buurt in the plan moves the actor; undo moves it back.
    let edit = form(&[("csrf", &csrf), ("actie", "toewijzen"), ("buurt", "BU06320101"), ("wijkverband", &other)]);
    assert_eq!(send(&app, post(&format!("{plan}/wijzig"), Some(&cookie), &edit)).await.0, StatusCode::SEE_OTHER);
    assert_eq!(wijkverband("huisarts-centrum").await, other);
    let undo = form(&[("csrf", &csrf), ("actie", "ongedaan")]);
    assert_eq!(send(&app, post(&format!("{plan}/wijzig"), Some(&cookie), &undo)).await.0, StatusCode::SEE_OTHER);
    assert_eq!(wijkverband("huisarts-centrum").await, home);
    // Typing another wijkverband for an actor with a buurt changes nothing: the plan decides.
    let body = form(&[
        ("csrf", &csrf),
        ("nieuw", "0"),
        ("id", "huisarts-centrum"),
        ("naam", "Huisarts Centrum"),
        ("discipline", "huisarts"),
        ("buurt", "BU06320101"),
        ("wijkverband", "Verkeerd"),
    ]);
    assert_eq!(send(&app, post(&format!("{KAART}/actor"), Some(&cookie), &body)).await.0, StatusCode::SEE_OTHER);
    assert_eq!(wijkverband("huisarts-centrum").await, home);

    // Back from the sociale kaart to the plan's wijkverband; a round for it holds the actor.
    let (_, _, page, _) = send(&app, get(&format!("{KAART}?wijkverband={}", enc(&home)), Some(&cookie))).await;
    assert!(page.contains(&format!("Startfoto van {home}")), "sociale kaart → startfoto");
    let (status, _, page, _) =
        send(&app, get(&format!("/regio/Woerden/wijkfoto/nieuw?wijkverband={}", enc(&home)), Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Huisarts Centrum"), "the round's respondents come from the plan's wijkverband");

    // A removed plan is no longer the region's; the actors keep their wijkverband.
    let weg = form(&[("csrf", &csrf), ("naam", "Wijken")]);
    assert_eq!(
        send(&app, post("/regio/Woerden/indelingen/verwijder", Some(&cookie), &weg)).await.0,
        StatusCode::SEE_OTHER
    );
    assert_eq!(store.wijkverband_indeling("Woerden").await.unwrap(), None);
    assert_eq!(wijkverband("huisarts-centrum").await, home);
}
}
