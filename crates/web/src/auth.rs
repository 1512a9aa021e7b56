//! Accounts: argon2 password hashes, sessions in the store behind a secure
//! cookie, CSRF tokens on every state-changing request, login rate limiting.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use askama::Template;
use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, RawPathParams, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use wv_store::{Gebruiker, Rol};

use crate::AppState;
use crate::fields::Formulier;
use crate::fout::AppError;

/// Signing in and out.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/inloggen", get(login_form).post(login)).route("/uitloggen", post(logout))
}

pub const SESSION_COOKIE: &str = "wv_sessie";
const LOGIN_COOKIE: &str = "wv_inlog";
const SESSION_SECONDS: i64 = 8 * 3600;
/// The largest request body (forms and uploads) the app reads.
const MAX_BODY: usize = 1 << 20;
/// Failed logins allowed per address and client within the window; then that client waits.
const MAX_FAILURES: i64 = 5;
const WINDOW_SECONDS: i64 = 15 * 60;
/// Failures on an address from all clients after which every further attempt is slowed down
/// (never refused: the owner, from their own client, still gets in).
const SLOW_AFTER: i64 = 10;
const MAX_DELAY_MS: u64 = 10_000;

/// 256 random bits as hex.
pub fn token() -> String {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).expect("the operating system's random source");
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A readable random password for a new account (about 100 bits).
pub fn new_password() -> String {
    let t = token();
    format!("{}-{}-{}-{}", &t[0..6], &t[6..12], &t[12..18], &t[18..24])
}

/// An argon2id hash (PHC string) with a fresh random salt.
pub fn hash_password(password: &str) -> String {
    Argon2::default().hash_password(password.as_bytes()).expect("argon2 hashes any password").to_string()
}

pub(crate) fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn set_cookie(name: &str, value: &str, max_age: i64) -> String {
    format!("{name}={value}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={max_age}")
}

/// The signed-in account of a request, with its session's CSRF token.
#[derive(Clone)]
pub struct Sessie {
    pub gebruiker: Gebruiker,
    pub csrf: String,
}

impl FromRequestParts<AppState> for Sessie {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let api = parts.uri.path().starts_with("/api/");
        let refuse =
            || if api { StatusCode::UNAUTHORIZED.into_response() } else { Redirect::to("/inloggen").into_response() };
        // Looked up already by the CSRF check of a form.
        if let Some(sessie) = parts.extensions.get::<Sessie>() {
            return Ok(sessie.clone());
        }
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else { return Err(refuse()) };
        match state.store.sessie(&token).await {
            Ok(Some((gebruiker, csrf))) => Ok(Sessie { gebruiker, csrf }),
            Ok(None) => Err(refuse()),
            Err(e) => Err(crate::fout::intern(e)),
        }
    }
}

/// A signed-in user with a role in the region of the path (`…/regio/{regio}/…`): may read it.
pub(crate) struct Lezer {
    pub sessie: Sessie,
    pub regio: String,
    pub rol: Rol,
}

/// A signed-in bewerker of the region of the path: may change its plans, sociale kaart and rounds.
pub(crate) struct Bewerker {
    pub sessie: Sessie,
    pub regio: String,
}

/// A signed-in beheerder: manages accounts and roles.
pub(crate) struct Beheerder(pub Sessie);

impl FromRequestParts<AppState> for Lezer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let sessie = Sessie::from_request_parts(parts, state).await?;
        let regio = regio_in_path(parts, state).await?;
        match sessie.gebruiker.rol(&regio) {
            Some(rol) => Ok(Lezer { sessie, regio, rol }),
            None => Err(AppError::Verboden("U hebt geen toegang tot deze regio.").into_response()),
        }
    }
}

