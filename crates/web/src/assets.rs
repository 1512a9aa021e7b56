//! Static assets, compiled into the binary: our own styles and scripts, and
//! the npm packages that build.rs copies from node_modules.

use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

macro_rules! npm {
    ($file:literal) => {
        include_bytes!(concat!(env!("OUT_DIR"), "/", $file))
    };
}

const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";

/// (name, content type, bytes).
const ASSETS: [(&str, &str, &[u8]); 20] = [
    ("favicon.svg", "image/svg+xml", include_bytes!("../assets/favicon.svg")),
    ("app.css", CSS, include_bytes!("../assets/app.css")),
    ("dom.js", JS, include_bytes!("../assets/dom.js")),
    ("kaart.js", JS, include_bytes!("../assets/kaart.js")),
    ("werkbank.js", JS, include_bytes!("../assets/werkbank.js")),
    ("formulier.js", JS, include_bytes!("../assets/formulier.js")),
    ("regio.js", JS, include_bytes!("../assets/regio.js")),
    ("tabel.js", JS, include_bytes!("../assets/tabel.js")),
    ("reken.js", JS, include_bytes!("../assets/reken.js")),
    ("maplibre-gl.mjs", JS, npm!("maplibre-gl.mjs")),
    ("maplibre-gl-worker.mjs", JS, npm!("maplibre-gl-worker.mjs")),
    ("maplibre-gl.css", CSS, npm!("maplibre-gl.css")),
    ("utrecht-html.css", CSS, npm!("utrecht-html.css")),
    ("cytoscape.mjs", JS, npm!("cytoscape.mjs")),
    ("netwerk.js", JS, include_bytes!("../assets/netwerk.js")),
    ("enquete.js", JS, include_bytes!("../assets/enquete.js")),
    ("klok.js", JS, include_bytes!("../assets/klok.js")),
    ("tafel.js", JS, include_bytes!("../assets/tafel.js")),
    ("scherm.js", JS, include_bytes!("../assets/scherm.js")),
    ("presentatie.js", JS, include_bytes!("../assets/presentatie.js")),
];

/// The app's scripts, styles and images: `/assets/{bestand}`.
pub(crate) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/assets/{bestand}", get(asset))
}

pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, mime, bytes)) => {
            ([(header::CONTENT_TYPE, *mime), (header::CACHE_CONTROL, "public, max-age=600")], *bytes).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
