//! The customer page's words in Simplified Chinese and English.

use crate::i18n::{catalogue, Lang};
use pitlane::analytics::churn::Reason;
use pitlane::analytics::rfm::RfmClass;
use pitlane::customer::card::{StrikeLevel, TouchKind};

catalogue! {
    /// Customer page text.
    C
    Title { zh: "客户档案", en: "Customer" }
    Profile { zh: "资料与授权", en: "Profile and consent" }
    MemberSince { zh: "注册时间", en: "Customer since" }
    Contacts { zh: "联系方式", en: "Contacts" }
    ContactsHidden { zh: "您的岗位不显示联系方式", en: "Not shown to your desk" }
    Verified { zh: "已验证", en: "verified" }
    Unverified { zh: "未验证", en: "not verified" }
    Consent { zh: "营销授权", en: "Marketing consent" }
    ConsentGiven { zh: "已同意", en: "Given" }
    ConsentWithdrawn { zh: "未同意或已撤回", en: "Not given or withdrawn" }
    ConsentVersion { zh: "条款版本", en: "Wording version" }
    ConsentNoRecord { zh: "无授权记录", en: "No consent on record" }
    Value { zh: "客户价值与流失风险", en: "Value and churn risk" }
    RfmClass { zh: "RFM 分类", en: "RFM class" }
    NotScored { zh: "尚未评分（每日任务计算后显示）", en: "Not scored yet (the daily job scores every owner)" }
    NoRisk { zh: "暂无流失风险", en: "No churn risk seen" }
    Risks { zh: "流失风险原因", en: "Churn-risk reasons" }
    ScoredAt { zh: "评分时间", en: "Scored" }
    Recency { zh: "距上次到店（天）", en: "Days since last visit" }
    NeverCame { zh: "从未到店", en: "Never visited" }
    Visits { zh: "24 个月内到店次数", en: "Visits in 24 months" }
    Spend { zh: "24 个月内消费", en: "Spend in 24 months" }
    Advisor { zh: "专属服务顾问", en: "Named service advisor" }
    NoAdvisor { zh: "尚未指定", en: "None named yet" }
    Timeline { zh: "客户旅程", en: "Timeline" }
    TimelineAll { zh: "全部", en: "All" }
    TimelineEmpty { zh: "暂无此类记录。", en: "Nothing of this kind yet." }
    TimelineCap { zh: "只显示最新 100 条，可按类别筛选。", en: "The newest 100 are shown; filter by kind to see more of one." }
    FilterLabel { zh: "按类别筛选", en: "Filter by kind" }
    NoteLabel { zh: "添加备注", en: "Add a note" }
    NoteHint { zh: "仅员工可见，最多 2000 字。", en: "Staff only, at most 2,000 characters." }
    NoteSave { zh: "保存备注", en: "Save note" }
    NoteSaving { zh: "正在保存…", en: "Saving…" }
    Cars { zh: "车辆", en: "Cars" }
    NoCars { zh: "名下暂无车辆。", en: "No car in their garage." }
    WarrantyUntil { zh: "保修至", en: "Warranty until" }
    WarrantyNone { zh: "保修已到期或未知", en: "No cover in force" }
    OpenRecalls { zh: "未完成召回", en: "Open recalls" }
    NoOpenRecalls { zh: "无未完成召回", en: "No open recall" }
    Bookings { zh: "预约", en: "Bookings" }
    NextBookings { zh: "即将到来的预约", en: "Next bookings" }
    PastBookings { zh: "过往预约", en: "Past bookings" }
    NoBookings { zh: "暂无预约。", en: "No bookings." }
    Cases { zh: "工单", en: "Cases" }
    NoCases { zh: "暂无工单。", en: "No cases." }
    Breached { zh: "曾超时", en: "A target was missed" }
    Surveys { zh: "满意度回访", en: "Survey answers" }
    NoSurveys { zh: "暂无回访答复。", en: "No survey answers." }
    Satisfaction { zh: "满意度", en: "Satisfaction" }
    Recommend { zh: "推荐意愿", en: "Would recommend" }
    Leads { zh: "销售线索与置换", en: "Leads and trade-ins" }
    NoLeads { zh: "暂无线索。", en: "No leads." }
    TradeIn { zh: "置换", en: "Trade-in" }
    TestDrive { zh: "试驾", en: "Test drive" }
    Referrals { zh: "推荐成交", en: "Referrals won" }
    NoReferrals { zh: "暂无推荐成交。", en: "No referral won yet." }
    Points { zh: "积分与等级", en: "Points and tier" }
    Balance { zh: "积分余额", en: "Balance" }
    Tier { zh: "会员等级", en: "Tier" }
    NoLedger { zh: "暂无积分记录。", en: "No points yet." }
    Club { zh: "车友会", en: "Owners' club" }
    Posts { zh: "已发布帖子", en: "Posts published" }
    Comments { zh: "已发布评论", en: "Comments published" }
    Strikes { zh: "有效警告/处罚", en: "Strikes in force" }
    SuspendedUntil { zh: "禁言至", en: "Suspended until" }
    Banned { zh: "已封禁", en: "Banned" }
    InGoodStanding { zh: "状态正常", en: "In good standing" }
    ColWhen { zh: "时间", en: "When" }
    ColWhat { zh: "事项", en: "What" }
    ColNumber { zh: "编号", en: "No." }
    ColDealer { zh: "经销商", en: "Dealer" }
    ColStatus { zh: "状态", en: "Status" }
    ColSla { zh: "SLA", en: "SLA" }
    ColModel { zh: "车型", en: "Model" }
    ColSource { zh: "来源", en: "Source" }
    ColPoints { zh: "积分", en: "Points" }
    ColComment { zh: "评价", en: "Comment" }
    TouchBooked { zh: "预约保养", en: "Booked a service" }
    TouchVisited { zh: "到店完成保养", en: "Visit completed" }
    TouchCase { zh: "提交工单", en: "Case opened" }
    TouchSurvey { zh: "回答满意度回访", en: "Answered a survey" }
    TouchLead { zh: "销售线索", en: "Lead" }
    TouchPoints { zh: "积分", en: "Points" }
    TouchPost { zh: "车友会发帖", en: "Club post" }
    TouchComment { zh: "车友会评论", en: "Club comment" }
    TouchStrike { zh: "车友会处罚", en: "Club strike" }
    TouchProfile { zh: "修改资料", en: "Profile changed" }
    TouchByStaff { zh: "由员工修改", en: "by staff" }
    TouchByOwner { zh: "由客户本人修改", en: "by the owner" }
    TouchNote { zh: "员工备注", en: "Staff note" }
}

