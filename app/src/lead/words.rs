//! The test-drive and lead pages' words in Simplified Chinese and English,
//! and how the pipeline's choices read (its refusals are the catalogue's, `crate::i18n`).

use crate::i18n::{catalogue, Lang};
use pitlane::lead::progress::{Ending, Step, StepState};
use pitlane::lead::{EventKind, LostReason, NextAction, PartOfDay, Source, Stage, Touch};

catalogue! {
    /// Lead text.
    L
    NavTestDrive { zh: "预约试驾", en: "Test drive" }
    NavLeads { zh: "销售线索", en: "Leads" }
    DriveTitle { zh: "预约试驾", en: "Book a test drive" }
    DriveIntro { zh: "无需注册。选择车型和经销商，挑一个有试驾车的时段，顾问会在 2 个工作小时内致电确认。", en: "No account needed. Pick a model and a dealer, choose an hour with a demo car free, and a consultant calls you within 2 working hours." }
    DriveInvitedBy { zh: "您正在接受车主的推荐：", en: "You were invited by" }
    DriveStepOne { zh: "1. 车型与经销商", en: "1. Model and dealer" }
    DriveStepTwo { zh: "2. 时间与联系方式", en: "2. Time and contact" }
    DriveCity { zh: "所在城市", en: "Your city" }
    DriveModel { zh: "车型", en: "Model" }
    DriveDealer { zh: "经销商（离您近的在前）", en: "Dealer (nearest first)" }
    DriveShowTimes { zh: "查看可预约时段", en: "Show free times" }
    DriveCityFirst { zh: "按所选城市排列经销商", en: "Put my city's dealers first" }
    DriveChange { zh: "更换车型或经销商", en: "Change model or dealer" }
    DriveTimes { zh: "试驾时段（每次 1 小时）", en: "Drive time (one hour)" }
    DriveNoneSuits { zh: "都不合适，请顾问与我约时间", en: "None suits: let the consultant arrange a time" }
    DriveNoTimes { zh: "未来两周该经销商暂无此车型的空闲试驾车，请选择希望的时间段，顾问会与您联系。", en: "No demo car of this model is free at this dealer in the next two weeks: tell us when suits you and a consultant will call." }
    DrivePartOfDay { zh: "希望的时间段", en: "Preferred part of day" }
    DriveMobile { zh: "手机号", en: "Mobile number" }
    DriveSource { zh: "您是如何了解到我们的？", en: "How did you hear of us?" }
    DriveSourceMissing { zh: "请选择您是如何了解到我们的。", en: "Choose how you heard of us." }
    DriveReferral { zh: "推荐码（选填）", en: "Referral code (optional)" }
    DriveConsent { zh: "我同意子午汽车及其经销商就本次试驾通过电话或短信与我联系。", en: "Meridian and its dealer may call or text me about this test drive." }
    DriveHoneypot { zh: "请勿填写此项", en: "Leave this empty" }
    DriveSend { zh: "提交试驾申请", en: "Request test drive" }
    DriveSending { zh: "正在提交…", en: "Sending…" }
    DriveChoose { zh: "请选择", en: "Choose" }
    ReceivedTitle { zh: "申请已收到", en: "Request received" }
    ReceivedText { zh: "谢谢！我们已通过短信将查看进度的私人链接发送到您的手机，顾问将在 2 个工作小时内致电。如果您之前已经申请过，我们会把新的要求转告顾问。", en: "Thank you! We have texted your private link to follow the request, and a consultant will call within 2 working hours. If you had asked before, we pass your new wishes on to the consultant." }
    ReceivedAsked { zh: "您的申请", en: "What you asked for" }
    ReceivedWhen { zh: "时间", en: "When" }
    ReceivedFollow { zh: "查看我的申请进度", en: "Follow my request" }
    ReceivedKeep { zh: "这是您的私人链接：可随时查看进度或取消申请，请勿转发给他人。", en: "This is your private link: see how it goes or cancel at any time. Do not pass it on." }
    StatusTitle { zh: "我的试驾申请", en: "Your test drive" }
    StatusTradeInTitle { zh: "我的置换申请", en: "Your trade-in request" }
    StatusNew { zh: "申请已收到。请收藏本页：这是您查看进度的私人链接。", en: "We have your request. Keep this page: it is your private link to follow it." }
    StatusAppointment { zh: "试驾时间", en: "Test drive" }
    StatusPreferred { zh: "希望的时间段", en: "Preferred time" }
    StatusToArrange { zh: "顾问会与您约定时间", en: "The consultant will arrange a time with you" }
    StatusDealer { zh: "经销商", en: "Dealer" }
    StatusProgress { zh: "进度", en: "Progress" }
    StatusWithdraw { zh: "取消申请", en: "Cancel my request" }
    StatusWithdrawConsequence { zh: "取消后本次申请结束，为您预留的试驾车会释放给他人，且无法恢复。", en: "The request ends and the demo car kept for you goes to someone else. This cannot be undone." }
    StatusWithdrawConfirm { zh: "确认取消申请", en: "Yes, cancel my request" }
    StatusCancelled { zh: "您已取消本次申请。如需再次试驾，欢迎重新预约。", en: "You cancelled this request. Book again whenever you like." }
    StatusWithdrawn { zh: "您的申请已取消，预约的试驾车已释放。", en: "Your request is cancelled and the demo car released." }
    StatusLost { zh: "本次申请已结束。", en: "This request is closed." }
    StatusWon { zh: "恭喜提车！请用您的手机号登录 Pitlane，在车库中查看爱车。", en: "Congratulations on your new car! Sign in to Pitlane with your mobile to see it in your garage." }
    SurveyTitle { zh: "能告诉我们原因吗？", en: "Would you tell us why?" }
    SurveyReason { zh: "主要原因", en: "The main reason" }
    SurveyWouldChange { zh: "怎样做会让您改变主意？（选填）", en: "What would have changed your mind? (optional)" }
    SurveySend { zh: "提交", en: "Send" }
    SurveySending { zh: "正在提交…", en: "Sending…" }
    SurveyThanks { zh: "感谢您的反馈，它会帮助我们改进。", en: "Thank you: this helps us do better." }
    BoardTitle { zh: "销售线索", en: "Leads" }
    BoardOverdue { zh: "超时未首次联系", en: "Overdue first contact" }
    BoardOpen { zh: "进行中的线索", en: "Open leads" }
    BoardBenchmark { zh: "行业调查：经销商平均 90 分钟以上才回复线上线索，五分之一从不回复。我们的承诺是 2 个工作小时内。", en: "Industry studies: dealers take 90+ minutes on average to answer an online lead, and one in five never do. We promise 2 working hours." }
    BoardHandlers { zh: "销售顾问", en: "Handlers" }
    BoardHandler { zh: "顾问", en: "Handler" }
    BoardOnDuty { zh: "值班", en: "On duty" }
    BoardOffDuty { zh: "休息", en: "Off duty" }
    BoardMedian { zh: "首次联系中位时间（30 天）", en: "Median time to first contact (30 days)" }
    BoardMinutes { zh: "分钟", en: "min" }
    BoardGoOnDuty { zh: "开始值班（接收新线索）", en: "Go on duty (take new leads)" }
    BoardGoOffDuty { zh: "暂停接收新线索", en: "Go off duty" }
    BoardToday { zh: "我今天的待办", en: "My actions due today" }
    BoardTodayEmpty { zh: "今天没有到期的待办。", en: "Nothing due today." }
    BoardEmptyColumn { zh: "暂无", en: "None" }
    BoardDue { zh: "到期", en: "due" }
    BoardOverdueBadge { zh: "已超时", en: "Overdue" }
    BoardTradeIn { zh: "置换", en: "Trade-in" }
    BoardUnassigned { zh: "未分配", en: "Unassigned" }
    LeadCity { zh: "城市", en: "City" }
    DriveMoreDays { zh: "更多日期", en: "More dates" }
    LeadContactDue { zh: "首次联系期限", en: "First contact due" }
    LeadFirstContact { zh: "首次联系于", en: "First contact at" }
    LeadSource { zh: "来源", en: "Source" }
    LeadReferredBy { zh: "推荐人", en: "Referred by" }
    LeadTradeInCar { zh: "置换车辆", en: "Car to trade in" }
    LeadServices { zh: "保养记录", en: "Service visits" }
    LeadLastService { zh: "最近一次", en: "last" }
    LeadMileage { zh: "里程", en: "Mileage" }
    LeadActions { zh: "推进线索", en: "Move the lead" }
    LeadNote { zh: "备注（选填）", en: "Note (optional)" }
    LeadBookDrive { zh: "预约试驾", en: "Book the test drive" }
    LeadNoDemoCar { zh: "未来两周没有空闲的试驾车。", en: "No demo car is free in the next two weeks." }
    LeadLogContact { zh: "记录联系", en: "Log a contact" }
    LeadTouch { zh: "方式", en: "How" }
    LeadNextAction { zh: "下一步", en: "Next action" }
    LeadNextDue { zh: "到期时间", en: "Due" }
    LeadSave { zh: "保存", en: "Save" }
    LeadSaving { zh: "正在保存…", en: "Saving…" }
    LeadWin { zh: "成交", en: "Won" }
    LeadWinHint { zh: "填写所售车辆的车架号（本店该车型的库存车）：车辆登记到客户手机号，客户账号将自动创建或关联并收到邀请。", en: "The sold car's VIN (one of this dealer's stock of the model): the car is registered to the buyer's mobile, whose account is made or linked and invited." }
    LeadStock { zh: "本店该车型库存：", en: "This dealer's stock of the model:" }
    LeadNoStock { zh: "本店暂无该车型库存；登记库中没有的车需销售经理确认。", en: "No car of this model in stock here; a car the register does not know needs the sales manager's confirmation." }
    LeadWinUnregistered { zh: "车辆登记库中还没有这辆车：我以销售经理身份确认这笔销售（将被标记）", en: "The register does not know this car yet: I confirm the sale as the sales manager (it is marked so)" }
    LeadLose { zh: "战败", en: "Lost" }
    LeadLoseNeedsContact { zh: "还没有人联系过这位客户：记录一次电话或消息后，才能标记战败。", en: "Nobody has reached this prospect yet: log a call or message before marking the lead lost." }
    LeadLostReason { zh: "原因", en: "Reason" }
    LeadCompetitor { zh: "竞品车型（选填）", en: "Competitor model (optional)" }
    LeadReassign { zh: "重新分配", en: "Reassign" }
    LeadHistory { zh: "跟进记录", en: "History" }
    LeadSurvey { zh: "战败回访", en: "Lost survey" }
    LeadWonVin { zh: "成交车辆", en: "Sold car" }
    ReferralTitle { zh: "推荐好友试驾", en: "Refer a friend" }
    ReferralIntro { zh: "把您的推荐链接发给朋友。朋友通过它预约试驾并购车后，您将获得推荐积分。", en: "Send your link to a friend. When they book a test drive with it and buy, you earn referral points." }
    ReferralCode { zh: "我的推荐码", en: "Your code" }
    ReferralLink { zh: "推荐链接", en: "Your link" }
    ReferralRequests { zh: "通过推荐预约的试驾", en: "Test drives booked with your code" }
    ReferralCredited { zh: "已成交的推荐", en: "Referrals that bought" }
    TradeInTitle { zh: "置换新车", en: "Trade in towards a new car" }
    TradeInIntro { zh: "想换新车？选择新车型和经销商，顾问会根据这辆车的年份、里程和保养记录给您置换报价。", en: "Thinking of a new car? Pick the model and dealer; a consultant offers a price for this car from its year, mileage and service history." }
    TradeInSend { zh: "申请置换报价", en: "Ask for a trade-in offer" }
    TradeInSending { zh: "正在提交…", en: "Sending…" }
    TradeInMine { zh: "我的置换申请", en: "Your trade-in requests" }
    TradeInFollow { zh: "查看进度", en: "Follow it" }
}

