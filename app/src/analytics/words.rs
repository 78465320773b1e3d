//! The analytics page's words in Simplified Chinese and English.

use crate::i18n::{catalogue, Lang};
use pitlane::analytics::rfm::RfmClass;

catalogue! {
    /// Analytics text.
    K
    NavAnalytics { zh: "数据分析", en: "Analytics" }
    Title { zh: "客户数据分析", en: "Customer analytics" }
    IntroBrand { zh: "全品牌的满意度、投诉、销售漏斗、售后、会员与流失数据，每日更新。", en: "Satisfaction, complaints, the sales funnel, service, loyalty and churn across the brand, updated daily." }
    IntroDealer { zh: "本店的满意度、投诉、销售漏斗与售后数据，每日更新。", en: "Your dealer's satisfaction, complaints, sales funnel and service, updated daily." }
    Filters { zh: "筛选", en: "Filters" }
    From { zh: "起始月份", en: "From month" }
    To { zh: "截止月份", en: "To month" }
    Dealer { zh: "经销商", en: "Dealer" }
    Model { zh: "车型", en: "Model" }
    City { zh: "城市", en: "City" }
    All { zh: "全部", en: "All" }
    Apply { zh: "查看", en: "Show" }
    Empty { zh: "所选时段和条件下没有数据。请放宽筛选条件，或选择更早的月份。", en: "Nothing matches this period and filter. Widen the filter or choose earlier months." }
    NoData { zh: "此项暂无数据。", en: "No figures for this yet." }
    BrandOnly { zh: "积分、会员、车友会和流失数据只按全品牌统计：清除经销商、车型和城市筛选后可见。", en: "Points, members, the club and churn are counted brand-wide only: clear the dealer, model and city filters to see them." }
    Figures { zh: "关键指标", en: "Key figures" }
    Month { zh: "月份", en: "Month" }
    Week { zh: "周（周一）", en: "Week (Monday)" }
    Count { zh: "数量", en: "Count" }
    Share { zh: "占比", en: "Share" }
    Answers { zh: "回答数", en: "Answers" }
    // Satisfaction
    Satisfaction { zh: "满意度", en: "Satisfaction" }
    CsatMean { zh: "CSAT 平均分（1–5）", en: "CSAT mean (1–5)" }
    CsatSatisfied { zh: "满意（4–5 分）占比", en: "Satisfied (4–5)" }
    Nps { zh: "NPS 净推荐值", en: "NPS" }
    ResponseRate { zh: "回访问卷回复率", en: "Survey response rate" }
    CsatByMonth { zh: "每月 CSAT 平均分", en: "CSAT mean by month" }
    CsatByMonthDesc { zh: "来自到店回访问卷和工单评价的 1–5 分平均值，按月显示。", en: "The mean of 1–5 scores from visit surveys and case ratings, month by month." }
    NpsByDealer { zh: "各经销商 NPS", en: "NPS by dealer" }
    NpsByDealerDesc { zh: "推荐者（9–10 分）占比减去贬损者（0–6 分）占比，按经销商显示。", en: "Promoters (9–10) minus detractors (0–6), in points, for each dealer." }
    NpsAxis { zh: "NPS（-100 至 100）", en: "NPS (-100 to 100)" }
    CsatAxis { zh: "CSAT（1–5）", en: "CSAT (1–5)" }
    // Complaints
    Complaints { zh: "投诉", en: "Complaints" }
    Volume { zh: "投诉量", en: "Complaints" }
    ResponseMet { zh: "首次响应达标率", en: "First response within SLA" }
    ResolutionMet { zh: "解决时限达标率", en: "Resolved within SLA" }
    Median { zh: "解决用时中位数", en: "Median time to resolve" }
    P90 { zh: "解决用时 P90", en: "Time to resolve, p90" }
    Reopened { zh: "重开率", en: "Reopen rate" }
    ByCategory { zh: "按类别的投诉量", en: "Complaints by category" }
    ByCategoryDesc { zh: "所选时段内各类别的投诉数量。", en: "How many complaints of each category were opened in the period." }
    ByChannel { zh: "按渠道的投诉量", en: "Complaints by channel" }
    ByChannelDesc { zh: "投诉通过哪些渠道进来。", en: "Which channels the complaints came through." }
    Category { zh: "类别", en: "Category" }
    Channel { zh: "渠道", en: "Channel" }
    ComplaintsByDealer { zh: "各经销商投诉", en: "Complaints by dealer" }
    HoursNote { zh: "用时按区间统计，显示所在区间的上限。", en: "Times are counted in ranges; the figure is the upper bound of its range." }
    // Funnel
    Funnel { zh: "销售漏斗", en: "Sales funnel" }
    Leads { zh: "线索数", en: "Leads" }
    ContactInTime { zh: "2 个工作小时内首次联系", en: "First contact within 2 working hours" }
    ContactMedian { zh: "首次联系用时中位数", en: "Median time to first contact" }
    Reached { zh: "各阶段线索数", en: "Leads reaching each stage" }
    ReachedDesc { zh: "到达每个阶段的线索数量，以及相对上一阶段的转化率。", en: "How many leads reached each stage, and the conversion from the stage before." }
    Stage { zh: "阶段", en: "Stage" }
    Conversion { zh: "转化率", en: "Conversion" }
    BySource { zh: "线索来源", en: "Leads by source" }
    BySourceDesc { zh: "客户从哪里得知我们。", en: "Where prospects heard of us." }
    Source { zh: "来源", en: "Source" }
    LostReasons { zh: "战败原因", en: "Why leads were lost" }
    LostReasonsDesc { zh: "战败线索的原因分布。", en: "The reasons lost leads gave." }
    Reason { zh: "原因", en: "Reason" }
    Competitors { zh: "流向竞品", en: "Competitors chosen" }
    Competitor { zh: "竞品", en: "Competitor" }
    League { zh: "经销商排行榜", en: "Dealer league table" }
    Rank { zh: "名次", en: "Rank" }
    Won { zh: "成交率", en: "Won" }
    // Service
    Service { zh: "售后服务", en: "Service" }
    Bookings { zh: "预约数", en: "Bookings" }
    NoShows { zh: "爽约率", en: "No-show rate" }
    NoShowCount { zh: "爽约", en: "No-shows" }
    Utilisation { zh: "工位利用率", en: "Bay utilisation" }
    RecallsInTime { zh: "召回 90 天内完成", en: "Recalls done within 90 days" }
    UtilisationByWeek { zh: "每周工位利用率", en: "Bay utilisation by week" }
    UtilisationByWeekDesc { zh: "到店车辆占用的工位时间占营业工位时间的百分比，按周显示。", en: "Bay time used by cars that came, as a share of the bay time open, week by week." }
    ServiceByDealer { zh: "各经销商售后", en: "Service by dealer" }
    PerCent { zh: "百分比", en: "Per cent" }
    // Loyalty
    Loyalty { zh: "积分与车友会", en: "Loyalty and club" }
    Issued { zh: "发放积分", en: "Points issued" }
    Redeemed { zh: "兑换积分", en: "Points redeemed" }
    Expired { zh: "过期积分", en: "Points expired" }
    PointsByMonth { zh: "每月发放积分", en: "Points issued by month" }
    PointsByMonthDesc { zh: "每月发放给车主的积分总数。", en: "The points credited to owners each month." }
    Points { zh: "积分", en: "Points" }
    Tiers { zh: "各等级会员数", en: "Members by tier" }
    Tier { zh: "等级", en: "Tier" }
    Members { zh: "会员数", en: "Members" }
    ActiveMembers { zh: "车友会活跃成员（90 天内发帖或评论）", en: "Active club members (posted or commented in 90 days)" }
    Events { zh: "举办活动", en: "Events held" }
    Attendance { zh: "活动签到人次", en: "Event check-ins" }
    // Churn and value
    Churn { zh: "流失风险与客户价值", en: "Churn and value" }
    AtRisk { zh: "有流失风险的车主", en: "Owners at risk" }
    RiskReasons { zh: "流失原因", en: "Reasons for risk" }
    Owners { zh: "车主数", en: "Owners" }
    RfmClasses { zh: "RFM 客户分类", en: "RFM classes" }
    RfmClassesDesc { zh: "按最近到店、24 个月到店次数和消费金额划分的八类客户数量。", en: "Owners in each of the eight classes by recency of the last visit, visits in 24 months and spend." }
    Class { zh: "分类", en: "Class" }
    OpenList { zh: "查看名单", en: "Open the list" }
}

