//! The advisor's day's words in Simplified Chinese and English: moving between
//! days, what a visit card says of its estimate, check-in and links, and why a
//! visit's arrival cannot be recorded now, and what a no-show does (the catalogue's other booking words
//! are in `crate::i18n`).

use crate::i18n::{catalogue, Lang};
use pitlane::booking::ArrivalRefusal;

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

/// Why a visit's arrival (or absence) cannot be recorded now, as one sentence.
pub fn arrival_refusal(refused: ArrivalRefusal, lang: Lang) -> String {
    use pitlane::booking::lifecycle::{PHONE_CHECK_IN_EARLY, PHONE_CHECK_IN_LATE, PHONE_NOTICE};
    match refused {
        ArrivalRefusal::NotItsDay => lang
            .pick(
                "只能在预约当天（北京时间）登记到店：这辆车不是今天的预约。",
                "A car is checked in on the day of its visit (China time): this visit is not today.",
            )
            .to_owned(),
        ArrivalRefusal::BeforeItsDay => lang
            .pick(
                "预约日期还没到，不能标记为未到店。",
                "The visit's day has not come yet: it cannot be marked as a no-show.",
            )
            .to_owned(),
        ArrivalRefusal::AwaitsOwner => {
            let (early, late, notice) =
                (PHONE_CHECK_IN_EARLY.num_hours(), PHONE_CHECK_IN_LATE.num_hours(), PHONE_NOTICE.num_hours());
            match lang {
                Lang::Zh => format!(
                    "车主尚未确认的电话预约，只能在预约时间前 {early} 小时至开始后 {late} 小时内、且预约已满 {notice} 小时后登记到店；请车主先在预约页面确认。"
                ),
                Lang::En => format!(
                    "A phone booking its owner has not confirmed is checked in from {early} hours before its time to {late} hours after, once it is {notice} hours old: ask the owner to confirm it on their booking page."
                ),
            }
        }
    }
}
