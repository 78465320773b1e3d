//! The club's words in Simplified Chinese and English, and how its refusals
//! read.

use crate::i18n::{catalogue, Lang};
use pitlane::club::moderation::{LogAction, ReportReason, Rule};
use pitlane::club::refusal::Refusal;
use pitlane::club::{BoardKind, HoldReason};

catalogue! {
    /// Club text.
    C
    NavClub { zh: "车友会", en: "Club" }
    NavModeration { zh: "版主工作台", en: "Moderation" }
    ClubTitle { zh: "车友会", en: "Owners' club" }
    ClubIntro { zh: "与其他车主交流用车心得、参加线下活动。", en: "Talk cars with other owners and meet them at events." }
    ClubBoards { zh: "版块", en: "Boards" }
    ClubPosts { zh: "帖子", en: "posts" }
    ClubLastActivity { zh: "最近活动", en: "Last activity" }
    ClubEmptyBoard { zh: "这个版块还没有帖子，来发第一帖吧。", en: "No posts here yet: start the first one." }
    ClubNewPost { zh: "发帖", en: "New post" }
    ClubNewEvent { zh: "发起活动", en: "New event" }
    ClubOlder { zh: "更早的帖子", en: "Older posts" }
    ClubPinned { zh: "置顶", en: "Pinned" }
    ClubLocked { zh: "已锁定", en: "Locked" }
    ClubEvent { zh: "活动", en: "Event" }
    ClubComments { zh: "评论", en: "Comments" }
    ClubNoComments { zh: "还没有评论。", en: "No comments yet." }
    ClubCommentPages { zh: "评论分页", en: "Pages of comments" }
    ClubEarlierComments { zh: "上一页", en: "Earlier comments" }
    ClubLaterComments { zh: "下一页", en: "Later comments" }
    ClubLikes { zh: "赞", en: "likes" }
    ClubLike { zh: "点赞", en: "Like" }
    ClubUnlike { zh: "取消赞", en: "Unlike" }
    ClubEdited { zh: "已编辑", en: "edited" }
    ClubVerifiedOwner { zh: "认证车主", en: "Verified owner" }
    ClubTitleLabel { zh: "标题", en: "Title" }
    ClubBodyLabel { zh: "内容（支持 Markdown）", en: "Text (Markdown)" }
    ClubBoardLabel { zh: "版块", en: "Board" }
    ClubImages { zh: "图片（最多 9 张）", en: "Pictures (up to 9)" }
    ClubPublish { zh: "发布", en: "Publish" }
    ClubPublishing { zh: "发布中…", en: "Publishing…" }
    ClubComment { zh: "发表评论", en: "Comment" }
    ClubReply { zh: "回复", en: "Reply" }
    ClubSend { zh: "发送", en: "Send" }
    ClubEdit { zh: "编辑", en: "Edit" }
    ClubSave { zh: "保存", en: "Save" }
    ClubDelete { zh: "删除", en: "Delete" }
    ClubDeleteConsequence { zh: "删除后其他人将看不到这条内容，您也不能再编辑或恢复它。", en: "Once deleted, nobody else sees it, and you cannot edit it or bring it back." }
    ClubDeleteConfirm { zh: "确认删除", en: "Yes, delete it" }
    ClubReport { zh: "举报", en: "Report" }
    ClubReportReason { zh: "举报原因", en: "Reason" }
    ClubReportNote { zh: "补充说明（可选）", en: "Anything to add (optional)" }
    ClubReportChoose { zh: "— 请选择原因 —", en: "— choose a reason —" }
    ClubReportSend { zh: "提交举报", en: "Send the report" }
    ClubPicture { zh: "图片（点按查看原图）", en: "Picture (opens full size)" }
    ClubPreview { zh: "预览", en: "Preview" }
    ClubPreviewNote { zh: "预览（尚未发布，可在下方继续修改）", en: "Preview (not published yet: edit on below)" }
    ClubLogEmpty { zh: "暂无处理记录。", en: "Nothing recorded yet." }
    ClubPages { zh: "车友会页面", en: "Club pages" }
    MdHelp { zh: "格式说明", en: "How to format" }
    MdBold { zh: "重点", en: "important" }
    MdItemOne { zh: "机油", en: "oil" }
    MdItemTwo { zh: "滤芯", en: "filter" }
    MdLink { zh: "服务中心", en: "service centre" }
    MdQuote { zh: "楼主说得对", en: "as the first post said" }
    MdNoHtml { zh: "每行开头的 - 是列表，> 是引用；HTML 会原样显示为文字。", en: "A line starting with - is a list item, with > a quote; HTML shows as plain text." }
    ClubReported { zh: "已收到您的举报，版主会尽快处理。", en: "Thank you: moderators will review it." }
    ClubHeldNotice { zh: "您的内容正在等待版主审核，通过后其他人才能看到。", en: "Your contribution waits for a moderator; others will see it once approved." }
    ClubHiddenNotice { zh: "该内容已被隐藏，等待版主复核。", en: "This is hidden until a moderator reviews it." }
    ClubDeletedNotice { zh: "该内容已被删除。", en: "This was deleted." }
    ClubLockedNotice { zh: "该帖已锁定，不能再评论。", en: "This post is locked: no more comments." }
    ClubOwnersOnly { zh: "在车库中添加您的爱车后即可发帖。", en: "Add your car to your garage to post." }
    ClubSignInToRead { zh: "登录后可阅读全部版块。", en: "Sign in to read every board." }
    ClubSignInToJoin { zh: "登录后参与讨论", en: "Sign in to join in" }
    ClubSearch { zh: "搜索", en: "Search" }
    ClubSearchLabel { zh: "搜索帖子和评论", en: "Search posts and comments" }
    ClubSearchEmpty { zh: "没有找到相关内容。", en: "Nothing found." }
    ClubInPost { zh: "在帖子", en: "in" }
    ClubEvents { zh: "活动", en: "Events" }
    ClubEventsEmpty { zh: "近期没有活动。", en: "No events coming up." }
    ClubWhen { zh: "时间", en: "When" }
    ClubStarts { zh: "开始时间", en: "Starts" }
    ClubEnds { zh: "结束时间", en: "Ends" }
    ClubPlace { zh: "地点", en: "Place" }
    ClubCapacity { zh: "名额", en: "Places" }
    ClubGoing { zh: "已报名", en: "going" }
    ClubWaiting { zh: "候补", en: "waiting" }
    ClubJoin { zh: "报名", en: "Join" }
    ClubJoinWaitlist { zh: "加入候补", en: "Join the waiting list" }
    ClubLeave { zh: "取消报名", en: "Give up my place" }
    ClubYouAreGoing { zh: "您已报名。", en: "You are going." }
    ClubYouAreWaiting { zh: "您在候补名单中，排第", en: "You are on the waiting list, number" }
    ClubCheckIn { zh: "签到", en: "Check in" }
    ClubCheckedIn { zh: "已签到", en: "Checked in" }
    ClubCheckInCode { zh: "签到码（请现场成员扫码）", en: "Check-in code (members scan it at the event)" }
    ClubAttendees { zh: "报名名单", en: "Who is coming" }
    ClubMarkAttended { zh: "标记到场", en: "Mark as there" }
    ClubOrganiser { zh: "组织者", en: "organiser" }
    ClubMakeOrganiser { zh: "设为组织者", en: "Make an organiser" }
    ClubMyReports { zh: "我的举报", en: "My reports" }
    ClubReportWaiting { zh: "处理中", en: "Being reviewed" }
    ClubReportUpheld { zh: "已处理：内容已移除", en: "Upheld: the content was removed" }
    ClubReportRejected { zh: "经审核未违规", en: "Reviewed: no rule broken" }
    ClubNoReports { zh: "您还没有举报过内容。", en: "You have not reported anything." }
    ClubDecision { zh: "社区处理决定", en: "Moderation decision" }
    ClubRuleLabel { zh: "依据规则", en: "Rule" }
    ClubReasonLabel { zh: "说明", en: "Reason" }
    ClubAppeal { zh: "申诉", en: "Appeal" }
    ClubAppealReasons { zh: "申诉理由", en: "Why the decision is wrong" }
    ClubAppealSent { zh: "申诉已提交，将由另一位版主处理。", en: "Appeal sent: another moderator will decide it." }
    ClubAppealOpen { zh: "申诉处理中", en: "Appeal pending" }
    ClubAppealUpheldNote { zh: "申诉未被采纳", en: "Appeal not accepted" }
    ClubAppealOverturnedNote { zh: "申诉成立，已撤销原决定", en: "Appeal accepted: the decision was undone" }
    ClubPublicLog { zh: "公开处理记录", en: "Public moderation log" }
    ClubTeam { zh: "版主团队", en: "The moderation team" }
    ClubModerators { zh: "版主", en: "Moderators" }
    ClubSystem { zh: "系统", en: "System" }
    ModTitle { zh: "版主工作台", en: "Moderation" }
    ModQueue { zh: "待处理", en: "Queue" }
    ModQueueEmpty { zh: "没有待处理的内容。", en: "Nothing waiting." }
    ModWaiting { zh: "已等待", en: "Waiting" }
    ModReports { zh: "举报", en: "reports" }
    ModWeight { zh: "权重", en: "weight" }
    ModApprove { zh: "通过", en: "Approve" }
    ModHide { zh: "隐藏", en: "Hide" }
    ModRestore { zh: "恢复", en: "Restore" }
    ModDismiss { zh: "驳回举报", en: "Dismiss reports" }
    ModStrike { zh: "记一次违规", en: "Give a strike" }
    ModSuspend { zh: "暂停发言", en: "Suspend" }
    ModBan { zh: "封禁", en: "Ban" }
    ModPreApprove { zh: "先审后发", en: "Pre-approval" }
    ModLift { zh: "解除限制", en: "Lift restrictions" }
    ModDays { zh: "天数", en: "Days" }
    ModMember { zh: "成员记录", en: "Member's record" }
    ModApproved { zh: "已通过", en: "approved" }
    ModStrikes { zh: "有效违规", en: "strikes in force" }
    ModRemovals { zh: "曾被移除", en: "removed before" }
    ModSuspendedUntil { zh: "暂停至", en: "suspended until" }
    ModBanned { zh: "已封禁", en: "banned" }
    ModSelected { zh: "批量处理选中项", en: "Apply to the selected items" }
    ModApplySelected { zh: "处理选中项", en: "Decide the selected items" }
    ModKindPost { zh: "帖子", en: "Post" }
    ModKindComment { zh: "评论", en: "Comment" }
    ModDecision { zh: "处理决定", en: "Decision" }
    ModChooseDecision { zh: "— 请选择处理方式 —", en: "— choose a decision —" }
    ModRuleBroken { zh: "违反的规则", en: "Rule broken" }
    ModChooseRule { zh: "— 请选择违反的规则 —", en: "— choose the rule broken —" }
    ModNote { zh: "说明（删除时必填，作者会看到）", en: "Note (needed to delete; the author reads it)" }
    ModSubmit { zh: "提交决定", en: "Decide" }
    ModSanction { zh: "处罚", en: "Sanction" }
    ModChooseSanction { zh: "— 请选择处罚 —", en: "— choose a sanction —" }
    ModDoneApprove { zh: "已通过：内容已发布，作者已收到通知。", en: "Approved: it is out, and the author was told." }
    ModDoneHide { zh: "已隐藏：作者已收到通知，可以申诉。", en: "Hidden: the author was told and may appeal." }
    ModDoneRestore { zh: "已恢复：内容重新可见。", en: "Restored: it is visible again." }
    ModDoneDelete { zh: "已删除：作者已收到通知，可以申诉。", en: "Deleted: the author was told and may appeal." }
    ModDoneDismiss { zh: "已驳回举报：内容保持不变。", en: "Reports dismissed: it stays as it was." }
    ModDoneSanction { zh: "处罚已记录，该成员已收到通知。", en: "Sanction recorded; the member was told." }
    ModDoneAppeal { zh: "申诉已处理，该成员已收到通知。", en: "Appeal decided; the member was told." }
    ModDoneWords { zh: "审核关键词已更新。", en: "Held words updated." }
    ModSelect { zh: "选择", en: "Select" }
    ModLog { zh: "处理记录", en: "Log" }
    ModKeywords { zh: "关键词审核", en: "Held words" }
    ModAddKeyword { zh: "添加", en: "Add" }
    ModClubWideByAdmin { zh: "暂停发言、封禁和先审后发影响整个车友会，由管理员决定；版主可发出警告。", en: "Suspensions, bans and pre-approval reach the whole club and are an admin's; a board's moderator warns." }
    ModNoKeywords { zh: "暂无审核关键词。", en: "No held words yet." }
    ModKeywordsByAdmin { zh: "含这些词的内容需先经审核才会发布。词表适用于所有版块，由管理员维护。", en: "Contributions with these words wait for a moderator. The list holds on every board; an admin keeps it." }
    ModRemove { zh: "移除", en: "Remove" }
    ModAppeals { zh: "申诉", en: "Appeals" }
    ModAppealsEmpty { zh: "没有待处理的申诉。", en: "No open appeals." }
    ModOverturn { zh: "撤销原决定", en: "Overturn" }
    ModUphold { zh: "维持原决定", en: "Uphold" }
    ModLock { zh: "锁定", en: "Lock" }
    ModUnlock { zh: "解锁", en: "Unlock" }
    ModPin { zh: "置顶", en: "Pin" }
    ModUnpin { zh: "取消置顶", en: "Unpin" }
    ModMove { zh: "移动到", en: "Move to" }
    ModChooseBoard { zh: "— 请选择版块 —", en: "— choose a board —" }
    ModEditWithReason { zh: "编辑（需说明原因）", en: "Edit (with a reason)" }
    ModReporters { zh: "举报人", en: "Reported by" }
    ModHistory { zh: "编辑历史", en: "Earlier versions" }
    StandingNew { zh: "新成员", en: "New member" }
    StandingMember { zh: "成员", en: "Member" }
    StandingTrusted { zh: "资深成员", en: "Trusted member" }
}

