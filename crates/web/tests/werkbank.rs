//! The workbench: making plans (engine, per wijk, upload), editing with live
//! figures, locks, undo/redo and history, comparing, exporting and reading
//! back; and the authorisation matrix of every state-changing route against
//! every role. Expected figures come from the raw CBS file.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use axum::Router;
use axum::http::StatusCode;
use common::{app, get, login, number, post, send, table, texts};
use wv_testkit::{num, raw_kwb};

const PLAN: &str = "/regio/Woerden/indeling/Een";

/// Woerden's inhabitants per buurt, from the raw file.
fn inwoners(code: &str) -> f64 {
    num(raw_kwb().iter().find(|r| r["BU_CODE"] == code).unwrap(), "AANT_INW").unwrap()
}

fn woerden() -> Vec<std::collections::HashMap<String, String>> {
    raw_kwb().into_iter().filter(|r| r["GM_CODE"] == "GM0632").collect()
}

/// (wijkverband, inhabitants) from the plan page's table.
fn wijkverbanden(page: &str) -> Vec<(String, f64)> {
    let doc = scraper::Html::parse_document(page);
    let sel = |css: &str| scraper::Selector::parse(css).unwrap();
    doc.select(&sel("#wijkverbanden > tbody > tr"))
        .map(|row| {
            // The name: linked to its profile when it has buurten, else the header's first text.
            let th = row.select(&sel("th")).next().unwrap();
            let naam = match th.select(&sel("a")).next() {
                Some(a) => a.text().collect::<String>(),
                None => th.text().find(|t| !t.trim().is_empty()).unwrap().to_string(),
            };
            let cells: Vec<String> = row.select(&sel("td")).map(|c| c.text().collect()).collect();
            (naam.trim().to_string(), number(&cells[1]))
        })
        .collect()
}

/// The cells of a profile's row of one indicator: its label, then the figures.
fn indicator_row(page: &str, label: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(page);
    let rows = scraper::Selector::parse("tr").unwrap();
    let cells = scraper::Selector::parse("th, td").unwrap();
    doc.select(&rows)
        .map(|r| r.select(&cells).map(|c| c.text().collect::<String>().trim().to_string()).collect::<Vec<_>>())
        .find_map(|r| r.iter().position(|c| c == label).map(|i| r[i..].to_vec()))
        .unwrap_or_else(|| panic!("no row {label}"))
}

fn of(ws: &[(String, f64)], naam: &str) -> Option<f64> {
    ws.iter().find(|w| w.0 == naam).map(|w| w.1)
}

fn version(page: &str) -> u32 {
    let text = &texts(page, "#versie")[0];
    text.strip_prefix("Versie ").unwrap().split(' ').next().unwrap().parse().unwrap()
}

async fn edit(app: &Router, cookie: &str, csrf: &str, form: &str) -> (StatusCode, String) {
    let (status, _, body, _) =
        send(app, post(&format!("{PLAN}/wijzig"), Some(cookie), &format!("csrf={csrf}&{form}"))).await;
    (status, body)
}

async fn page(app: &Router, cookie: &str) -> String {
    let (status, _, body, _) = send(app, get(PLAN, Some(cookie))).await;
    assert_eq!(status, StatusCode::OK);
    body
}

/// A bewerker's session with plan "Een": the engine's proposal for Woerden with a floor of 8,000.
async fn with_plan(app: &Router) -> (String, String) {
    let (cookie, csrf) = login(app, "bewerker@test.nl", "geheim-bewerker").await;
    let form = format!("csrf={csrf}&naam=Een&basis=voorstel&min=8000&max=&seed=3");
    let (status, _, _, headers) = send(app, post("/regio/Woerden/indelingen", Some(&cookie), &form)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers["location"], PLAN);
    (cookie, csrf)
}

wv_testkit::on_both_stores! {
/// The workbench's script asks (a header) for the plan page as the answer to an edit: one request
/// instead of the POST and the page it redirects to; the page shows the edit made.
async fn an_edit_of_the_script_is_answered_with_the_page(db) {
    let app = app(&db).await;
    let (cookie, csrf) = with_plan(&app).await;
    let mut req = post(&format!("{PLAN}/wijzig"), Some(&cookie), &format!("csrf={csrf}&actie=toevoegen&naam=Nieuw"));
    req.headers_mut().insert("wv-werkblad", "1".parse().unwrap());
    let (status, _, body, _) = send(&app, req).await;
    assert_eq!(status, StatusCode::OK, "{}", db.kind);
    assert_eq!(version(&body), 2);
    assert!(body.contains("laatste wijziging: wijkverband Nieuw toegevoegd"), "{}", texts(&body, "#versie")[0]);
    assert_eq!(body, page(&app, &cookie).await, "the same page as a reload shows");
}
}

