//! The loyalty pages' words in Simplified Chinese and English.

use crate::i18n::{catalogue, Lang};
use pitlane::loyalty::{EntryKind, RewardKind, Rule, Tier, VoucherStatus};

catalogue! {
    /// Loyalty text.
    Y
    NavRewards { zh: "积分与礼品", en: "Rewards" }
    NavVouchers { zh: "核销礼券", en: "Vouchers" }
    NavLoyaltyAdmin { zh: "积分规则与礼品", en: "Loyalty" }
    RewardsTitle { zh: "积分与礼品", en: "Points and rewards" }
    RewardsIntro { zh: "保养、问卷、车友会活动与推荐都能赚积分；等级按近 12 个月获得的积分评定，兑换礼品不会降级。", en: "Service visits, surveys, club life and referrals earn points; your tier counts points earned in the last 12 months, so redeeming never lowers it." }
    Balance { zh: "可用积分", en: "Points to spend" }
    TierLabel { zh: "会员等级", en: "Tier" }
    Earned12m { zh: "近 12 个月获得", en: "Earned in 12 months" }
    ToNext { zh: "距离下一等级还差", en: "Points to the next tier" }
    TopTier { zh: "您已是最高等级。", en: "You are at the top tier." }
    Expiring { zh: "30 天内到期", en: "Expiring within 30 days" }
    ExpiringFirst { zh: "最早到期", en: "first on" }
    ChartTitle { zh: "近 12 个月每月获得的积分", en: "Points earned per month, last 12 months" }
    Month { zh: "月份", en: "Month" }
    Points { zh: "积分", en: "Points" }
    Catalogue { zh: "礼品目录", en: "Catalogue" }
    CatalogueEmpty { zh: "目前没有可兑换的礼品。", en: "Nothing to redeem right now." }
    Stock { zh: "库存", en: "in stock" }
    PlusCash { zh: "另付", en: "plus" }
    PerOwner { zh: "每人限兑", en: "per owner" }
    Redeem { zh: "兑换", en: "Redeem" }
    RedeemConfirm { zh: "确认兑换", en: "Yes, redeem" }
    Redeemed { zh: "兑换成功！到店出示下方券码或二维码即可使用。", en: "Redeemed! Show the code or QR below at the dealer's counter." }
    MyVouchers { zh: "我的礼券", en: "My vouchers" }
    VouchersEmpty { zh: "还没有礼券。", en: "No vouchers yet." }
    ValidUntil { zh: "有效期至", en: "valid until" }
    History { zh: "积分明细", en: "History" }
    HistoryEmpty { zh: "还没有积分记录。", en: "No points yet." }
    AllKinds { zh: "全部", en: "All" }
    Filter { zh: "筛选", en: "Filter" }
    CounterTitle { zh: "核销礼券", en: "Redeem a voucher" }
    CounterCode { zh: "券码", en: "Voucher code" }
    CounterFind { zh: "查询", en: "Look up" }
    CounterUse { zh: "确认核销", en: "Redeem now" }
    CounterUsed { zh: "核销成功。", en: "Redeemed." }
    CounterCollect { zh: "需另收", en: "Collect" }
    CounterOwner { zh: "车主", en: "Owner" }
    AdminTitle { zh: "积分规则与礼品", en: "Loyalty programme" }
    AdminRules { zh: "获取规则", en: "Earning rules" }
    AdminRule { zh: "规则", en: "Rule" }
    AdminPointsEach { zh: "积分（保养：每元）", en: "Points (a visit: per yuan)" }
    AdminMinimum { zh: "最低", en: "Minimum" }
    AdminDailyCap { zh: "每日上限", en: "Daily cap" }
    AdminMonthlyCap { zh: "每月上限", en: "Monthly cap" }
    AdminActive { zh: "启用", en: "Active" }
    AdminSave { zh: "保存", en: "Save" }
    AdminRewards { zh: "礼品目录", en: "Rewards" }
    AdminNewReward { zh: "新增礼品", en: "New reward" }
    AdminKind { zh: "类别", en: "Kind" }
    AdminNameZh { zh: "中文名称", en: "Name (Chinese)" }
    AdminNameEn { zh: "英文名称", en: "Name (English)" }
    AdminPrice { zh: "所需积分", en: "Points" }
    AdminCash { zh: "另付现金（元，可空）", en: "Cash part (yuan, optional)" }
    AdminStock { zh: "库存", en: "Stock" }
    AdminLimit { zh: "每人限兑", en: "Per owner" }
    AdminRestock { zh: "增加库存（负数为减少）", en: "Add to stock (negative to take away)" }
    AdminValidDays { zh: "有效天数", en: "Valid days" }
    AdminAdd { zh: "新增", en: "Add" }
    AdminAdjust { zh: "积分调整", en: "Adjust points" }
    AdminOwnerId { zh: "车主编号", en: "Owner id" }
    AdminAmount { zh: "积分（负数为扣减）", en: "Points (negative to take)" }
    AdminReason { zh: "原因（必填，将记录审计）", en: "Reason (required, audited)" }
    AdminOutliers { zh: "异常获取（近 30 天远高于平均）", en: "Unusual earning (30 days, far above average)" }
    AdminOutliersEmpty { zh: "没有异常。", en: "Nothing unusual." }
    AdminEarned30d { zh: "近 30 天获得积分", en: "Points earned in 30 days" }
    AdminMismatches { zh: "余额与流水不一致的账户", en: "Balances that differ from their ledger" }
    AdminSaved { zh: "已保存。", en: "Saved." }
}

