//! The one-shot subcommands: `seed-demo`, `create-admin` and `api-key`. A production start
//! never seeds and never makes an account by itself, so the first admin comes
//! from here with a password nobody else has seen.

use crate::config::Config;
use pitlane::account::{store, Registration, Role, RoleAssignment, UserId};
use pitlane::db::Db;
use pitlane::types::Password;
use pitlane::{Clock, DomainError};

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Db(#[from] pitlane::db::DbError),
    #[error("{0}")]
    Domain(#[from] DomainError),
    #[error("{0}")]
    Usage(String),
}

async fn open(config: &Config) -> Result<Db, CommandError> {
    let db = Db::connect(&config.database_url, 2).await?;
    db.migrate().await?;
    Ok(db)
}

/// Where the demo's texts link: the configured origin, else the address the
/// server will listen on.
fn demo_origin(config: &Config) -> pitlane::types::Origin {
    config.public_origin.clone().unwrap_or_else(|| pitlane::types::Origin::of_listener(config.addr))
}

/// `server seed-demo`: demo data into an empty database (a no-op otherwise).
/// Returns whether it seeded.
pub async fn seed_demo(config: &Config, clock: &dyn Clock) -> Result<bool, CommandError> {
    let db = open(config).await?;
    let seeded = pitlane::seed::seed_if_empty(&db, clock, &demo_origin(config)).await?;
    db.close().await;
    Ok(seeded)
}

/// What `create-admin` made; the password is shown once when it was generated.
#[derive(Debug)]
pub struct CreatedAdmin {
    pub id: UserId,
    pub generated_password: Option<Password>,
}

/// `server create-admin --login <mobile or e-mail> [--name <name>]`: an admin
/// account. The password is `password` (read from stdin by `main`) or, when
/// none is given, generated.
pub async fn create_admin(
    config: &Config,
    clock: &dyn Clock,
    args: &[String],
    password: Option<String>,
) -> Result<CreatedAdmin, CommandError> {
    let usage = || CommandError::Usage("usage: server create-admin --login <mobile or e-mail> [--name <name>]".into());
    let (mut login, mut name) = (None, None);
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        match (flag.as_str(), rest.next()) {
            ("--login", Some(value)) => login = Some(value.clone()),
            ("--name", Some(value)) => name = Some(value.clone()),
            _ => return Err(usage()),
        }
    }
    let login = login.ok_or_else(usage)?;
    let (password, generated) = match password.filter(|p| !p.is_empty()) {
        Some(given) => (given, false),
        None => (Password::generate().expose().to_owned(), true),
    };
    let registration = Registration::parse(&login, name.as_deref().unwrap_or("Administrator"), &password)?;
    let generated_password = generated.then(|| registration.password.clone());
    let admin = RoleAssignment::new(Role::Admin, None).map_err(|e| CommandError::Usage(e.to_string()))?;
    let db = open(config).await?;
    let id = store::create(&db, clock, registration, admin, None).await?;
    db.close().await;
    Ok(CreatedAdmin { id, generated_password })
}

/// `server seed-bulk [--owners N]`: the benchmark's large dataset on top of the
/// demo data (seeded first when the database is empty). `None` when it is
/// there already.
pub async fn seed_bulk(
    config: &Config,
    clock: &dyn Clock,
    args: &[String],
) -> Result<Option<pitlane::seed::BulkTargets>, CommandError> {
    let owners = match args {
        [] => 100_000,
        [flag, n] if flag == "--owners" => n
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=1_000_000).contains(n))
            .ok_or_else(|| CommandError::Usage(format!("--owners {n:?}: a whole number from 1 to 1000000")))?,
        _ => return Err(CommandError::Usage("usage: server seed-bulk [--owners N]".into())),
    };
    let db = open(config).await?;
    pitlane::seed::seed_if_empty(&db, clock, &demo_origin(config)).await?;
    let targets = pitlane::seed::seed_bulk(&db, clock, pitlane::seed::Scale { owners }).await?;
    db.close().await;
    Ok(targets)
}

/// `server api-key create --name NAME --scopes SCOPE[,SCOPE…] [--dealer CODE]`,
/// `server api-key revoke ID` and `server api-key list`: the integration API's
/// keys from the command line. Returns what to print; a new key's secret is
/// in it once and nowhere else.
pub async fn api_key(config: &Config, clock: &dyn Clock, args: &[String]) -> Result<String, CommandError> {
    use pitlane::integration::{store, KeyName, Scopes};
    let usage = || {
        CommandError::Usage(
            "usage: server api-key create --name NAME --scopes SCOPE[,SCOPE…] [--dealer CODE] | revoke ID | list"
                .into(),
        )
    };
    let invalid = |e: pitlane::integration::KeyError| CommandError::Usage(e.to_string());
    match args.split_first() {
        Some((verb, rest)) if verb == "create" => {
            let (mut name, mut scopes, mut dealer) = (None, None, None);
            let mut flags = rest.iter();
            while let Some(flag) = flags.next() {
                match (flag.as_str(), flags.next()) {
                    ("--name", Some(value)) => name = Some(KeyName::parse(value).map_err(invalid)?),
                    ("--scopes", Some(value)) => scopes = Some(Scopes::parse(value).map_err(invalid)?),
                    ("--dealer", Some(value)) => dealer = Some(value.clone()),
                    _ => return Err(usage()),
                }
            }
            let (Some(name), Some(scopes)) = (name, scopes) else { return Err(usage()) };
            let db = open(config).await?;
            let dealer = match dealer {
                Some(code) => Some(
                    pitlane::dealer::id_by_code(&db, &code)
                        .await
                        .map_err(DomainError::from)?
                        .ok_or_else(|| CommandError::Usage(format!("--dealer {code:?}: no dealer has that code")))?,
                ),
                None => None,
            };
            let (key, secret) =
                store::create(&db, clock.now(), store::NewKey { name, scopes, dealer, by: None }).await?;
            db.close().await;
            Ok(format!(
                "api key {} \"{}\" created with scopes {}\nthe key (shown once, store it now): {}",
                key.id,
                key.name.as_str(),
                key.scopes,
                secret.expose()
            ))
        }
        Some((verb, [id])) if verb == "revoke" => {
            let id = id.parse::<i64>().map_err(|_| usage())?;
            let db = open(config).await?;
            let revoked = store::revoke(&db, clock.now(), id, None).await;
            db.close().await;
            match revoked {
                Err(DomainError::NotFound) => Err(CommandError::Usage(format!("no live api key {id}"))),
                other => other.map(|()| format!("api key {id} revoked")).map_err(CommandError::from),
            }
        }
        Some((verb, [])) if verb == "list" => {
            let db = open(config).await?;
            let keys = store::list(&db).await?;
            let dealers = pitlane::dealer::list(&db).await.map_err(DomainError::from)?;
            db.close().await;
            let code = |id: i64| dealers.iter().find(|d| d.id == id).map_or_else(|| id.to_string(), |d| d.code.clone());
            Ok(keys
                .iter()
                .map(|k| {
                    let state = if k.revoked_at.is_some() { "revoked" } else { "live" };
                    let dealer = k.dealer.map(|d| format!(" dealer {}", code(d))).unwrap_or_default();
                    format!("{}\t{}…\t{}\t{}\t{}{}", k.id, k.shown_prefix, state, k.name.as_str(), k.scopes, dealer)
                })
                .collect::<Vec<_>>()
                .join("\n"))
        }
        _ => Err(usage()),
    }
}
