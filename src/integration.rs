//! The integration API's keys (issue 27): other systems — the dealers' DMS,
//! the call centre, the brand's ERP — call `/api/v1` with a key that carries
//! scopes and may be bound to one dealer. The rule of what a key may touch is
//! here ([`ApiKey::allows`]); the HTTP layer only asks it.
//!
//! A key is shown once when it is made and stored as its SHA-256 digest: it is
//! 40 random letters and digits (238 bits), so a slow password hash would add
//! nothing but a cost on every call.

use crate::account::DealerId;
use crate::error::{Field, FieldError, Problem};
use std::fmt;

pub mod desk;
#[cfg(feature = "ssr")]
pub mod idempotency;
#[cfg(feature = "ssr")]
pub mod store;
pub mod webhook;

stored_enum! {
    /// What a key may do; the text is the scope's name in the API's documents.
    pub enum Scope {
        VehiclesRead = "vehicles:read",
        VehiclesWrite = "vehicles:write",
        ServiceWrite = "service:write",
        RecallsWrite = "recalls:write",
        BookingsRead = "bookings:read",
        BookingsWrite = "bookings:write",
        CasesWrite = "cases:write",
        LeadsRead = "leads:read",
        LeadsWrite = "leads:write",
        LoyaltyWrite = "loyalty:write",
        CallersRead = "callers:read",
        EventsRead = "events:read",
    }
}

/// Why a key's details were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("name: 1 to {NAME_MAX} characters")]
    Name,
    #[error("scopes: at least one of {}", Scope::ALL.map(Scope::as_str).join(", "))]
    NoScopes,
    #[error("scopes: `{0}` is not a scope")]
    UnknownScope(String),
}

const NAME_MAX: usize = 80;

impl KeyError {
    /// The refusal as a form shows it, next to its field.
    pub fn field_error(&self) -> FieldError {
        match self {
            Self::Name => FieldError::new(Field::ApiKeyName, Problem::TooLong(NAME_MAX)),
            Self::NoScopes => FieldError::new(Field::Scopes, Problem::Required),
            Self::UnknownScope(_) => FieldError::new(Field::Scopes, Problem::UnknownChoice),
        }
    }
}

/// What the key is for, as people read it in the list ("Shanghai DMS").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyName(String);

impl KeyName {
    pub fn parse(raw: &str) -> Result<Self, KeyError> {
        let name = raw.trim();
        let length = name.chars().count();
        if length == 0 || length > NAME_MAX || name.chars().any(char::is_control) {
            return Err(KeyError::Name);
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A key's scopes: at least one, each once, in declaration order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scopes(Vec<Scope>);

impl Scopes {
    /// Scopes separated by commas or spaces, as the command line and the
    /// stored column write them.
    pub fn parse(raw: &str) -> Result<Self, KeyError> {
        let mut scopes = Vec::new();
        for part in raw.split([',', ' ']).filter(|p| !p.is_empty()) {
            scopes.push(Scope::parse(part).ok_or_else(|| KeyError::UnknownScope(part.to_owned()))?);
        }
        if scopes.is_empty() {
            return Err(KeyError::NoScopes);
        }
        scopes.sort_by_key(|s| Scope::ALL.iter().position(|a| a == s));
        scopes.dedup();
        Ok(Self(scopes))
    }

    pub fn contains(&self, scope: Scope) -> bool {
        self.0.contains(&scope)
    }

    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        self.0.iter().copied()
    }
}

impl fmt::Display for Scopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(","))
    }
}

/// The key itself: shown once, never stored, never printed in a log.
pub struct KeySecret(String);

/// Every key starts so, which lets secret scanners and people recognise one.
const SECRET_PREFIX: &str = "pl_";
const SECRET_RANDOM: usize = 40;

impl KeySecret {
    #[cfg(feature = "ssr")]
    pub fn generate() -> Self {
        use rand::distributions::{Alphanumeric, DistString};
        Self(format!("{SECRET_PREFIX}{}", Alphanumeric.sample_string(&mut rand::rngs::OsRng, SECRET_RANDOM)))
    }