pub fn stage_name(stage: Stage, lang: Lang) -> &'static str {
    match stage {
        Stage::New => lang.pick("新线索", "New"),
        Stage::Contacted => lang.pick("已联系", "Contacted"),
        Stage::TestDriveBooked => lang.pick("已约试驾", "Drive booked"),
        Stage::TestDriveDone => lang.pick("已试驾", "Drive done"),
        Stage::Negotiating => lang.pick("洽谈中", "Negotiating"),
        Stage::Won => lang.pick("已成交", "Won"),
        Stage::Lost => lang.pick("战败", "Lost"),
    }
}

/// A step of the prospect's own road: what is awaited reads as a promise
/// ("we will call you"), what has happened as done.
pub fn step_name(step: Step, state: StepState, lang: Lang) -> &'static str {
    let done = state == StepState::Done;
    match (step, done) {
        (Step::Received, _) => lang.pick("申请已收到", "Request received"),
        (Step::Call, false) => lang.pick("顾问将致电您", "We will call you"),
        (Step::Call, true) => lang.pick("顾问已与您联系", "We called you"),
        (Step::DriveBooked, false) => lang.pick("约定试驾时间", "We book your drive"),
        (Step::DriveBooked, true) => lang.pick("试驾已预约", "Drive booked"),
        (Step::Done, false) => lang.pick("试驾", "Your test drive"),
        (Step::Done, true) => lang.pick("已完成", "Done"),
    }
}

