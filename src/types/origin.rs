//! Where people reach the portal (`https://club.meridian-motors.cn`): a scheme
//! and a host, perhaps a port, nothing after. Every link that leaves the site
//! (an SMS, an e-mail, a QR code) is made from it, never from a request's `Host`.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Origin(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum OriginError {
    #[error("the origin is empty")]
    Empty,
    #[error("an origin starts with https:// or http://")]
    Scheme,
    #[error("an origin names a host (letters, digits, dots, hyphens), perhaps a port")]
    Host,
    /// A path, query or fragment: links would be made below it, or break.
    #[error("an origin ends after the host and port: no path, query or fragment")]
    Path,
}

impl Origin {
    /// `https://host[:port]`, a trailing slash forgiven; the scheme and host are
    /// lower-cased, as browsers compare them.
    pub fn parse(raw: &str) -> Result<Self, OriginError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(OriginError::Empty);
        }
        let lower = raw.to_ascii_lowercase();
        let (scheme, rest) = match (lower.strip_prefix("https://"), lower.strip_prefix("http://")) {
            (Some(rest), _) => ("https://", rest),
            (None, Some(rest)) => ("http://", rest),
            (None, None) => return Err(OriginError::Scheme),
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains(['/', '?', '#']) {
            return Err(OriginError::Path);
        }
        let (host, port) = match rest.rsplit_once(':') {
            // An IPv6 address in brackets has colons of its own.
            Some((host, port)) if !port.contains(']') => (host, Some(port)),
            _ => (rest, None),
        };
        let host_ok = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            Some(v6) => v6.parse::<std::net::Ipv6Addr>().is_ok(),
            None => {
                !host.is_empty()
                    && host.split('.').all(|label| {
                        !label.is_empty()
                            && !label.starts_with('-')
                            && !label.ends_with('-')
                            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    })
            }
        };
        let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|p| p > 0));
        if !host_ok || !port_ok || rest.contains('@') {
            return Err(OriginError::Host);
        }
        Ok(Self(format!("{scheme}{rest}")))
    }

    /// Where a server listening on `addr` is reached when nothing else is
    /// configured (a demo or a developer's machine).
    pub fn of_listener(addr: std::net::SocketAddr) -> Self {
        Self(format!("http://{addr}"))
    }

    /// The absolute URL of a path on the portal (`/test-drive/status/…`).
    pub fn link(&self, path: &str) -> String {
        match path.strip_prefix('/') {
            Some(rest) => format!("{}/{rest}", self.0),
            None => format!("{}/{path}", self.0),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_scheme_a_host_and_perhaps_a_port() {
        for (raw, parsed) in [
            ("https://club.meridian-motors.cn", "https://club.meridian-motors.cn"),
            (" HTTPS://Club.Example.CN/ ", "https://club.example.cn"),
            ("http://127.0.0.1:3000", "http://127.0.0.1:3000"),
            ("http://[::1]:8080", "http://[::1]:8080"),
            ("http://localhost", "http://localhost"),
        ] {
            assert_eq!(Origin::parse(raw).map(|o| o.to_string()), Ok(parsed.to_owned()), "{raw}");
        }
    }

    #[test]
    fn names_what_is_wrong() {
        assert_eq!(Origin::parse("  "), Err(OriginError::Empty));
        assert_eq!(Origin::parse("club.example.cn"), Err(OriginError::Scheme));
        assert_eq!(Origin::parse("ftp://club.example.cn"), Err(OriginError::Scheme));
        assert_eq!(Origin::parse("https://club.example.cn/portal"), Err(OriginError::Path));
        assert_eq!(Origin::parse("https://club.example.cn?x=1"), Err(OriginError::Path));
        assert_eq!(Origin::parse("https://"), Err(OriginError::Host));
        assert_eq!(Origin::parse("https://:443"), Err(OriginError::Host));
        assert_eq!(Origin::parse("https://club..cn"), Err(OriginError::Host));
        assert_eq!(Origin::parse("https://club.example.cn:0"), Err(OriginError::Host));
        assert_eq!(Origin::parse("https://club.example.cn:99999"), Err(OriginError::Host));
        assert_eq!(Origin::parse("https://user@club.example.cn"), Err(OriginError::Host));
        assert_eq!(Origin::parse("https://club_example.cn"), Err(OriginError::Host));
    }

    #[test]
    fn a_link_is_the_origin_and_the_path() {
        let Ok(origin) = Origin::parse("https://club.example.cn/") else { panic!("a valid origin") };
        assert_eq!(origin.link("/test-drive/status/abc"), "https://club.example.cn/test-drive/status/abc");
        assert_eq!(origin.link("reset"), "https://club.example.cn/reset");
        let listener = Origin::of_listener("127.0.0.1:3000".parse().expect("an address"));
        assert_eq!(listener.link("/reset"), "http://127.0.0.1:3000/reset");
    }

    #[test]
    fn deserialising_cannot_skip_parse() {
        assert!(serde_json::from_str::<Origin>(r#""https://club.example.cn/x""#).is_err());
        assert!(serde_json::from_str::<Origin>(r#""https://club.example.cn""#).is_ok());
    }
}
