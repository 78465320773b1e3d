//! The words of every message the portal sends, in both languages: the one
//! place a message's wording lives. A message is put into words when it is read
//! (the inbox) or sent (SMS and e-mail), never when it is stored.

use super::notice::{CaseClock, LeftBecause, Notice, RepliedTo};
use crate::club::moderation::{LogAction, Rule};
use crate::lang::Lang;
use crate::notify::outbox::Channel;
use crate::verification::{Purpose, VALID_MINUTES};
use chrono::NaiveDate;

/// One sentence in each language; each format string may name the arm's
/// bindings (`{vin}`), so a parameter can only be used where it exists.
macro_rules! say {
    ($lang:expr, $zh:literal, $en:literal) => {
        match $lang {
            Lang::Zh => format!($zh),
            Lang::En => format!($en),
        }
    };
}

impl Notice {
    /// The message as the reader reads it.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Notice::CarLeftGarage { vin, because: LeftBecause::BuyerVerified } => say!(
                lang,
                "车辆 {vin} 的登记购车人已用验证过的手机号添加了这辆车，它已从您的车库移除。如有误，请致电 400-820-6688。",
                "The registered buyer of {vin} has added the car with their verified mobile number, so it has left your garage. If this is wrong, call 400-820-6688."
            ),
            Notice::CarLeftGarage { vin, because: LeftBecause::CareConfirmed } => say!(
                lang,
                "客服已根据行驶证确认了车辆 {vin} 的车主，这辆车已从您的车库移除。如有误，请致电 400-820-6688。",
                "Customer care has confirmed the owner of {vin} from its registration certificate, so the car has left your garage. If this is wrong, call 400-820-6688."
            ),
            Notice::CarClaimSuperseded { vin } => say!(
                lang,
                "您对车辆 {vin} 的添加申请已关闭：这辆车已确认给它的车主。如果您确实拥有这辆车，请致电 400-820-6688。",
                "Your claim of {vin} has been closed: the car has been confirmed to its owner. If you do own it, call 400-820-6688."
            ),
            Notice::CarClaimApproved { vin } => say!(
                lang,
                "客服已确认您的申请：车辆 {vin} 已加入您的车库。",
                "Customer care has confirmed your claim: {vin} is in your garage."
            ),
            Notice::CarClaimRejected { vin, reason } => {
                let reason = reason.trim();
                say!(
                    lang,
                    "客服未能确认您对车辆 {vin} 的添加申请。原因：{reason}",
                    "Customer care could not confirm your claim of {vin}. Reason: {reason}"
                )
            }
            Notice::MileageDiscarded { vin, km, read_on } => say!(
                lang,
                "您为车辆 {vin} 填报的里程 {km} 公里（{read_on}）未获确认，车辆仍按上次确认的里程记录。如有疑问，请联系服务顾问。",
                "The mileage you reported for {vin} ({km} km on {read_on}) was not confirmed; the car keeps its last confirmed reading. Ask a service advisor if you have questions."
            ),
            Notice::CarTransferred { vin } => say!(
                lang,
                "您的车辆 {vin} 已由客服根据过户证明转给新车主。如有误，请致电 400-820-6688。",
                "Customer care has transferred your car {vin} to its new owner on proof of sale. If this is wrong, call 400-820-6688."
            ),

            Notice::Recall { model, campaign } => {
                let (model, campaign) = (model.pick(lang), campaign.pick(lang));
                say!(
                    lang,
                    "安全召回：您的{model}涉及“{campaign}”，请预约免费检修。",
                    "Safety recall: your {model} is affected by \"{campaign}\". Book the free fix."
                )
            }
            Notice::CampaignAwaitingParts { model, campaign, recall } => {
                let (model, campaign) = (model.pick(lang), campaign.pick(lang));
                match recall {
                    true => say!(
                        lang,
                        "安全召回：您的{model}涉及“{campaign}”。维修配件尚未到店，配件一到我们会再通知您预约免费检修。",
                        "Safety recall: your {model} is affected by \"{campaign}\". The fix is not yet available; we will tell you when the parts arrive so you can book it free."
                    ),
                    false => say!(
                        lang,
                        "服务活动：您的{model}可参加“{campaign}”。所需配件尚未到店，到店后我们会再通知您。",
                        "Service campaign: your {model} is included in \"{campaign}\". The parts are not at the dealers yet; we will tell you when they arrive."
                    ),
                }
            }
            Notice::ServiceCampaign { model, campaign } => {
                let (model, campaign) = (model.pick(lang), campaign.pick(lang));
                say!(
                    lang,
                    "服务活动：您的{model}可参加“{campaign}”，请预约到店办理。",
                    "Service campaign: your {model} is included in \"{campaign}\". Book a visit to have it done."
                )
            }
            Notice::Maintenance { model, due_on, due_km, overdue } => {
                let (model, when) = (model.pick(lang), due_by(*due_on, *due_km, lang));
                match overdue {
                    true => say!(
                        lang,
                        "您的{model}保养已逾期（{when}），请尽快预约。",
                        "Your {model} is overdue for maintenance ({when}). Please book soon."
                    ),
                    false => say!(lang, "您的{model}即将需要保养（{when}）。", "Your {model} is due for maintenance ({when})."),
                }
            }
            Notice::Insurance { model, due_on } => {
                let (model, due) = (model.pick(lang), date_or_unknown(*due_on, lang));
                say!(
                    lang,
                    "您的{model}车险将于 {due} 到期，请及时续保。",
                    "The insurance of your {model} ends on {due}: time to renew."
                )
            }
            Notice::Inspection { model, due_on } => {
                let (model, due) = (model.pick(lang), date_or_unknown(*due_on, lang));
                say!(lang, "您的{model}年检截止日期为 {due}。", "The annual inspection of your {model} is due by {due}.")
            }
            Notice::WarrantyEnding { model, cover, due_on } => {
                let (model, cover, due) = (model.pick(lang), cover.pick(lang), date_or_unknown(*due_on, lang));
                say!(lang, "您的{model}“{cover}”保修将于 {due} 结束。", "The {cover} warranty of your {model} ends on {due}.")
            }

            Notice::BookingMoved { at, reason } => say!(
                lang,
                "经销商将您的预约改到 {at}，原因：{reason}。请在预约页面确认或另选时间。",
                "The dealer moved your booking to {at} because: {reason}. Accept it or pick another time on the booking page."
            ),
            Notice::BookedForYou { dealer, at } => {
                let dealer = dealer.pick(lang);
                say!(
                    lang,
                    "{dealer}为您电话预约了 {at} 的服务。请在预约页面确认；如果不是您本人预约的，请取消。",
                    "{dealer} booked service for you by phone at {at}. Confirm it on the booking page, or cancel it if you did not ask for it."
                )
            }
            Notice::BookingCancelled { reason } => say!(
                lang,
                "很抱歉，经销商取消了您的预约，原因：{reason}。请在预约页面重新选择时间。",
                "We are sorry: the dealer cancelled your booking because: {reason}. Pick a new time on the booking page."
            ),
            Notice::BookingReminder { dealer, at } => {
                let dealer = dealer.pick(lang);
                say!(
                    lang,
                    "提醒：您在{dealer}的预约时间为 {at}。如需更改，请在预约页面操作或致电经销商。",
                    "Reminder: your appointment at {dealer} is at {at}. To change it, use the booking page or call the dealer."
                )
            }
            Notice::Estimate { amount } => say!(
                lang,
                "服务顾问发现需要额外维修（{amount}），请在预约页面确认或拒绝。",
                "Your service advisor found extra work ({amount}). Please approve or decline it on the booking page."
            ),
            Notice::Ready => say!(lang, "您的爱车已完工，可以来取车了。", "Your car is ready for pick-up."),
            Notice::Survey => {
                say!(lang, "您最近的到店服务体验如何？请花一分钟评价。", "How was your recent service visit? Tell us in a minute.")
            }

            Notice::CaseOpened { case, hours } => say!(
                lang,
                "我们已收到您的反馈（编号 {case}），将在 {hours} 小时内答复。",
                "We have your case #{case} and will answer within {hours} hours."
            ),
            Notice::CaseReply { case } => {
                say!(lang, "客服已回复您的反馈（编号 {case}）。", "Customer care answered your case #{case}.")
            }
            Notice::CaseResolved { case } => say!(
                lang,
                "您的反馈（编号 {case}）已处理完毕。请为我们的处理打分；如不认可，可在 14 天内重新打开。",
                "Your case #{case} is resolved. Please rate how we handled it; if you disagree, reopen it within 14 days."
            ),
            Notice::CaseFollowUp { case } => say!(
                lang,
                "一周前我们处理了您的反馈（编号 {case}）。问题是否已彻底解决？欢迎为我们的处理打分。",
                "A week ago we resolved your case #{case}. Is the problem really gone? Please rate how we did."
            ),
            Notice::CaseBreach { case, title, clock: CaseClock::FirstResponse } => say!(
                lang,
                "工单 {case}「{title}」已超过首次响应时限，已升级。",
                "Case #{case} \"{title}\" missed its first response target and was escalated."
            ),
            Notice::CaseBreach { case, title, clock: CaseClock::Resolution } => say!(
                lang,
                "工单 {case}「{title}」已超过解决时限，已升级。",
                "Case #{case} \"{title}\" missed its resolution target and was escalated."
            ),

            Notice::LeadAssigned => say!(
                lang,
                "您有一条新的销售线索，请在 2 个工作小时内首次联系。",
                "A new lead is yours: make the first contact within 2 working hours."
            ),
            Notice::CarDelivered => {
                say!(lang, "恭喜提车！新车已加入您的车库。", "Congratulations on your new car! It is in your garage.")
            }
            Notice::ReferralWon => say!(
                lang,
                "您推荐的朋友已经提车，感谢推荐！推荐奖励积分将记入您的账户。",
                "A friend you referred has bought a car. Thank you! Your referral points are on their way."
            ),
            Notice::PointsExpiring => say!(
                lang,
                "您有积分将在 30 天内过期，去兑换礼品吧。",
                "Some of your points expire within 30 days: treat yourself to a reward."
            ),
            Notice::TierUp => say!(
                lang,
                "恭喜！您的会员等级已提升，新权益已生效。",
                "Congratulations: you have reached a new tier, and its benefits apply now."
            ),

            Notice::ClubReply { who, to: RepliedTo::Comment } => {
                say!(lang, "{who} 回复了您的评论", "{who} replied to your comment")
            }
            Notice::ClubReply { who, to: RepliedTo::Post } => {
                say!(lang, "{who} 评论了您的帖子", "{who} commented on your post")
            }
            Notice::ClubMention { who } => say!(lang, "{who} 在帖子中提到了您", "{who} mentioned you"),
            Notice::ClubDecision { action, rule, reason } => {
                let what = decided(*action, lang);
                // An approval or a lift names no rule: "approved: no rule broken" reads as if it were.
                let rule = (*rule != Rule::Fine).then(|| rule_words(*rule, lang));
                match (rule, reason.as_deref().map(str::trim).filter(|r| !r.is_empty())) {
                    (Some(rule), Some(reason)) => say!(lang, "{what}：{rule}（{reason}）", "{what}: {rule} ({reason})"),
                    (Some(rule), None) => say!(lang, "{what}：{rule}", "{what}: {rule}"),
                    (None, Some(reason)) => say!(lang, "{what}（{reason}）", "{what} ({reason})"),
                    (None, None) => say!(lang, "{what}", "{what}"),
                }
            }
            Notice::ClubReportOutcome { upheld: true } => {
                say!(lang, "您举报的内容已被处理，感谢您维护社区", "The content you reported was removed. Thank you.")
            }
            Notice::ClubReportOutcome { upheld: false } => say!(
                lang,
                "您举报的内容经审核未违反社区规则",
                "The content you reported was reviewed and breaks no rule."
            ),
            Notice::ClubAppeal { overturned: true, reason } => say!(
                lang,
                "您的申诉已成立，原处理已撤销：{reason}",
                "Your appeal succeeded and the decision was undone: {reason}"
            ),
            Notice::ClubAppeal { overturned: false, reason } => {
                say!(lang, "您的申诉未被采纳：{reason}", "Your appeal was not accepted: {reason}")
            }
            Notice::ClubEventPlace => {
                say!(lang, "活动有空位了，您已从候补转为报名成功", "A place came free: you are going to the event")
            }

            Notice::VerificationCode { purpose, code } => {
                let minutes = VALID_MINUTES;
                match purpose {
                    Purpose::Register => say!(
                        lang,
                        "【子午汽车】您注册账号的验证码是 {code}，{minutes} 分钟内有效。请勿告诉任何人；如非本人操作，请忽略。",
                        "Meridian Motors: {code} is your code to create your account. It is valid for {minutes} minutes. Never share it; if you did not ask for it, ignore this message."
                    ),
                    Purpose::Reset => say!(
                        lang,
                        "【子午汽车】您重置密码的验证码是 {code}，{minutes} 分钟内有效。请勿告诉任何人；如非本人操作，请忽略。",
                        "Meridian Motors: {code} is your code to reset your password. It is valid for {minutes} minutes. Never share it; if you did not ask for it, ignore this message."
                    ),
                    Purpose::Contact => say!(
                        lang,
                        "【子午汽车】您验证新的联系方式的验证码是 {code}，{minutes} 分钟内有效。请勿告诉任何人；如非本人操作，请忽略。",
                        "Meridian Motors: {code} is your code to confirm this contact detail. It is valid for {minutes} minutes. Never share it; if you did not ask for it, ignore this message."
                    ),
                }
            }
            Notice::ContactTaken => say!(
                lang,
                "【子午汽车】有人尝试用您的手机号或邮箱注册新账号，但它已属于您的账号。如果是您本人，请直接登录或重置密码；否则无需理会。",
                "Meridian Motors: someone tried to register with your number or e-mail, which already belongs to your account. If it was you, sign in or reset your password; if not, you can ignore this."
            ),
            Notice::ContactChanged { channel, now } => {
                let what = match channel {
                    Channel::Sms => lang.pick("手机号", "mobile number"),
                    Channel::Email => lang.pick("邮箱", "e-mail address"),
                };
                match now {
                    Some(new) => say!(
                        lang,
                        "【子午汽车】您账号的{what}已更改为 {new}。如非本人操作，请立即致电 400-820-6688。",
                        "Meridian Motors: the {what} on your account was changed to {new}. If this was not you, call 400-820-6688 at once."
                    ),
                    None => say!(
                        lang,
                        "【子午汽车】您账号的{what}已被删除。如非本人操作，请立即致电 400-820-6688。",
                        "Meridian Motors: the {what} on your account was removed. If this was not you, call 400-820-6688 at once."
                    ),
                }
            }
            Notice::WelcomeBuyer { vin, link } => say!(
                lang,
                "【子午汽车】恭喜提车！您的爱车（{vin}）已在 Pitlane 车主之家的车库中。请用本手机号在此设置密码后登录：{link}",
                "Meridian: congratulations on your new car! It ({vin}) is in your Pitlane garage. Set your password with this number to sign in: {link}"
            ),
            Notice::WebhookPaused { url, hours } => say!(
                lang,
                "集成接口：Webhook 地址 {url} 已连续 {hours} 小时投递失败，现已暂停；待投递的事件会保留，对方修复后用 API 恢复即可补发。",
                "Integration: the webhook {url} has failed for {hours} hours and is paused; its events wait until it is resumed through the API."
            ),
            Notice::CarRegistered { vin, link } => say!(
                lang,
                "【子午汽车】恭喜提车！您的爱车（{vin}）已登记在本手机号名下。用本手机号注册 Pitlane 车主之家，即可在车库中查看保修、召回和保养：{link}",
                "Meridian: congratulations on your new car ({vin})! It is registered to this number. Sign up to Pitlane with this number to see its warranty, recalls and service: {link}"
            ),
            Notice::TestDriveReceived { name, link } => say!(
                lang,
                "【子午汽车】{name}，您的试驾申请已收到，顾问将在 2 个工作小时内与您联系。查看或取消：{link}",
                "Meridian: {name}, we have your test-drive request; a consultant will call within 2 working hours. See or cancel it: {link}"
            ),
            Notice::TestDriveBooked { at, link } => say!(
                lang,
                "【子午汽车】您的试驾已预约：{at}。如需取消：{link}",
                "Meridian: your test drive is booked for {at}. To cancel: {link}"
            ),
            Notice::LostLeadSurvey { link } => say!(
                lang,
                "【子午汽车】感谢您考虑子午汽车。能告诉我们哪些地方可以做得更好吗？只需一分钟：{link}",
                "Meridian: thank you for considering us. Would you tell us what we could have done better? One minute: {link}"
            ),
            Notice::Earlier { zh, en } => lang.pick(zh, en).to_owned(),
        }
    }
}