/// "第 2 / 4 页" — where the reader is in a long thread.
pub fn thread_page(page: pitlane::club::ThreadPage, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第 {} / {} 页", page.number, page.pages),
        Lang::En => format!("Page {} of {}", page.number, page.pages),
    }
}

pub fn board_kind(kind: BoardKind, lang: Lang) -> &'static str {
    match kind {
        BoardKind::General => lang.pick("综合", "General"),
        BoardKind::Model => lang.pick("车型", "Model"),
        BoardKind::Region => lang.pick("地区", "Region"),
    }
}

pub fn report_reason(reason: ReportReason, lang: Lang) -> &'static str {
    match reason {
        ReportReason::Spam => lang.pick("广告或刷屏", "Spam"),
        ReportReason::Abuse => lang.pick("辱骂或攻击", "Abuse"),
        ReportReason::OffTopic => lang.pick("与版块无关", "Off topic"),
        ReportReason::Misinformation => lang.pick("不实信息", "Misleading"),
        ReportReason::PersonalData => lang.pick("泄露个人信息", "Personal data"),
        ReportReason::Other => lang.pick("其他", "Other"),
    }
}

pub fn rule(rule: Rule, lang: Lang) -> &'static str {
    pitlane::notify::words::rule_words(rule, lang)
}