/// A request in a list of the owner's own: going, done or ended (never the
/// pipeline's stage).
pub fn request_state_name(stage: Stage, lang: Lang) -> &'static str {
    match stage {
        Stage::Won => lang.pick("已完成", "Done"),
        Stage::Lost => lang.pick("已结束", "Closed"),
        _ => lang.pick("处理中", "In progress"),
    }
}

/// How a request ended, as its prospect reads it (never "lost").
pub fn ending_name(ending: Ending, lang: Lang) -> &'static str {
    match ending {
        Ending::Cancelled => lang.pick("已取消", "Cancelled"),
        Ending::Closed => lang.pick("申请已结束", "Closed"),
        Ending::Bought => lang.pick("已提车", "Car delivered"),
    }
}

pub fn lost_reason_name(reason: LostReason, lang: Lang) -> &'static str {
    match reason {
        LostReason::Price => lang.pick("价格", "Price"),
        LostReason::CompetitorModel => lang.pick("选择了竞品车型", "A competitor's model"),
        LostReason::DeliveryTime => lang.pick("交车时间", "Delivery time"),
        LostReason::Financing => lang.pick("金融方案", "Financing"),
        LostReason::ServiceExperience => lang.pick("服务体验", "Service experience"),
        LostReason::NoLongerInterested => lang.pick("不再有购车意向", "No longer interested"),
        LostReason::Withdrawn => lang.pick("客户取消", "Withdrawn by the prospect"),
        LostReason::Other => lang.pick("其他", "Other"),
    }
}

