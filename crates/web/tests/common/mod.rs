//! Test support: the app on a store with Woerden, accounts of every role, requests.

#![allow(dead_code)]

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

pub async fn app(db: &wv_testkit::TestDb) -> Router {
    let store = Store::open(&db.url).await.unwrap();
    let file =
        buurten::read(&wv_testkit::data("buurten_2015_woerden.geojson"), 2015, &ReadOptions::default()).await.unwrap();
    store.import_buurten(&file, "woerden", &Quiet).await.unwrap();
    store.create_regio("Woerden", &[Code::parse("GM0632").unwrap()]).await.unwrap();
    store.create_regio("Ander", &[Code::parse("GM0632").unwrap()]).await.unwrap();
    store.create_gebruiker("lezer@test.nl", "Lezer", &hash_password("geheim-lezer"), false).await.unwrap();
    store.set_rol("lezer@test.nl", "Woerden", Rol::Lezer).await.unwrap();
    store.create_gebruiker("bewerker@test.nl", "Bewerker", &hash_password("geheim-bewerker"), false).await.unwrap();
    store.set_rol("bewerker@test.nl", "Woerden", Rol::Bewerker).await.unwrap();
    store.create_gebruiker("ander@test.nl", "Ander", &hash_password("geheim-ander"), false).await.unwrap();
    store.set_rol("ander@test.nl", "Ander", Rol::Bewerker).await.unwrap();
    store.create_gebruiker("beheerder@test.nl", "Beheerder", &hash_password("geheim-beheerder"), true).await.unwrap();
    router(AppState::new(store, Arc::new(Catalogue::builtin())))
}

pub async fn send(app: &Router, req: Request<Body>) -> (StatusCode, Vec<String>, String, axum::http::HeaderMap) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let cookies = headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_string()).collect();
    let body = String::from_utf8_lossy(&to_bytes(res.into_body(), 1 << 24).await.unwrap()).into_owned();
    (status, cookies, body, headers)
}

pub fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut r = Request::get(path);
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::empty()).unwrap()
}

pub fn post(path: &str, cookie: Option<&str>, form: &str) -> Request<Body> {
    let mut r = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::from(form.to_string())).unwrap()
}

pub fn value<'a>(cookies: &'a [String], name: &str) -> Option<&'a str> {
    cookies.iter().find_map(|c| c.strip_prefix(&format!("{name}="))).map(|c| c.split(';').next().unwrap())
}

/// Logs in and returns the session cookie and the page's CSRF token.
pub async fn login(app: &Router, email: &str, password: &str) -> (String, String) {
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
    let csrf = attrs(&page, "input[name=csrf]", "value").into_iter().next().expect("a form with the session's token");
    (cookie, csrf)
}

/// Claims a survey link with `code` (the respondent's first visit) and returns the cookie of the
/// respondent's session, `wv_enquete=…`.
pub async fn claim(app: &Router, url: &str, code: &str) -> String {
    let (status, cookies, page, _) = send(app, get(url, None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Kies eerst een code"), "an unclaimed link asks for a new code");
    let csrf = value(&cookies, "wv_inlog").unwrap().to_string();
    let form = format!("csrf={csrf}&code={code}&herhaal={code}");
    let (status, cookies, _, headers) =
        send(app, post(&format!("{url}/code"), Some(&format!("wv_inlog={csrf}")), &form)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers["location"], url);
    let session = cookies.iter().find(|c| c.starts_with("wv_enquete=")).expect("a respondent session");
    assert!(session.contains(&format!("Path={url};")) && session.contains("HttpOnly") && session.contains("Secure"));
    format!("wv_enquete={}", value(&cookies, "wv_enquete").unwrap())
}

/// Text with its whitespace collapsed, as a reader sees it.
fn collapsed(text: impl Iterator<Item = impl AsRef<str>>) -> String {
    let joined: String = text.map(|t| t.as_ref().to_string()).collect();
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn selector(css: &str) -> scraper::Selector {
    scraper::Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e}"))
}

/// The body rows of the table `css` (e.g. `#wijkverbanden`): the text of each cell, th and td.
pub fn table(page: &str, css: &str) -> Vec<Vec<String>> {
    let doc = scraper::Html::parse_document(page);
    let rows = selector(&format!("{css} > tbody > tr"));
    let cells = selector("th, td");
    let found: Vec<Vec<String>> =
        doc.select(&rows).map(|r| r.select(&cells).map(|c| collapsed(c.text())).collect()).collect();
    assert!(doc.select(&selector(css)).next().is_some(), "no {css} on the page");
    found
}

/// The text of every element matching `css`, whitespace collapsed.
pub fn texts(page: &str, css: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(page);
    doc.select(&selector(css)).map(|e| collapsed(e.text())).collect()
}

/// The value of attribute `attr` of every element matching `css`.
pub fn attrs(page: &str, css: &str, attr: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(page);
    doc.select(&selector(css)).filter_map(|e| e.value().attr(attr).map(String::from)).collect()
}

/// A count as the page writes it ("12.345" or "12.345 inwoners"), as a number.
pub fn number(text: &str) -> f64 {
    let first = text.split_whitespace().next().unwrap_or_else(|| panic!("no number in '{text}'"));
    first.replace('.', "").replace(',', ".").parse().unwrap_or_else(|_| panic!("'{text}' is no number"))
}

/// A round of Woerden for `wijkverband` on `datum`: real (not synthetic), the minimum of 3, no
/// retention date.
pub fn nieuwe_ronde<'a>(wijkverband: &'a str, datum: &'a str) -> wv_store::NieuweRonde<'a> {
    wv_store::NieuweRonde { regio: "Woerden", wijkverband, datum, synthetisch: false, minimum: 3, bewaren_tot: None }
}
