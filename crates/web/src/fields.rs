//! Forms and queries, read one typed way: `Formulier<T>` for a form body and `Vraag<T>` for a
//! query string, both through serde_html_form (axum-extra), so a repeated field
//! (`buurt=…&buurt=…`, `plan=…&plan=…`) arrives as a `Vec`. The forms of the pages give their
//! fields defaults, so that a handler refuses what is missing with a reason the user can act on;
//! a body that does not fit its type at all is refused here, in Dutch, with the field named.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::fout::AppError;

/// A form body as `T`.
pub(crate) struct Formulier<T>(pub T);

/// A query string as `T`.
pub(crate) struct Vraag<T>(pub T);

/// The refusal of a form that does not fit its type, naming the field when the parser does
/// (serde writes it between backticks: "missing field `email`", "duplicate field `naam`").
fn unreadable(e: impl std::fmt::Display) -> Response {
    let e = e.to_string();
    tracing::debug!(%e, "formulier niet te lezen");
    let veld = e.split('`').nth(1).map(|v| format!(" (veld '{}')", v.chars().take(40).collect::<String>()));
    AppError::Geweigerd(
        StatusCode::UNPROCESSABLE_ENTITY,
        format!("Het formulier is niet te lezen{}: laad de pagina opnieuw.", veld.unwrap_or_default()),
    )
    .into_response()
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Formulier<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum_extra::extract::Form(t) =
            axum_extra::extract::Form::<T>::from_request(req, state).await.map_err(unreadable)?;
        Ok(Formulier(t))
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Vraag<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum_extra::extract::Query(t) =
            axum_extra::extract::Query::<T>::from_request_parts(parts, state).await.map_err(unreadable)?;
        Ok(Vraag(t))
    }
}

/// A text field as typed, without surrounding spaces; `None` when empty.
pub(crate) fn ingevuld(v: &str) -> Option<String> {
    Some(v.trim().to_string()).filter(|v| !v.is_empty())
}
