//! Where webhooks may post: hosts on the internet only, so that nobody can make the server
//! call what only it can reach (its own ports, the company's network, a cloud's metadata
//! address), unless it runs with `--allow-private-webhooks`. Checked when a webhook is set,
//! and at each delivery on the very addresses then connected to: a name that resolved to a
//! public address when it was checked cannot be made to resolve to a private one later.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::Url;

/// Why a webhook's URL is refused.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("the URL cannot be read: {0}")]
    Unreadable(String),
    #[error(
        "{host} is or resolves to {address}, which is not on the internet (loopback, private, \
         link-local or reserved); a server on a private network needs --allow-private-webhooks"
    )]
    Private { host: String, address: IpAddr },
    #[error("{host} cannot be resolved: {reason}")]
    Unresolved { host: String, reason: String },
}

/// Reads `url` and, unless private receivers are allowed, resolves its host now and
/// refuses it if any of its addresses is not on the internet.
pub async fn check_url(url: &str, allow_private: bool) -> Result<Url, Refused> {
    let parsed = Url::parse(url).map_err(|error| Refused::Unreadable(error.to_string()))?;
    let host = parsed.host_str().ok_or_else(|| Refused::Unreadable("it has no host".to_owned()))?.to_owned();
    if allow_private {
        return Ok(parsed);
    }
    let port = parsed.port_or_known_default().unwrap_or(443);
    let addresses: Vec<SocketAddr> = match literal(&host) {
        Some(address) => vec![SocketAddr::new(address, port)],
        None => tokio::net::lookup_host((host.as_str(), port))
            .await
            .map_err(|error| Refused::Unresolved { host: host.clone(), reason: error.to_string() })?
            .collect(),
    };
    match addresses.iter().find(|address| !is_public(address.ip())) {
        Some(address) => Err(Refused::Private { host, address: address.ip() }),
        None => Ok(parsed),
    }
}

/// At delivery: refuses a URL whose host is an address not on the internet. (Names are
/// checked by [`PublicOnly`] as they are resolved; reqwest resolves no address.)
pub fn check_literal(url: &Url) -> Result<(), Refused> {
    let host = url.host_str().unwrap_or_default();
    match literal(host) {
        Some(address) if !is_public(address) => Err(Refused::Private { host: host.to_owned(), address }),
        _ => Ok(()),
    }
}

/// The address a URL's host is written as, if it is one: `203.0.113.9` or `[2001:db8::1]`.
fn literal(host: &str) -> Option<IpAddr> {
    host.trim_start_matches('[').trim_end_matches(']').parse().ok()
}

/// reqwest's resolver for deliveries: the system's, less every address not on the
/// internet; a name left with none fails to resolve.
pub struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let resolved: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> =
                resolved.iter().copied().filter(|address| is_public(address.ip())).collect();
            match (public.is_empty(), resolved.first()) {
                (true, Some(address)) => Err(Refused::Private { host, address: address.ip() }.into()),
                _ => Ok(Box::new(public.into_iter()) as Addrs),
            }
        })
    }
}

