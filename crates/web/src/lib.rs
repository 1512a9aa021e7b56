//! The wijkverband web app (`wijkverband serve`): accounts with roles per
//! region, the region pages and the JSON API. Server-rendered HTML first;
//! every state-changing request needs a session's CSRF token; every response
//! carries strict security headers.

mod api;
mod auth;
mod pages;
mod werkbank;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware;
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;
use wv_core::indicator::Catalogue;
use wv_store::Store;

pub use auth::{hash_password, new_password};

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub catalogue: Arc<Catalogue>,
}

/// The whole app.
pub fn router(state: AppState) -> Router {
    let headers: [(HeaderName, &str); 5] = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (HeaderName::from_static("permissions-policy"), "geolocation=(), camera=(), microphone=()"),
    ];
    let mut app = Router::new()
        .route("/", get(pages::index))
        .route("/inloggen", get(auth::login_form).post(auth::login))
        .route("/uitloggen", post(auth::logout))
        .route("/regio/{naam}", get(pages::regio))
        .route("/regio/{naam}/indelingen", get(werkbank::list).post(werkbank::propose))
        .route("/regio/{naam}/indeling/{plan}", get(werkbank::show))
        .route("/regio/{naam}/indeling/{plan}/verplaats", post(werkbank::move_buurt))
        .route("/toegankelijkheid", get(pages::toegankelijkheid))
        .route("/api/regio", get(api::regios))
        .route("/api/regio/{naam}/buurten", get(api::buurten))
        .route("/assets/app.css", get(pages::css))
        .layer(middleware::from_fn_with_state(state.clone(), auth::csrf))
        .with_state(state);
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value)));
    }
    app
}

/// Serves the app on `addr` until the process ends.
pub async fn serve(state: AppState, addr: &str) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, router(state)).await
}