pub fn hold_reason(reason: HoldReason, lang: Lang) -> &'static str {
    match reason {
        HoldReason::FirstPosts => lang.pick("新成员的前几条内容", "A new member's first posts"),
        HoldReason::Keyword => lang.pick("包含审核关键词", "Contains a held word"),
        HoldReason::Reports => lang.pick("多名成员举报", "Reported by several members"),
        HoldReason::PreApproval => lang.pick("该成员需先审后发", "Member on pre-approval"),
    }
}

pub fn log_action(action: LogAction, lang: Lang) -> &'static str {
    match action {
        LogAction::Approve => lang.pick("通过", "approved"),
        LogAction::Hide => lang.pick("隐藏", "hid"),
        LogAction::AutoHide => lang.pick("因多人举报自动隐藏", "hidden after reports"),
        LogAction::Restore => lang.pick("恢复", "restored"),
        LogAction::Delete => lang.pick("删除", "deleted"),
        LogAction::Lock => lang.pick("锁定", "locked"),
        LogAction::Unlock => lang.pick("解锁", "unlocked"),
        LogAction::Pin => lang.pick("置顶", "pinned"),
        LogAction::Unpin => lang.pick("取消置顶", "unpinned"),
        LogAction::Move => lang.pick("移动", "moved"),
        LogAction::Edit => lang.pick("编辑", "edited"),
        LogAction::Dismiss => lang.pick("驳回举报", "dismissed reports"),
        LogAction::Warn => lang.pick("警告", "warned"),
        LogAction::Suspend => lang.pick("暂停发言", "suspended"),
        LogAction::Ban => lang.pick("封禁", "banned"),
        LogAction::Lift => lang.pick("解除限制", "lifted restrictions"),
        LogAction::PreApproval => lang.pick("设为先审后发", "put on pre-approval"),
        LogAction::AppealUpheld => lang.pick("维持原决定", "upheld on appeal"),
        LogAction::AppealOverturned => lang.pick("申诉后撤销", "overturned on appeal"),
        LogAction::KeywordAdded => lang.pick("添加敏感词", "added a held word"),
        LogAction::KeywordRemoved => lang.pick("移除敏感词", "removed a held word"),
        LogAction::ReportBurst => lang.pick("新账号集中举报", "reported in a burst by new accounts"),
    }
}

