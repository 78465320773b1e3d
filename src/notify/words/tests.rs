use super::*;
use crate::notify::notice::Bilingual;

/// A notice with what its words must show: in both languages, and in each.
struct Sample {
    notice: Notice,
    both: &'static [&'static str],
    zh: &'static [&'static str],
    en: &'static [&'static str],
}

fn sample(notice: Notice, both: &'static [&'static str]) -> Sample {
    Sample { notice, both, zh: &[], en: &[] }
}

fn e3() -> Bilingual {
    Bilingual::new("子午 e3", "Meridian e3")
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, 1).unwrap_or_default()
}

const VIN: &str = "LMZAB1234CD567890";
const STATUS: &str = "https://club.example.cn/test-drive/status/abc";
const RESET: &str = "https://club.example.cn/reset";

/// A link as the stores make one: on the configured origin.
fn link(path: &str) -> String {
    crate::types::Origin::parse("https://club.example.cn").map(|o| o.link(path)).unwrap_or_default()
}

/// One of every kind, with parameters that show in the words when they are used.
fn samples() -> Vec<Sample> {
    let vin = || VIN.to_owned();
    vec![
        sample(Notice::CarLeftGarage { vin: vin(), because: LeftBecause::BuyerVerified }, &[VIN]),
        sample(Notice::CarLeftGarage { vin: vin(), because: LeftBecause::CareConfirmed }, &[VIN]),
        sample(Notice::CarClaimSuperseded { vin: vin() }, &[VIN]),
        sample(Notice::CarClaimApproved { vin: vin() }, &[VIN]),
        sample(Notice::CarClaimRejected { vin: vin(), reason: "blurred photo".into() }, &[VIN, "blurred photo"]),
        sample(Notice::MileageDiscarded { vin: vin(), km: 41_250, read_on: day() }, &[VIN, "41250", "2027-03-01"]),
        sample(Notice::CarTransferred { vin: vin() }, &[VIN]),
        Sample {
            notice: Notice::Recall { model: e3(), campaign: Bilingual::new("气囊", "Airbag") },
            both: &[],
            zh: &["子午 e3", "气囊"],
            en: &["Meridian e3", "Airbag"],
        },
        Sample {
            notice: Notice::WebhookPaused { url: "https://erp.example.cn/hooks".into(), hours: 24 },
            both: &["https://erp.example.cn/hooks", "24"],
            zh: &["已暂停"],
            en: &["paused"],
        },
        Sample {
            notice: Notice::CampaignAwaitingParts {
                model: e3(),
                campaign: Bilingual::new("气囊", "Airbag"),
                recall: true,
            },
            both: &[],
            zh: &["子午 e3", "气囊", "配件尚未到店"],
            en: &["Meridian e3", "Airbag", "not yet available"],
        },
        Sample {
            notice: Notice::CampaignAwaitingParts {
                model: e3(),
                campaign: Bilingual::new("电池软件升级", "Battery software update"),
                recall: false,
            },
            both: &[],
            zh: &["服务活动", "电池软件升级", "尚未到店"],
            en: &["Service campaign", "Battery software update", "not at the dealers yet"],
        },
        Sample {
            notice: Notice::ServiceCampaign {
                model: e3(),
                campaign: Bilingual::new("电池软件升级", "Battery software update"),
            },
            both: &[],
            zh: &["服务活动", "子午 e3", "电池软件升级"],
            en: &["Service campaign", "Meridian e3", "Battery software update"],
        },
        Sample {
            notice: Notice::Maintenance { model: e3(), due_on: Some(day()), due_km: Some(40_000), overdue: false },
            both: &["2027-03-01", "40000"],
            zh: &["子午 e3"],
            en: &["Meridian e3"],
        },
        Sample {
            notice: Notice::Maintenance { model: e3(), due_on: None, due_km: Some(40_000), overdue: true },
            both: &["40000"],
            zh: &["子午 e3", "逾期"],
            en: &["Meridian e3", "overdue"],
        },
        Sample {
            notice: Notice::Maintenance { model: e3(), due_on: None, due_km: None, overdue: false },
            both: &[],
            zh: &["暂无日期或里程"],
            en: &["no date or distance known yet"],
        },
        sample(Notice::Insurance { model: e3(), due_on: Some(day()) }, &["2027-03-01"]),
        Sample {
            notice: Notice::Inspection { model: e3(), due_on: None },
            both: &[],
            zh: &["日期待定"],
            en: &["a date still to be confirmed"],
        },
        Sample {
            notice: Notice::WarrantyEnding {
                model: e3(),
                cover: Bilingual::new("电池", "Battery"),
                due_on: Some(day()),
            },
            both: &["2027-03-01"],
            zh: &["电池", "子午 e3"],
            en: &["Battery", "Meridian e3"],
        },
        sample(
            Notice::BookingMoved { at: "2027-03-02 09:30".into(), reason: "bay flooded".into() },
            &["2027-03-02 09:30", "bay flooded"],
        ),
        sample(Notice::BookingCancelled { reason: "bay flooded".into() }, &["bay flooded"]),
        Sample {
            notice: Notice::BookingReminder {
                dealer: Bilingual::new("上海浦东店", "Shanghai Pudong"),
                at: "2027-03-02 09:30".into(),
            },
            both: &["2027-03-02 09:30"],
            zh: &["上海浦东店"],
            en: &["Shanghai Pudong"],
        },
        Sample {
            notice: Notice::BookedForYou {
                dealer: Bilingual::new("上海浦东店", "Shanghai Pudong"),
                at: "2027-03-02 09:30".into(),
            },
            both: &["2027-03-02 09:30"],
            zh: &["上海浦东店"],
            en: &["Shanghai Pudong"],
        },
        sample(Notice::Estimate { amount: "¥1,280.00".into() }, &["¥1,280.00"]),
        sample(Notice::Ready, &[]),
        sample(Notice::Survey, &[]),
        sample(Notice::CaseOpened { case: 417, hours: 24 }, &["417", "24"]),
        sample(Notice::CaseReply { case: 417 }, &["417"]),
        sample(Notice::CaseResolved { case: 417 }, &["417"]),
        sample(Notice::CaseFollowUp { case: 417 }, &["417"]),
        sample(
            Notice::CaseBreach { case: 417, title: "Noisy brakes".into(), clock: CaseClock::FirstResponse },
            &["417", "Noisy brakes"],
        ),
        sample(
            Notice::CaseBreach { case: 417, title: "Noisy brakes".into(), clock: CaseClock::Resolution },
            &["417", "Noisy brakes"],
        ),
        sample(Notice::LeadAssigned, &[]),
        sample(Notice::CarDelivered, &[]),
        sample(Notice::ReferralWon, &[]),
        sample(Notice::PointsExpiring, &["30"]),
        sample(Notice::TierUp, &[]),
        sample(Notice::ClubReply { who: "Lin".into(), to: RepliedTo::Comment }, &["Lin"]),
        sample(Notice::ClubReply { who: "Lin".into(), to: RepliedTo::Post }, &["Lin"]),
        sample(Notice::ClubMention { who: "Lin".into() }, &["Lin"]),
        Sample {
            notice: Notice::ClubDecision {
                action: LogAction::Hide,
                rule: Rule::Respect,
                reason: Some("insults".into()),
            },
            both: &["insults"],
            zh: &["尊重他人"],
            en: &["Respect others"],
        },
        // An approval names no rule, not even "no rule broken".
        Sample {
            notice: Notice::ClubDecision {
                action: LogAction::Approve,
                rule: Rule::Fine,
                reason: Some("thanks".into()),
            },
            both: &["thanks"],
            zh: &["您的内容已通过审核（thanks）"],
            en: &["Your contribution was approved (thanks)"],
        },
        // A decision without a reason (or with a blank one) has no brackets.
        Sample {
            notice: Notice::ClubDecision { action: LogAction::Warn, rule: Rule::Spam, reason: Some("  ".into()) },
            both: &[],
            zh: &["警告"],
            en: &["warning"],
        },
        sample(Notice::ClubReportOutcome { upheld: true }, &[]),
        sample(Notice::ClubReportOutcome { upheld: false }, &[]),
        sample(Notice::ClubAppeal { overturned: true, reason: "context missed".into() }, &["context missed"]),
        sample(Notice::ClubAppeal { overturned: false, reason: "rule applies".into() }, &["rule applies"]),
        sample(Notice::ClubEventPlace, &[]),
        sample(Notice::VerificationCode { purpose: Purpose::Register, code: "493027".into() }, &["493027", "10"]),
        sample(Notice::VerificationCode { purpose: Purpose::Reset, code: "493027".into() }, &["493027", "10"]),
        sample(Notice::VerificationCode { purpose: Purpose::Contact, code: "493027".into() }, &["493027", "10"]),
        sample(Notice::ContactTaken, &[]),
        sample(Notice::ContactChanged { channel: Channel::Sms, now: Some("139****0101".into()) }, &["139****0101"]),
        Sample {
            notice: Notice::ContactChanged { channel: Channel::Email, now: None },
            both: &[],
            zh: &["邮箱", "删除"],
            en: &["e-mail", "removed"],
        },
        sample(Notice::WelcomeBuyer { vin: vin(), link: link("/reset") }, &[VIN, RESET]),
        sample(Notice::CarRegistered { vin: vin(), link: link("/register") }, &[VIN, "/register"]),
        sample(
            Notice::TestDriveReceived { name: "Wang".into(), link: link("/test-drive/status/abc") },
            &["Wang", STATUS],
        ),
        sample(
            Notice::TestDriveBooked { at: "2027-03-02 10:00".into(), link: link("/test-drive/status/abc") },
            &["2027-03-02 10:00", STATUS],
        ),
        sample(Notice::LostLeadSurvey { link: link("/test-drive/status/abc") }, &[STATUS]),
        Sample {
            notice: Notice::Earlier { zh: "旧消息".into(), en: "Old words".into() },
            both: &[],
            zh: &["旧消息"],
            en: &["Old words"],
        },
    ]
}

