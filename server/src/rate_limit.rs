//! Per-client rate limits, counted per client address. The counters live in this
//! process: behind a load balancer each process counts on its own.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderName};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::ApiError;

/// Forgetting clients that are back to a full allowance keeps memory bounded.
const FORGET_AFTER_CLIENTS: usize = 10_000;

#[derive(Clone)]
pub struct RateLimit {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    client_ip_header: Option<HeaderName>,
}

impl RateLimit {
    pub fn per_minute(requests: NonZeroU32, client_ip_header: Option<HeaderName>) -> RateLimit {
        RateLimit { limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(requests))), client_ip_header }
    }

    /// Counts one request of the client; refuses it, saying when to retry, when the
    /// client is over its allowance.
    pub fn check(&self, headers: &HeaderMap, peer: Option<SocketAddr>) -> Result<(), ApiError> {
        if self.limiter.len() > FORGET_AFTER_CLIENTS {
            self.limiter.retain_recent();
        }
        let client = self.client(headers, peer);
        self.limiter.check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::RateLimited { retry_after_seconds: wait.as_secs() + 1 }
        })
    }

    fn client(&self, headers: &HeaderMap, peer: Option<SocketAddr>) -> IpAddr {
        let forwarded = self.client_ip_header.as_ref().and_then(|name| {
            let value = headers.get(name)?.to_str().ok()?;
            // The load balancer appends the address it saw: the last one. Those before it
            // came with the request, so the client could have written them.
            value.rsplit(',').next()?.trim().parse().ok()
        });
        // Without an address all such requests share one allowance, which errs on the
        // side of limiting.
        forwarded.or(peer.map(|peer| peer.ip())).unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }
}

/// Middleware: answers 429 with `Retry-After` to a client over its allowance.
pub async fn limit(State(limit): State<RateLimit>, request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0);
    match limit.check(request.headers(), peer) {
        Ok(()) => next.run(request).await,
        Err(refusal) => refusal.into_response(),
    }
}
