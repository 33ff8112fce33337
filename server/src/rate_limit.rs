//! Per-client rate limits, counted per client address. The counters live in this
//! process: behind a load balancer each process counts on its own.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
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

/// The bits of an IPv6 address that name one subscriber's network: a home or an office
/// gets a whole /64 and can pick any address in it.
const IPV6_CLIENT_PREFIX_BITS: u32 = 64;

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
        let client = client_key(self.client_address(headers, peer));
        self.limiter.check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::RateLimited { retry_after_seconds: wait.as_secs() + 1 }
        })
    }

    /// [`RateLimit::check`] for a request as middleware sees it.
    pub fn check_request(&self, request: &Request) -> Result<(), ApiError> {
        let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0);
        self.check(request.headers(), peer)
    }

    /// The address the nearest proxy saw, if one is trusted and said it, else the peer's.
    fn client_address(&self, headers: &HeaderMap, peer: Option<SocketAddr>) -> IpAddr {
        let forwarded = self.client_ip_header.as_ref().and_then(|name| {
            // The proxy appends the address it saw: the last value, on the last line if it
            // adds a line. Those before came with the request, so the client could have
            // written them; a last value that is no address falls back to the peer.
            let last_line = headers.get_all(name).iter().next_back()?.to_str().ok()?;
            parse_address(last_line.rsplit(',').next()?.trim())
        });
        // Without an address all such requests share one allowance, which errs on the
        // side of limiting.
        forwarded.or(peer.map(|peer| peer.ip())).unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }
}

/// `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]` or `[2001:db8::1]:4711`.
fn parse_address(text: &str) -> Option<IpAddr> {
    text.parse()
        .ok()
        .or_else(|| text.parse::<SocketAddr>().ok().map(|address| address.ip()))
        .or_else(|| text.strip_prefix('[')?.strip_suffix(']')?.parse().ok())
}

/// What a client is counted by: an IPv4 address (also when written as IPv6), or the /64
/// network of an IPv6 address, so that hopping within it buys no new allowance.
fn client_key(address: IpAddr) -> IpAddr {
    match address.to_canonical() {
        IpAddr::V6(address) => {
            let network = u128::MAX << (128 - IPV6_CLIENT_PREFIX_BITS);
            IpAddr::V6(Ipv6Addr::from(u128::from(address) & network))
        }
        v4 @ IpAddr::V4(_) => v4,
    }
}

/// Middleware: answers 429 with `Retry-After` to a client over its allowance.
pub async fn limit(State(limit): State<RateLimit>, request: Request, next: Next) -> Response {
    match limit.check_request(&request) {
        Ok(()) => next.run(request).await,
        Err(refusal) => refusal.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn an_ipv6_client_is_its_64_network_and_ipv4_is_itself_however_written() {
        assert_eq!(client_key(ip("2001:db8:1:2:aaaa::1")), ip("2001:db8:1:2::"));
        assert_eq!(client_key(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")), ip("2001:db8:1:2::"));
        assert_ne!(client_key(ip("2001:db8:1:3::1")), client_key(ip("2001:db8:1:2::1")));
        assert_eq!(client_key(ip("203.0.113.7")), ip("203.0.113.7"));
        assert_eq!(client_key(ip("::ffff:203.0.113.7")), ip("203.0.113.7"));
    }

    #[test]
    fn behind_a_proxy_the_client_is_the_last_address_it_appended() {
        let limit = RateLimit::per_minute(NonZeroU32::MIN, Some(HeaderName::from_static("x-forwarded-for")));
        let peer = Some(SocketAddr::from(([10, 0, 0, 1], 40_000)));
        let client = |lines: &[&str]| {
            let mut headers = HeaderMap::new();
            for line in lines {
                headers.append("x-forwarded-for", HeaderValue::from_str(line).unwrap());
            }
            limit.client_address(&headers, peer)
        };
        assert_eq!(client(&["198.51.100.1, 203.0.113.7"]), ip("203.0.113.7"));
        assert_eq!(client(&["198.51.100.1", "203.0.113.7"]), ip("203.0.113.7"));
        assert_eq!(client(&["203.0.113.7:4711"]), ip("203.0.113.7"));
        assert_eq!(client(&["2001:db8::1"]), ip("2001:db8::1"));
        assert_eq!(client(&["[2001:db8::1]"]), ip("2001:db8::1"));
        assert_eq!(client(&["198.51.100.1,[2001:db8::1]:443"]), ip("2001:db8::1"));
        // Whatever is malformed counts as the peer, never as an address the client chose.
        for malformed in ["203.0.113.7, nonsense", "203.0.113.7,", "", "[203.0.113.7", "unknown"] {
            assert_eq!(client(&[malformed]), ip("10.0.0.1"), "{malformed:?}");
        }
        assert_eq!(client(&[]), ip("10.0.0.1"));
    }
}
