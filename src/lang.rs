//! The two languages the portal speaks. The UI's catalogue and the messages'
//! words (`notify::words`) both answer in one of them.

use serde::{Deserialize, Serialize};

pub mod dates;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub const COOKIE: &'static str = "lang";

    /// The value of `<html lang>` and of the language cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let lower = raw.trim().to_ascii_lowercase();
        if lower.starts_with("zh") {
            Some(Lang::Zh)
        } else if lower.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The first language of an Accept-Language header that we speak.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        header.split(',').find_map(|part| Lang::parse(part.split(';').next().unwrap_or("")))
    }

    /// The language of a stored locale (`users.locale`, `leads.locale`):
    /// English when it says so, Chinese otherwise.
    pub fn of_locale(locale: Option<&str>) -> Self {
        locale.and_then(Lang::parse).unwrap_or_default()
    }

    /// Picks the Chinese or English form of a value stored in both.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
