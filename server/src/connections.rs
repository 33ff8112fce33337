//! Accepting connections so that slow clients cannot hold the server: at most so many
//! open at once, each cut off when a request's head (or the next one, on a kept-alive
//! connection) takes too long to arrive or when the client stops taking its answer, and
//! each request answered within a time limit, body included. Small answers leave at once
//! (TCP_NODELAY).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_io_timeout::TimeoutStream;
use tower::ServiceExt;

use crate::error::ApiError;

/// How long the client of a connection may take, and how many may be open.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_connections: usize,
    /// For a request's head to arrive, from the connection's start or the previous answer.
    pub header_timeout: Duration,
    /// For the client to take some of an answer the server is writing: one that stops
    /// reading would otherwise hold its connection, and with enough of them every one.
    pub write_timeout: Duration,
}

/// Serves `app` on `listener` until `shutdown` ends, then stops accepting, lets the
/// requests in flight finish and returns. The peer's address reaches handlers as
/// `ConnectInfo<SocketAddr>`.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits, shutdown: impl Future<Output = ()>) {
    let open = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // Past the limit, new connections wait in the kernel's backlog.
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = accept(&listener, &open) => accepted,
        };
        let Some((stream, peer, slot)) = accepted else { continue };
        // Answers are written whole: Nagle's delay would only hold back their last bytes.
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "could not set TCP_NODELAY");
        }
        let app = app.clone().map_request(move |mut request: Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            request
        });
        let mut stream = TimeoutStream::new(stream);
        stream.set_write_timeout(Some(limits.write_timeout));
        let connection =
            builder.serve_connection(TokioIo::new(Box::pin(stream)), TowerToHyperService::new(app));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // Clients that are cut off or go away end here; nothing to answer them.
            if let Err(error) = connection.await {
                tracing::debug!(%error, %peer, "connection ended");
            }
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// The next connection, once one may be open; `None` after a failed accept, such as one
/// over the process's limit of open files, after a pause so as not to spin on it.
async fn accept(
    listener: &TcpListener,
    open: &Arc<Semaphore>,
) -> Option<(tokio::net::TcpStream, SocketAddr, tokio::sync::OwnedSemaphorePermit)> {
    let slot = open.clone().acquire_owned().await.ok()?;
    match listener.accept().await {
        Ok((stream, peer)) => Some((stream, peer, slot)),
        Err(error) => {
            tracing::warn!(%error, "could not accept a connection");
            tokio::time::sleep(Duration::from_secs(1)).await;
            None
        }
    }
}

/// Middleware: a request not answered within the time limit (a body sent byte by byte, or
/// a handler that hangs) gets 503 `timeout`, and its connection is free for the next.
pub async fn time_limit(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout { seconds: limit.as_secs() }.into_response(),
    }
}