    /// The key a caller sent, if it has a key's shape (anything else cannot
    /// be one and is refused without a lookup).
    pub fn from_presented(raw: &str) -> Option<Self> {
        let random = raw.strip_prefix(SECRET_PREFIX)?;
        (random.len() == SECRET_RANDOM && random.bytes().all(|b| b.is_ascii_alphanumeric()))
            .then(|| Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The first characters, kept to tell keys apart in the list.
    pub fn shown_prefix(&self) -> &str {
        &self.0[..SECRET_PREFIX.len() + 6]
    }

    /// What is stored: the hex SHA-256 digest.
    #[cfg(feature = "ssr")]
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        Sha256::digest(self.0.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl fmt::Debug for KeySecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeySecret(***)")
    }
}

/// A key as the API and the admins see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: i64,
    pub name: KeyName,
    pub shown_prefix: String,
    pub scopes: Scopes,
    /// The one dealer whose data the key reaches; `None`: brand-wide.
    pub dealer: Option<DealerId>,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// Why a call with a valid key is refused (HTTP 403).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    MissingScope(Scope),
    OtherDealer,
}

impl ApiKey {
    /// Whether this key may do `scope` on data of `dealer` (`None`: data of
    /// no one dealer, which a dealer's key may not touch either).
    pub fn allows(&self, scope: Scope, dealer: Option<DealerId>) -> Result<(), Refusal> {
        if !self.scopes.contains(scope) {
            return Err(Refusal::MissingScope(scope));
        }
        match self.dealer {
            Some(own) if dealer != Some(own) => Err(Refusal::OtherDealer),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(scopes: &str, dealer: Option<DealerId>) -> ApiKey {
        ApiKey {
            id: 1,
            name: KeyName::parse("DMS").expect("name"),
            shown_prefix: "pl_abcdef".into(),
            scopes: Scopes::parse(scopes).expect("scopes"),
            dealer,
            created_at: 0,
            last_used_at: None,
            revoked_at: None,
        }
    }

    #[test]
    fn scopes_are_read_from_commas_or_spaces_once_each_in_a_fixed_order() {
        let scopes = Scopes::parse("leads:read, vehicles:write,leads:read").expect("scopes");
        assert_eq!(scopes.to_string(), "vehicles:write,leads:read");
        assert_eq!(Scopes::parse(" , "), Err(KeyError::NoScopes));
        assert_eq!(Scopes::parse("vehicles:write,admin"), Err(KeyError::UnknownScope("admin".into())));
        assert_eq!(Scopes::parse("Vehicles:Write"), Err(KeyError::UnknownScope("Vehicles:Write".into())));
    }

    #[test]
    fn a_name_is_one_to_eighty_printable_characters() {
        assert_eq!(KeyName::parse("  上海浦东 DMS ").expect("name").as_str(), "上海浦东 DMS");
        assert_eq!(KeyName::parse("   "), Err(KeyError::Name));
        assert_eq!(KeyName::parse(&"键".repeat(81)), Err(KeyError::Name));
        assert_eq!(KeyName::parse("a\nb"), Err(KeyError::Name));
    }

    #[test]
    fn a_generated_key_has_its_shape_and_its_digest_is_not_the_key() {
        let secret = KeySecret::generate();
        assert_eq!(secret.expose().len(), 43);
        let again = KeySecret::from_presented(secret.expose()).expect("its own shape");
        assert_eq!(again.digest(), secret.digest());
        assert_eq!(secret.digest().len(), 64);
        assert!(!secret.digest().contains(&secret.expose()[3..]));
        assert_ne!(KeySecret::generate().digest(), secret.digest(), "keys differ");
        assert_eq!(format!("{secret:?}"), "KeySecret(***)");
        assert!(KeySecret::from_presented("pl_short").is_none());
        assert!(KeySecret::from_presented(&format!("xx_{}", &secret.expose()[3..])).is_none());
        assert!(KeySecret::from_presented(&format!("{}!", &secret.expose()[..42])).is_none());
    }

    #[test]
    fn a_key_needs_the_scope_and_a_dealers_key_only_its_dealers_data() {
        let brand = key("vehicles:write", None);
        assert_eq!(brand.allows(Scope::VehiclesWrite, Some(7)), Ok(()));
        assert_eq!(brand.allows(Scope::VehiclesWrite, None), Ok(()));
        assert_eq!(brand.allows(Scope::LeadsRead, None), Err(Refusal::MissingScope(Scope::LeadsRead)));
        let dealer = key("vehicles:write", Some(7));
        assert_eq!(dealer.allows(Scope::VehiclesWrite, Some(7)), Ok(()));
        assert_eq!(dealer.allows(Scope::VehiclesWrite, Some(8)), Err(Refusal::OtherDealer));
        assert_eq!(dealer.allows(Scope::VehiclesWrite, None), Err(Refusal::OtherDealer));
    }
}
