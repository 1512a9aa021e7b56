//! Accounts and authorisation: login with CSRF, sessions in secure cookies,
//! rate limiting, roles per region on pages and the API, security headers.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;
use wv_core::gebied::Code;
use wv_core::indicator::Catalogue;
use wv_data::buurten::{self, ReadOptions};
use wv_store::{Quiet, Rol, Store};
use wv_web::{AppState, hash_password, router};

async fn app(db: &wv_testkit::TestDb) -> Router {
    let store = Store::open(&db.url).await.unwrap();
    let file =
        buurten::read(&wv_testkit::data("buurten_2015_woerden.geojson"), 2015, &ReadOptions::default()).await.unwrap();
    store.import_buurten(&file, 2015, "woerden", &Quiet).await.unwrap();
    store.maak_regio("Woerden", &[Code::parse("GM0632").unwrap()]).await.unwrap();
    store.maak_regio("Ander", &[Code::parse("GM0632").unwrap()]).await.unwrap();
    store.maak_gebruiker("lezer@test.nl", "Lezer", &hash_password("geheim-lezer"), false).await.unwrap();
    store.zet_rol("lezer@test.nl", "Woerden", Rol::Lezer).await.unwrap();
    router(AppState { store, catalogue: Arc::new(Catalogue::builtin()) })
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, Vec<String>, String, axum::http::HeaderMap) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let cookies = headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_string()).collect();
    let body = String::from_utf8(to_bytes(res.into_body(), 1 << 24).await.unwrap().to_vec()).unwrap();
    (status, cookies, body, headers)
}

fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut r = Request::get(path);
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::empty()).unwrap()
}

fn post(path: &str, cookie: Option<&str>, form: &str) -> Request<Body> {
    let mut r = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::from(form.to_string())).unwrap()
}

fn value<'a>(cookies: &'a [String], name: &str) -> Option<&'a str> {
    cookies.iter().find_map(|c| c.strip_prefix(&format!("{name}="))).map(|c| c.split(';').next().unwrap())
}

/// Logs in and returns the session cookie and the page's CSRF token.
async fn login(app: &Router, email: &str, password: &str) -> (String, String) {
    let (_, cookies, body, _) = send(app, get("/inloggen", None)).await;
    let csrf = value(&cookies, "wv_inlog").unwrap().to_string();
    assert!(body.contains(&csrf), "the form carries the token");
    let (status, cookies, _, _) = send(
        app,
        post(
            "/inloggen",
            Some(&format!("wv_inlog={csrf}")),
            &format!("email={email}&wachtwoord={password}&csrf={csrf}"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let session = cookies.iter().find(|c| c.starts_with("wv_sessie=")).unwrap();
    for attr in ["HttpOnly", "Secure", "SameSite=Strict", "Max-Age=28800"] {
        assert!(session.contains(attr), "{session} lacks {attr}");
    }
    let cookie = format!("wv_sessie={}", value(&cookies, "wv_sessie").unwrap());
    let (_, _, page, _) = send(app, get("/", Some(&cookie))).await;
    let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    (cookie, csrf)
}

#[tokio::test]
async fn login_roles_and_csrf_on_both_stores() {
    for db in wv_testkit::backends().await {
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
    // After five failures even the right password waits.
    let (status, _, body, _) = send(&app, attempt("geheim-lezer")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(body.contains("Te veel mislukte pogingen"));
}
