//! One error channel for the web app: what a handler could not do becomes an `AppError` —
//! not found, forbidden, refused with a reason, or internal — and is turned into the answer once
//! (`pages::foutpagina` then gives it the app's layout). An internal error is logged once, in the
//! request's span (its id, method and route template: never a token, query or personal data),
//! and the user is told that nothing changed.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use wv_store::StoreError;

#[derive(Debug)]
pub(crate) enum AppError {
    NietGevonden(String),
    /// The user's role does not allow it (403), with what they may not do.
    Verboden(&'static str),
    /// Refused with a reason the user can act on: the status (422, 409, …) and the reason.
    Geweigerd(StatusCode, String),
    /// What failed (for the log) and the error.
    Intern(&'static str, String),
}

impl AppError {
    /// An internal error: `wat` says what the app tried, `e` why it failed.
    pub(crate) fn intern(wat: &'static str, e: impl std::fmt::Display) -> AppError {
        AppError::Intern(wat, e.to_string())
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::UnknownRegio(_) => AppError::NietGevonden("Deze regio bestaat niet.".into()),
            StoreError::UnknownPlan(_) => AppError::NietGevonden("Deze indeling bestaat niet.".into()),
            StoreError::NietGevonden(wat) => AppError::NietGevonden(wat.into()),
            StoreError::Geweigerd(reden) => AppError::Geweigerd(StatusCode::UNPROCESSABLE_ENTITY, reden),
            e => AppError::intern("de opslag", e),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::NietGevonden(t) => (StatusCode::NOT_FOUND, t).into_response(),
            AppError::Verboden(t) => (StatusCode::FORBIDDEN, t).into_response(),
            AppError::Geweigerd(status, t) => (status, t).into_response(),
            AppError::Intern(wat, fout) => {
                tracing::error!(wat, %fout, "interne fout");
                (StatusCode::INTERNAL_SERVER_ERROR, "Er ging op de server iets mis; er is niets veranderd.")
                    .into_response()
            }
        }
    }
}

/// An internal error's answer, for `map_err` where a handler answers with a `Response`.
pub(crate) fn intern(e: impl std::fmt::Display) -> Response {
    AppError::intern("een verzoek", e).into_response()
}

/// A refusal's answer, for handlers that answer with a `Response`.
pub(crate) fn refuse(status: StatusCode, reden: impl Into<String>) -> Response {
    AppError::Geweigerd(status, reden.into()).into_response()
}