/// A number of points as a person says it: "1 point", "2 points"; 积分 has no plural.
pub fn points_text(points: i64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{points} 积分"),
        Lang::En if points.abs() == 1 => format!("{points} point"),
        Lang::En => format!("{points} points"),
    }
}

/// What redeeming costs, said before the owner confirms: the reward, its
/// points (and cash) and the balance left.
pub fn redeem_consequence(reward: &str, points: i64, cash: Option<&str>, balance_after: i64, lang: Lang) -> String {
    let cost = points_text(points, lang);
    let left = points_text(balance_after, lang);
    match (lang, cash) {
        (Lang::Zh, None) => format!("将用 {cost} 兑换「{reward}」，兑换后剩余 {left}。积分兑换后不退回。"),
        (Lang::Zh, Some(cash)) => {
            format!("将用 {cost} 并到店另付 {cash} 兑换「{reward}」，兑换后剩余 {left}。积分兑换后不退回。")
        }
        (Lang::En, None) => {
            format!("{cost} for \u{201c}{reward}\u{201d}, leaving you {left}. Points spent are not given back.")
        }
        (Lang::En, Some(cash)) => format!(
            "{cost}, plus {cash} at the counter, for \u{201c}{reward}\u{201d}, leaving you {left}. Points spent are not given back."
        ),
    }
}

pub fn tier_name(tier: Tier, lang: Lang) -> &'static str {
    match tier {
        Tier::Silver => lang.pick("银卡", "Silver"),
        Tier::Gold => lang.pick("金卡", "Gold"),
        Tier::Platinum => lang.pick("白金", "Platinum"),
    }
}

pub fn tier_benefits(tier: Tier, lang: Lang) -> String {
    let extra = tier.multiplier_percent() - 100;
    match (lang, extra) {
        (Lang::Zh, 0) => "达到金卡后每次获得的积分加赠 10%。".to_owned(),
        (Lang::En, 0) => "From Gold, every earning brings 10% more points.".to_owned(),
        (Lang::Zh, _) => format!("每次获得的积分加赠 {extra}%。"),
        (Lang::En, _) => format!("Every earning brings {extra}% more points."),
    }
}

pub fn rule_name(rule: Rule, lang: Lang) -> &'static str {
    match rule {
        Rule::ServiceVisit => lang.pick("到店保养维修", "Service visit"),
        Rule::SurveyAnswered => lang.pick("完成回访问卷", "Survey answered"),
        Rule::PostApproved => lang.pick("发帖", "Post published"),
        Rule::CommentApproved => lang.pick("评论", "Comment published"),
        Rule::EventAttended => lang.pick("参加活动", "Event attended"),
        Rule::ReferralWon => lang.pick("推荐购车成功", "Referral bought a car"),
        Rule::ProfileCompleted => lang.pick("完善资料", "Profile completed"),
        Rule::BirthdayMonth => lang.pick("生日月礼", "Birthday month"),
        Rule::Welcome => lang.pick("新会员礼", "Welcome"),
        Rule::Purchase => lang.pick("经销商处消费", "Purchase at a dealer"),
    }
}

pub fn entry_name(kind: EntryKind, lang: Lang) -> &'static str {
    match kind {
        EntryKind::Earn => lang.pick("获得", "Earned"),
        EntryKind::Redeem => lang.pick("兑换", "Redeemed"),
        EntryKind::Expire => lang.pick("过期", "Expired"),
        EntryKind::Reverse => lang.pick("撤回", "Reversed"),
        EntryKind::Adjust => lang.pick("调整", "Adjusted"),
    }
}

pub fn reward_kind_name(kind: RewardKind, lang: Lang) -> &'static str {
    match kind {
        RewardKind::ServiceVoucher => lang.pick("保养券", "Service voucher"),
        RewardKind::Accessory => lang.pick("精品附件", "Accessory"),
        RewardKind::Merchandise => lang.pick("周边礼品", "Merchandise"),
        RewardKind::EventTicket => lang.pick("活动门票", "Event ticket"),
    }
}

pub fn voucher_status_name(status: VoucherStatus, lang: Lang) -> &'static str {
    match status {
        VoucherStatus::Issued => lang.pick("可使用", "Ready to use"),
        VoucherStatus::Redeemed => lang.pick("已使用", "Used"),
        VoucherStatus::Expired => lang.pick("已过期", "Expired"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_point_is_singular_in_english_and_chinese_has_no_plural() {
        assert_eq!(points_text(1, Lang::En), "1 point");
        assert_eq!(points_text(-1, Lang::En), "-1 point");
        assert_eq!(points_text(0, Lang::En), "0 points");
        assert_eq!(points_text(2, Lang::En), "2 points");
        assert_eq!(points_text(1, Lang::Zh), "1 积分");
        assert_eq!(points_text(100, Lang::Zh), "100 积分");
    }

    #[test]
    fn redeeming_says_the_reward_its_cost_and_the_balance_after() {
        let en = redeem_consequence("Club pin badge", 100, None, 10, Lang::En);
        assert!(en.starts_with("100 points for \u{201c}Club pin badge\u{201d}, leaving you 10 points."), "{en}");
        let cash = redeem_consequence("Air-con cleaning", 600, Some("¥49.00"), 1, Lang::En);
        assert!(cash.contains("plus ¥49.00 at the counter") && cash.contains("leaving you 1 point."), "{cash}");
        let zh = redeem_consequence("车友会徽章", 100, None, 10, Lang::Zh);
        assert!(zh.contains("100 积分") && zh.contains("「车友会徽章」") && zh.contains("剩余 10 积分"), "{zh}");
    }
}
