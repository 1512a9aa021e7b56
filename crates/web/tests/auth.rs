//! Accounts and authorisation: login with CSRF, sessions in secure cookies,
//! rate limiting, roles per region on pages and the API, security headers.

mod common;

use axum::http::{StatusCode, header};
use common::{app, get, login, post, send, value};

wv_testkit::on_both_stores! {
async fn login_roles_and_csrf_on_both_stores(db) {
    let app = app(&db).await;
    // Not signed in: pages send you to the login, the API says 401.
    let (status, _, _, headers) = send(&app, get("/", None)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{}", db.kind);
    assert_eq!(headers[header::LOCATION], "/inloggen");
    assert_eq!(send(&app, get("/api/regio", None)).await.0, StatusCode::UNAUTHORIZED);
    // Security headers on every response.
    let (_, _, _, h) = send(&app, get("/inloggen", None)).await;
    assert!(h[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("script-src 'self'"));
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");

    let (cookie, csrf) = login(&app, "lezer@test.nl", "geheim-lezer").await;
    let (status, _, page, _) = send(&app, get("/regio/Woerden", Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("BU06320101") && page.contains("De kaart als tabel"));
    assert_eq!(page.matches("<path d=").count(), 31, "every buurt on the map");
    // A lezer of Woerden sees nothing of another region, on pages or the API.
    assert_eq!(send(&app, get("/regio/Ander", Some(&cookie))).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, get("/api/regio/Ander/buurten", Some(&cookie))).await.0, StatusCode::FORBIDDEN);
    let (status, _, json, _) = send(&app, get("/api/regio", Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    let regios: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(regios.as_array().unwrap().len(), 1);
    assert_eq!(regios[0]["rol"], "lezer");

    // State-changing requests without the session's CSRF token are refused.
    assert_eq!(send(&app, post("/uitloggen", Some(&cookie), "")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, post("/uitloggen", Some(&cookie), "csrf=fout")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        send(&app, post("/uitloggen", Some(&cookie), &format!("csrf={csrf}"))).await.0,
        StatusCode::SEE_OTHER
    );
    // The session is gone.
    assert_eq!(send(&app, get("/", Some(&cookie))).await.0, StatusCode::SEE_OTHER);
}
}

#[tokio::test]
async fn login_is_refused_without_csrf_and_rate_limited() {
    let db = wv_testkit::sqlite();
    let app = app(&db).await;
    // No login cookie and no token: refused before the password is even looked at.
    assert_eq!(
        send(&app, post("/inloggen", None, "email=lezer@test.nl&wachtwoord=geheim-lezer&csrf=x")).await.0,
        StatusCode::FORBIDDEN
    );
    let (_, cookies, _, _) = send(&app, get("/inloggen", None)).await;
    let t = value(&cookies, "wv_inlog").unwrap().to_string();
    let attempt = |pw: &str| {
        post("/inloggen", Some(&format!("wv_inlog={t}")), &format!("email=lezer@test.nl&wachtwoord={pw}&csrf={t}"))
    };
    for _ in 0..5 {
        let (status, _, body, _) = send(&app, attempt("fout")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(body.contains("klopt niet"));
    }
    // After five failures even the right password waits, from that client.
    let (status, _, body, _) = send(&app, attempt("geheim-lezer")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(body.contains("Te veel mislukte pogingen"));
}

wv_testkit::on_both_stores! {
/// Guesses sent all at once are counted as they come (only five get a real check), and a
/// stranger's failures — also with spaces and other case in the address — never lock the
/// owner, on another client, out. On both stores.
async fn simultaneous_guesses_are_counted_and_the_owner_is_not_locked_out(db) {
    use axum::extract::ConnectInfo;
    let app = app(&db).await;
    let (_, cookies, _, _) = send(&app, get("/inloggen", None)).await;
    let t = value(&cookies, "wv_inlog").unwrap().to_string();
    let from = |ip: [u8; 4], email: &str, pw: &str| {
        let mut r =
            post("/inloggen", Some(&format!("wv_inlog={t}")), &format!("email={email}&wachtwoord={pw}&csrf={t}"));
        r.extensions_mut().insert(ConnectInfo(std::net::SocketAddr::from((ip, 40000))));
        r
    };
    let mut tasks = Vec::new();
    for k in 0..50 {
        let (app, pw) = (app.clone(), if k == 49 { "geheim-lezer".to_string() } else { format!("fout{k}") });
        let email = if k % 2 == 0 { "lezer@test.nl" } else { "%20LEZER@Test.nl%20" };
        let req = from([10, 0, 0, 9], email, &pw);
        tasks.push(tokio::spawn(async move { send(&app, req).await.0 }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    let checked = statuses.iter().filter(|s| **s != StatusCode::TOO_MANY_REQUESTS).count();
    assert!(checked <= 5, "{}: {checked} attempts got a real check: {statuses:?}", db.kind);
    assert!(
        statuses
            .iter()
            .all(|s| [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS, StatusCode::SEE_OTHER].contains(s))
    );
    // The owner, from their own client, signs in at once.
    let (status, _, _, _) = send(&app, from([192, 0, 2, 1], "lezer@test.nl", "geheim-lezer")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{}", db.kind);
}
}

/// Every GET path the OpenAPI description names answers a lezer with what its schema requires.
#[tokio::test]
async fn the_openapi_description_matches_the_api() {
    let db = wv_testkit::sqlite();
    let app = common::app(&db).await;
    let (admin, csrf) = common::login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let form = format!("csrf={csrf}&naam=Een&basis=gemeente&min=8000");
    assert_eq!(send(&app, post("/regio/Woerden/indelingen", Some(&admin), &form)).await.0, StatusCode::SEE_OTHER);
    // A wijkfoto round of two actors, for the network's routes.
    let store = wv_store::Store::open(&db.url).await.unwrap();
    let actor = |id: &str, discipline| wv_core::netwerk::Actor {
        id: id.into(),
        naam: id.to_uppercase(),
        discipline,
        organisatie: None,
        buurt: Some("BU06320101".into()),
        wijkverband: Some("Centrum".into()),
        overleggen: vec![],
        soort: Default::default(),
        rol: None,
    };
    use wv_core::netwerk::Discipline;
    store
        .save_actors("Woerden", &[(actor("ha", Discipline::Huisarts), None), (actor("ap", Discipline::Apotheek), None)])
        .await
        .unwrap();
    let nieuw = common::nieuwe_ronde("Centrum", "2026-11-24");
    let tokens =
        [("ha".to_string(), "tok-ha-0123456789".to_string()), ("ap".to_string(), "tok-ap-0123456789".to_string())];
    let ronde = store.create_ronde(&nieuw, &tokens).await.unwrap().to_string();
    // A duidingssessie with a contribution, for the sessions' routes.
    let format = wv_core::sessie::Sjabloon::WereldCafe.format(&[]);
    let gebieden = [wv_store::SessieGebied { naam: "Centrum".into(), soort: "wijk".into(), buurten: vec![] }];
    let nieuwe_sessie = wv_store::NieuweSessie {
        titel: "Wereldcafé",
        datum: "2026-11-24",
        plaats: "",
        begeleider: "",
        gebieden: &gebieden,
        format: &format,
        deelnemers: &[],
        figuren: &[],
        synthetisch: false,
    };
    let sessie = store.maak_sessie("Woerden", &nieuwe_sessie).await.unwrap();
    store.bijdragen_typen(sessie.id, Some(1), 1, false, &["dementie"]).await.unwrap();
    let (status, _, doc, _) = send(&app, get("/api/openapi.json", None)).await;
    assert_eq!(status, StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let (cookie, _) = common::login(&app, "lezer@test.nl", "geheim-lezer").await;
    let schema = |s: &serde_json::Value| -> serde_json::Value {
        match s.get("$ref").and_then(|r| r.as_str()) {
            Some(r) => doc.pointer(&r.replace("#/", "/")).unwrap().clone(),
            None => s.clone(),
        }
    };
    let mut checked = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        let Some(op) = ops.get("get") else { continue };
        let url = path
            .replace("{regio}", "Woerden")
            .replace("{plan}", "Een")
            .replace("{ronde}", &ronde)
            .replace("{sessie}", &sessie.id.to_string())
            .replace("{token}", &sessie.tafels[0].token);
        let (status, _, body, _) = send(&app, get(&url, Some(&cookie))).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let content = &op["responses"]["200"]["content"];
        let Some(s) = content.as_object().unwrap().values().find_map(|c| c.get("schema")) else { continue };
        let s = schema(s);
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        let (object, s) = if s["type"] == "array" {
            (value.as_array().unwrap().first().cloned().expect("a non-empty list"), schema(&s["items"]))
        } else {
            (value, s)
        };
        for key in s["required"].as_array().into_iter().flatten() {
            assert!(object.get(key.as_str().unwrap()).is_some(), "{path}: no {key}");
        }
        checked += 1;
    }
    assert!(checked >= 14, "{checked} paths checked");
    // Every route of the network is described, in Dutch.
    for part in ["netwerk.json", "kumu.json", "knopen.csv", "verbindingen.csv", "netwerk.graphml"] {
        assert!(doc["paths"][format!("/regio/{{regio}}/wijkfoto/{{ronde}}/{part}")]["get"].is_object(), "{part}");
    }
    assert!(doc["info"]["description"].as_str().unwrap().contains("Elk verzoek heeft een sessie nodig"));
    let (_, _, page, _) = send(&app, get("/", Some(&cookie))).await;
    assert!(
        common::texts(&page, "footer a[href='/api/openapi.json']").contains(&"API-beschrijving (OpenAPI)".to_string()),
        "linked from every page"
    );
    // The changing routes are described too.
    for path in ["/regio/{regio}/indelingen", "/regio/{regio}/indeling/{plan}/wijzig"] {
        assert!(doc["paths"][path]["post"].is_object(), "{path}");
    }
}

wv_testkit::on_both_stores! {
/// A beheerder invites someone; the link makes their account with the role, once.
/// Everyone sees, downloads and deletes their own data; only beheerders manage accounts.
async fn invitations_roles_and_own_data_on_both_stores(db) {
    let app = app(&db).await;
    let (admin, csrf) = login(&app, "beheerder@test.nl", "geheim-beheerder").await;
    let form = format!("csrf={csrf}&email=Nieuw%40test.nl&regio=Woerden&rol=bewerker");
    let (status, _, page, _) = send(&app, post("/beheer/uitnodigen", Some(&admin), &form)).await;
    assert_eq!(status, StatusCode::OK, "{}", db.kind);
    let link = page.split("/uitnodiging/").nth(1).unwrap().split('"').next().unwrap().to_string();
    let path = format!("/uitnodiging/{link}");

    // Accepting: the form's token comes with a cookie; weak passwords are refused.
    let (status, cookies, body, _) = send(&app, get(&path, None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("nieuw@test.nl"));
    let token = value(&cookies, "wv_inlog").unwrap().to_string();
    let jar = format!("wv_inlog={token}");
    let short = format!("csrf={token}&naam=Nieuw&wachtwoord=kort&herhaal=kort");
    assert_eq!(send(&app, post(&path, Some(&jar), &short)).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let without = "naam=Nieuw&wachtwoord=lang-genoeg-123&herhaal=lang-genoeg-123";
    assert_eq!(send(&app, post(&path, Some(&jar), without)).await.0, StatusCode::FORBIDDEN, "no CSRF token");
    let good = format!("csrf={token}&{without}");
    assert_eq!(send(&app, post(&path, Some(&jar), &good)).await.0, StatusCode::SEE_OTHER);
    assert_eq!(send(&app, get(&path, None)).await.0, StatusCode::NOT_FOUND, "used up");

    // The new account edits Woerden, and nothing else.
    let (cookie, csrf2) = login(&app, "nieuw@test.nl", "lang-genoeg-123").await;
    let plan = format!("csrf={csrf2}&naam=Van+nieuw&basis=gemeente&min=0");
    assert_eq!(send(&app, post("/regio/Woerden/indelingen", Some(&cookie), &plan)).await.0, StatusCode::SEE_OTHER);
    assert_eq!(send(&app, get("/regio/Ander", Some(&cookie))).await.0, StatusCode::FORBIDDEN);

    // Only beheerders manage accounts.
    assert_eq!(send(&app, get("/beheer", Some(&cookie))).await.0, StatusCode::FORBIDDEN);
    for (route, form) in [
        ("/beheer/uitnodigen", "email=x%40y.nl&regio=Woerden&rol=lezer"),
        ("/beheer/rol", "email=lezer%40test.nl&regio=Woerden&rol=bewerker"),
        ("/beheer/verwijder", "email=lezer%40test.nl"),
    ] {
        let with = send(&app, post(route, Some(&cookie), &format!("csrf={csrf2}&{form}"))).await.0;
        assert_eq!(with, StatusCode::FORBIDDEN, "{route}");
        assert_eq!(
            send(&app, post(route, Some(&admin), form)).await.0,
            StatusCode::FORBIDDEN,
            "{route} without CSRF"
        );
    }
    let role = format!("csrf={csrf}&email=nieuw%40test.nl&regio=Woerden&rol=geen");
    assert_eq!(send(&app, post("/beheer/rol", Some(&admin), &role)).await.0, StatusCode::SEE_OTHER);
    assert_eq!(send(&app, get("/regio/Woerden", Some(&cookie))).await.0, StatusCode::FORBIDDEN, "role taken away");

    // Own data: shown, downloadable, deletable with the password.
    let (_, _, json, _) = send(&app, get("/mijn-gegevens.json", Some(&cookie))).await;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["email"], "nieuw@test.nl");
    assert_eq!(json["versies_van_indelingen"], 1);
    let wrong = format!("csrf={csrf2}&wachtwoord=fout");
    assert_eq!(
        send(&app, post("/mijn-gegevens/verwijder", Some(&cookie), &wrong)).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let right = format!("csrf={csrf2}&wachtwoord=lang-genoeg-123");
    assert_eq!(send(&app, post("/mijn-gegevens/verwijder", Some(&cookie), &right)).await.0, StatusCode::SEE_OTHER);
    assert_eq!(send(&app, get("/", Some(&cookie))).await.0, StatusCode::SEE_OTHER, "the session is gone");
    let (_, _, history, _) =
        send(&app, get("/regio/Woerden/indeling/Van%20nieuw/geschiedenis", Some(&admin))).await;
    assert!(!history.contains("Nieuw"), "the version keeps no name");
}
}

wv_testkit::on_both_stores! {
/// An invitation to an address that has an account asks for no name or password (it used to
/// ignore what was typed): accepting adds the role, and the old password still works.
async fn an_invitation_to_an_existing_account_only_adds_the_role(db) {
    let app = app(&db).await;
    let (admin, csrf) = login(&app, "beheerder@test.nl", "geheim-beheerder").await;
    let form = format!("csrf={csrf}&email=lezer%40test.nl&regio=Ander&rol=bewerker");
    let (_, _, page, _) = send(&app, post("/beheer/uitnodigen", Some(&admin), &form)).await;
    let path =
        format!("/uitnodiging/{}", page.split("/uitnodiging/").nth(1).unwrap().split(['<', '"']).next().unwrap());
    let (status, cookies, page, _) = send(&app, get(&path, None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("al een account") && !page.contains("name=\"wachtwoord\""), "{page}");
    let t = value(&cookies, "wv_inlog").unwrap().to_string();
    let (status, _, _, _) = send(&app, post(&path, Some(&format!("wv_inlog={t}")), &format!("csrf={t}"))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (lezer, _) = login(&app, "lezer@test.nl", "geheim-lezer").await;
    assert_eq!(send(&app, get("/regio/Ander/sociale-kaart", Some(&lezer))).await.0, StatusCode::OK, "the new role");
}
}

/// Unknown addresses, a missing region and refusals are pages in the app's layout (a heading,
/// the reason, a way on), not a blank or plain-text answer; the API keeps its own answers.
#[tokio::test]
async fn errors_are_pages_in_the_apps_layout() {
    let db = wv_testkit::sqlite();
    let app = app(&db).await;
    let (cookie, _) = login(&app, "lezer@test.nl", "geheim-lezer").await;
    let (admin, _) = login(&app, "beheerder@test.nl", "geheim-beheerder").await;
    for (path, status, kop) in [
        ("/bestaat-niet", StatusCode::NOT_FOUND, "Niet gevonden"),
        ("/regio/Nergens", StatusCode::NOT_FOUND, "Niet gevonden"),
        ("/regio/Ander/indelingen", StatusCode::FORBIDDEN, "Geen toegang"),
    ] {
        // The beheerder may see every region, so a missing one is missing, not forbidden.
        let who = if path == "/regio/Nergens" { &admin } else { &cookie };
        let (got, _, body, headers) = send(&app, get(path, Some(who))).await;
        assert_eq!(got, status, "{path}");
        assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"), "{path}");
        assert!(body.contains(&format!("<h1>{kop}</h1>")) && body.contains("<header class=\"kop\">"), "{path}: {body}");
        assert!(body.contains("href=\"/\""), "a way on");
    }
    // One's own data is "Mijn gegevens" in the header (not the name beside "Beheer"), and a
    // beheerder's roles say what the role allows.
    let (_, _, mine, _) = send(&app, get("/mijn-gegevens", Some(&admin))).await;
    assert!(mine.contains("<a href=\"/mijn-gegevens\">Mijn gegevens</a>"), "{mine}");
    assert!(mine.contains("beheerder: bewerker in alle regio's"), "{mine}");
    assert!(mine.contains("<link rel=\"icon\" href=\"/assets/favicon.svg\""), "a favicon");
    assert_eq!(send(&app, get("/assets/favicon.svg", None)).await.0, StatusCode::OK);
    let (_, _, body, _) = send(&app, get("/regio/Ander/indelingen", Some(&cookie))).await;
    assert!(body.contains("U hebt geen toegang tot deze regio."), "the route's own reason: {body}");
    let (status, _, _, headers) = send(&app, get("/api/regio/Nergens/buurten", Some(&admin))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        !headers.get("content-type").is_some_and(|t| t.to_str().unwrap().starts_with("text/html")),
        "the API stays itself"
    );
}

/// The start page shows each of one's regions with what it holds and the next step.
#[tokio::test]
async fn the_start_page_shows_what_each_region_holds_and_the_next_step() {
    let db = wv_testkit::sqlite();
    let app = app(&db).await;
    let (cookie, csrf) = login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let (_, _, start, _) = send(&app, get("/", Some(&cookie))).await;
    assert!(start.contains(">Woerden</a></h2>") && !start.contains(">Ander</a>"), "only one's own regions");
    assert!(
        start.contains("0 wijkindelingen") && start.contains("Volgende stap: <a href=\"/regio/Woerden/indelingen\">"),
        "{start}"
    );
    let form = format!("csrf={csrf}&naam=Een&basis=gemeente&min=8000");
    assert_eq!(send(&app, post("/regio/Woerden/indelingen", Some(&cookie), &form)).await.0, StatusCode::SEE_OTHER);
    let (_, _, start, _) = send(&app, get("/", Some(&cookie))).await;
    assert!(
        start.contains("1 wijkindeling<") && start.contains("Volgende stap: <a href=\"/regio/Woerden/sociale-kaart\">"),
        "{start}"
    );
}

/// A form that does not fit what the app reads is refused in Dutch with the field named, and
/// nobody is signed in.
#[tokio::test]
async fn an_unreadable_form_is_refused_with_its_field() {
    let db = wv_testkit::sqlite();
    let app = app(&db).await;
    let (_, cookies, _, _) = send(&app, get("/inloggen", None)).await;
    let csrf = common::value(&cookies, "wv_inlog").unwrap().to_string();
    let body = format!("email=lezer@test.nl&csrf={csrf}");
    let (status, cookies, page, _) = send(&app, post("/inloggen", Some(&format!("wv_inlog={csrf}")), &body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Het formulier is niet te lezen (veld &#39;wachtwoord&#39;)"), "{page}");
    assert!(!cookies.iter().any(|c| c.starts_with("wv_sessie=")), "nobody signed in");
}
