//! The profile pages' own words in Simplified Chinese and English (the older
//! ones are in the shared catalogue, `crate::i18n::T`).

use crate::i18n::{catalogue, Lang, T};
use pitlane::notify::outbox::Preference;

catalogue! {
    /// Profile text.
    P
    FieldBirthday { zh: "生日", en: "Birthday" }
    FieldConsent { zh: "营销信息授权", en: "Marketing consent" }
    FieldOther { zh: "其他", en: "Other" }
    ConsentGiven { zh: "已同意", en: "Given" }
    ConsentWithdrawn { zh: "已撤回", en: "Withdrawn" }
    ValueEmpty { zh: "（空）", en: "(empty)" }
}

/// A contact channel's name.
pub fn channel_name(p: Preference) -> T {
    match p {
        Preference::Sms => T::ChannelSms,
        Preference::Email => T::ChannelEmail,
        Preference::Phone => T::ChannelPhone,
        Preference::None => T::ChannelNone,
    }
}