/// When maintenance falls due: by date or by distance, whichever comes first;
/// a car with neither known says so rather than showing empty brackets.
fn due_by(on: Option<NaiveDate>, km: Option<u32>, lang: Lang) -> String {
    match (on, km) {
        (Some(on), Some(km)) => say!(lang, "{on} 或 {km} 公里，以先到者为准", "{on} or {km} km, whichever comes first"),
        (Some(on), None) => on.to_string(),
        (None, Some(km)) => say!(lang, "行驶至 {km} 公里时", "at {km} km"),
        (None, None) => say!(lang, "暂无日期或里程，请咨询经销商", "no date or distance known yet: ask your dealer"),
    }
}

fn date_or_unknown(on: Option<NaiveDate>, lang: Lang) -> String {
    match on {
        Some(on) => on.to_string(),
        None => say!(lang, "日期待定", "a date still to be confirmed"),
    }
}

/// What a moderator did about a member, as the member reads it.
fn decided(action: LogAction, lang: Lang) -> &'static str {
    let (zh, en) = match action {
        LogAction::Approve => ("您的内容已通过审核", "Your contribution was approved"),
        LogAction::Restore | LogAction::AppealOverturned => ("您的内容已恢复", "Your contribution was restored"),
        LogAction::Hide | LogAction::AutoHide => ("您的内容已被隐藏", "Your contribution was hidden"),
        LogAction::Delete => ("您的内容已被删除", "Your contribution was deleted"),
        LogAction::Warn => ("您收到了一次警告", "You received a warning"),
        LogAction::Suspend => ("您已被暂停发言", "You are suspended from posting"),
        LogAction::Ban => ("您已被禁止在车友会发言", "You are banned from posting in the club"),
        LogAction::Lift => ("您的发言限制已解除", "Your posting restriction was lifted"),
        LogAction::PreApproval => ("您的发言需先经审核", "Your posts now wait for approval"),
        LogAction::Move => ("您的帖子已被移动到其他版块", "Your post was moved to another board"),
        LogAction::Edit => ("版主编辑了您的内容", "A moderator edited your contribution"),
        LogAction::Lock => ("您的帖子已被锁定", "Your post was locked"),
        LogAction::Unlock => ("您的帖子已解除锁定", "Your post was unlocked"),
        LogAction::Pin => ("您的帖子已被置顶", "Your post was pinned"),
        LogAction::Unpin => ("您的帖子已取消置顶", "Your post was unpinned"),
        // The last three are never told to a member; they read as a review if ever.
        LogAction::Dismiss
        | LogAction::AppealUpheld
        | LogAction::KeywordAdded
        | LogAction::KeywordRemoved
        | LogAction::ReportBurst => ("版主审核了您的内容", "A moderator reviewed your contribution"),
    };
    lang.pick(zh, en)
}

/// A club rule as members read it.
pub fn rule_words(rule: Rule, lang: Lang) -> &'static str {
    let (zh, en) = match rule {
        Rule::Respect => ("尊重他人，不进行人身攻击", "Respect others: no personal attacks"),
        Rule::Spam => ("禁止广告与刷屏", "No advertising or spam"),
        Rule::OffTopic => ("内容须与版块相关", "Stay on the board's topic"),
        Rule::Misinformation => ("不传播不实信息", "No misleading information"),
        Rule::PersonalData => ("不公开他人个人信息", "No one's personal data"),
        Rule::Illegal => ("遵守法律法规", "Nothing unlawful"),
        Rule::Duplicate => ("重复内容", "Duplicate content"),
        Rule::Fine => ("未违反社区规则", "No rule broken"),
    };
    lang.pick(zh, en)
}

#[cfg(test)]
mod tests;