pub fn touch_kind_name(kind: TouchKind, lang: Lang) -> &'static str {
    match kind {
        TouchKind::Bookings => lang.pick("预约", "Bookings"),
        TouchKind::Visits => lang.pick("到店", "Visits"),
        TouchKind::Cases => lang.pick("工单", "Cases"),
        TouchKind::Surveys => lang.pick("回访", "Surveys"),
        TouchKind::Leads => lang.pick("线索", "Leads"),
        TouchKind::Points => lang.pick("积分", "Points"),
        TouchKind::Club => lang.pick("车友会", "Club"),
        TouchKind::Profile => lang.pick("资料变更", "Profile"),
        TouchKind::Notes => lang.pick("备注", "Notes"),
    }
}

pub fn strike_name(level: StrikeLevel, lang: Lang) -> &'static str {
    match level {
        StrikeLevel::Warning => lang.pick("警告", "Warning"),
        StrikeLevel::Suspension => lang.pick("禁言", "Suspension"),
        StrikeLevel::Ban => lang.pick("封禁", "Ban"),
    }
}

pub fn rfm_class_name(class: RfmClass, lang: Lang) -> &'static str {
    match class {
        RfmClass::ImportantValue => lang.pick("重要价值客户", "Important: value"),
        RfmClass::ImportantKeep => lang.pick("重要保持客户", "Important: keep"),
        RfmClass::ImportantDevelop => lang.pick("重要发展客户", "Important: develop"),
        RfmClass::ImportantRetain => lang.pick("重要挽留客户", "Important: win back"),
        RfmClass::GeneralValue => lang.pick("一般价值客户", "General: value"),
        RfmClass::GeneralKeep => lang.pick("一般保持客户", "General: keep"),
        RfmClass::GeneralDevelop => lang.pick("一般发展客户", "General: develop"),
        RfmClass::GeneralRetain => lang.pick("一般挽留客户", "General: win back"),
    }
}

/// A churn reason with the figure that makes it.
pub fn reason_text(reason: Reason, lang: Lang) -> String {
    match (reason, lang) {
        (Reason::NoVisit { months }, Lang::Zh) => format!("已 {months} 个月未到店保养"),
        (Reason::NoVisit { months }, Lang::En) => format!("No visit for {months} months"),
        (Reason::NeverServiced, _) => lang.pick("有车但从未到店保养", "Has a car, never serviced with us").to_owned(),
        (Reason::LowSatisfaction { score }, Lang::Zh) => format!("满意度低：{score} 分（满分 5 分）"),
        (Reason::LowSatisfaction { score }, Lang::En) => format!("Low satisfaction: {score} of 5"),
        (Reason::Detractor { score }, Lang::Zh) => format!("推荐意愿低：{score} 分（满分 10 分）"),
        (Reason::Detractor { score }, Lang::En) => format!("Detractor: would recommend {score} of 10"),
        (Reason::OpenComplaints { open, overdue }, Lang::Zh) => format!("未结投诉 {open} 件，其中超时 {overdue} 件"),
        (Reason::OpenComplaints { open, overdue }, Lang::En) => {
            format!("{open} open complaint(s), {overdue} past their deadline")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_and_reason_has_words_in_both_languages() {
        for class in RfmClass::ALL {
            assert_ne!(rfm_class_name(class, Lang::Zh), rfm_class_name(class, Lang::En));
        }
        assert_eq!(rfm_class_name(RfmClass::ImportantRetain, Lang::Zh), "重要挽留客户");
        let reason = Reason::OpenComplaints { open: 2, overdue: 1 };
        assert_eq!(reason_text(reason, Lang::Zh), "未结投诉 2 件，其中超时 1 件");
        assert!(reason_text(Reason::NoVisit { months: 14 }, Lang::En).contains("14 months"));
    }
}