impl FromRequestParts<AppState> for Bewerker {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Lezer { sessie, regio, rol } = Lezer::from_request_parts(parts, state).await?;
        match rol {
            Rol::Bewerker => Ok(Bewerker { sessie, regio }),
            Rol::Lezer | Rol::Wijkcoordinator => {
                Err(AppError::Verboden("Alleen een bewerker van deze regio kan dit wijzigen.").into_response())
            }
        }
    }
}

/// A signed-in user who edits the wijkcyclus of the wijkverband of the path
/// (`…/regio/{regio}/cyclus/{wijkverband}/…`): a bewerker of the region or that wijkverband's
/// wijkcoördinator.
pub(crate) struct Coordinator {
    pub sessie: Sessie,
    pub regio: String,
    pub wijkverband: String,
}

impl FromRequestParts<AppState> for Coordinator {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Lezer { sessie, regio, .. } = Lezer::from_request_parts(parts, state).await?;
        let params = RawPathParams::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        let wijkverband =
            params.iter().find(|(k, _)| *k == "wijkverband").map(|(_, v)| v.to_string()).ok_or_else(|| {
                AppError::intern("het wijkverband van het adres", "de route heeft geen {wijkverband}").into_response()
            })?;
        if sessie.gebruiker.coordineert(&regio, &wijkverband) {
            Ok(Coordinator { sessie, regio, wijkverband })
        } else {
            Err(AppError::Verboden(
                "Alleen een bewerker van de regio of de wijkcoördinator van dit wijkverband kan dit wijzigen.",
            )
            .into_response())
        }
    }
}

impl FromRequestParts<AppState> for Beheerder {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let sessie = Sessie::from_request_parts(parts, state).await?;
        if sessie.gebruiker.beheerder {
            Ok(Beheerder(sessie))
        } else {
            Err(AppError::Verboden("Alleen een beheerder beheert accounts en rollen.").into_response())
        }
    }
}

/// The region named in the route (`{regio}`).
async fn regio_in_path(parts: &mut Parts, state: &AppState) -> Result<String, Response> {
    let params = RawPathParams::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
    params
        .iter()
        .find(|(k, _)| *k == "regio")
        .map(|(_, v)| v.to_string())
        .ok_or_else(|| AppError::intern("de regio van het adres", "de route heeft geen {regio}").into_response())
}

/// Refuses state-changing requests without the right CSRF token: the
/// session's token (or, for the login form, the login cookie's) in the
/// `x-csrf-token` header or the form field `csrf`.
pub async fn csrf(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    // The survey's and a session table's forms are sent without an account, also by someone
    // who is signed in: their token is the login cookie's. Other forms carry the session's, or the login cookie's when
    // signing in.
    let path = req.uri().path();
    let mut sessie = None;
    let expected = if path.starts_with("/enquete/") || path.starts_with("/tafel/") {
        cookie(req.headers(), LOGIN_COOKIE)
    } else {
        sessie = match cookie(req.headers(), SESSION_COOKIE) {
            Some(t) => state.store.sessie(&t).await.ok().flatten().map(|(gebruiker, csrf)| Sessie { gebruiker, csrf }),
            None => None,
        };
        sessie
            .as_ref()
            .map(|s| s.csrf.clone())
            .or_else(|| signing_in(path).then(|| cookie(req.headers(), LOGIN_COOKIE)).flatten())
    };
    let Some(expected) = expected else { return forbidden() };
    let header_token = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()).map(String::from);
    let (mut parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            "Niet verwerkt: het formulier of bestand is groter dan 1 MiB. Een sociale kaart, indeling of structuur past daar ruim in; verwijder lege rijen, kolommen of afbeeldingen, of splits het bestand.",
        )
            .into_response();
    };
    let form_token = serde_urlencoded_field(&bytes, "csrf");
    if header_token.or(form_token).as_deref() != Some(expected.as_str()) {
        return forbidden();
    }
    // The handler's extractor takes the session from here instead of looking it up again.
    if let Some(s) = sessie {
        parts.extensions.insert(s);
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// Forms sent without a session (signing in, accepting an invitation): their CSRF token is the
/// one in the short-lived login cookie.
fn signing_in(path: &str) -> bool {
    path == "/inloggen" || path.starts_with("/uitnodiging/")
}

/// A fresh CSRF token for a form sent without a session, and the cookie that carries it.
pub(crate) fn login_token() -> (String, String) {
    let csrf = token();
    let cookie = set_cookie(LOGIN_COOKIE, &csrf, 3600);
    (csrf, cookie)
}

fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        "Verzoek geweigerd: het formulier is verlopen of komt niet van deze site. Laad de pagina opnieuw.",
    )
        .into_response()
}

