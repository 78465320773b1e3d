//! The booking forms, parsed whole: the owner's and the advisor's phone
//! booking (one form), and what the advisor records when a visit ends.

use crate::error::{choice_id, required_text, text, Field, FieldError, Problem};
use crate::types::{IdempotencyKey, IdempotencyKeyError, MAX_SUBMITTED_KEY_CHARS};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The owner's note on a booking (what the workshop should look at).
pub const MAX_NOTE_CHARS: usize = 500;
/// What the advisor says was done when a visit ends.
pub const MAX_WORK_CHARS: usize = 500;
/// The parts used, as the advisor lists them when a visit ends.
pub const MAX_PARTS_CHARS: usize = 500;
/// The extra work an estimate lists for the owner to approve.
pub const MAX_ESTIMATE_ITEMS_CHARS: usize = 500;
/// Why the dealer moved or cancelled a booking (the owner reads it).
pub const MAX_DEALER_REASON_CHARS: usize = 300;

/// Who submits a booking form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Submitter {
    /// The owner, in the portal.
    Owner(crate::account::UserId),
    /// An advisor, booking for an owner on the phone.
    Advisor(crate::account::UserId),
}

impl Submitter {
    /// The form's idempotency key, scoped to who submits it (keys are unique
    /// across all bookings: an advisor's are apart from owners').
    pub fn key(self, raw: &str) -> Result<IdempotencyKey, FieldError> {
        let scope = match self {
            Submitter::Owner(owner) => owner.to_string(),
            Submitter::Advisor(advisor) => format!("phone:{advisor}"),
        };
        IdempotencyKey::submitted(scope, raw).map_err(|e| {
            let problem = match e {
                IdempotencyKeyError::Missing => Problem::Required,
                IdempotencyKeyError::TooLong => Problem::TooLong(MAX_SUBMITTED_KEY_CHARS),
            };
            FieldError::new(Field::Slot, problem)
        })
    }
}

/// A booking form, parsed: the owner's in the portal and the advisor's on the
/// phone are the same form (the advisor's dealer is their own workshop's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingForm {
    pub by: Submitter,
    pub vin: String,
    pub dealer: i64,
    pub service_type: i64,
    pub starts_at: DateTime<Utc>,
    pub note: Option<String>,
    pub idempotency_key: IdempotencyKey,
}

impl BookingForm {
    /// `starts_at` is the start in UTC milliseconds, as the slot picker posts it.
    pub fn parse(
        by: Submitter,
        vin: &str,
        dealer: &str,
        service_type: &str,
        starts_at: &str,
        note: &str,
        idempotency_key: &str,
    ) -> Result<Self, FieldError> {
        let starts_at = DateTime::from_timestamp_millis(choice_id(Field::Slot, starts_at)?)
            .ok_or(FieldError::new(Field::Slot, Problem::SlotUnavailable))?;
        let idempotency_key = by.key(idempotency_key)?;
        let dealer = choice_id(Field::Dealer, dealer)?;
        let service_type = choice_id(Field::ServiceType, service_type)?;
        let note = text(Field::Note, note, MAX_NOTE_CHARS, false)?;
        Ok(Self { by, vin: vin.to_owned(), dealer, service_type, starts_at, note, idempotency_key })
    }
}

/// What the advisor records when the visit ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkDone {
    pub work: String,
    pub parts: Option<String>,
    pub amount: crate::types::Money,
    pub mileage: crate::types::Km,
    /// The visit also fixed every open campaign on the car (otherwise only
    /// the recalls booked with it).
    pub fix_open_campaigns: bool,
}

impl WorkDone {
    pub fn parse(
        work: &str,
        parts: &str,
        amount: &str,
        mileage: &str,
        fix_open_campaigns: bool,
    ) -> Result<Self, FieldError> {
        Ok(Self {
            work: required_text(Field::Work, work, MAX_WORK_CHARS)?,
            parts: text(Field::Note, parts, MAX_PARTS_CHARS, false)?,
            amount: crate::types::Money::parse(amount).map_err(|e| FieldError::new(Field::Amount, e))?,
            mileage: crate::types::Km::parse(mileage).map_err(|e| FieldError::new(Field::Mileage, e))?,
            fix_open_campaigns,
        })
    }

