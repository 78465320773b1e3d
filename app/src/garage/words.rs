//! The garage's and reminders' own words in Simplified Chinese and English
//! (the older ones are in the shared catalogue, `crate::i18n::T`).

use crate::i18n::{catalogue, Lang};

catalogue! {
    /// Garage text.
    G
    ReminderServiceCampaign { zh: "服务活动", en: "Service campaign" }
    StateOpen { zh: "待办理", en: "To do" }
}
