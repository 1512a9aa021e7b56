//! The addresses of the app's pages, built in one place: each part of a path percent-encoded
//! (a region or plan name may hold spaces, slashes or any letter).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What stays as it is in a path segment: letters, digits and the unreserved `-_.~`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes a path segment or query value.
pub(crate) fn enc(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

/// A plan's workbench page.
pub(crate) fn plan_url(regio: &str, naam: &str) -> String {
    format!("/regio/{}/indeling/{}", enc(regio), enc(naam))
}

/// The profile of a wijkverband of a plan.
pub(crate) fn profiel_url(regio: &str, plan: &str, wijkverband: &str) -> String {
    format!("/regio/{}/profiel?indeling={}&wijkverband={}", enc(regio), enc(plan), enc(wijkverband))
}

/// The wijkcyclus page of a wijkverband of the adopted indeling.
pub(crate) fn cyclus_url(regio: &str, wijkverband: &str) -> String {
    format!("/regio/{}/cyclus/{}", enc(regio), enc(wijkverband))
}

/// The address the app is reached at (`http` on this machine, else `https`), for links that
/// leave the browser: invitations, reminders, a table's QR code.
pub(crate) fn origin(headers: &axum::http::HeaderMap) -> String {
    let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let local = host.starts_with("localhost") || host.starts_with("127.") || host.starts_with("[::1]");
    format!("{}://{host}", if local { "http" } else { "https" })
}

/// A duidingssessie's facilitator page.
pub(crate) fn sessie_url(regio: &str, id: i64) -> String {
    format!("/regio/{}/sessies/{id}", enc(regio))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_any_letter_make_one_segment() {
        assert_eq!(enc("De Ronde Venen/Noord ë"), "De%20Ronde%20Venen%2FNoord%20%C3%AB");
        assert_eq!(
            plan_url("Utrecht NW", "Per gemeente (demo)"),
            "/regio/Utrecht%20NW/indeling/Per%20gemeente%20%28demo%29"
        );
    }
}