pub fn rfm_class_name(class: RfmClass, lang: Lang) -> &'static str {
    match class {
        RfmClass::ImportantValue => lang.pick("重要价值客户", "Important value"),
        RfmClass::ImportantKeep => lang.pick("重要保持客户", "Important to keep"),
        RfmClass::ImportantDevelop => lang.pick("重要发展客户", "Important to develop"),
        RfmClass::ImportantRetain => lang.pick("重要挽留客户", "Important to win back"),
        RfmClass::GeneralValue => lang.pick("一般价值客户", "General value"),
        RfmClass::GeneralKeep => lang.pick("一般保持客户", "General to keep"),
        RfmClass::GeneralDevelop => lang.pick("一般发展客户", "General to develop"),
        RfmClass::GeneralRetain => lang.pick("一般挽留客户", "General to win back"),
    }
}

/// A churn reason as the roll-up counts it (`rollup::reason_name`).
pub fn risk_name(reason: &str, lang: Lang) -> &'static str {
    match reason {
        "no_visit" => lang.pick("12 个月以上未到店", "No visit in 12+ months"),
        "never_serviced" => lang.pick("从未到店保养", "Never serviced"),
        "low_satisfaction" => lang.pick("满意度低", "Low satisfaction"),
        "detractor" => lang.pick("贬损者（推荐 0–6 分）", "Detractor (0–6)"),
        "open_complaints" => lang.pick("有未解决投诉", "Open complaints"),
        _ => lang.pick("其他", "Other"),
    }
}

/// A time read from the roll-up's buckets: at most this many hours.
pub fn within_hours(hours: Option<u32>, lang: Lang) -> String {
    match hours {
        Some(h) => match lang {
            Lang::Zh => format!("≤ {h} 小时"),
            Lang::En => format!("≤ {h} h"),
        },
        None => "—".to_owned(),
    }
}
