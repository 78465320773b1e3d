//! Configuration from the environment (and an optional `.env`). A bad value
//! stops start-up with one line naming the variable.

use pitlane::types::Origin;
use std::net::SocketAddr;

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub addr: SocketAddr,
    pub secure_cookies: bool,
    pub log_filter: String,
    /// Seed demo data into an empty database at start (never by default: the
    /// demo accounts' password is public).
    pub seed_demo: bool,
    /// Run the scheduled jobs (reminders, outbox) in this process.
    pub run_jobs: bool,
    pub site_root: String,
    /// Our own reverse proxies: only their `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The pool's size: `PITLANE_DB_CONNECTIONS`, else the engine's own default.
    pub db_connections: u32,
    /// Where people reach the portal (`PITLANE_PUBLIC_ORIGIN`, such as
    /// `https://club.meridian-motors.cn`): links that leave the site (an SMS,
    /// an e-mail, a QR code) carry it, never the request's `Host`. Required in
    /// production; a demo (`PITLANE_SEED_DEMO`) uses the listening address.
    pub public_origin: Option<Origin>,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("configuration: {var}={value:?} is not valid: {expected}")]
pub struct ConfigError {
    pub var: &'static str,
    pub value: String,
    pub expected: &'static str,
}

/// A production start (no demo data) without `PITLANE_PUBLIC_ORIGIN`.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "PITLANE_PUBLIC_ORIGIN is not set: a production start (PITLANE_SEED_DEMO is not true) needs the address people \
     reach the portal at, such as https://club.example.cn, for the links in its SMS and e-mails"
)]
pub struct MissingOrigin;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/pitlane.db";

impl Config {
    /// Where links that leave the site point: the configured origin, or (in a
    /// demo, `None`) the listening address, which only this machine may reach.
    /// A production start without it is refused: its texts would send people
    /// to an address they cannot open.
    pub fn public_origin(&self) -> Result<Option<Origin>, MissingOrigin> {
        match (&self.public_origin, self.seed_demo) {
            (Some(origin), _) => Ok(Some(origin.clone())),
            (None, true) => Ok(None),
            (None, false) => Err(MissingOrigin),
        }
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|var| std::env::var(var).ok())
    }

    /// Reads each variable through `lookup`, so tests can configure without
    /// touching the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let database_url = lookup("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        let Some(engine) = pitlane::db::Engine::of_url(&database_url) else {
            return Err(ConfigError {
                var: "DATABASE_URL",
                value: database_url,
                expected: "a sqlite:// or postgres:// URL",
            });
        };
        let db_connections = match lookup("PITLANE_DB_CONNECTIONS") {
            None => engine.default_connections(),
            Some(raw) => raw.trim().parse().ok().filter(|n| (1..=1000).contains(n)).ok_or(ConfigError {
                var: "PITLANE_DB_CONNECTIONS",
                value: raw,
                expected: "a number of connections from 1 to 1000",
            })?,
        };
        let addr_raw = lookup("PITLANE_ADDR")
            .or_else(|| lookup("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".to_owned());
        let addr = addr_raw.parse().map_err(|_| ConfigError {
            var: "PITLANE_ADDR",
            value: addr_raw.clone(),
            expected: "an address and port such as 127.0.0.1:3000",
        })?;
        Ok(Self {
            database_url,
            addr,
            secure_cookies: flag(&lookup, "PITLANE_SECURE_COOKIES", false)?,
            log_filter: lookup("RUST_LOG").unwrap_or_else(|| "info,sqlx=warn".to_owned()),
            seed_demo: flag(&lookup, "PITLANE_SEED_DEMO", false)?,
            run_jobs: flag(&lookup, "PITLANE_JOBS", true)?,
            site_root: lookup("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned()),
            trusted_proxies: networks(&lookup, "PITLANE_TRUSTED_PROXIES")?,
            db_connections,
            public_origin: origin(&lookup, "PITLANE_PUBLIC_ORIGIN")?,
        })
    }
}

/// A comma-separated list of addresses or networks (`10.0.0.0/8, 192.168.1.5`).
fn networks(lookup: &impl Fn(&str) -> Option<String>, var: &'static str) -> Result<Vec<ipnet::IpNet>, ConfigError> {
    let raw = lookup(var).unwrap_or_default();
    raw.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<ipnet::IpNet>().or_else(|_| item.parse::<std::net::IpAddr>().map(ipnet::IpNet::from)).map_err(
                |_| ConfigError {
                    var,
                    value: raw.clone(),
                    expected: "addresses or networks such as 10.0.0.0/8, 192.168.1.5",
                },
            )
        })
        .collect()
}

/// An origin: `http://` or `https://`, a host and perhaps a port, nothing after.
fn origin(lookup: &impl Fn(&str) -> Option<String>, var: &'static str) -> Result<Option<Origin>, ConfigError> {
    let Some(raw) = lookup(var).filter(|v| !v.trim().is_empty()) else {
        return Ok(None);
    };
    Origin::parse(&raw).map(Some).map_err(|_| ConfigError {
        var,
        value: raw,
        expected: "an origin such as https://club.example.cn (a scheme and a host, no path)",
    })
}

fn flag(lookup: &impl Fn(&str) -> Option<String>, var: &'static str, default: bool) -> Result<bool, ConfigError> {
    match lookup(var).as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => Err(ConfigError { var, value: other.to_owned(), expected: "true or false" }),
    }
}
