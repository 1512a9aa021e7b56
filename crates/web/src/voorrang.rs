//! Writes before reads under load. Reads (GET, HEAD) take turns: only a few are
//! worked on at once, a few per core, and the rest wait without using a core.
//! Writes (a workbench edit, a survey answer) skip the queue, so a user's edit is
//! answered in milliseconds however many pages are being read at the time.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::Semaphore;

/// The turns for reads: twice the cores, so that a read waiting on the store
/// leaves its core to another.
pub fn beurten() -> Arc<Semaphore> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    Arc::new(Semaphore::new(2 * cores))
}

pub async fn voorrang(State(beurten): State<Arc<Semaphore>>, req: Request, next: Next) -> Response {
    if req.method() == Method::GET || req.method() == Method::HEAD {
        // The semaphore is never closed; its queue is fair (first come, first served).
        let _beurt = beurten.acquire().await.expect("open");
        return next.run(req).await;
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use axum::Router;
    use axum::body::Body;
    use axum::http::{Method, Request, StatusCode};
    use axum::routing::get;
    use tokio::sync::Semaphore;
    use tower::ServiceExt;

    use super::voorrang;

    fn app(beurten: std::sync::Arc<Semaphore>) -> Router {
        Router::new()
            .route("/", get(|| async { "gelezen" }).post(|| async { "geschreven" }))
            .layer(axum::middleware::from_fn_with_state(beurten, voorrang))
    }

    fn request(method: Method) -> Request<Body> {
        Request::builder().method(method).uri("/").body(Body::empty()).unwrap()
    }

    #[tokio::test]
    async fn a_write_is_answered_while_every_read_turn_is_taken() {
        let beurten = std::sync::Arc::new(Semaphore::new(2));
        let all = beurten.clone().acquire_many_owned(2).await.unwrap();
        let write = tokio::time::timeout(Duration::from_secs(5), app(beurten.clone()).oneshot(request(Method::POST)));
        assert_eq!(write.await.expect("not queued").unwrap().status(), StatusCode::OK);
        // A read waits for its turn ...
        let read = tokio::spawn(app(beurten.clone()).oneshot(request(Method::GET)));
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!read.is_finished(), "a read without a turn waits");
        // ... and gets it when one is free.
        drop(all);
        let answer = tokio::time::timeout(Duration::from_secs(5), read).await.expect("answered").unwrap().unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        assert_eq!(beurten.available_permits(), 2, "the turn is given back");
    }
}