wv_testkit::on_both_stores! {
async fn paint_lock_undo_redo_and_history_with_live_figures(db) {
    let app = app(&db).await;
    let (cookie, csrf) = with_plan(&app).await;
    let first = page(&app, &cookie).await;
    let before = wijkverbanden(&first);
    let total: f64 = woerden().iter().map(|r| num(r, "AANT_INW").unwrap()).sum();
    assert_eq!(before.iter().map(|w| w.1).sum::<f64>(), total, "every inhabitant once");
    assert!(before.iter().all(|w| w.1 >= 8000.0), "{before:?}");
    assert_eq!(version(&first), 1);

    // A typo makes no new wijkverband: it is refused with the name meant.
    let three = ["BU06320101", "BU06320102", "BU06320103"];
    let to = |w: &str| format!("actie=toewijzen&wijkverband={w}{}", three.map(|b| format!("&buurt={b}")).concat());
    let meant = before[0].0.clone();
    let typo = format!("{}x", meant.replace(' ', "+"));
    let (status, body) = edit(&app, &cookie, &csrf, &to(&typo)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("bestaat niet in deze indeling") && body.contains(&format!("Bedoelt u &#39;{meant}&#39;?")),
        "{body}"
    );
    assert_eq!(version(&page(&app, &cookie).await), 1, "nothing changed");
    // A form the app cannot read (a field twice that holds one value) is refused in Dutch.
    let (status, body) = edit(&app, &cookie, &csrf, "actie=toevoegen&naam=A&naam=B").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Het formulier is niet te lezen: laad de pagina opnieuw."), "{body}");
    assert_eq!(version(&page(&app, &cookie).await), 1, "nothing changed");
    // Paint three buurten into a new wijkverband (made first): its inhabitants are theirs.
    assert_eq!(edit(&app, &cookie, &csrf, "actie=toevoegen&naam=Nieuw").await.0, StatusCode::SEE_OTHER);
    assert_eq!(edit(&app, &cookie, &csrf, &to("Nieuw")).await.0, StatusCode::SEE_OTHER, "{}", db.kind);
    let painted = page(&app, &cookie).await;
    let expected: f64 = three.iter().map(|b| inwoners(b)).sum();
    assert_eq!(of(&wijkverbanden(&painted), "Nieuw"), Some(expected));
    assert_eq!(wijkverbanden(&painted).iter().map(|w| w.1).sum::<f64>(), total);
    assert_eq!(version(&painted), 3);
    assert!(painted.contains("laatste wijziging: 3 buurten naar Nieuw (door Bewerker)"));

    // Lock it: its buurten stay, the refusal says why and changes nothing.
    assert_eq!(edit(&app, &cookie, &csrf, "actie=vergrendel&naam=Nieuw").await.0, StatusCode::SEE_OTHER);
    let other = before[0].0.replace(' ', "+");
    let (status, body) =
        edit(&app, &cookie, &csrf, &format!("actie=toewijzen&wijkverband={other}&buurt=BU06320101")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("Wijkverband &#39;Nieuw&#39; is vergrendeld")
            || body.contains("Wijkverband 'Nieuw' is vergrendeld"),
        "{body}"
    );
    let locked = page(&app, &cookie).await;
    assert_eq!(version(&locked), 4);
    assert_eq!(of(&wijkverbanden(&locked), "Nieuw"), Some(expected));

    // Undo the lock, the painting and the new wijkverband; redo the last two.
    for _ in 0..3 {
        assert_eq!(edit(&app, &cookie, &csrf, "actie=ongedaan").await.0, StatusCode::SEE_OTHER);
    }
    let undone = page(&app, &cookie).await;
    assert_eq!(version(&undone), 1);
    assert_eq!(wijkverbanden(&undone), before);
    let (status, _) = edit(&app, &cookie, &csrf, "actie=ongedaan").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "nothing before version 1");
    for _ in 0..2 {
        assert_eq!(edit(&app, &cookie, &csrf, "actie=opnieuw").await.0, StatusCode::SEE_OTHER);
    }
    let redone = page(&app, &cookie).await;
    assert_eq!(of(&wijkverbanden(&redone), "Nieuw"), Some(expected));
    assert!(!redone.contains("🔒 vergrendeld"), "the lock is still undone");

    // A new edit drops what was undone; rename, add and remove keep every inhabitant.
    assert_eq!(edit(&app, &cookie, &csrf, "actie=hernoemen&van=Nieuw&naar=Centrum").await.0, StatusCode::SEE_OTHER);
    assert_eq!(edit(&app, &cookie, &csrf, "actie=opnieuw").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(edit(&app, &cookie, &csrf, "actie=toevoegen&naam=Leeg").await.0, StatusCode::SEE_OTHER);
    let added = wijkverbanden(&page(&app, &cookie).await);
    assert_eq!(of(&added, "Leeg"), Some(0.0));
    assert_eq!(of(&added, "Centrum"), Some(expected));
    let target = before[1].0.replace(' ', "+");
    let form = format!("actie=verwijderen&naam=Centrum&naar={target}");
    assert_eq!(edit(&app, &cookie, &csrf, &form).await.0, StatusCode::SEE_OTHER);
    let removed = wijkverbanden(&page(&app, &cookie).await);
    assert_eq!(of(&removed, "Centrum"), None);
    assert_eq!(removed.iter().map(|w| w.1).sum::<f64>(), total);

    // Bounds are stored with the plan and judge it.
    assert_eq!(edit(&app, &cookie, &csrf, "actie=grenzen&min=50000&max=").await.0, StatusCode::SEE_OTHER);
    let strict = page(&app, &cookie).await;
    assert!(strict.contains("minimaal 50000"));
    assert!(strict.contains("▼ onder de ondergrens"));
    assert_eq!(edit(&app, &cookie, &csrf, "actie=grenzen&min=veel").await.0, StatusCode::UNPROCESSABLE_ENTITY);

    // The history lists every version; restoring version 1 is a new version with its state.
    let (_, _, history, _) = send(&app, get(&format!("{PLAN}/geschiedenis"), Some(&cookie))).await;
    for words in [
        "gemaakt (voorstel)",
        "Nieuw hernoemd tot Centrum",
        "wijkverband Leeg toegevoegd",
        "grenzen: minimaal 50000",
    ] {
        assert!(history.contains(words), "{words} in the history");
    }
    assert!(!history.contains("Nieuw vergrendeld"), "undone and replaced");
    assert_eq!(edit(&app, &cookie, &csrf, "actie=terugzetten&versie=1").await.0, StatusCode::SEE_OTHER);
    let restored = page(&app, &cookie).await;
    assert_eq!(wijkverbanden(&restored), before);
    assert!(restored.contains("versie 1 teruggezet"));
}
}

