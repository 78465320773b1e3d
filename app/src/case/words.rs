//! The case pages' own words in Simplified Chinese and English (the older
//! ones are in the shared catalogue, `crate::i18n::T`).

use crate::i18n::{catalogue, Lang};

catalogue! {
    /// Case text.
    W
    CaseNotReopened { zh: "14 天内未重新打开，自动关闭", en: "Closed: not reopened within 14 days" }
    ResolutionNote { zh: "解决说明（发送给车主）", en: "How it was resolved (sent to the owner)" }
    ResolutionNoteHint { zh: "车主会先读到这段说明，再决定评分或重新打开。", en: "The owner reads this before rating the resolution or reopening the case." }
    BookingNo { zh: "预约", en: "Booking" }
    OwnerContact { zh: "联系方式", en: "Contact" }
    OwnerNoContact { zh: "未留联系方式", en: "No contact on file" }
    OwnerOutOfReach { zh: "该车主与本店尚无往来，联系方式部分隐去。", en: "This owner has no dealings with your dealer yet, so their contacts are partly hidden." }
    OpenDaySheet { zh: "在当日排班中查看", en: "Open the day sheet" }
    OpenCar { zh: "查看车辆", en: "Open the car" }
}
