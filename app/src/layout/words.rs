//! The header's own words in Simplified Chinese and English (the older ones
//! are in the shared catalogue, `crate::i18n::T`).

use crate::i18n::{catalogue, Lang};

catalogue! {
    /// Header text.
    N
    SwitchToOwner { zh: "我的车主页面", en: "My car pages" }
    SwitchToDesk { zh: "回到工作台", en: "Back to my desk" }
    NavClaims { zh: "车辆添加申请", en: "Car claims" }
    NavModeration { zh: "车友会审核", en: "Club moderation" }
}
