//! The domain's one error type. Input problems name the field they belong to so
//! the UI can put a localised message next to it.

use crate::account::role_error::RoleError;
use crate::types::{
    DateError, DisplayNameError, EmailError, IdentifierError, KmError, MobileError, PasswordError, PlateError, VinError,
};
use serde::{Deserialize, Serialize};

/// A form field, named as in the forms that post it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Identifier,
    Password,
    NewPassword,
    DisplayName,
    Role,
    Dealer,
    Vin,
    Plate,
    Mileage,
    InsuranceDue,
    InspectionDue,
    PerformedOn,
    Work,
    GarageName,
    Mobile,
    Email,
    City,
    Address,
    Birthday,
    ContactChannel,
    PreferredDealer,
    Confirm,
    Campaign,
    Receipt,
    Slot,
    ServiceType,
    Note,
    Amount,
    Satisfaction,
    Recommend,
    Outcome,
    Photos,
    Items,
    Reason,
    CaseKind,
    Category,
    Title,
    Description,
    Priority,
    Channel,
    Message,
    Rating,
    MergeInto,
    Booking,
    ResponseHours,
    ResolutionHours,
    Code,
    /// The photo of the registration certificate sent with a car claim.
    Evidence,
    Board,
    Body,
    Comment,
    Query,
    StartsAt,
    EndsAt,
    Capacity,
    Place,
    /// The post or comment a report or decision is about.
    Item,
    Keyword,
    Days,
    Rule,
    /// A moderator's decision on an item.
    Decision,
    Model,
    PartOfDay,
    Source,
    Referral,
    Consent,
    Competitor,
    Tier,
    /// A segment's last visit on or after this day.
    VisitedFrom,
    VisitedBefore,
    /// An RFM class (`analytics::rfm::RfmClass`).
    Rfm,
    AtRisk,
    /// Has an open recall, in a segment's filter.
    Recall,
    /// A saved segment's name.
    SegmentName,
    /// An integration key chosen in a form, its name, and its scopes.
    ApiKey,
    ApiKeyName,
    Scopes,
    /// A webhook's endpoint.
    Url,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Identifier => "identifier",
            Self::Password => "password",
            Self::NewPassword => "new_password",
            Self::DisplayName => "display_name",
            Self::Role => "role",
            Self::Dealer => "dealer",
            Self::Vin => "vin",
            Self::Plate => "plate",
            Self::Mileage => "mileage",
            Self::InsuranceDue => "insurance_due",
            Self::InspectionDue => "inspection_due",
            Self::PerformedOn => "performed_on",
            Self::Work => "work",
            Self::GarageName => "garage_name",
            Self::Mobile => "mobile",
            Self::Email => "email",
            Self::City => "city",
            Self::Address => "address",
            Self::Birthday => "birthday",
            Self::ContactChannel => "contact_channel",
            Self::PreferredDealer => "preferred_dealer",
            Self::Confirm => "confirm",
            Self::Campaign => "campaign",
            Self::Receipt => "receipt",
            Self::Slot => "slot",
            Self::ServiceType => "service_type",
            Self::Note => "note",
            Self::Amount => "amount",
            Self::Satisfaction => "satisfaction",
            Self::Recommend => "recommend",
            Self::Outcome => "outcome",
            Self::Photos => "photos",
            Self::Items => "items",
            Self::Reason => "reason",
            Self::CaseKind => "kind",
            Self::Category => "category",
            Self::Title => "title",
            Self::Description => "description",
            Self::Priority => "priority",
            Self::Channel => "channel",
            Self::Message => "message",
            Self::Rating => "rating",
            Self::MergeInto => "merge_into",
            Self::Booking => "booking",
            Self::ResponseHours => "response_hours",
            Self::ResolutionHours => "resolution_hours",
            Self::Code => "code",
            Self::Evidence => "evidence",
            Self::Board => "board",
            Self::Body => "body",
            Self::Comment => "comment",
            Self::Query => "q",
            Self::StartsAt => "starts_at",
            Self::EndsAt => "ends_at",
            Self::Capacity => "capacity",
            Self::Place => "place",
            Self::Item => "item",
            Self::Keyword => "keyword",
            Self::Days => "days",
            Self::Rule => "rule",
            Self::Decision => "decision",
            Self::Model => "model",
            Self::PartOfDay => "part_of_day",
            Self::Source => "source",
            Self::Referral => "referral",
            Self::Consent => "consent",
            Self::Competitor => "competitor",
            Self::Tier => "tier",
            Self::VisitedFrom => "visited_from",
            Self::VisitedBefore => "visited_before",
            Self::Rfm => "rfm",
            Self::AtRisk => "at_risk",
            Self::Recall => "recall",
            Self::SegmentName => "name",
            Self::ApiKey => "key",
            Self::ApiKeyName => "name",
            Self::Scopes => "scopes",
            Self::Url => "url",
        }
    }
}