/// One field of an `application/x-www-form-urlencoded` body.
fn serde_urlencoded_field(body: &[u8], name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

#[derive(Template)]
#[template(path = "inloggen.html")]
struct LoginPage {
    csrf: String,
    fout: Option<String>,
    email: String,
}

pub async fn login_form() -> Response {
    let (csrf, cookie) = login_token();
    let page = LoginPage { csrf, fout: None, email: String::new() };
    ([(header::SET_COOKIE, cookie)], Html(page.render().unwrap_or_default())).into_response()
}

#[derive(Deserialize)]
pub struct Login {
    email: String,
    wachtwoord: String,
    csrf: String,
}

/// The client a request comes from (its IP address), for the login limit; requests served
/// without connection info (tests) share one key.
pub struct Client(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "onbekend".into());
        Ok(Client(ip))
    }
}

pub async fn login(State(state): State<AppState>, client: Client, Formulier(f): Formulier<Login>) -> Response {
    let email = f.email.trim().to_lowercase();
    let again = |fout: &str, status: StatusCode| {
        let page = LoginPage { csrf: f.csrf.clone(), fout: Some(fout.into()), email: email.clone() };
        (status, Html(page.render().unwrap_or_default())).into_response()
    };
    // Recorded before the check, so that simultaneous guesses cannot all get one.
    match state.store.login_attempt(&email, &client.0, WINDOW_SECONDS, MAX_FAILURES).await {
        Ok(None) => {
            return again(
                "Te veel mislukte pogingen vanaf dit apparaat. Probeer het over een kwartier opnieuw.",
                StatusCode::TOO_MANY_REQUESTS,
            );
        }
        Ok(Some(n)) if n > SLOW_AFTER => {
            let ms = (250u64 << (n - SLOW_AFTER).min(6) as u32).min(MAX_DELAY_MS);
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
        }
        Ok(Some(_)) => {}
        Err(e) => return crate::fout::intern(e),
    }
    let hash = state.store.wachtwoord_hash(&email).await.ok().flatten();
    // Without an account, verify against a fixed hash anyway: the same time either way.
    let ok = match &hash {
        Some(h) => verify(&f.wachtwoord, h),
        None => {
            verify(&f.wachtwoord, dummy_hash());
            false
        }
    };
    if !ok {
        return again("Het e-mailadres of het wachtwoord klopt niet.", StatusCode::UNAUTHORIZED);
    }
    if let Err(e) = state.store.login_succeeded(&email, &client.0).await {
        return crate::fout::intern(e);
    }
    let (session, csrf) = (token(), token());
    if let Err(e) = state.store.create_sessie(&session, &email, &csrf, SESSION_SECONDS).await {
        return crate::fout::intern(e);
    }
    (
        AppendHeaders([
            (header::SET_COOKIE, set_cookie(SESSION_COOKIE, &session, SESSION_SECONDS)),
            (header::SET_COOKIE, set_cookie(LOGIN_COOKIE, "", 0)),
        ]),
        Redirect::to("/"),
    )
        .into_response()
}

/// A real hash of a random password, so that unknown addresses take as long as known ones.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password(&token()))
}

pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(t) = cookie(&headers, SESSION_COOKIE) {
        let _ = state.store.end_sessie(&t).await;
    }
    ([(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0))], Redirect::to("/inloggen")).into_response()
}
