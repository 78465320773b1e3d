//! A prospect's request for a test drive and an owner's for a trade-in offer,
//! each parsed whole at the edge, and when a request repeats an earlier one.

use super::{PartOfDay, Source};
use crate::account::DealerId;
use crate::error::{choice_id, required_text, text, Field, FieldError, Problem};
use crate::types::{DisplayName, Mobile, Vin};
use chrono::{DateTime, Duration, Utc};

/// A second request for the same model from the same mobile within this many
/// days updates the first lead instead of making another.
pub const DUPLICATE_DAYS: i64 = 30;
pub const MAX_REFERRAL_CHARS: usize = 16;

/// A prospect's request for a test drive, parsed whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestDriveRequest {
    pub name: DisplayName,
    pub mobile: Mobile,
    pub city: String,
    pub model: i64,
    pub dealer: DealerId,
    /// A slot offered by the dealer (its start), or the part of day preferred.
    pub when: When,
    pub source: Source,
    pub referral: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Slot(DateTime<Utc>),
    PartOfDay(PartOfDay),
}

/// What a submitted form is: a person's request, or a robot's (the hidden
/// field was filled), which is answered exactly like a person's and kept nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submission {
    Person(TestDriveRequest),
    Robot,
}

impl TestDriveRequest {
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        name: &str,
        mobile: &str,
        city: &str,
        model: &str,
        dealer: &str,
        slot: &str,
        part_of_day: &str,
        source: &str,
        referral: &str,
        consent: bool,
        honeypot: &str,
    ) -> Result<Submission, FieldError> {
        if !honeypot.trim().is_empty() {
            return Ok(Submission::Robot);
        }
        let when = match slot.trim().parse::<i64>().ok().and_then(DateTime::from_timestamp_millis) {
            Some(at) => When::Slot(at),
            None => When::PartOfDay(
                PartOfDay::parse(part_of_day).ok_or(FieldError::new(Field::PartOfDay, Problem::Required))?,
            ),
        };
        if !consent {
            return Err(FieldError::new(Field::Consent, Problem::Required));
        }
        Ok(Submission::Person(Self {
            name: DisplayName::parse(name).map_err(|e| FieldError::new(Field::DisplayName, e))?,
            mobile: Mobile::parse(mobile).map_err(|e| FieldError::new(Field::Mobile, e))?,
            city: required_text(Field::City, city, 40)?,
            model: choice_id(Field::Model, model)?,
            dealer: choice_id(Field::Dealer, dealer)?,
            when,
            // Nothing is chosen for the prospect: an empty answer is a missing one.
            source: match source.trim() {
                "" => return Err(FieldError::new(Field::Source, Problem::Required)),
                chosen => Source::parse(chosen)
                    .filter(|s| !s.by_system())
                    .ok_or(FieldError::new(Field::Source, Problem::UnknownChoice))?,
            },
            referral: text(Field::Referral, referral, MAX_REFERRAL_CHARS, false)?.map(|r| r.to_uppercase()),
        }))
    }
}

/// A caller with no account (on the hotline, or a visitor to the showroom),
/// whose interest staff record as a lead: the same request a prospect sends,
/// its source saying how staff met them (`allowed`: the sources the asker
/// may name, `Source::by_staff` or, for another system, `Source::by_system`).
#[allow(clippy::too_many_arguments)] // one per field of the form, and who may name which source
pub fn caller_request(
    name: &str,
    mobile: &str,
    city: &str,
    model: &str,
    dealer: &str,
    part_of_day: &str,
    source: &str,
    allowed: fn(Source) -> bool,
) -> Result<TestDriveRequest, FieldError> {
    Ok(TestDriveRequest {
        name: DisplayName::parse(name).map_err(|e| FieldError::new(Field::DisplayName, e))?,
        mobile: Mobile::parse(mobile).map_err(|e| FieldError::new(Field::Mobile, e))?,
        city: required_text(Field::City, city, 40)?,
        model: choice_id(Field::Model, model)?,
        dealer: choice_id(Field::Dealer, dealer)?,
        when: When::PartOfDay(
            PartOfDay::parse(part_of_day).ok_or(FieldError::new(Field::PartOfDay, Problem::Required))?,
        ),
        source: Source::parse(source)
            .filter(|s| allowed(*s))
            .ok_or(FieldError::new(Field::Source, Problem::UnknownChoice))?,
        referral: None,
    })
}

/// An owner's request for a trade-in offer on one of their cars, towards a
/// new model at a dealer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TradeInAsk {
    pub vin: Vin,
    pub model: i64,
    pub dealer: DealerId,
}