pub fn source_name(source: Source, lang: Lang) -> &'static str {
    match source {
        Source::Search => lang.pick("搜索引擎", "Search engine"),
        Source::Social => lang.pick("社交媒体", "Social media"),
        Source::Friend => lang.pick("亲友推荐", "A friend"),
        Source::Dealer => lang.pick("路过经销商", "Passing the dealer"),
        Source::Event => lang.pick("车展或活动", "A motor show or event"),
        Source::Advert => lang.pick("广告", "An advert"),
        Source::Other => lang.pick("其他", "Other"),
        Source::Hotline => lang.pick("客服热线来电", "A call to the hotline"),
        Source::WalkIn => lang.pick("到店客户", "A showroom walk-in"),
        Source::Campaign => lang.pick("营销活动回应", "A campaign response"),
        Source::Partner => lang.pick("合作伙伴推荐", "A partner's referral"),
    }
}

pub fn part_of_day_name(part: PartOfDay, lang: Lang) -> &'static str {
    match part {
        PartOfDay::Morning => lang.pick("上午", "Morning"),
        PartOfDay::Afternoon => lang.pick("下午", "Afternoon"),
        PartOfDay::Evening => lang.pick("傍晚（18 点后致电）", "Evening (calls after 18:00)"),
    }
}

pub fn next_action_name(action: NextAction, lang: Lang) -> &'static str {
    match action {
        NextAction::Call => lang.pick("首次致电", "First call"),
        NextAction::ConfirmDrive => lang.pick("确认试驾", "Confirm the drive"),
        NextAction::FollowUp => lang.pick("跟进", "Follow up"),
        NextAction::SendOffer => lang.pick("发送报价", "Send an offer"),
    }
}

