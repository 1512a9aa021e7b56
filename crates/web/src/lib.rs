//! The wijkverband web app (`wijkverband serve`): accounts with roles per
//! region, the region pages and the JSON API. Server-rendered HTML first;
//! every state-changing request needs a session's CSRF token; every response
//! carries strict security headers.

// Handlers return a finished response as their error: the idiom of axum.
#![allow(clippy::result_large_err)]

mod adres;
mod api;
mod assets;
mod auth;
mod beheer;
mod cache;
mod cyclus;
mod enquete;
mod fields;
mod fout;
mod pages;
mod profiel;
mod sessie;
mod voorrang;
mod werkbank;
mod wijkfoto;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use wv_core::indicator::Catalogue;
use wv_store::Store;

pub use auth::{hash_password, new_password, token as new_token};
pub use cyclus::seed_demo as seed_demo_cyclus;
pub use sessie::seed_demo as seed_demo_sessies;

/// Today's date (UTC) as YYYY-MM-DD: reminder and retention dates.
pub fn vandaag() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%d").to_string()
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub catalogue: Arc<Catalogue>,
    /// Derived data per region (see `cache`), with the key it is valid for.
    regions: Arc<cache::Regions>,
    /// Engine runs in the background, by id.
    jobs: Arc<Mutex<HashMap<String, Arc<werkbank::Job>>>>,
    /// Send `Strict-Transport-Security` (a deployment behind HTTPS).
    hsts: bool,
}

impl AppState {
    pub fn new(store: Store, catalogue: Arc<Catalogue>) -> AppState {
        AppState { store, catalogue, regions: Arc::default(), jobs: Arc::default(), hsts: false }
    }

    /// Tells browsers to use HTTPS only, for a year (`serve --hsts`).
    pub fn with_hsts(mut self, hsts: bool) -> AppState {
        self.hsts = hsts;
        self
    }
}

/// The whole app.
pub fn router(state: AppState) -> Router {
    let hsts = state.hsts;
    let headers: [(HeaderName, &str); 6] = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data: blob: https://service.pdok.nl; connect-src 'self' https://service.pdok.nl; style-src 'self'; script-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (HeaderName::from_static("permissions-policy"), "geolocation=(), camera=(), microphone=()"),
        // Pages and downloads are personal (signed in, or a respondent's): no cache keeps them.
        // Static assets say otherwise themselves.
        (header::CACHE_CONTROL, "no-store"),
    ];
    let mut app = Router::new()
        .merge(pages::routes())
        .merge(cyclus::routes())
        .merge(sessie::routes())
        .merge(auth::routes())
        .merge(beheer::routes())
        .merge(profiel::routes())
        .merge(werkbank::routes())
        .merge(wijkfoto::routes())
        .merge(enquete::routes())
        .merge(api::routes())
        .merge(assets::routes())
        .layer(middleware::from_fn_with_state(state.clone(), auth::csrf))
        .fallback(|| async { (axum::http::StatusCode::NOT_FOUND, "Er is geen pagina op dit adres.") })
        .layer(middleware::from_fn(pages::foutpagina))
        // Every request is traced in a span of its id, method and route template: a path's own
        // values (a survey token, a name) and the query never reach the log.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &axum::http::Request<_>| {
                    let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
                    let route =
                        req.extensions().get::<axum::extract::MatchedPath>().map_or("(geen route)", |m| m.as_str());
                    tracing::info_span!("verzoek", id = %id, methode = %req.method(), route = %route)
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        // Outside everything else, so that a waiting read has done no work yet.
        .layer(middleware::from_fn_with_state(voorrang::beurten(), voorrang::voorrang))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(VerzoekId))
        .with_state(state);
    // A page may bring a stricter policy of its own (the report's nonce).
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value)));
    }
    if hsts {
        app = app.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    app
}

/// Serves the app on `addr` until the process ends; `ready` is told the bound address once
/// the port is open. Every hour (and at the start) rounds past their retention date lose their
/// answers and links.
pub async fn serve(state: AppState, addr: &str, ready: impl FnOnce(std::net::SocketAddr)) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready(listener.local_addr()?);
    let store = state.store.clone();
    tokio::spawn(async move {
        let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            hourly.tick().await;
            match store.expire_rondes(&vandaag()).await {
                Ok(ids) if !ids.is_empty() => {
                    tracing::info!(rondes = ids.len(), "bewaartermijn: antwoorden verwijderd")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!("bewaartermijn: opschonen mislukt: {e}"),
            }
        }
    });
    // The client's address keys the login limit (see `auth`).
    axum::serve(listener, router(state).into_make_service_with_connect_info::<std::net::SocketAddr>()).await
}

/// A request's id: 16 random hex digits, echoed in the `x-request-id` header and named in every
/// log line of the request.
#[derive(Clone, Copy)]
struct VerzoekId;

impl MakeRequestId for VerzoekId {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        HeaderValue::from_str(&auth::token()[..16]).ok().map(RequestId::new)
    }
}