impl TradeInAsk {
    pub fn parse(vin: &str, model: &str, dealer: &str) -> Result<Self, FieldError> {
        Ok(Self {
            vin: Vin::parse(vin).map_err(|e| FieldError::new(Field::Vin, e))?,
            model: choice_id(Field::Model, model)?,
            dealer: choice_id(Field::Dealer, dealer)?,
        })
    }
}

/// Whether a request made at `now` repeats one made at `earlier` (same mobile
/// and model): then it updates that lead.
pub fn repeats(earlier: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - earlier <= Duration::days(DUPLICATE_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(honeypot: &str, consent: bool, slot: &str, part: &str) -> Result<Submission, FieldError> {
        asked_by("friend", honeypot, consent, slot, part)
    }

    fn asked_by(source: &str, honeypot: &str, consent: bool, slot: &str, part: &str) -> Result<Submission, FieldError> {
        TestDriveRequest::parse(
            "王芳",
            "138 0000 0001",
            "上海",
            "2",
            "1",
            slot,
            part,
            source,
            "ab12cd",
            consent,
            honeypot,
        )
    }

    #[test]
    fn how_they_heard_of_us_is_their_own_answer() {
        assert_eq!(asked_by("", "", true, "", "morning"), Err(FieldError::new(Field::Source, Problem::Required)));
        assert_eq!(
            asked_by("tv", "", true, "", "morning"),
            Err(FieldError::new(Field::Source, Problem::UnknownChoice))
        );
        let Ok(Submission::Person(person)) = asked_by("event", "", true, "", "morning") else {
            panic!("a person's request")
        };
        assert_eq!(person.source, Source::Event);
        let hotline = asked_by("hotline", "", true, "", "morning");
        assert_eq!(hotline, Err(FieldError::new(Field::Source, Problem::UnknownChoice)), "staff record the hotline");
    }

    #[test]
    fn a_caller_lead_comes_from_the_hotline_or_the_showroom_only() {
        let call =
            |source| caller_request("来电客户", "138 0000 0009", "上海", "2", "1", "evening", source, Source::by_staff);
        assert_eq!(call("hotline").map(|r| r.source), Ok(Source::Hotline));
        assert_eq!(
            call("walk_in").map(|r| (r.source, r.when)),
            Ok((Source::WalkIn, When::PartOfDay(PartOfDay::Evening)))
        );
        assert_eq!(call("friend"), Err(FieldError::new(Field::Source, Problem::UnknownChoice)), "the prospect's word");
        assert_eq!(call(""), Err(FieldError::new(Field::Source, Problem::UnknownChoice)));
        let nameless = caller_request(" ", "13800000009", "上海", "2", "1", "morning", "hotline", Source::by_staff);
        assert_eq!(nameless.map_err(|e| e.field), Err(Field::DisplayName));
        assert!(Source::prospect_choices().all(|s| !s.by_system()));
        assert_eq!(Source::prospect_choices().count() + 4, Source::ALL.len());
        assert_eq!(call("campaign"), Err(FieldError::new(Field::Source, Problem::UnknownChoice)), "a system's word");
        let sent =
            caller_request("活动客户", "13800000009", "上海", "2", "1", "morning", "campaign", Source::by_system);
        assert_eq!(sent.map(|r| r.source), Ok(Source::Campaign));
    }

    #[test]
    fn a_request_is_parsed_whole_and_a_robot_is_told_nothing_different() {
        assert_eq!(request("http://spam", true, "", "morning"), Ok(Submission::Robot));
        assert_eq!(request("", false, "", "morning").map_err(|e| e.field), Err(Field::Consent));
        assert_eq!(request("", true, "", "").map_err(|e| e.field), Err(Field::PartOfDay));
        let Ok(Submission::Person(person)) = request("", true, "1800000000000", "") else {
            panic!("a person's request")
        };
        assert_eq!(person.when, When::Slot(DateTime::from_timestamp_millis(1_800_000_000_000).unwrap_or_default()));
        assert_eq!(person.mobile.as_str(), "13800000001");
        assert_eq!(person.referral.as_deref(), Some("AB12CD"));
    }

    #[test]
    fn a_request_repeats_one_within_thirty_days() {
        let t = DateTime::from_timestamp_millis(1_800_000_000_000).unwrap_or_default();
        assert!(repeats(t, t + Duration::days(30)));
        assert!(!repeats(t, t + Duration::days(30) + Duration::seconds(1)));
    }
}