    /// The work as the car's service record reads it, the parts in brackets.
    pub fn record(&self) -> String {
        match &self.parts {
            Some(parts) => format!("{}（{parts}）", self.work),
            None => self.work.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: &str = "1767225600000"; // 2026-01-01T00:00:00Z

    fn owner_form(note: &str) -> Result<BookingForm, FieldError> {
        BookingForm::parse(Submitter::Owner(7), "LSVAU2180N2183294", "3", "2", START, note, "k-1")
    }

    fn field<T>(r: Result<T, FieldError>) -> Option<Field> {
        r.err().map(|e| e.field)
    }

    #[test]
    fn a_booking_note_may_be_as_long_as_the_limit_and_not_one_char_longer() {
        let longest = "修".repeat(MAX_NOTE_CHARS);
        assert_eq!(owner_form(&longest).map(|f| f.note), Ok(Some(longest.clone())));
        assert_eq!(
            owner_form(&format!("{longest}x")).err(),
            Some(FieldError::new(Field::Note, Problem::TooLong(MAX_NOTE_CHARS)))
        );
        assert_eq!(owner_form("  ").map(|f| f.note), Ok(None), "the note is optional");
    }

    #[test]
    fn a_booking_form_names_the_field_it_refuses() {
        fn parse(dealer: &str, service: &str, start: &str, key: &str) -> Result<BookingForm, FieldError> {
            BookingForm::parse(Submitter::Owner(7), "LSVAU2180N2183294", dealer, service, start, "", key)
        }
        assert_eq!(field(parse("x", "2", START, "k")), Some(Field::Dealer));
        assert_eq!(field(parse("3", "", START, "k")), Some(Field::ServiceType));
        assert_eq!(field(parse("3", "2", "tomorrow", "k")), Some(Field::Slot));
        assert_eq!(
            parse("3", "2", &i64::MAX.to_string(), "k").err(),
            Some(FieldError::new(Field::Slot, Problem::SlotUnavailable)),
            "a number but no time"
        );
        assert_eq!(parse("3", "2", START, " ").err(), Some(FieldError::new(Field::Slot, Problem::Required)));
        let form = parse(" 3 ", "2", START, "k").expect("a whole form");
        assert_eq!((form.dealer, form.service_type, form.starts_at.timestamp_millis()), (3, 2, 1_767_225_600_000));
    }

    #[test]
    fn an_idempotency_key_is_scoped_to_who_submits_it() {
        let key = |raw: &str, by: Submitter| by.key(raw).map(|k| k.as_str().to_owned());
        assert_eq!(key(" k-1 ", Submitter::Owner(7)), Ok("7:k-1".to_owned()));
        assert_eq!(key("k-1", Submitter::Advisor(7)), Ok("phone:7:k-1".to_owned()));
        let longest = "k".repeat(MAX_SUBMITTED_KEY_CHARS);
        assert!(key(&longest, Submitter::Owner(7)).is_ok());
        assert_eq!(
            key(&format!("{longest}k"), Submitter::Owner(7)),
            Err(FieldError::new(Field::Slot, Problem::TooLong(MAX_SUBMITTED_KEY_CHARS)))
        );
    }

    #[test]
    fn work_done_keeps_the_longest_work_and_refuses_one_char_more() {
        let longest = "换机油".repeat(MAX_WORK_CHARS / 3) + &"x".repeat(MAX_WORK_CHARS % 3);
        let done = WorkDone::parse(&longest, "", "380.50", "12000", false).expect("at the limit");
        assert_eq!((done.work.chars().count(), done.parts), (MAX_WORK_CHARS, None));
        assert_eq!(
            WorkDone::parse(&format!("{longest}x"), "", "380", "12000", false).err(),
            Some(FieldError::new(Field::Work, Problem::TooLong(MAX_WORK_CHARS)))
        );
        let parts = "p".repeat(MAX_PARTS_CHARS + 1);
        assert_eq!(field(WorkDone::parse("oil", &parts, "380", "12000", false)), Some(Field::Note));
    }

    #[test]
    fn the_service_record_names_the_parts_in_brackets_only_when_there_are_some() {
        let done = |parts: &str| WorkDone::parse("换机油", parts, "380", "12000", false).map(|d| d.record());
        assert_eq!(done("机油滤芯"), Ok("换机油（机油滤芯）".to_owned()));
        assert_eq!(done("  "), Ok("换机油".to_owned()));
    }

    #[test]
    fn work_done_names_the_missing_or_bad_field() {
        assert_eq!(
            WorkDone::parse("  ", "", "380", "12000", false).err(),
            Some(FieldError::new(Field::Work, Problem::Required))
        );
        assert_eq!(field(WorkDone::parse("oil", "", "lots", "12000", false)), Some(Field::Amount));
        assert_eq!(field(WorkDone::parse("oil", "", "380", "twelve", false)), Some(Field::Mileage));
        assert_eq!(field(WorkDone::parse("oil", "", "380", "", false)), Some(Field::Mileage));
    }
}