/// Adding a kind breaks this match until it is numbered, and the test below
/// fails until the new number has a sample.
fn number(notice: &Notice) -> usize {
    match notice {
        Notice::CarLeftGarage { .. } => 0,
        Notice::CarClaimSuperseded { .. } => 1,
        Notice::CarClaimApproved { .. } => 2,
        Notice::CarClaimRejected { .. } => 3,
        Notice::MileageDiscarded { .. } => 4,
        Notice::CarTransferred { .. } => 5,
        Notice::Recall { .. } => 6,
        Notice::Maintenance { .. } => 7,
        Notice::Insurance { .. } => 8,
        Notice::Inspection { .. } => 9,
        Notice::WarrantyEnding { .. } => 10,
        Notice::BookingMoved { .. } => 11,
        Notice::BookingCancelled { .. } => 12,
        Notice::BookingReminder { .. } => 13,
        Notice::Estimate { .. } => 14,
        Notice::Ready => 15,
        Notice::Survey => 16,
        Notice::CaseOpened { .. } => 17,
        Notice::CaseReply { .. } => 18,
        Notice::CaseResolved { .. } => 19,
        Notice::CaseFollowUp { .. } => 20,
        Notice::CaseBreach { .. } => 21,
        Notice::LeadAssigned => 22,
        Notice::CarDelivered => 23,
        Notice::ReferralWon => 24,
        Notice::PointsExpiring => 25,
        Notice::TierUp => 26,
        Notice::ClubReply { .. } => 27,
        Notice::ClubMention { .. } => 28,
        Notice::ClubDecision { .. } => 29,
        Notice::ClubReportOutcome { .. } => 30,
        Notice::ClubAppeal { .. } => 31,
        Notice::ClubEventPlace => 32,
        Notice::VerificationCode { .. } => 33,
        Notice::ContactTaken => 34,
        Notice::ContactChanged { .. } => 35,
        Notice::WelcomeBuyer { .. } => 36,
        Notice::TestDriveReceived { .. } => 37,
        Notice::TestDriveBooked { .. } => 38,
        Notice::LostLeadSurvey { .. } => 39,
        Notice::Earlier { .. } => 40,
        Notice::BookedForYou { .. } => 41,
        Notice::ServiceCampaign { .. } => 42,
        Notice::CarRegistered { .. } => 43,
        Notice::CampaignAwaitingParts { .. } => 44,
        Notice::WebhookPaused { .. } => 45,
    }
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[test]
fn every_kind_has_a_sample() {
    let mut numbers: Vec<usize> = samples().iter().map(|s| number(&s.notice)).collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers, (0..=45).collect::<Vec<_>>());
}