pub fn touch_name(touch: Touch, lang: Lang) -> &'static str {
    match touch {
        Touch::Call => lang.pick("电话", "Call"),
        Touch::Sms => lang.pick("短信", "SMS"),
        Touch::WeChat => lang.pick("微信", "WeChat"),
    }
}

pub fn event_name(kind: EventKind, lang: Lang) -> &'static str {
    match kind {
        EventKind::Created => lang.pick("线索创建", "Lead created"),
        EventKind::Repeated => lang.pick("客户再次申请", "The prospect asked again"),
        EventKind::Assigned => lang.pick("分配顾问", "Assigned"),
        EventKind::Moved => lang.pick("阶段变更", "Stage changed"),
        EventKind::Contact => lang.pick("联系客户", "Contact"),
        EventKind::Planned => lang.pick("设置下一步", "Next action set"),
        EventKind::DriveBooked => lang.pick("预约试驾", "Drive booked"),
        EventKind::Surveyed => lang.pick("回访已答复", "Survey answered"),
        EventKind::UnregisteredSale => lang
            .pick("登记库外车辆成交（销售经理确认）", "Sold a car the register did not know (sales manager confirmed)"),
    }
}

/// A history line's detail as people read it: the source, the stage reached
/// (and the note), the drive's time; free text as written.
pub fn event_detail(kind: EventKind, detail: &str, lang: Lang) -> String {
    match kind {
        EventKind::Created => Source::parse(detail).map_or(detail.to_owned(), |s| source_name(s, lang).to_owned()),
        EventKind::Moved => {
            let (stage, note) = detail.split_once(':').unwrap_or((detail, ""));
            let stage = Stage::parse(stage)
                .map(|s| stage_name(s, lang))
                .or_else(|| LostReason::parse(stage).map(|r| lost_reason_name(r, lang)))
                .unwrap_or(stage);
            format!("{stage}{}", if note.is_empty() { String::new() } else { format!(" ·{note}") })
        }
        EventKind::DriveBooked => detail.parse::<i64>().map_or(detail.to_owned(), crate::i18n::china_time),
        EventKind::Contact => {
            let (touch, note) = detail.split_once(':').unwrap_or((detail, ""));
            let touch = Touch::parse(touch).map_or(touch, |t| touch_name(t, lang));
            format!("{touch}{}", if note.is_empty() { String::new() } else { format!(" ·{note}") })
        }
        EventKind::Planned => {
            NextAction::parse(detail).map_or(detail.to_owned(), |a| next_action_name(a, lang).to_owned())
        }
        EventKind::Surveyed => {
            LostReason::parse(detail).map_or(detail.to_owned(), |r| lost_reason_name(r, lang).to_owned())
        }
        EventKind::Repeated | EventKind::Assigned | EventKind::UnregisteredSale => detail.to_owned(),
    }
}

/// The button that makes a simple move.
pub fn move_name(step: &str, lang: Lang) -> &'static str {
    match step {
        "contact" => lang.pick("已联系客户（手机号已核实）", "Reached the prospect (mobile verified)"),
        "drive_done" => lang.pick("试驾完成", "Drive done"),
        _ => lang.pick("进入洽谈", "Negotiating"),
    }
}
