//! The log: an internal error is logged once, in the span of its request (the id the response
//! carries in `x-request-id`), without personal data; the user gets a page that says nothing
//! changed. The store is made to fail by renaming a table away.

mod common;

use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use common::{app, get, login, send};

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Buffer {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

wv_testkit::on_both_stores! {
async fn an_internal_error_is_logged_once_with_the_request_id(db) {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let _log = tracing::subscriber::set_default(
        tracing_subscriber::fmt().with_ansi(false).with_writer(move || writer.clone()).finish(),
    );
    let app = app(&db).await;
    let (cookie, _) = login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    wv_testkit::break_table(&db, "actor").await;
    let (status, _, page, headers) = send(&app, get("/regio/Woerden/sociale-kaart", Some(&cookie))).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{}", db.kind);
    assert!(page.contains("er is niets veranderd") && page.contains("<h1>Er ging iets mis</h1>"), "{page}");
    let id = headers["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 16);
    let log = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    let errors: Vec<&str> = log.lines().filter(|l| l.contains("interne fout")).collect();
    assert_eq!(errors.len(), 1, "once: {log}");
    assert!(
        errors[0].contains(&format!("id={id}")) && errors[0].contains("route=/regio/{regio}/sociale-kaart"),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("actor"), "what failed: {}", errors[0]);
    // Nothing personal: not the account, not the region's name from the path.
    assert!(!log.contains("bewerker@test.nl") && !log.contains("geheim"), "{log}");
    assert!(!log.contains("/regio/Woerden"), "paths are logged as their route template: {log}");
}
}