/// Whether `address` is on the internet: not loopback, private, shared (CGNAT), link-local,
/// unique-local, unspecified, multicast, broadcast, documentation, benchmarking or
/// reserved, nor such an IPv4 address within an IPv6 one (mapped, translated, 6to4, NAT64),
/// nor an IPv6 address that reaches IPv4 in a way that cannot be judged (compatible,
/// Teredo, local-use NAT64).
pub fn is_public(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(address: Ipv4Addr) -> bool {
    let [a, b, c, _] = address.octets();
    !(address.is_unspecified()
        || address.is_loopback()
        || address.is_private()
        || address.is_link_local()
        || address.is_broadcast()
        || address.is_multicast()
        || address.is_documentation()
        // "This network" 0.0.0.0/8, shared address space (CGNAT) 100.64.0.0/10, IETF
        // protocol assignments 192.0.0.0/24, benchmarking 198.18.0.0/15, reserved 240/4.
        || a == 0
        || a == 100 && (64..128).contains(&b)
        || a == 192 && b == 0 && c == 0
        || a == 198 && (18..20).contains(&b)
        || a >= 240)
}

fn is_public_v6(address: Ipv6Addr) -> bool {
    let segments = address.segments();
    !(address.is_unspecified()
        || address.is_loopback()
        || address.is_multicast()
        // Unique local fc00::/7, link-local fe80::/10, the former site-local fec0::/10.
        || segments[0] & 0xfe00 == 0xfc00
        || segments[0] & 0xffc0 == 0xfe80
        || segments[0] & 0xffc0 == 0xfec0
        // Documentation 2001:db8::/32, discard 100::/64.
        || segments[0] == 0x2001 && segments[1] == 0x0db8
        || segments[..4] == [0x100, 0, 0, 0]
        // IPv4-compatible ::/96 (deprecated; `::` and `::1` too), Teredo 2001::/32 (the
        // IPv4 address it reaches is hidden in the last bits, XORed) and local-use NAT64
        // 64:ff9b:1::/48 (its prefix may hold the IPv4 address anywhere, by the network's
        // choice).
        || segments[..6] == [0; 6]
        || segments[..2] == [0x2001, 0]
        || segments[..3] == [0x64, 0xff9b, 1])
}

/// The IPv4 address an IPv6 one carries where it is plain to read: mapped `::ffff:a.b.c.d`,
/// translated `::ffff:0:a.b.c.d`, 6to4 `2002:AABB:CCDD::/48` and NAT64 `64:ff9b::a.b.c.d`.
fn embedded_v4(address: Ipv6Addr) -> Option<Ipv4Addr> {
    let octets = address.octets();
    let at =
        |start: usize| Ipv4Addr::new(octets[start], octets[start + 1], octets[start + 2], octets[start + 3]);
    let segments = address.segments();
    match segments {
        [0, 0, 0, 0, 0, 0xffff, _, _] | [0, 0, 0, 0, 0xffff, 0, _, _] => Some(at(12)),
        [0x2002, ..] => Some(at(2)),
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] => Some(at(12)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(address: &str) -> bool {
        is_public(address.parse().unwrap())
    }

    #[test]
    fn addresses_not_on_the_internet_are_refused() {
        for address in [
            "127.0.0.1",
            "127.1.2.3",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "100.127.255.255",
            "169.254.169.254",
            "0.0.0.0",
            "0.1.2.3",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.2.10",
            "198.51.100.1",
            "203.0.113.7",
            "198.18.0.1",
            "240.0.0.1",
            "::",
            "::1",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "2001:db8::1",
        ] {
            assert!(!public(address), "{address} was taken to be on the internet");
        }
    }

    /// Each way of writing an IPv4 address in IPv6: those off the internet refused, and a
    /// public one beside them allowed (where the range is refused whole, one just outside it).
    #[test]
    fn ipv6_forms_of_ipv4_are_judged_by_the_ipv4_inside_or_refused() {
        let ranges = [
            (
                "mapped ::ffff:0:0/96",
                &["::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254"][..],
                "::ffff:8.8.8.8",
            ),
            (
                "translated ::ffff:0:0:0/96",
                &["::ffff:0:127.0.0.1", "::ffff:0:192.168.0.1"],
                "::ffff:0:8.8.8.8",
            ),
            ("compatible ::/96, refused whole", &["::8.8.8.8", "::127.0.0.1", "::0.0.0.2"], "::ffff:8.8.8.8"),
            (
                "NAT64 64:ff9b::/96",
                &["64:ff9b::10.0.0.1", "64:ff9b::7f00:1", "64:ff9b::169.254.169.254"],
                "64:ff9b::8.8.8.8",
            ),
            (
                "local-use NAT64 64:ff9b:1::/48, refused whole",
                &["64:ff9b:1::8.8.8.8", "64:ff9b:1:ffff::a00:1"],
                "64:ff9b::8.8.4.4",
            ),
            (
                "Teredo 2001::/32, refused whole",
                &["2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001::1"],
                "2001:4860:4860::8888",
            ),
            ("6to4 2002::/16", &["2002:7f00:1::", "2002:c0a8:101::1", "2002:a9fe:a9fe::"], "2002:808:808::1"),
        ];
        for (range, refused, allowed) in ranges {
            for address in refused {
                assert!(!public(address), "{range}: {address} was taken to be on the internet");
            }
            assert!(public(allowed), "{range}: {allowed} was refused");
        }
    }

    #[test]
    fn addresses_on_the_internet_are_allowed() {
        for address in [
            "1.1.1.1",
            "8.8.8.8",
            "93.184.216.34",
            "100.63.255.255",
            "100.128.0.1",
            "172.32.0.1",
            "192.0.1.1",
            "2606:4700::1111",
            "2a00:1450:4007:80e::200e",
        ] {
            assert!(public(address), "{address} was refused");
        }
    }

    #[tokio::test]
    async fn urls_are_refused_by_address_and_by_a_name_that_resolves_to_one() {
        for url in
            ["https://127.0.0.1/hook", "https://[::1]:8443/", "https://[::ffff:a00:1]/", "https://localhost/"]
        {
            let refused = check_url(url, false).await;
            assert!(matches!(refused, Err(Refused::Private { .. })), "{url}: {refused:?}");
        }
        assert!(check_url("https://localhost/", true).await.is_ok());
        assert!(matches!(check_url("https://", false).await, Err(Refused::Unreadable(_))));
        assert!(check_literal(&Url::parse("http://10.0.0.1/").unwrap()).is_err());
        assert!(check_literal(&Url::parse("https://203.0.113.1/").unwrap()).is_err());
        assert!(check_literal(&Url::parse("https://8.8.8.8/").unwrap()).is_ok());
        assert!(check_literal(&Url::parse("https://crm.example/").unwrap()).is_ok());
    }

    #[tokio::test]
    async fn the_delivery_resolver_gives_no_address_off_the_internet() {
        let refused = PublicOnly.resolve("localhost".parse().unwrap()).await;
        assert!(refused.err().unwrap().to_string().contains("not on the internet"));
    }
}
