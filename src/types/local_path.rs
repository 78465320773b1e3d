//! A path on this site, safe to send a browser to after signing in or after a
//! failed form post (no open redirect).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPath(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LocalPathError {
    #[error("not a path on this site")]
    NotLocal,
}

impl LocalPath {
    /// Accepts `/…` only. Browsers drop tabs and newlines from a `Location` and
    /// read `\` as `/`, so `/\t/evil.example` or `/\evil.example` would leave
    /// the site: any control character, whitespace or backslash is refused, as
    /// is a second leading slash (a scheme-relative URL).
    pub fn parse(raw: &str) -> Result<Self, LocalPathError> {
        let bytes = raw.as_bytes();
        let shaped = bytes.first() == Some(&b'/') && !matches!(bytes.get(1), Some(b'/' | b'\\'));
        let clean = !raw.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\');
        if shaped && clean {
            Ok(Self(raw.to_owned()))
        } else {
            Err(LocalPathError::NotLocal)
        }
    }

    /// A `Location` value as a path on this site: a path as it is, or a full
    /// URL whose authority is `host` (this site) as its path.
    pub fn of_location(location: &str, host: &str) -> Result<Self, LocalPathError> {
        if let Ok(path) = Self::parse(location) {
            return Ok(path);
        }
        let rest = location.strip_prefix("https://").or_else(|| location.strip_prefix("http://"));
        let rest = rest.ok_or(LocalPathError::NotLocal)?;
        let path_at = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        if !rest[..path_at].eq_ignore_ascii_case(host) {
            return Err(LocalPathError::NotLocal);
        }
        match &rest[path_at..] {
            "" => Ok(Self("/".to_owned())),
            path if path.starts_with('/') => Self::parse(path),
            query => Self::parse(&format!("/{query}")),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LocalPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_on_this_site_are_kept() {
        for ok in ["/", "/me/garage", "/me/bookings/12?tab=photos#top", "/warranty?vin=LMVAB%20"] {
            assert_eq!(LocalPath::parse(ok).map(|p| p.to_string()), Ok(ok.to_owned()));
        }
    }

    #[test]
    fn anything_a_browser_could_read_as_another_site_is_refused() {
        let tricky = [
            "",
            "me",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example/",
            "/\n/evil.example",
            "/\r/evil.example",
            "/ /evil.example",
            "/\u{0}/evil.example",
            "/\u{7f}/evil.example",
            "/\u{3000}/evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            " /me",
            "/me\\..\\..",
        ];
        for raw in tricky {
            assert_eq!(LocalPath::parse(raw), Err(LocalPathError::NotLocal), "{raw:?}");
        }
    }

    #[test]
    fn a_location_on_this_site_becomes_its_path() {
        let host = "portal.example:3000";
        let path = |raw: &str| LocalPath::of_location(raw, host).map(|p| p.to_string());
        assert_eq!(path("/me?x=1"), Ok("/me?x=1".to_owned()));
        assert_eq!(path("http://portal.example:3000/login?__err=x"), Ok("/login?__err=x".to_owned()));
        assert_eq!(path("https://PORTAL.example:3000"), Ok("/".to_owned()));
        assert_eq!(path("http://portal.example:3000?a=b"), Ok("/?a=b".to_owned()));
        for elsewhere in [
            "https://evil.example/",
            "http://portal.example:3000.evil.example/",
            "http://portal.example:3000//evil.example/",
            "http://portal.example:3000/\\evil.example",
            "//evil.example",
        ] {
            assert_eq!(path(elsewhere), Err(LocalPathError::NotLocal), "{elsewhere}");
        }
    }
}