/// What is wrong with one field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Problem {
    #[error(transparent)]
    Identifier(#[from] IdentifierError),
    #[error(transparent)]
    Mobile(#[from] MobileError),
    #[error(transparent)]
    Email(#[from] EmailError),
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error(transparent)]
    DisplayName(#[from] DisplayNameError),
    #[error(transparent)]
    Role(#[from] RoleError),
    #[error(transparent)]
    Vin(#[from] VinError),
    #[error(transparent)]
    Plate(#[from] PlateError),
    #[error(transparent)]
    Km(#[from] KmError),
    #[error(transparent)]
    Date(#[from] DateError),
    #[error("no such choice")]
    UnknownChoice,
    #[error("this is required")]
    Required,
    #[error("an http:// or https:// address")]
    WebAddress,
    #[error("longer than {0} characters")]
    TooLong(usize),
    #[error("shorter than {0} characters")]
    TooShort(usize),
    /// Events are posted on a region's board (a chapter).
    #[error("events belong to a region's board")]
    ChapterOnly,
    #[error("the mileage is below the last reading; only staff can lower it")]
    MileageDecrease,
    #[error("this VIN is not in the brand's register of sold vehicles")]
    VinNotRegistered,
    #[error("this car has not been sold yet")]
    VinNotSold,
    #[error("this channel needs a contact detail the profile does not have")]
    ChannelUnreachable,
    #[error("no account has this mobile number or e-mail address")]
    NoSuchAccount,
    #[error(transparent)]
    Upload(#[from] crate::upload::UploadError),
    #[error("this time cannot be booked")]
    SlotUnavailable,
    #[error(transparent)]
    Money(#[from] crate::types::MoneyError),
    #[error("this step does not follow from the booking's state")]
    WrongState,
    /// The visit is not on today, or it awaits its owner (`booking::check_in_open`).
    #[error(transparent)]
    Arrival(#[from] crate::booking::arrival_refusal::ArrivalRefusal),
    #[error("at most {0}")]
    TooMany(usize),
    #[error("out of the allowed range")]
    OutOfRange,
    #[error(transparent)]
    Case(#[from] crate::case::transition_error::TransitionError),
    #[error(transparent)]
    Answer(#[from] crate::followup::AnswerError),
    #[error(transparent)]
    Code(#[from] crate::verification::code_error::CodeError),
    /// The car is not registered to the claimant's verified mobile: a photo
    /// of its registration certificate must go to customer care.
    #[error("the car is not registered to this verified mobile; send proof")]
    ProofNeeded,
    #[error(transparent)]
    Claim(#[from] crate::garage::claim::TransitionError),
    #[error(transparent)]
    ClubStep(#[from] crate::club::refusal::TransitionError),
    #[error(transparent)]
    CheckIn(#[from] crate::club::refusal::CheckInError),
    #[error(transparent)]
    Moderation(#[from] crate::club::refusal::ModerationError),
    #[error(transparent)]
    Lead(#[from] crate::lead::transition_error::TransitionError),
    #[error(transparent)]
    Voucher(#[from] crate::loyalty::voucher_error::VoucherError),
    /// Another of the desk's saved things (a segment) has this name.
    #[error("this name is taken")]
    NameTaken,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{field:?}: {problem}")]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: Field, problem: impl Into<Problem>) -> Self {
        Self { field, problem: problem.into() }
    }
}

/// What a rate limit held back: the person is told which of their actions
/// must wait, not just that something did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Throttle {
    SignIn,
    /// Asking for a verification code (sign-up, a new contact, a reset).
    CodeRequest,
    /// Typing a verification code in.
    CodeTry,
    WarrantyLookup,
    CarClaim,
    /// Booking, moving or cancelling service.
    BookingWrite,
    TestDrive,
    /// Searching the club.
    ClubSearch,
    /// Liking and un-liking in the club.
    ClubLike,
    /// Posts with pictures: as many are being read as the server takes at once.
    Uploads,
}

/// Something that already exists and may exist only once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conflict {
    AccountExists,
    /// The car is in another owner's garage; care staff can transfer it.
    CarClaimed,
    /// Somebody took the last place of the slot first.
    SlotTaken,
    /// Too close to the appointment to change it online.
    PastCutoff,
    /// A survey takes one answer.
    AlreadyAnswered,
    /// The car already has an open booking (a car is in one bay at a time):
    /// `booking` is that booking when it is the same owner's.
    CarAlreadyBooked {
        booking: Option<i64>,
    },
    /// The owner holds as many open bookings as fair use allows (`booking::FAIR_USE`).
    TooManyOpenBookings,
}

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("invalid input: {0}")]
    Invalid(#[from] FieldError),
    /// Deliberately the same for "no such account" and "wrong password".
    #[error("the sign-in details do not match an account")]
    BadCredentials,
    #[error("too many {what:?} attempts; try again in {retry_after_secs} s")]
    Throttled { what: Throttle, retry_after_secs: i64 },
    /// An admin disabled the account: it cannot sign in (said only after the right password).
    #[error("the account is disabled")]
    AccountDisabled,
    #[error("already exists: {0:?}")]
    Conflict(Conflict),
    #[error("not found")]
    NotFound,
    /// The club will not take this member's contribution now.
    #[error(transparent)]
    Club(#[from] crate::club::refusal::Refusal),
    #[error("password hashing failed: {0}")]
    Hashing(String),
    #[cfg(feature = "ssr")]
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// A write another system asked for: refused for the store's own reason
/// `R` (nothing is written), or failed in the database.
#[derive(Debug, thiserror::Error)]
pub enum WriteError<R> {
    #[error(transparent)]
    Refused(R),
    #[error(transparent)]
    Domain(#[from] DomainError),
}

#[cfg(feature = "ssr")]
impl<R> From<sqlx::Error> for WriteError<R> {
    fn from(err: sqlx::Error) -> Self {
        Self::Domain(err.into())
    }
}

/// Free text of at most `max` characters, trimmed; empty when `required` is an error.
pub fn text(field: Field, raw: &str, max: usize, required: bool) -> Result<Option<String>, FieldError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return if required { Err(FieldError::new(field, Problem::Required)) } else { Ok(None) };
    }
    if trimmed.chars().count() > max {
        return Err(FieldError::new(field, Problem::TooLong(max)));
    }
    Ok(Some(trimmed.to_owned()))
}

/// Free text that must be given, of at most `max` characters, trimmed.
pub fn required_text(field: Field, raw: &str, max: usize) -> Result<String, FieldError> {
    text(field, raw, max, true)?.ok_or(FieldError::new(field, Problem::Required))
}

/// A record id chosen in a form (a select's value); anything else is no such choice.
pub fn choice_id(field: Field, raw: &str) -> Result<i64, FieldError> {
    raw.trim().parse::<i64>().map_err(|_| FieldError::new(field, Problem::UnknownChoice))
}

impl DomainError {
    pub fn invalid(field: Field, problem: impl Into<Problem>) -> Self {
        Self::Invalid(FieldError::new(field, problem))
    }
}
