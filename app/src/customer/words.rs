//! The customer search's words in Simplified Chinese and English.

use crate::i18n::{catalogue, Lang};
use pitlane::customer::Match;

catalogue! {
    /// Customer search text.
    K
    Title { zh: "查找客户", en: "Find a customer" }
    Intro { zh: "输入姓名、手机号（任意几位）、邮箱、车架号或车牌的一部分，或工单、预约、线索编号。", en: "Type a name, any part of a mobile number, an e-mail, part of a VIN or plate, or a case, booking or lead number." }
    Label { zh: "查找客户", en: "Find a customer" }
    Search { zh: "查找", en: "Search" }
    Empty { zh: "没有找到您可查看的客户。换个写法试试，或为来电者新建工单。", en: "No customer your desk can see matches. Try another spelling, or open a case for the caller." }
    Unanswered { zh: "搜索没有回应，请按“搜索”重试。", en: "The search did not answer; press Search to try again." }
    Start { zh: "结果只包含与本店有往来的客户（品牌客服可查全部）。", en: "Results hold only customers with dealings at your dealer (brand-wide desks see everyone)." }
    Many { zh: "只显示前 25 位，请输入更多信息缩小范围。", en: "Only the first 25 are shown: type more to narrow the search." }
    ColCustomer { zh: "客户", en: "Customer" }
    ColContact { zh: "联系方式", en: "Contact" }
    ColCity { zh: "城市", en: "City" }
    ColCars { zh: "车辆", en: "Cars" }
    ColMatched { zh: "匹配", en: "Matched" }
    Prospect { zh: "意向客户（无账号）", en: "Prospect (no account)" }
    NoCar { zh: "无", en: "None" }
    Hidden { zh: "不可见", en: "Not shown" }
    NavCustomers { zh: "查找客户", en: "Customers" }
    OpenCase { zh: "为其新建工单", en: "Open a case" }
    CallerTitle { zh: "来电或到店客户没有账号？新建销售线索", en: "Caller with no account? Open a lead" }
    CallerIntro { zh: "客服热线来电或到店客户：线索来源会如实记录，客户会收到短信链接查看进度。", en: "A call to the hotline or a showroom walk-in: the lead's source says so, and the caller gets a text with a link to follow it." }
    CallerSource { zh: "客户来源", en: "How we met them" }
    CallerName { zh: "客户姓名", en: "Caller's name" }
    CallerMobile { zh: "客户手机号", en: "Caller's mobile" }
    CallerCity { zh: "所在城市", en: "Their city" }
    CallerModel { zh: "意向车型", en: "Model of interest" }
    CallerDealer { zh: "经销商", en: "Dealer" }
    CallerWhen { zh: "方便回电的时段", en: "When to call back" }
    CallerSave { zh: "新建线索", en: "Open the lead" }
    CallerSaving { zh: "正在新建…", en: "Opening…" }
    Choose { zh: "请选择", en: "Choose" }
    Export { zh: "导出 CSV", en: "Export CSV" }
}

pub fn matched_name(m: Match, lang: Lang) -> &'static str {
    match m {
        Match::Name => lang.pick("姓名", "Name"),
        Match::Mobile => lang.pick("手机号", "Mobile"),
        Match::Email => lang.pick("邮箱", "E-mail"),
        Match::Vin => lang.pick("车架号", "VIN"),
        Match::Plate => lang.pick("车牌", "Plate"),
        Match::Case => lang.pick("工单编号", "Case no."),
        Match::Booking => lang.pick("预约编号", "Booking no."),
        Match::Lead => lang.pick("线索编号", "Lead no."),
    }
}