#[tokio::test]
async fn plans_per_wijk_and_from_an_upload_with_located_errors() {
    let db = wv_testkit::sqlite();
    let app = app(&db).await;
    let (cookie, csrf) = with_plan(&app).await;
    // Per CBS wijk: one wijkverband per wijk code of the raw file.
    let form = format!("csrf={csrf}&naam=Wijken&basis=wijk&min=0&max=");
    assert_eq!(send(&app, post("/regio/Woerden/indelingen", Some(&cookie), &form)).await.0, StatusCode::SEE_OTHER);
    let (_, _, wijken, _) = send(&app, get("/regio/Woerden/indeling/Wijken", Some(&cookie))).await;
    let codes: BTreeSet<String> = woerden().iter().map(|r| r["WK_CODE"].clone()).collect();
    assert_eq!(wijkverbanden(&wijken).len(), codes.len());

    // Export plan Een as CSV and read it back as a new plan: the same assignment.
    let (status, _, csv, headers) = send(&app, get(&format!("{PLAN}/export.csv"), Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-disposition"].to_str().unwrap().contains("Een.csv"));
    let rows = plan_rows(&csv);
    assert_eq!(rows.len(), woerden().len());
    // Beside the two columns every tool reads: the buurt's name, gemeente and inhabitants, as in
    // the raw file.
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.headers().unwrap(), vec!["buurtcode", "wijkverband", "buurtnaam", "gemeente", "inwoners"]);
    let raw_rows = woerden();
    for r in reader.records() {
        let r = r.unwrap();
        let raw = raw_rows.iter().find(|w| w["BU_CODE"] == r[0]).unwrap();
        assert_eq!((&r[2], &r[3]), (raw["BU_NAAM"].as_str(), raw["GM_NAAM"].as_str()));
        assert_eq!(r[4].parse::<f64>().unwrap(), inwoners(&r[0]));
    }
    let upload = |naam: &str, text: &str| {
        let body = serde_urlencoded::to_string([
            ("csrf", csrf.as_str()),
            ("naam", naam),
            ("basis", "upload"),
            ("min", "8000"),
            ("max", ""),
            ("bestand", "plan.csv"),
            ("inhoud", text),
        ])
        .unwrap();
        post("/regio/Woerden/indelingen", Some(&cookie), &body)
    };
    assert_eq!(send(&app, upload("Terug", &csv)).await.0, StatusCode::SEE_OTHER);
    let (_, _, back, _) = send(&app, get("/regio/Woerden/indeling/Terug/export.csv", Some(&cookie))).await;
    assert_eq!(back, csv);
    let (_, _, a, _) = send(&app, get(PLAN, Some(&cookie))).await;
    let (_, _, b, _) = send(&app, get("/regio/Woerden/indeling/Terug", Some(&cookie))).await;
    assert_eq!(wijkverbanden(&a), wijkverbanden(&b));

    // Bad uploads say where, and make nothing.
    let unknown = csv.replacen("BU06320101", "BU99999999", 1);
    let (status, _, body, _) = send(&app, upload("Fout", &unknown)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("plan.csv, regel ") && body.contains("BU99999999 is geen buurt van regio Woerden"), "{body}");
    let duplicate = format!("{csv}BU06320101,Extra,Woerden-Midden,Woerden,0\n");
    let (status, _, body, _) = send(&app, upload("Fout", &duplicate)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("BU06320101 staat er twee keer in"), "{body}");
    let short: String = csv.lines().take(5).map(|l| format!("{l}\n")).collect();
    let (status, _, body, _) = send(&app, upload("Fout", &short)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("buurten van regio Woerden ontbreken"), "{body}");
    let (_, _, list, _) = send(&app, get("/regio/Woerden/indelingen", Some(&cookie))).await;
    assert!(!list.contains(">Fout<"), "nothing made");

    // GeoJSON with the same properties reads the same.
    let features: Vec<serde_json::Value> = rows
        .iter()
        .map(|(b, w)| serde_json::json!({"type": "Feature", "geometry": null, "properties": {"buurtcode": b, "wijkverband": w}}))
        .collect();
    let gj = serde_json::json!({"type": "FeatureCollection", "features": features}).to_string();
    assert_eq!(send(&app, upload("Geo", &gj)).await.0, StatusCode::SEE_OTHER);
    let (_, _, geo, _) = send(&app, get("/regio/Woerden/indeling/Geo/export.csv", Some(&cookie))).await;
    assert_eq!(geo, csv);
}

#[tokio::test]
async fn compare_exports_and_report() {
    let db = wv_testkit::sqlite();
    let app = app(&db).await;
    let (cookie, csrf) = with_plan(&app).await;
    // A copy with every wijkverband renamed and one buurt moved: one buurt differs.
    let (_, _, csv, _) = send(&app, get(&format!("{PLAN}/export.csv"), Some(&cookie))).await;
    let mut rows = plan_rows(&csv);
    rows.values_mut().for_each(|w| *w = w.replace("Wijkverband", "Gebied"));
    let home = rows["BU06320101"].clone();
    let other = rows.values().find(|w| **w != home).unwrap().clone();
    rows.insert("BU06320101".into(), other.clone());
    let lines: Vec<String> =
        std::iter::once("buurtcode,wijkverband".into()).chain(rows.iter().map(|(b, w)| format!("{b},{w}"))).collect();
    let body = serde_urlencoded::to_string([
        ("csrf", csrf.as_str()),
        ("naam", "Twee"),
        ("basis", "upload"),
        ("min", "8000"),
        ("inhoud", &lines.join("\n")),
    ])
    .unwrap();
    assert_eq!(send(&app, post("/regio/Woerden/indelingen", Some(&cookie), &body)).await.0, StatusCode::SEE_OTHER);
    let (status, _, cmp, _) = send(&app, get("/regio/Woerden/vergelijk?plan=Een&plan=Twee", Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(cmp.contains("<caption>1 buurt ligt anders</caption>"), "{cmp}");
    // Names differ (renamed), so the moved buurt's cell says where it went and that it moved;
    // the koppeling says which wijkverband of Twee is which of Een.
    let diff = table(&cmp, "#verschillen");
    let row = diff.iter().find(|r| r.iter().any(|c| c == "BU06320101")).expect("the moved buurt");
    let was = |g: &str| g.replace("Gebied", "Wijkverband");
    assert!(row.contains(&format!("{other} (≙ {} van Een): verplaatst", was(&other))), "{row:?}");
    let koppeling = table(&cmp, "#koppeling");
    assert!(koppeling.iter().any(|r| r.windows(2).any(|w| w[0] == was(&home) && w[1] == home)), "{koppeling:?}");
    assert_eq!(cmp.matches("data-code=").count(), woerden().len(), "every buurt on the map");

    // GeoJSON: one outline per wijkverband with its inhabitants.
    let (_, _, gj, _) = send(&app, get(&format!("{PLAN}/export.geojson"), Some(&cookie))).await;
    let fc: geojson::FeatureCollection = gj.parse().unwrap();
    let (_, _, page, _) = send(&app, get(PLAN, Some(&cookie))).await;
    let ws = wijkverbanden(&page);
    assert_eq!(fc.features.len(), ws.len());
    for f in &fc.features {
        let naam = f.property("wijkverband").unwrap().as_str().unwrap();
        assert_eq!(f.property("inwoners").unwrap().as_f64(), of(&ws, naam));
    }

    // The startfoto of every wijkverband, under a CSP nonce of its own.
    let (status, _, report, headers) = send(&app, get(&format!("{PLAN}/rapport"), Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    let csp = headers["content-security-policy"].to_str().unwrap();
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    assert!(report.contains(&format!("<style nonce=\"{nonce}\">")));
    assert!(!csp.contains("unsafe-inline"));
    for (naam, _) in &ws {
        assert!(report.contains(naam.as_str()), "{naam} in the report");
    }

    // The profile of a wijkverband: its inhabitants are the sum of its buurten in the raw file.
    let (naam, expected) = &ws[0];
    let members: Vec<String> = plan_rows(&csv).into_iter().filter(|(_, w)| w == naam).map(|(b, _)| b).collect();
    assert_eq!(members.iter().map(|b| inwoners(b)).sum::<f64>(), *expected);
    let url = format!("/regio/Woerden/profiel?indeling=Een&wijkverband={}", naam.replace(' ', "+"));
    let (status, _, profile, _) = send(&app, get(&url, Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    let row = indicator_row(&profile, "Inwoners");
    assert_eq!(number(&row[1]), *expected);
    // A count is compared with the region as a share, never as a difference of people.
    let region: f64 = csv.lines().skip(1).map(|l| inwoners(&l[..10])).sum();
    let share = format!("{:.1}% van de referentie", expected / region * 100.0).replace('.', ",");
    assert_eq!(row[3], share);
    // Differences of percentages are percentage points.
    assert!(profile.contains(" procentpunt</td>"), "procentpunt in the profile");
    assert!(profile.contains(&format!("{} buurten", members.len())));
    let (status, _, _, headers) = send(&app, get(&format!("{url}&print=1"), Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-security-policy"].to_str().unwrap().contains("'nonce-"));
}

wv_testkit::on_both_stores! {
async fn every_state_changing_route_against_every_role(db) {
    let app = app(&db).await;
    let (admin, admin_csrf) = login(&app, "beheerder@test.nl", "geheim-beheerder").await;
    let form = format!("csrf={admin_csrf}&naam=Een&basis=gemeente&min=8000");
    assert_eq!(send(&app, post("/regio/Woerden/indelingen", Some(&admin), &form)).await.0, StatusCode::SEE_OTHER);
    let wijzig = format!("{PLAN}/wijzig");
    let reken = format!("{PLAN}/reken");
    // Runs belong to who started them: another's (or an unknown) run is not found.
    let (accept, reject) = (format!("{PLAN}/reken/onbekend/accepteer"), format!("{PLAN}/reken/onbekend/verwerp"));
    let routes = [
        ("/regio/Woerden/indelingen", "basis=leeg&min=8000".to_string(), StatusCode::SEE_OTHER),
        (wijzig.as_str(), "actie=toewijzen&buurt=BU06320101&wijkverband=Woerden".into(), StatusCode::SEE_OTHER),
        (wijzig.as_str(), "actie=toevoegen&naam=Nieuw+{wie}".into(), StatusCode::SEE_OTHER),
        (wijzig.as_str(), "actie=vergrendel&naam=Woerden".into(), StatusCode::SEE_OTHER),
        (wijzig.as_str(), "actie=ongedaan".into(), StatusCode::SEE_OTHER),
        (wijzig.as_str(), "actie=grenzen&min=9000".into(), StatusCode::SEE_OTHER),
        ("/regio/Woerden/indelingen/verwijder", "naam=Bestaat+niet".into(), StatusCode::NOT_FOUND),
        ("/regio/Woerden/indelingen/kies", "naam=Een".into(), StatusCode::SEE_OTHER),
        (reken.as_str(), "soort=herbalanceer".into(), StatusCode::SEE_OTHER),
        (accept.as_str(), String::new(), StatusCode::NOT_FOUND),
        (reject.as_str(), String::new(), StatusCode::SEE_OTHER),
    ];
    let accounts = [
        ("beheerder@test.nl", "geheim-beheerder", true),
        ("bewerker@test.nl", "geheim-bewerker", true),
        ("lezer@test.nl", "geheim-lezer", false),
        ("ander@test.nl", "geheim-ander", false),
    ];
    for (email, password, allowed) in accounts {
        let (cookie, csrf) = login(&app, email, password).await;
        for (route, form, ok) in &routes {
            let form = form.replace("{wie}", email);
            let with = send(&app, post(route, Some(&cookie), &format!("csrf={csrf}&{form}"))).await.0;
            let expected = if allowed { *ok } else { StatusCode::FORBIDDEN };
            assert_eq!(with, expected, "{} {email} {route} {form}", db.kind);
            let without = send(&app, post(route, Some(&cookie), &form)).await.0;
            assert_eq!(without, StatusCode::FORBIDDEN, "{email} {route} without a CSRF token");
        }
        // Reading: everyone with a role on Woerden sees the plan; only bewerkers get the controls.
        let (status, _, page, _) = send(&app, get(PLAN, Some(&cookie))).await;
        if email == "ander@test.nl" {
            assert_eq!(status, StatusCode::FORBIDDEN);
            for path in ["/geschiedenis", "/export.csv", "/export.geojson", "/rapport"] {
                assert_eq!(send(&app, get(&format!("{PLAN}{path}"), Some(&cookie))).await.0, StatusCode::FORBIDDEN);
            }
            let cmp = send(&app, get("/regio/Woerden/vergelijk?plan=Een&plan=Een", Some(&cookie))).await.0;
            assert_eq!(cmp, StatusCode::FORBIDDEN);
            assert_eq!(
                send(&app, get("/regio/Woerden/kaart.geojson", Some(&cookie))).await.0,
                StatusCode::FORBIDDEN
            );
        } else {
            assert_eq!(status, StatusCode::OK);
            assert_eq!(page.contains("name=\"actie\""), allowed, "{email}");
        }
    }
    for (route, form, _) in &routes {
        assert_eq!(send(&app, post(route, None, form)).await.0, StatusCode::FORBIDDEN);
    }
}
}

/// The engine on a selection in the background: progress, the result beside the plan,
/// accept as a version (undoable), and buurten outside the selection stay put.
#[tokio::test]
async fn the_engine_on_a_selection_with_accept_and_reject() {
    let db = wv_testkit::sqlite();
    let app = app(&db).await;
    let (cookie, csrf) = login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let form = format!("csrf={csrf}&naam=Een&basis=wijk&min=0");
    assert_eq!(send(&app, post("/regio/Woerden/indelingen", Some(&cookie), &form)).await.0, StatusCode::SEE_OTHER);
    let (_, _, before, _) = send(&app, get(&format!("{PLAN}/export.csv"), Some(&cookie))).await;
    let rows = plan_rows(&before);
    // Select the buurten of the two largest wijken; the floor is the smallest of the others,
    // which stay as they are.
    let mut sizes = wijkverbanden(&page(&app, &cookie).await);
    sizes.sort_by(|a, b| b.1.total_cmp(&a.1));
    let two: Vec<&String> = sizes[..2].iter().map(|w| &w.0).collect();
    let floor = sizes[2..].iter().map(|w| w.1).fold(f64::INFINITY, f64::min);
    let selection: Vec<&String> = rows.iter().filter(|(_, w)| two.contains(w)).map(|(b, _)| b).collect();
    assert_eq!(edit(&app, &cookie, &csrf, &format!("actie=grenzen&min={floor}")).await.0, StatusCode::SEE_OTHER);
    let body =
        format!("csrf={csrf}&soort=voorstel{}", selection.iter().map(|b| format!("&buurt={b}")).collect::<String>());
    let (status, _, _, headers) = send(&app, post(&format!("{PLAN}/reken"), Some(&cookie), &body)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let job = headers["location"].to_str().unwrap().to_string();
    // Another account cannot see the run: a lezer has no runs, another bewerker (the beheerder)
    // does not find this one.
    let (lezer, _) = login(&app, "lezer@test.nl", "geheim-lezer").await;
    assert_eq!(send(&app, get(&job, Some(&lezer))).await.0, StatusCode::FORBIDDEN);
    let (beheerder, _) = login(&app, "beheerder@test.nl", "geheim-beheerder").await;
    assert_eq!(send(&app, get(&job, Some(&beheerder))).await.0, StatusCode::NOT_FOUND);
    let mut done = false;
    for _ in 0..200 {
        let (_, _, s, _) = send(&app, get(&format!("{job}/status"), Some(&cookie))).await;
        let s: serde_json::Value = serde_json::from_str(&s).unwrap();
        if s["klaar"] == true {
            done = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(done, "the run ends");
    let (status, _, result, _) = send(&app, get(&job, Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(result.contains("<table id=\"uitkomst\">"), "{result}");
    assert_eq!(
        send(&app, post(&format!("{job}/accepteer"), Some(&cookie), &format!("csrf={csrf}"))).await.0,
        StatusCode::SEE_OTHER
    );
    let (_, _, after, _) = send(&app, get(&format!("{PLAN}/export.csv"), Some(&cookie))).await;
    let after = plan_rows(&after);
    for (b, w) in &rows {
        if !selection.contains(&b) {
            assert_eq!(&after[b], w, "{b} lies outside the selection and stays");
        }
    }
    // The preview listed exactly the buurten whose wijkverband accepting changed, with both names.
    assert_eq!(preview_moves(&result), applied_moves(&rows, &after), "preview = what was applied");
    let page = page(&app, &cookie).await;
    assert!(page.contains("uitkomst van de rekenhulp (voorstel) aangenomen"));
    assert!(!page.contains("onder de ondergrens"), "every wijkverband meets the floor");
    assert_eq!(edit(&app, &cookie, &csrf, "actie=ongedaan").await.0, StatusCode::SEE_OTHER);
    let (_, _, undone, _) = send(&app, get(&format!("{PLAN}/export.csv"), Some(&cookie))).await;
    assert_eq!(undone, before, "accepting is one version: undo restores the plan");
    // The job is gone once accepted.
    assert_eq!(send(&app, get(&job, Some(&cookie))).await.0, StatusCode::NOT_FOUND);
    // "Herstel de grenzen" with a floor that two wijkverbanden miss: again preview = applied.
    let ceiling = sizes[0].1 * 0.8;
    assert_eq!(
        edit(&app, &cookie, &csrf, &format!("actie=grenzen&min={floor}&max={ceiling}")).await.0,
        StatusCode::SEE_OTHER
    );
    let (_, _, before, _) = send(&app, get(&format!("{PLAN}/export.csv"), Some(&cookie))).await;
    let before = plan_rows(&before);
    let (_, _, _, headers) =
        send(&app, post(&format!("{PLAN}/reken"), Some(&cookie), &format!("csrf={csrf}&soort=herbalanceer"))).await;
    let job = headers["location"].to_str().unwrap().to_string();
    for _ in 0..200 {
        let (_, _, s, _) = send(&app, get(&format!("{job}/status"), Some(&cookie))).await;
        if s.contains("\"klaar\":true") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (_, _, result, _) = send(&app, get(&job, Some(&cookie))).await;
    assert!(result.contains("id=\"verplaatst\""), "the repair has a result: {result}");
    send(&app, post(&format!("{job}/accepteer"), Some(&cookie), &format!("csrf={csrf}"))).await;
    let (_, _, after, _) = send(&app, get(&format!("{PLAN}/export.csv"), Some(&cookie))).await;
    let after = plan_rows(&after);
    assert!(!applied_moves(&before, &after).is_empty(), "the repair moved buurten");
    assert_eq!(preview_moves(&result), applied_moves(&before, &after), "repair: preview = what was applied");
}

/// buurtcode → wijkverband from an exported plan.
fn plan_rows(text: &str) -> BTreeMap<String, String> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.map(|r| (r[0].to_string(), r[1].to_string())).unwrap())
        .collect()
}

/// (buurt code, before, after) for every buurt whose wijkverband differs.
fn applied_moves(
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) -> BTreeSet<(String, String, String)> {
    before.iter().filter(|(b, w)| &after[*b] != *w).map(|(b, w)| (b.clone(), w.clone(), after[b].clone())).collect()
}

/// The rows of the rekenhulp's preview table: (buurt code, now, after).
fn preview_moves(page: &str) -> BTreeSet<(String, String, String)> {
    table(page, "#verplaatst")
        .into_iter()
        .map(|row| {
            let code = row[0].split('(').nth(1).unwrap().split(')').next().unwrap().to_string();
            (code, row[2].clone(), row[3].clone())
        })
        .collect()
}

/// Existing structures: uploaded per region; a plan shows which of their areas it splits,
/// with the share of inhabitants outside the main wijkverband (from the raw file).
#[tokio::test]
async fn structures_and_the_areas_a_plan_splits() {
    let db = wv_testkit::sqlite();
    let app = app(&db).await;
    let (cookie, csrf) = login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let form = format!("csrf={csrf}&naam=Een&basis=gemeente&min=0");
    assert_eq!(send(&app, post("/regio/Woerden/indelingen", Some(&cookie), &form)).await.0, StatusCode::SEE_OTHER);
    // Shown once before the upload: the page's settings of the region, kept in memory, are renewed.
    assert!(!page(&app, &cookie).await.contains("id=\"structuren\""));
    // The CBS wijken as a structure.
    let mut csv = String::from("buurtcode,structuur,gebied\n");
    for r in woerden() {
        csv.push_str(&format!("{},CBS-wijk,{}\n", r["BU_CODE"], r["WK_CODE"]));
    }
    let upload = |text: &str| {
        let body = serde_urlencoded::to_string([("csrf", csrf.as_str()), ("bestand", "wijken.csv"), ("inhoud", text)])
            .unwrap();
        post("/regio/Woerden/structuren", Some(&cookie), &body)
    };
    assert_eq!(send(&app, upload(&csv)).await.0, StatusCode::SEE_OTHER);
    assert!(!page(&app, &cookie).await.contains("id=\"structuren\""), "one wijkverband splits nothing");
    // Move one buurt out: its wijk is split.
    assert_eq!(edit(&app, &cookie, &csrf, "actie=toevoegen&naam=Noord").await.0, StatusCode::SEE_OTHER);
    assert_eq!(
        edit(&app, &cookie, &csrf, "actie=toewijzen&buurt=BU06320101&wijkverband=Noord").await.0,
        StatusCode::SEE_OTHER
    );
    let wijk = woerden().iter().find(|r| r["BU_CODE"] == "BU06320101").unwrap()["WK_CODE"].clone();
    let total: f64 = woerden().iter().filter(|r| r["WK_CODE"] == wijk).map(|r| num(r, "AANT_INW").unwrap()).sum();
    let moved = inwoners("BU06320101");
    let outside = (moved.min(total - moved) / total * 100.0).round();
    let shown = page(&app, &cookie).await;
    assert!(
        shown.contains(&format!("CBS-wijk: {wijk} ligt in 2 wijkverbanden; {outside}% van de inwoners")),
        "{shown}"
    );
    // A bad file says where and changes nothing.
    let bad = format!("{csv}BU99999999,CBS-wijk,WK999999\n");
    let (status, _, body, _) = send(&app, upload(&bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("wijken.csv, regel ") && body.contains("BU99999999 is geen buurt van regio Woerden"),
        "{body}"
    );
    assert!(page(&app, &cookie).await.contains(&format!("CBS-wijk: {wijk} ligt in 2")), "still the old structure");
    // Only bewerkers upload.
    let (lezer, lezer_csrf) = login(&app, "lezer@test.nl", "geheim-lezer").await;
    let body = serde_urlencoded::to_string([("csrf", lezer_csrf.as_str()), ("inhoud", csv.as_str())]).unwrap();
    assert_eq!(send(&app, post("/regio/Woerden/structuren", Some(&lezer), &body)).await.0, StatusCode::FORBIDDEN);
}

wv_testkit::on_both_stores! {
/// Plan names belong to their region: a bewerker of another region makes a plan of the same
/// name without learning of or touching the first, and each region lists only its own.
async fn plan_names_are_unique_per_region_only(db) {
    let app = app(&db).await;
    let (woerden, csrf_w) = login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let (ander, csrf_a) = login(&app, "ander@test.nl", "geheim-ander").await;
    let make = |regio: &str, cookie: &str, csrf: &str, basis: &str| {
        post(
            &format!("/regio/{regio}/indelingen"),
            Some(cookie),
            &format!("csrf={csrf}&naam=Gedeeld&basis={basis}"),
        )
    };
    assert_eq!(send(&app, make("Woerden", &woerden, &csrf_w, "gemeente")).await.0, StatusCode::SEE_OTHER);
    assert_eq!(send(&app, make("Ander", &ander, &csrf_a, "wijk")).await.0, StatusCode::SEE_OTHER, "{}", db.kind);
    let store = wv_store::Store::open(&db.url).await.unwrap();
    assert_eq!(store.plan(Some("Woerden"), "Gedeeld").await.unwrap().bron, "per gemeente");
    assert_eq!(store.plan(Some("Ander"), "Gedeeld").await.unwrap().bron, "per CBS-wijk");
    // Ander's list and deletion concern Ander's plan only.
    let form = format!("csrf={csrf_a}&naam=Gedeeld");
    assert_eq!(
        send(&app, post("/regio/Ander/indelingen/verwijder", Some(&ander), &form)).await.0,
        StatusCode::SEE_OTHER
    );
    assert!(store.plan(Some("Ander"), "Gedeeld").await.is_err());
    assert_eq!(store.plan(Some("Woerden"), "Gedeeld").await.unwrap().bron, "per gemeente");
    assert_eq!(store.plan_regio(None, "Gedeeld").await.unwrap().as_deref(), Some("Woerden"));
}
}

/// Engine runs are bounded: an account has at most three at once (running or waiting); rejecting
/// one makes room again.
#[tokio::test]
async fn engine_runs_are_bounded_per_account() {
    let db = wv_testkit::sqlite();
    let app = app(&db).await;
    let (cookie, csrf) = with_plan(&app).await;
    let start = || post(&format!("{PLAN}/reken"), Some(&cookie), &format!("csrf={csrf}&soort=herbalanceer"));
    let mut jobs = Vec::new();
    for _ in 0..3 {
        let (status, _, _, headers) = send(&app, start()).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        jobs.push(headers["location"].to_str().unwrap().to_string());
    }
    let (status, _, body, _) = send(&app, start()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(body.contains("al 3 berekeningen"), "{body}");
    let reject = post(&format!("{}/verwerp", jobs[0]), Some(&cookie), &format!("csrf={csrf}"));
    assert_eq!(send(&app, reject).await.0, StatusCode::SEE_OTHER);
    assert_eq!(send(&app, start()).await.0, StatusCode::SEE_OTHER, "room again");
}

/// A new proposal in the web app makes wijkverbanden alike in the region's chosen variables,
/// as `indeling voorstel --variabelen` does: the same plan as the engine on the store's model
/// with those variables (the command line's path). The choice is shown, can be changed, and
/// stays the region's.
#[tokio::test]
async fn a_web_proposal_uses_the_regions_variables_like_the_cli() {
    use wv_core::indeling::{Constraints, MaxPOptions, max_p};
    use wv_store::{ModelOptions, Store};
    let db = wv_testkit::sqlite();
    let app = app(&db).await;
    let (cookie, csrf) = login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let ticked = |page: &str, code: &str| page.contains(&format!("name=\"variabele\" value=\"{code}\" checked"));
    let (_, _, form, _) = send(&app, get("/regio/Woerden/indelingen", Some(&cookie))).await;
    assert!(ticked(&form, "aandeel_65plus") && !ticked(&form, "aandeel_huishoudens_met_kinderen"), "the default");

    let store = Store::open(&db.url).await.unwrap();
    let cat = wv_core::indicator::Catalogue::builtin();
    let c = Constraints { min: 8000.0, max: None, gemeentegrenzen: false, vast: vec![], ..Default::default() };
    for (naam, chosen) in [("Gelijk", vec!["aandeel_65plus", "aandeel_huishoudens_met_kinderen"]), ("Zonder", vec![])] {
        let fields: String = chosen.iter().map(|v| format!("&variabele={v}")).collect();
        let body = format!("csrf={csrf}&naam={naam}&basis=voorstel&min=8000&max=&seed=3&variabelen=1{fields}");
        assert_eq!(send(&app, post("/regio/Woerden/indelingen", Some(&cookie), &body)).await.0, StatusCode::SEE_OTHER);
        let (_, _, csv, _) =
            send(&app, get(&format!("/regio/Woerden/indeling/{naam}/export.csv"), Some(&cookie))).await;

        let variabelen: Vec<String> = chosen.iter().map(|s| s.to_string()).collect();
        let model = store
            .region_model(&cat, "Woerden", &ModelOptions { variabelen: &variabelen, ..ModelOptions::default() })
            .await
            .unwrap();
        let opts = MaxPOptions { seed: 3, time_budget: std::time::Duration::from_secs(20), ..MaxPOptions::default() };
        let expected = max_p(&model.region, &c, &opts, &|_| {}).unwrap().plan;
        // Equal partitions (names aside): each pair of buurten together in one is together in the other.
        let web = plan_rows(&csv);
        let together = |a: usize, b: usize| expected.assignment[a] == expected.assignment[b];
        for (a, ca) in model.region.codes.iter().enumerate() {
            for (b, cb) in model.region.codes.iter().enumerate().skip(a + 1) {
                assert_eq!(web[ca] == web[cb], together(a, b), "{naam}: {ca} and {cb}");
            }
        }
        // The choice is the region's now: the form shows it ticked.
        let (_, _, form, _) = send(&app, get("/regio/Woerden/indelingen", Some(&cookie))).await;
        assert_eq!(ticked(&form, "aandeel_huishoudens_met_kinderen"), !chosen.is_empty(), "{naam}");
        assert_eq!(ticked(&form, "aandeel_65plus"), !chosen.is_empty(), "{naam}");
    }
    // Something that is no indicator is refused, and nothing is made.
    let body = format!("csrf={csrf}&naam=Fout&basis=voorstel&min=8000&variabelen=1&variabele=geen_indicator");
    let (status, _, page, _) = send(&app, post("/regio/Woerden/indelingen", Some(&cookie), &body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("geen_indicator&#39; is geen indicator om wijkverbanden op te laten lijken"), "{page}");
    let (_, _, list, _) = send(&app, get("/regio/Woerden/indelingen", Some(&cookie))).await;
    assert!(!list.contains(">Fout<"), "nothing made");
}

/// Oudewater (9,885 inhabitants in the raw file; it borders Montfoort) on its own is under a floor of 10,000 when no
/// wijkverband may cross a gemeente border: the page says so in words and offers what the command
/// line offers — a lower floor for Oudewater, or letting it join a neighbour; each choice makes the
/// proposal, and the plan is judged by it.
#[tokio::test]
async fn an_infeasible_proposal_names_the_cause_and_offers_a_way_out() {
    use wv_core::gebied::Code;
    use wv_data::buurten::{self, ReadOptions};
    use wv_store::{Quiet, Rol, Store};
    let db = wv_testkit::sqlite();
    let app = app(&db).await;
    let store = Store::open(&db.url).await.unwrap();
    let file =
        buurten::read(&wv_testkit::data("buurten_2015_provincie_utrecht.geojson"), 2015, &ReadOptions::default())
            .await
            .unwrap();
    store.import_buurten(&file, "provincie", &Quiet).await.unwrap();
    let gemeenten = ["GM0632", "GM0589", "GM0335"].map(|g| Code::parse(g).unwrap());
    store.create_regio("West", &gemeenten).await.unwrap();
    store.set_rol("bewerker@test.nl", "West", Rol::Bewerker).await.unwrap();
    let (cookie, csrf) = login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let oudewater: f64 = raw_kwb().iter().filter(|r| r["GM_CODE"] == "GM0589").filter_map(|r| num(r, "AANT_INW")).sum();
    let shown = format!("{}.{:03}", oudewater as u64 / 1000, oudewater as u64 % 1000);

    let form = |naam: &str, extra: &str| {
        format!("csrf={csrf}&naam={naam}&basis=voorstel&min=10000&max=&seed=1&gemeentegrenzen=ja{extra}")
    };
    let (status, _, page, _) = send(&app, post("/regio/West/indelingen", Some(&cookie), &form("A", ""))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains(&format!("Gemeente Oudewater heeft {shown} inwoners, minder dan de ondergrens van 10.000")),
        "{page}"
    );
    assert!(!page.contains("--verbindingen"), "no command-line flags in the web app");
    let ondergrens = format!("ondergrens:GM0589:{oudewater}");
    assert!(page.contains(&format!("name=\"uitzondering\" value=\"{ondergrens}\"")), "{page}");
    assert!(page.contains("name=\"uitzondering\" value=\"open:GM0589\""), "{page}");

    // A lower floor for Oudewater: it is a wijkverband of its own, and the plan judges it by that floor.
    let (status, _, _, _) = send(
        &app,
        post("/regio/West/indelingen", Some(&cookie), &form("Laag", &format!("&uitzondering={ondergrens}"))),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, plan, _) = send(&app, get("/regio/West/indeling/Laag", Some(&cookie))).await;
    assert!(!plan.contains("onder de ondergrens"), "judged by Oudewater's own floor");
    let (_, _, csv, _) = send(&app, get("/regio/West/indeling/Laag/export.csv", Some(&cookie))).await;
    let rows = plan_rows(&csv);
    let oudewater_codes: BTreeSet<&str> = raw_kwb()
        .iter()
        .filter(|r| r["GM_CODE"] == "GM0589")
        .map(|r| r["BU_CODE"].clone())
        .collect::<Vec<_>>()
        .leak()
        .iter()
        .map(String::as_str)
        .collect();
    let wijkverband: BTreeSet<&String> = oudewater_codes.iter().map(|c| &rows[*c]).collect();
    assert_eq!(wijkverband.len(), 1, "Oudewater is one wijkverband");
    assert!(
        rows.iter().filter(|(_, w)| wijkverband.contains(w)).all(|(b, _)| oudewater_codes.contains(b.as_str())),
        "of its own"
    );

    // Letting Oudewater join a neighbour: some wijkverband holds buurten of both gemeenten.
    let (status, _, _, _) =
        send(&app, post("/regio/West/indelingen", Some(&cookie), &form("Open", "&uitzondering=open:GM0589"))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, csv, _) = send(&app, get("/regio/West/indeling/Open/export.csv", Some(&cookie))).await;
    let rows = plan_rows(&csv);
    let with_oudewater: BTreeSet<&String> = oudewater_codes.iter().map(|c| &rows[*c]).collect();
    assert!(rows.iter().any(|(b, w)| with_oudewater.contains(w) && !oudewater_codes.contains(b.as_str())), "joined");
    // A made-up exception is refused.
    let (status, _, page, _) =
        send(&app, post("/regio/West/indelingen", Some(&cookie), &form("B", "&uitzondering=open:GM9999"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("GM9999 is geen gemeente van de regio"), "{page}");
}

/// A profile is compared with the reference the user picks, as `scan --referentie`: the
/// gemeente, buurten of the same urbanity (CBS's STED class in the raw file), the region; a
/// selection of buurten can be named. Expected values come from the raw file.
#[tokio::test]
async fn profiles_compare_with_the_chosen_reference_and_selections_have_names() {
    let db = wv_testkit::sqlite();
    let app = app(&db).await;
    let (cookie, _) = login(&app, "lezer@test.nl", "geheim-lezer").await;
    let inwoners_cell = |page: &str, col: usize| -> f64 { number(&indicator_row(page, "Inwoners")[col]) };
    let raw = woerden();
    let buurt = raw.iter().find(|r| r["BU_CODE"] == "BU06320101").unwrap();
    let sted = &buurt["STED"];
    let same: f64 = raw.iter().filter(|r| &r["STED"] == sted).filter_map(|r| num(r, "AANT_INW")).sum();
    let all: f64 = raw.iter().filter_map(|r| num(r, "AANT_INW")).sum();
    for (referentie, expected, naam) in [
        ("vergelijkbaar", same, "even stedelijke buurten in de regio"),
        ("gemeente", all, "gemeente Woerden"),
        ("regio", all, "regio Woerden"),
    ] {
        let url = format!("/regio/Woerden/profiel?buurt=BU06320101&referentie={referentie}");
        let (status, _, page, _) = send(&app, get(&url, Some(&cookie))).await;
        assert_eq!(status, StatusCode::OK, "{referentie}");
        assert!(page.contains(&format!("vergeleken met {naam}")), "{referentie}: {page}");
        assert_eq!(inwoners_cell(&page, 2), expected, "{referentie}: the reference's inhabitants");
        assert!(page.contains("aria-current=\"true\""), "the chosen reference is marked");
        assert!(page.contains("Wat betekenen veerkracht, standaardafwijking en percentiel?"), "help where it appears");
    }
    // Nederland needs the published figures; without them the page says so.
    let (status, _, page, _) =
        send(&app, get("/regio/Woerden/profiel?buurt=BU06320101&referentie=nl", Some(&cookie))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("Voor Nederland zijn geen cijfers ingelezen."));
    // A named selection.
    let url = "/regio/Woerden/profiel?buurt=BU06320101&buurt=BU06320102&naam=Rondom+het+station";
    let (_, _, page, _) = send(&app, get(url, Some(&cookie))).await;
    assert!(page.contains("<h1>Rondom het station</h1>"), "{page}");
}

/// The plan page keeps the region's settings in memory; every change of them shows on the next
/// page: another plan to compare with, the plan of the region, the variables proposals use.
#[tokio::test]
async fn the_plan_page_shows_every_change_of_the_regions_settings() {
    let db = wv_testkit::sqlite();
    let app = app(&db).await;
    let (cookie, csrf) = login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let make = |naam: &str, extra: &str| {
        let form = format!("csrf={csrf}&naam={naam}&basis=voorstel&max=&seed=3{extra}");
        post("/regio/Woerden/indelingen", Some(&cookie), &form)
    };
    assert_eq!(send(&app, make("Een", "&min=8000")).await.0, StatusCode::SEE_OTHER);
    let ticked = |page: &str| page.contains("name=\"variabele\" value=\"aandeel_65plus\" checked");
    let first = page(&app, &cookie).await;
    assert!(texts(&first, "#vergelijk-met option").is_empty(), "no other plan yet");
    assert!(!first.contains("Dit is de indeling van de regio"));
    assert!(ticked(&first), "the default variables");

    // Each change on its own, the page read after each.
    assert_eq!(send(&app, make("Twee", "&min=8000")).await.0, StatusCode::SEE_OTHER);
    assert_eq!(texts(&page(&app, &cookie).await, "#vergelijk-met option"), ["Twee"]);
    let kies = format!("csrf={csrf}&naam=Een");
    assert_eq!(send(&app, post("/regio/Woerden/indelingen/kies", Some(&cookie), &kies)).await.0, StatusCode::SEE_OTHER);
    assert!(page(&app, &cookie).await.contains("Dit is de indeling van de regio"));
    // The variables a proposal is asked with become the region's, also when it cannot be made.
    let (status, _, _, _) = send(&app, make("Drie", "&min=9999999&variabelen=1")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "no wijkverband of that many inhabitants");
    assert!(!ticked(&page(&app, &cookie).await), "no variables is the region's choice now");
    let weg = format!("csrf={csrf}&naam=Twee");
    assert_eq!(
        send(&app, post("/regio/Woerden/indelingen/verwijder", Some(&cookie), &weg)).await.0,
        StatusCode::SEE_OTHER
    );
    assert!(texts(&page(&app, &cookie).await, "#vergelijk-met option").is_empty(), "Twee is gone");
}