#[test]
fn every_notice_reads_whole_in_both_languages() {
    for Sample { notice, both, zh, en } in samples() {
        for (lang, own) in [(Lang::Zh, zh), (Lang::En, en)] {
            let text = notice.text(lang);
            assert!(!text.trim().is_empty(), "{notice:?} in {lang:?} is empty");
            for empty in ["()", "（）", "“”", "\"\"", "「」", "{", "}", ": .", "：。", "  "] {
                assert!(!text.contains(empty), "{notice:?} in {lang:?} has {empty:?}: {text}");
            }
            for part in both.iter().chain(own.iter()) {
                assert!(text.contains(part), "{notice:?} in {lang:?} lacks {part:?}: {text}");
            }
            match lang {
                Lang::Zh => assert!(text.chars().any(is_cjk), "{notice:?} in Chinese has no Chinese: {text}"),
                Lang::En => assert!(!text.chars().any(is_cjk), "{notice:?} in English has Chinese: {text}"),
            }
        }
    }
}

/// What is left of a text once its absolute links are taken out.
fn without_absolute_links(text: &str) -> String {
    let mut rest = text;
    let mut left = String::new();
    while let Some(at) = rest.find("http://").or_else(|| rest.find("https://")) {
        left.push_str(&rest[..at]);
        // A link ends at a space or at the sentence's own (Chinese) punctuation.
        let end = rest[at..].find(|c: char| c.is_whitespace() || !c.is_ascii()).map_or(rest.len(), |e| at + e);
        rest = &rest[end..];
    }
    left.push_str(rest);
    left
}

/// A phone cannot open `/reset`: every path a text names is a whole URL.
#[test]
fn no_text_carries_a_relative_link() {
    for Sample { notice, .. } in samples() {
        for lang in [Lang::Zh, Lang::En] {
            let text = notice.text(lang);
            let left = without_absolute_links(&text);
            assert!(!left.contains('/'), "{notice:?} in {lang:?} names a path outside a whole URL: {text}");
        }
    }
    assert_eq!(without_absolute_links("at /reset now"), "at /reset now", "the check sees a relative link");
}

#[cfg(feature = "ssr")]
#[test]
fn a_notice_comes_back_whole_from_its_stored_kind_and_parameters() {
    for Sample { notice, .. } in samples() {
        let (kind, params) = notice.to_stored();
        assert!(!kind.is_empty() && !kind.contains(char::is_uppercase), "{kind}");
        let back = Notice::from_stored(&kind, &params);
        assert_eq!(back.ok().as_ref(), Some(&notice), "{kind} {params}");
    }
    assert_eq!(Notice::Ready.to_stored(), ("ready".to_owned(), "null".to_owned()));
    assert!(Notice::from_stored("no_such_kind", "null").is_err());
}
