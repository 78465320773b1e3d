//! Who is on the other end: the peer's address, or, when the peer is one of our
//! own trusted proxies (`PITLANE_TRUSTED_PROXIES`), the address it says it
//! forwarded for. Anyone else's `X-Forwarded-For` is ignored, so a client
//! cannot pick the address its throttles are counted under.

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The address throttles and audit entries use for this request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub Option<IpAddr>);

#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Arc<Vec<IpNet>>);

impl TrustedProxies {
    fn trusts(&self, addr: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&addr))
    }

    /// The client behind `peer`: walking `X-Forwarded-For` from the right
    /// (the entry our nearest proxy added), the first address that is not one
    /// of our proxies. An unreadable entry stops the walk at the last trusted hop.
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        let mut client = peer;
        if !self.trusts(peer) {
            return client;
        }
        for entry in forwarded_for.iter().flat_map(|v| v.split(',')).rev() {
            match entry.trim().parse::<IpAddr>() {
                Ok(addr) => {
                    client = addr;
                    if !self.trusts(addr) {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
        client
    }
}

/// Said once per process: a proxy we were not told about makes every visitor
/// one address, and the per-address sign-in limit then holds them all.
static WARNED_UNTRUSTED_PROXY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub async fn recognise_client(State(proxies): State<TrustedProxies>, mut request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
    let forwarded: Vec<&str> =
        request.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
    let behind_unknown_proxy = proxies.0.is_empty()
        && !forwarded.is_empty()
        && peer.is_some_and(|p| p.is_loopback() || matches!(p, IpAddr::V4(v4) if v4.is_private()));
    if behind_unknown_proxy && !WARNED_UNTRUSTED_PROXY.swap(true, std::sync::atomic::Ordering::Relaxed) {
        tracing::warn!(
            "requests arrive through a proxy with X-Forwarded-For, but PITLANE_TRUSTED_PROXIES is not set: \
             every visitor counts as the proxy's address for throttling"
        );
    }
    let client = peer.map(|peer| proxies.client(peer, &forwarded));
    request.extensions_mut().insert(ClientAddr(client));
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(nets: &[&str]) -> TrustedProxies {
        TrustedProxies(Arc::new(nets.iter().map(|n| n.parse().expect("test network")).collect()))
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("test address")
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        let trusted = proxies(&["10.0.0.0/8", "192.168.1.5/32"]);
        assert_eq!(trusted.client(ip("203.0.113.9"), &["1.2.3.4"]), ip("203.0.113.9"), "an untrusted peer");
        assert_eq!(trusted.client(ip("10.1.2.3"), &["1.2.3.4"]), ip("1.2.3.4"));
        // A client's own forged entry sits to the left of what our proxy added.
        assert_eq!(trusted.client(ip("10.1.2.3"), &["6.6.6.6, 1.2.3.4"]), ip("1.2.3.4"));
        assert_eq!(trusted.client(ip("10.1.2.3"), &["6.6.6.6, 1.2.3.4, 192.168.1.5"]), ip("1.2.3.4"));
        assert_eq!(trusted.client(ip("10.1.2.3"), &["junk"]), ip("10.1.2.3"));
        assert_eq!(trusted.client(ip("10.1.2.3"), &[]), ip("10.1.2.3"));
        assert_eq!(proxies(&[]).client(ip("10.1.2.3"), &["1.2.3.4"]), ip("10.1.2.3"), "nobody trusted by default");
    }
}