/// A wait, to the second while it is short: "15 秒", "3 分钟", "2 小时".
fn wait(secs: i64, lang: Lang) -> String {
    let (minutes, hours) = ((secs + 59) / 60, (secs + 3599) / 3600);
    match (lang, secs) {
        (Lang::Zh, s) if s < 60 => format!("{s} 秒"),
        (Lang::Zh, s) if s < 3600 => format!("{minutes} 分钟"),
        (Lang::Zh, _) => format!("{hours} 小时"),
        (Lang::En, s) if s < 60 => format!("{s} s"),
        (Lang::En, s) if s < 3600 => format!("{minutes} min"),
        (Lang::En, _) => format!("{hours} h"),
    }
}

/// "已处理 3 项：隐藏" — a decision on several items at once.
pub fn decided_many(count: usize, decision: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("已处理 {count} 项：{decision}。"),
        Lang::En => format!("{count} decided: {decision}."),
    }
}

/// The rule a decision cites and its reason, as one line; "no rule broken"
/// (an approval, a lift, a pin) is not cited.
pub fn rule_and_reason(rule: Rule, reason: Option<String>, lang: Lang) -> String {
    let rule = (rule != Rule::Fine).then(|| self::rule(rule, lang).to_owned());
    rule.into_iter().chain(reason).collect::<Vec<_>>().join(" · ")
}

/// How the club's refusals read.
pub fn refusal(refusal: Refusal, lang: Lang) -> String {
    match refusal {
        Refusal::Banned => lang.pick("您已被禁止在车友会发言。", "You are banned from posting in the club.").to_owned(),
        Refusal::Suspended { until } => match lang {
            Lang::Zh => format!("您被暂停发言至 {}。", crate::i18n::china_time(until.timestamp_millis())),
            Lang::En => {
                format!("You are suspended from posting until {}.", crate::i18n::china_time(until.timestamp_millis()))
            }
        },
        Refusal::TooFast { retry_after_secs } => match lang {
            Lang::Zh => format!("发得有点快了，请 {} 后再发。", wait(retry_after_secs, lang)),
            Lang::En => {
                format!("You are writing a little fast: you may write again in {}.", wait(retry_after_secs, lang))
            }
        },
        Refusal::NotAnOwner => C::ClubOwnersOnly.text(lang).to_owned(),
        Refusal::Locked => C::ClubLockedNotice.text(lang).to_owned(),
    }
}
