//! The advisor's day's words in Simplified Chinese and English: moving between
//! days, what a visit card says of its estimate, check-in and links, and what a
//! no-show does (the catalogue's other booking words, and why an arrival cannot be
//! recorded now, are in `crate::i18n`).

use crate::i18n::{catalogue, Lang};

catalogue! {
    /// The advisor's day's text.
    D
    DayNav { zh: "切换日期", en: "Choose the day" }
    DayPrevious { zh: "前一天", en: "Previous day" }
    DayNext { zh: "后一天", en: "Next day" }
    DayToday { zh: "今天", en: "Today" }
    WeekPrevious { zh: "上一周", en: "Previous week" }
    WeekNext { zh: "下一周", en: "Next week" }
    ExtraWork { zh: "追加项目：", en: "Extra work: " }
    CarHistory { zh: "车辆档案", en: "Car history" }
    OwnerProfile { zh: "车主资料", en: "Owner's profile" }
    CheckInOnItsDay { zh: "预约当天才能登记到店。", en: "The car is checked in on the day of its visit." }
    MileageFromCheckIn { zh: "已填入到店登记时的里程，如有出入请修改。", en: "Filled in from check-in: correct it if it differs." }
    NoShowConfirm { zh: "确认未到店", en: "Yes, a no-show" }
}

/// What marking a visit as a no-show does, naming the owner and the time, said
/// before the advisor confirms it.
pub fn no_show_consequence(owner: &str, time: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("将把 {owner} {time} 的预约记为未到店，预约随即结束，不能撤销。"),
        Lang::En => {
            format!("{owner}'s visit at {time} will be recorded as a no-show and closed. This cannot be undone.")
        }
    }
}
