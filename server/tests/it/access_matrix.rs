//! Who may call what: every server function and every page with an id, walked
//! as each kind of caller, against one table of who is allowed. A server
//! function or an id route missing from the table fails the test.

use crate::helpers;

use chrono::{DateTime, Duration, Utc};
use helpers::booking::{arrive_at, book, open_dealer, service_id, slot};
use helpers::{client, spawn, Engine, TestApp, PASSWORD};
use pitlane::account::Role;
use pitlane::Clock;
use reqwest::Client;
use std::collections::{BTreeSet, HashMap};

/// Everyone the table has an answer for. Owner A owns everything the calls
/// name; dealer X sold A's car and has A's booking and case; Y is another dealer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Caller {
    Anonymous,
    OwnerA,
    OwnerB,
    /// An owner's account with no car in the garage: may read the club, not write in it.
    Carless,
    Moderator,
    /// A moderator of another board than A's chapter.
    ModeratorElsewhere,
    AdvisorX,
    LeadHandlerX,
    CareX,
    /// A care agent without a dealer: the whole brand.
    CareBrand,
    Analyst,
    Admin,
    AdvisorY,
    CareY,
    LeadHandlerY,
}

use Caller::*;

const CALLERS: [Caller; 15] = [
    Anonymous,
    OwnerA,
    OwnerB,
    Carless,
    Moderator,
    ModeratorElsewhere,
    AdvisorX,
    LeadHandlerX,
    CareX,
    CareBrand,
    Analyst,
    Admin,
    AdvisorY,
    CareY,
    LeadHandlerY,
];

#[derive(Debug, Clone, Copy)]
enum Dealer {
    X,
    Y,
}

impl Caller {
    /// Role, dealer and sign-in name; `None` for the signed-out visitor.
    fn account(self) -> Option<(Role, Option<Dealer>, &'static str)> {
        Some(match self {
            Anonymous => return None,
            OwnerA => (Role::Owner, None, "13900009001"),
            OwnerB => (Role::Owner, None, "13900009002"),
            Carless => (Role::Owner, None, "13900009004"),
            Moderator => (Role::Moderator, None, "moderator.am@example.com"),
            ModeratorElsewhere => (Role::Moderator, None, "moderator.elsewhere.am@example.com"),
            AdvisorX => (Role::ServiceAdvisor, Some(Dealer::X), "advisor.x@example.com"),
            LeadHandlerX => (Role::LeadHandler, Some(Dealer::X), "leads.x@example.com"),
            CareX => (Role::CareAgent, Some(Dealer::X), "care.x@example.com"),
            CareBrand => (Role::CareAgent, None, "care.brand@example.com"),
            Analyst => (Role::CrmAnalyst, None, "analyst.am@example.com"),
            Admin => (Role::Admin, None, "admin.am@example.com"),
            AdvisorY => (Role::ServiceAdvisor, Some(Dealer::Y), "advisor.y@example.com"),
            CareY => (Role::CareAgent, Some(Dealer::Y), "care.y@example.com"),
            LeadHandlerY => (Role::LeadHandler, Some(Dealer::Y), "leads.y@example.com"),
        })
    }

    fn login(self) -> Option<&'static str> {
        self.account().map(|(_, _, login)| login)
    }

    fn number(self) -> usize {
        CALLERS.iter().position(|c| *c == self).unwrap_or_default()
    }
}

/// An account that is no caller: whom `login` signs in as, `transfer_car`
/// hands a car to and `set_role` changes.
const SPARE_LOGIN: &str = "13900009003";

/// Who gets past the access check.
#[derive(Debug, Clone, Copy)]
enum Who {
    /// Signed in or not.
    Anyone,
    /// Every signed-in person, for their own things: the call names nothing of anyone else's.
    SignedIn,
    /// The call names owner A's car, booking, case, survey or contact code: A
    /// alone. Everyone else gets 404 (another owner never 403: it would confirm
    /// the id exists).
    OwnerAOnly,
    /// These callers only.
    Only(&'static [Caller]),
}

fn allowed(who: Who, caller: Caller) -> bool {
    match who {
        Who::Anyone => true,
        Who::SignedIn => caller != Anonymous,
        Who::OwnerAOnly => caller == OwnerA,
        Who::Only(callers) => callers.contains(&caller),
    }
}

/// The staff console's roles (not owners, not club moderators).
const STAFF: &[Caller] = &[AdvisorX, LeadHandlerX, CareX, CareBrand, Analyst, Admin, AdvisorY, CareY, LeadHandlerY];
/// A's car, sold by X and booked at X: X's staff and the brand's, not Y's.
const CAR_AT_X: &[Caller] = &[AdvisorX, LeadHandlerX, CareX, CareBrand, Analyst, Admin];
const CAMPAIGN_AT_X: &[Caller] = &[AdvisorX, Admin];
const MILEAGE_AT_X: &[Caller] = &[AdvisorX, CareX, CareBrand, Admin];
const BRAND_CARE: &[Caller] = &[CareBrand, Admin];
/// Customer care for X's owner or X's case.
const CARE_FOR_X: &[Caller] = &[CareX, CareBrand, Admin];
/// Who opens X's owner's customer page: every desk that reaches them (X's
/// care, workshop and sales floor, which sold the car) and the brand's desks.
const SERVING_X: &[Caller] = &[AdvisorX, LeadHandlerX, CareX, CareBrand, Analyst, Admin];
/// Every care desk, on its own patch (nothing of X's named).
const CARE_DESKS: &[Caller] = &[CareX, CareBrand, CareY, Admin];
/// X's workshop, for X's bookings.
const WORKSHOP_AT_X: &[Caller] = &[AdvisorX, Admin];
/// Every workshop, on its own dealer's day (an admin names X).
const WORKSHOPS: &[Caller] = &[AdvisorX, AdvisorY, Admin];
const ADMIN: &[Caller] = &[Admin];
/// Who writes in the club: owners with a car, moderators and admins (staff
/// without a car do not, nor owners without one).
const CLUB_WRITERS: &[Caller] = &[OwnerA, OwnerB, Moderator, ModeratorElsewhere, Admin];
/// The chapter's moderator and admins.
const CHAPTER_MODERATORS: &[Caller] = &[Moderator, Admin];
/// Every moderator, on their own boards.
const MODERATORS: &[Caller] = &[Moderator, ModeratorElsewhere, Admin];
/// Owners (moderators are owners too) refer friends; staff do not.
const REFERRERS: &[Caller] = &[OwnerA, OwnerB, Carless, Moderator, ModeratorElsewhere];
/// Every lead desk, each on its own dealer's board (an admin names X).
const LEAD_DESKS: &[Caller] = &[LeadHandlerX, LeadHandlerY, Admin];
/// A lead at X: X's handler (the sales manager there) and admins.
const LEADS_AT_X: &[Caller] = &[LeadHandlerX, Admin];
/// Who records a caller with no account as a lead: the sales floors and care.
const TAKES_CALLERS: &[Caller] = &[LeadHandlerX, CareX, CareBrand, Admin, CareY, LeadHandlerY];
/// Going on or off duty: lead handlers themselves.
const LEAD_HANDLERS: &[Caller] = &[LeadHandlerX, LeadHandlerY];
/// An event's organiser (A wrote it) and admins.
const ORGANISERS: &[Caller] = &[OwnerA, Admin];
/// Who works segments: analysts and admins brand-wide, a dealer's staff for their dealer (not brand-wide care).
const SEGMENT_DESKS: &[Caller] = &[AdvisorX, LeadHandlerX, CareX, Analyst, Admin, AdvisorY, CareY, LeadHandlerY];
/// A segment saved at X's desk: X's staff only.
const SEGMENT_AT_X: &[Caller] = &[AdvisorX, LeadHandlerX, CareX];
/// Who reads the analytics: analysts and admins, and X's sales manager (Y's handler manages nothing).
const ANALYTICS_READERS: &[Caller] = &[LeadHandlerX, Analyst, Admin];

/// A server function's arguments.
enum Form {
    Fields(Vec<(&'static str, String)>),
    /// A multipart post with files under one field name, as a browser sends it.
    Files(Vec<(&'static str, String)>, &'static str, Vec<Vec<u8>>),
    /// A GET with the fields in the query string, for functions that only read.
    Query(Vec<(&'static str, String)>),
}

fn fields<const N: usize>(pairs: [(&'static str, String); N]) -> Form {
    Form::Fields(pairs.into())
}

fn none() -> Form {
    Form::Fields(Vec::new())
}

/// The object-naming workshop calls always name X: an advisor elsewhere must
/// not reach X's booking by naming X (only an admin's choice of dealer counts).
fn at_x<const N: usize>(w: &World, pairs: [(&'static str, String); N]) -> Form {
    let mut pairs = Vec::from(pairs);
    pairs.push(("dealer", w.x.to_string()));
    Form::Fields(pairs)
}

/// The day-wide workshop calls, as each console sends them: only an admin names a dealer.
fn own_day<const N: usize>(w: &World, caller: Caller, pairs: [(&'static str, String); N]) -> Form {
    let mut pairs = Vec::from(pairs);
    if caller == Admin {
        pairs.push(("dealer", w.x.to_string()));
    }
    Form::Fields(pairs)
}

struct Row {
    endpoint: &'static str,
    who: Who,
    form: fn(&World, Caller) -> Form,
    /// Run before each call, for an object the first allowed call uses up
    /// (later ones would get "not found").
    rearm: Option<Rearm>,
    /// A status that also means "refused" for this row: one chosen so that
    /// someone else's id reads exactly like a wrong or expired one.
    refused_as: Option<u16>,
}

/// Puts a used-up object back: SQL run with the object's id as `$1`.
struct Rearm {
    sql: &'static str,
    id: fn(&World) -> i64,
}

fn row(endpoint: &'static str, who: Who, form: fn(&World, Caller) -> Form) -> Row {
    Row { endpoint, who, form, rearm: None, refused_as: None }
}

impl Row {
    fn rearm(self, sql: &'static str, id: fn(&World) -> i64) -> Self {
        Row { rearm: Some(Rearm { sql, id }), ..self }
    }

    fn refused_as(self, status: u16) -> Self {
        Row { refused_as: Some(status), ..self }
    }
}

/// Calls that sign the client in, out or over run last, each on a throwaway
/// client signed in as the caller, so the shared clients keep their sessions.
fn touches_session(endpoint: &str) -> bool {
    ["login", "register", "registration", "logout", "sign_out", "password", "reset"]
        .iter()
        .any(|word| endpoint.contains(word))
}

/// The table: one row per server function. Rows that use an object up come
/// after the rows that only read it.
fn table() -> Vec<Row> {
    use Who::*;
    vec![
        // Public, and the session.
        row("login", Anyone, |w, _| {
            fields([("identifier", w.spare_login.clone()), ("password", PASSWORD.into()), ("next", String::new())])
        }),
        row("register", Anyone, |_, c| {
            let mobile = format!("139000092{:02}", c.number());
            fields([("identifier", mobile), ("display_name", "Newcomer".into()), ("password", PASSWORD.into())])
        }),
        // Without a registration or reset waiting in the session, the code is refused (422).
        row("confirm_registration", Anyone, |_, _| fields([("code", "000000".into())])),
        row("pending_code", Anyone, |_, _| none()),
        row("resend_code", Anyone, |_, _| fields([("purpose", "register".into())])),
        row("start_reset", Anyone, |w, _| fields([("identifier", w.spare_login.clone())])),
        row("finish_reset", Anyone, |_, _| {
            fields([("code", "000000".into()), ("new_password", "fresh-start-77".into())])
        }),
        row("logout", Anyone, |_, _| none()),
        row("sign_out_everywhere", SignedIn, |_, _| none()),
        row("change_password", SignedIn, |_, _| {
            fields([("current_password", PASSWORD.into()), ("new_password", PASSWORD.into())])
        }),
        row("set_language", Anyone, |_, _| fields([("lang", "en".into())])),
        row("warranty_lookup", Anyone, |w, _| fields([("vin", w.car.clone())])),
        // The owner's own things, naming nobody else's.
        row("garage_cars", SignedIn, |_, _| none()),
        row("case_choices", SignedIn, |_, _| none()),
        row("my_cases", SignedIn, |_, _| none()),
        row("my_bookings", SignedIn, |_, _| none()),
        row("my_profile", SignedIn, |_, _| none()),
        row("my_pending_surveys", SignedIn, |_, _| none()),
        row("my_notifications", SignedIn, |_, _| none()),
        row("mark_notifications_read", SignedIn, |_, _| none()),
        row("my_advisor", SignedIn, |_, _| none()),
        row("booking_offers", SignedIn, |w, _| {
            fields([("dealer", w.x.to_string()), ("service_type", w.service.to_string()), ("day", w.day.clone())])
        }),
        // The VIN only preselects among the caller's own cars: another's is ignored.
        row("booking_form", SignedIn, |w, _| {
            fields([
                ("vin", w.car.clone()),
                ("dealer", w.x.to_string()),
                ("service", w.service.to_string()),
                ("day", w.day.clone()),
            ])
        }),
        // Adding a car by VIN: nobody's number is on record, so each caller is asked for proof.
        row("claim_car", SignedIn, |w, _| fields([("vin", w.unclaimed_car.clone())])),
        row("open_case", SignedIn, |w, c| {
            let fields = vec![
                ("kind", "complaint".into()),
                ("category", "dealer_service".into()),
                ("title", format!("Access matrix {c:?}")),
                ("description", "The car came back with a warning light on.".into()),
                ("vin", String::new()),
                ("dealer", w.x.to_string()),
                ("idempotency_key", format!("open-{c:?}")),
            ];
            Form::Files(fields, "photos", Vec::new())
        }),
        // Naming owner A's car, booking, case, survey or contact code. Another
        // owner's verification id reads as an expired code, even with the right code.
        row("confirm_contact", OwnerAOnly, |w, _| {
            fields([("verification", w.verification.to_string()), ("code", w.code.clone())])
        })
        .refused_as(422),
        row("garage_car", OwnerAOnly, |w, _| fields([("vin", w.car.clone())])),
        row("update_car", OwnerAOnly, |w, _| {
            fields([
                ("vin", w.car.clone()),
                ("plate", String::new()),
                ("mileage", String::new()),
                ("insurance_due", String::new()),
                ("inspection_due", String::new()),
            ])
        }),
        row("report_work", OwnerAOnly, |w, _| {
            let fields = vec![
                ("vin", w.car.clone()),
                ("performed_on", w.past_day.clone()),
                ("mileage", "4000".into()),
                ("work", "New tyres".into()),
                ("garage_name", "Corner garage".into()),
            ];
            Form::Files(fields, "receipt", Vec::new())
        }),
        row("book_service", OwnerAOnly, |w, c| {
            let fields = vec![
                ("vin", w.car.clone()),
                ("dealer", w.x.to_string()),
                ("service_type", w.service.to_string()),
                ("starts_at", w.owner_start.to_string()),
                ("note", String::new()),
                ("idempotency_key", format!("book-{c:?}")),
            ];
            Form::Files(fields, "photos", Vec::new())
        }),
        row("my_booking", OwnerAOnly, |w, _| fields([("id", w.booking.to_string())])),
        row("booking_details", OwnerAOnly, |w, _| fields([("id", w.booking.to_string())])),
        row("add_booking_photos", OwnerAOnly, |w, _| {
            Form::Files(vec![("id", w.booking.to_string())], "photos", vec![TestApp::jpeg()])
        }),
        row("decide_estimate", OwnerAOnly, |w, _| {
            fields([("estimate", w.estimate.to_string()), ("decision", "approved".into())])
        }),
        row("accept_booking_change", OwnerAOnly, |w, _| fields([("id", w.upcoming.to_string())])),
        row("reschedule_booking", OwnerAOnly, |w, _| {
            fields([("id", w.upcoming.to_string()), ("starts_at", w.owner_move.to_string())])
        }),
        // A's own booking: confirming it changes nothing, and nobody else's is found.
        row("confirm_booking", OwnerAOnly, |w, _| fields([("id", w.booking.to_string())])),
        row("cancel_booking", OwnerAOnly, |w, _| fields([("id", w.upcoming.to_string())])),
        row("my_case", OwnerAOnly, |w, _| fields([("id", w.case.to_string())])),
        row("reply_case", OwnerAOnly, |w, _| {
            fields([("id", w.case.to_string()), ("message", "Any news on this?".into())])
        }),
        row("reopen_case", OwnerAOnly, |w, _| fields([("id", w.case.to_string())])),
        row("rate_case", OwnerAOnly, |w, _| {
            fields([("id", w.case.to_string()), ("rating", "4".into()), ("comment", String::new())])
        }),
        row("my_survey", OwnerAOnly, |w, _| fields([("id", w.survey.to_string())])),
        row("answer_survey", OwnerAOnly, |w, _| {
            fields([
                ("id", w.survey.to_string()),
                ("satisfaction", "5".into()),
                ("recommend", "9".into()),
                ("comment", String::new()),
            ])
        }),
        row("release_car", OwnerAOnly, |w, _| fields([("vin", w.released_car.clone()), ("confirm", "yes".into())])),
        // The caller's own contact details (after A's code above is used).
        row("save_profile", SignedIn, |_, c| {
            let login = c.login().unwrap_or_default();
            let (mobile, email, channel) = if login.contains('@') { ("", login, "email") } else { (login, "", "sms") };
            fields([
                ("display_name", "Test Person".into()),
                ("mobile", mobile.into()),
                ("email", email.into()),
                ("city", "上海".into()),
                ("address", String::new()),
                ("preferred_dealer", String::new()),
                ("birthday", String::new()),
                ("contact_channel", channel.into()),
                ("password", PASSWORD.into()),
            ])
        }),
        row("verify_contact", SignedIn, |_, c| {
            let channel = if c.login().unwrap_or_default().contains('@') { "email" } else { "sms" };
            fields([("channel", channel.into())])
        }),
        // The staff console and a car.
        row("staff_overview", Only(STAFF), |_, _| none()),
        row("staff_vehicle", Only(CAR_AT_X), |w, _| fields([("vin", w.car.clone())])),
        // Any desk may search; what it finds is kept to the customers it reaches (tests in customers.rs).
        row("find_customers", Only(STAFF), |_, _| fields([("q", "1390000".into())])),
        row("customer_rows", Only(STAFF), |_, _| Form::Query(vec![("q", "1390000".into())])),
        row("complete_campaign", Only(CAMPAIGN_AT_X), |w, _| {
            fields([("vin", w.car.clone()), ("campaign", w.campaign.to_string())])
        }),
        // Raising the odometer (every call sends the same, higher reading).
        row("correct_mileage", Only(MILEAGE_AT_X), |w, _| {
            fields([
                ("vin", w.car.clone()),
                ("mileage", "60000".into()),
                ("reason", "Read off the dashboard at the visit".into()),
            ])
        }),
        row("transfer_car", Only(BRAND_CARE), |w, _| {
            fields([
                ("vin", w.transferred_car.clone()),
                ("identifier", w.spare_login.clone()),
                ("proof", "沪登记 0012345".into()),
            ])
        }),
        row("staff_owner", Only(SERVING_X), |w, _| fields([("user_id", w.owner_a.to_string())])),
        row("assign_owner_advisor", Only(CARE_FOR_X), |w, _| {
            fields([("owner", w.owner_a.to_string()), ("advisor", w.advisor_x.to_string())])
        }),
        // The workshop.
        row("staff_day", Only(WORKSHOPS), |w, c| own_day(w, c, [("day", w.day.clone())])),
        row("staff_week", Only(WORKSHOPS), |w, c| own_day(w, c, [("day", w.day.clone())])),
        // For B's car: a visit of A's at Y would rightly open A's things to Y's staff.
        row("book_for_owner", Only(WORKSHOPS), |w, c| {
            own_day(
                w,
                c,
                [
                    ("identifier", OwnerB.login().unwrap_or_default().into()),
                    ("vin", w.b_car.clone()),
                    ("service_type", w.service.to_string()),
                    ("starts_at", w.phone_start.to_string()),
                    ("note", String::new()),
                    ("idempotency_key", format!("phone-{c:?}")),
                ],
            )
        }),
        row("check_in_visit", Only(WORKSHOP_AT_X), |w, _| {
            at_x(w, [("booking", w.booking.to_string()), ("mileage", "5000".into())])
        }),
        row("start_work", Only(WORKSHOP_AT_X), |w, _| at_x(w, [("booking", w.booking.to_string())])),
        row("send_estimate", Only(WORKSHOP_AT_X), |w, _| {
            at_x(w, [("booking", w.booking.to_string()), ("items", "Wiper blades".into()), ("amount", "120".into())])
        }),
        row("ready_for_pickup", Only(WORKSHOP_AT_X), |w, _| at_x(w, [("booking", w.booking.to_string())])),
        row("complete_visit", Only(WORKSHOP_AT_X), |w, _| {
            at_x(
                w,
                [
                    ("booking", w.booking.to_string()),
                    ("work", "Inspection".into()),
                    ("parts", String::new()),
                    ("amount", "200".into()),
                    ("mileage", "5100".into()),
                ],
            )
        }),
        row("dealer_move_booking", Only(WORKSHOP_AT_X), |w, _| {
            at_x(
                w,
                [
                    ("booking", w.upcoming.to_string()),
                    ("starts_at", w.dealer_move.clone()),
                    ("reason", "Lift 2 under repair".into()),
                ],
            )
        }),
        row("dealer_cancel_booking", Only(WORKSHOP_AT_X), |w, _| {
            at_x(w, [("booking", w.upcoming.to_string()), ("reason", "Workshop closed".into())])
        }),
        row("no_show_visit", Only(WORKSHOP_AT_X), |w, _| at_x(w, [("booking", w.upcoming.to_string())])),
        // Customer care's cases and call-backs.
        row("case_queue", Only(CARE_DESKS), |_, _| {
            fields([
                ("status", String::new()),
                ("category", String::new()),
                ("priority", String::new()),
                ("dealer", String::new()),
            ])
        }),
        row("staff_case", Only(CARE_FOR_X), |w, _| fields([("id", w.case.to_string())])),
        row("staff_reply_case", Only(CARE_FOR_X), |w, _| {
            fields([
                ("id", w.case.to_string()),
                ("message", "Checking with the dealer.".into()),
                ("internal", "yes".into()),
            ])
        }),
        row("case_action", Only(CARE_FOR_X), |w, _| fields([("id", w.case.to_string()), ("action", "start".into())])),
        row("case_priority", Only(CARE_FOR_X), |w, _| {
            fields([("id", w.case.to_string()), ("priority", "high".into())])
        }),
        row("assign_case", Only(CARE_FOR_X), |w, _| {
            fields([("id", w.case.to_string()), ("assignee", String::new()), ("dealer", String::new())])
        }),
        row("link_case_booking", Only(CARE_FOR_X), |w, _| {
            fields([("id", w.case.to_string()), ("booking", w.booking.to_string())])
        }),
        row("link_case_car", Only(CARE_FOR_X), |w, _| fields([("id", w.case.to_string()), ("vin", w.car.clone())])),
        row("merge_case", Only(CARE_FOR_X), |w, _| {
            fields([("id", w.duplicate.to_string()), ("into", w.case.to_string())])
        }),
        row("close_case_followup", Only(CARE_FOR_X), |w, _| {
            fields([("id", w.followed_case.to_string()), ("outcome", "Owner happy".into())])
        })
        .rearm("UPDATE case_followups SET done_at = NULL, done_by = NULL, outcome = NULL WHERE case_id = $1", |w| {
            w.followed_case
        }),
        // A case for an owner who phoned, on the agent's own desk. Not for A: a
        // case at Y would rightly open A's profile to Y's desk for the pages below.
        row("open_case_for_owner", Only(CARE_DESKS), |w, c| {
            fields([
                ("identifier", w.spare_login.clone()),
                ("channel", "phone".into()),
                ("kind", "complaint".into()),
                ("category", "billing".into()),
                ("title", "Charged twice".into()),
                ("description", "Paid the invoice twice at the counter.".into()),
                ("idempotency_key", format!("phone-case-{c:?}")),
            ])
        }),
        row("save_sla_policy", Only(ADMIN), |_, _| {
            fields([("priority", "safety".into()), ("response_hours", "2".into()), ("resolution_hours", "48".into())])
        }),
        row("care_tasks", Only(CARE_DESKS), |_, _| none()),
        row("close_care_task", Only(CARE_FOR_X), |w, _| {
            fields([("id", w.task.to_string()), ("outcome", "Called back, all fine".into())])
        })
        .rearm("UPDATE care_tasks SET done_at = NULL, done_by = NULL, outcome = NULL WHERE id = $1", |w| w.task),
        // Administration.
        row("admin_users", Only(ADMIN), |_, _| fields([("search", String::new())])),
        // The integrations desk: a key that reads events, subscribed to by a webhook with one delivery.
        row("integrations_desk", Only(ADMIN), |_, _| fields([("shown", String::new())])),
        row("create_api_key", Only(ADMIN), |_, c| {
            fields([("name", format!("Matrix {c:?}")), ("scopes[0]", "vehicles:read".into()), ("dealer", String::new())])
        }),
        row("create_webhook", Only(ADMIN), |w, _| {
            fields([("key", w.api_key.to_string()), ("url", "https://erp.example.com/hooks".into())])
        }),
        row("redeliver_webhook", Only(ADMIN), |w, _| {
            fields([("webhook", w.webhook.to_string()), ("delivery", w.delivery.to_string())])
        }),
        row("resume_webhook", Only(ADMIN), |w, _| fields([("webhook", w.webhook.to_string())])),
        row("revoke_api_key", Only(ADMIN), |w, _| fields([("id", w.api_key.to_string())]))
            .rearm("UPDATE api_keys SET revoked_at = NULL WHERE id = $1", |w| w.api_key),
        row("set_role", Only(ADMIN), |w, _| {
            fields([("user_id", w.spare.to_string()), ("role", "owner".into()), ("dealer", String::new())])
        }),
        // Enabling an account that is enabled: `login` still signs in as it.
        row("set_disabled", Only(ADMIN), |w, _| {
            fields([("user_id", w.spare.to_string()), ("disabled", "false".into())])
        }),
        // Claims of a car on evidence, and owners' mileage held for staff.
        row("claim_car_with_proof", SignedIn, |w, _| {
            Form::Files(vec![("vin", w.unclaimed_car.clone())], "evidence", vec![TestApp::jpeg()])
        }),
        row("my_car_claims", SignedIn, |_, _| none()),
        row("claim_queue", Only(BRAND_CARE), |_, _| none()),
        // B's waiting claim: the first allowed caller rejects it, after that it is decided.
        row("reject_claim", Only(BRAND_CARE), |w, _| {
            fields([("id", w.claim.to_string()), ("reason", "The certificate names someone else".into())])
        }),
        row("approve_claim", Only(BRAND_CARE), |w, _| fields([("id", w.claim.to_string())])),
        // A's implausible reading of A's car: the first allowed caller discards it.
        row("decide_mileage", Only(MILEAGE_AT_X), |w, _| {
            fields([("vin", w.car.clone()), ("reading", w.held_reading.to_string()), ("decision", "discard".into())])
        }),
        // The club: A's post, comment and event on a members-only chapter board.
        row("club_boards", Anyone, |_, _| none()),
        row("club_board", SignedIn, |w, _| fields([("slug", w.chapter.clone())])),
        row("club_post", SignedIn, |w, _| fields([("id", w.club_post.to_string())])),
        row("club_search", Anyone, |_, _| fields([("q", "access".into())])),
        row("club_public_log", Anyone, |_, _| none()),
        row("my_club_reports", SignedIn, |_, _| none()),
        row("club_event_qr", OwnerAOnly, |w, _| fields([("id", w.club_event.to_string())])),
        row("write_post", Only(CLUB_WRITERS), |w, c| {
            let fields = vec![
                ("board", w.chapter_id.to_string()),
                ("title", format!("Hello from {c:?}")),
                ("body", "A first post.".into()),
                ("kind", "discussion".into()),
                ("idempotency_key", format!("club-{c:?}")),
            ];
            Form::Files(fields, "images", Vec::new())
        }),
        row("write_comment", Only(CLUB_WRITERS), |w, _| {
            fields([("post", w.club_post.to_string()), ("parent", String::new()), ("body", "Agreed.".into())])
        }),
        // A preview is the writer's own, kept in their session for the form's page.
        row("preview_club_text", SignedIn, |w, _| {
            fields([("back", format!("/club/post/{}", w.club_post)), ("body", "**Draft**".into())])
        }),
        row("club_draft", SignedIn, |w, _| fields([("page", format!("/club/post/{}", w.club_post))])),
        row("edit_club_post", OwnerAOnly, |w, _| {
            fields([
                ("id", w.club_post.to_string()),
                ("title", "Chapter news".into()),
                ("body", "Edited words.".into()),
            ])
        }),
        row("edit_club_comment", OwnerAOnly, |w, _| {
            fields([("id", w.club_comment.to_string()), ("body", "Edited comment.".into())])
        }),
        row("like_item", SignedIn, |w, _| fields([("item", format!("post:{}", w.club_post))])),
        row("rsvp_event", Only(CLUB_WRITERS), |w, _| {
            fields([("post", w.club_event.to_string()), ("going", "true".into())])
        }),
        // A wrong code: refused alike for everyone (the right one is A's alone to show).
        row("check_in_event", SignedIn, |w, _| fields([("post", w.club_event.to_string()), ("code", "wrong".into())])),
        row("club_decision", OwnerAOnly, |w, _| fields([("id", w.club_decision.to_string())])),
        row("moderation_console", Only(MODERATORS), |_, _| none()),
        row("moderator_tools", Only(CHAPTER_MODERATORS), |w, _| fields([("post", w.club_post.to_string())])),
        // The event's organiser (A) and admins; the event has not begun, so a mark is refused as too early (422).
        row("event_attendees", Only(ORGANISERS), |w, _| fields([("post", w.club_event.to_string())])),
        row("mark_attendance", Only(ORGANISERS), |w, _| {
            fields([("post", w.club_event.to_string()), ("member", w.owner_a.to_string())])
        }),
        // Naming someone not coming: refused as no such choice (422) for those allowed.
        row("add_organiser", Only(ORGANISERS), |w, _| {
            fields([("post", w.club_event.to_string()), ("member", w.spare.to_string())])
        }),
        row("moderate_item", Only(CHAPTER_MODERATORS), |w, _| {
            fields([
                ("item", format!("post:{}", w.club_reportable)),
                ("decision", "dismiss".into()),
                ("rule", String::new()),
                ("reason", String::new()),
            ])
        }),
        // Each item is decided only where the caller moderates: a moderator elsewhere decides none (0).
        row("moderate_items", Only(MODERATORS), |w, _| {
            fields([
                ("items[0]", format!("post:{}", w.club_reportable)),
                ("decision", "dismiss".into()),
                ("rule", String::new()),
                ("reason", String::new()),
            ])
        }),
        row("flag_post", Only(CHAPTER_MODERATORS), |w, _| {
            fields([("post", w.club_post.to_string()), ("flag", "pin".into()), ("reason", String::new())])
        }),
        row("move_club_post", Only(CHAPTER_MODERATORS), |w, _| {
            fields([
                ("post", w.club_post.to_string()),
                ("board", w.chapter_id.to_string()),
                ("rule", "off_topic".into()),
                ("reason", String::new()),
            ])
        }),
        row("moderator_edit", Only(CHAPTER_MODERATORS), |w, _| {
            fields([
                ("item", format!("comment:{}", w.club_comment)),
                ("body", "Edited by the moderators.".into()),
                ("rule", "personal_data".into()),
                ("reason", "A phone number removed".into()),
            ])
        }),
        row("discipline_member", Only(CHAPTER_MODERATORS), |w, _| {
            fields([
                ("member", w.owner_a.to_string()),
                ("item", format!("post:{}", w.club_post)),
                ("kind", "lift".into()),
                ("days", String::new()),
                ("rule", String::new()),
                ("reason", String::new()),
            ])
        }),
        // The held words are every board's: an admin's.
        row("held_word", Only(ADMIN), |_, _| {
            fields([("word", "accessword".into()), ("add", "true".into())])
        }),
        row("decide_appeal", Only(CHAPTER_MODERATORS), |w, _| {
            fields([
                ("appeal", w.club_appeal.to_string()),
                ("overturn", "false".into()),
                ("reason", "The warning stands".into()),
            ])
        })
        .rearm("UPDATE club_appeals SET status = 'open', decided_by = NULL, decision = NULL WHERE id = $1", |w| {
            w.club_appeal
        }),
        row("appeal_decision", OwnerAOnly, |w, _| {
            fields([("id", w.club_decision.to_string()), ("reasons", "I was quoting someone".into())])
        })
        .rearm("DELETE FROM club_appeals WHERE log_id = $1", |w| w.club_decision),
        row("report_item", SignedIn, |w, _| {
            fields([
                ("item", format!("post:{}", w.club_reportable)),
                ("reason", "spam".into()),
                ("note", String::new()),
            ])
        }),
        // Test drives: public by status link; the lead desks; owners' referrals and trade-ins.
        row("test_drive_choices", Anyone, |w, _| {
            fields([
                ("city", "上海".into()),
                ("dealer", w.x.to_string()),
                ("model", w.model.to_string()),
                ("referral", String::new()),
            ])
        }),
        // Every caller asks from the same address: the address's hourly count is reset before each.
        row("request_test_drive", Anyone, |w, c| {
            fields([
                ("display_name", "Prospect".into()),
                ("mobile", format!("137000093{:02}", c.number())),
                ("city", "上海".into()),
                ("model", w.model.to_string()),
                ("dealer", w.x.to_string()),
                ("slot", String::new()),
                ("part_of_day", "morning".into()),
                ("source", "search".into()),
                ("referral", String::new()),
                ("consent", "yes".into()),
                ("website", String::new()),
            ])
        })
        .rearm("DELETE FROM rate_events WHERE id > $1", |_| 0),
        row("test_drive_status", Anyone, |w, _| fields([("token", w.lead_token.clone())])),
        row("withdraw_test_drive", Anyone, |w, _| fields([("token", w.withdrawn_token.clone())]))
            .rearm("UPDATE leads SET stage = 'new', lost_reason = NULL, closed_at = NULL WHERE id = $1", |w| {
                w.withdrawn_lead
            }),
        row("answer_lead_survey", Anyone, |w, _| {
            fields([("token", w.withdrawn_token.clone()), ("reason", "price".into()), ("would_change", String::new())])
        })
        .rearm("DELETE FROM lead_surveys WHERE lead_id = $1", |w| w.withdrawn_lead),
        row("lead_board", Only(LEAD_DESKS), |w, c| own_day(w, c, [])),
        row("lead_detail", Only(LEADS_AT_X), |w, _| fields([("id", w.lead.to_string())])),
        row("log_lead_contact", Only(LEADS_AT_X), |w, _| {
            fields([("id", w.lead.to_string()), ("touch", "call".into()), ("note", String::new())])
        }),
        row("plan_lead", Only(LEADS_AT_X), |w, _| {
            fields([("id", w.lead.to_string()), ("action", "follow_up".into()), ("due", w.dealer_move.clone())])
        }),
        row("reassign_lead", Only(LEADS_AT_X), |w, _| {
            fields([("id", w.lead.to_string()), ("handler", w.lead_handler_x.to_string())])
        }),
        row("set_lead_duty", Only(LEAD_HANDLERS), |_, _| fields([("on", "yes".into())])),
        row("move_lead", Only(LEADS_AT_X), |w, _| {
            fields([("id", w.lead.to_string()), ("step", "contact".into()), ("note", String::new())])
        })
        .rearm("UPDATE leads SET stage = 'new' WHERE id = $1", |w| w.lead),
        row("book_lead_drive", Only(LEADS_AT_X), |w, _| {
            fields([("id", w.lead.to_string()), ("slot", w.drive_slot.to_string())])
        })
        .rearm("UPDATE test_drives SET status = 'cancelled' WHERE lead_id = $1", |w| w.lead),
        row("lose_lead", Only(LEADS_AT_X), |w, _| {
            fields([
                ("id", w.lost_lead.to_string()),
                ("reason", "price".into()),
                ("competitor", String::new()),
                ("note", String::new()),
            ])
        })
        .rearm("UPDATE leads SET stage = 'new', lost_reason = NULL, closed_at = NULL WHERE id = $1", |w| w.lost_lead),
        // The first allowed caller sells the car; after that the lead is won (422).
        row("win_lead", Only(LEADS_AT_X), |w, _| {
            fields([("id", w.lead.to_string()), ("vin", w.sold_vin.clone()), ("note", String::new())])
        })
        .rearm("UPDATE leads SET stage = 'negotiating' WHERE id = $1 AND stage <> 'won'", |w| w.lead),
        row("my_referral", Only(REFERRERS), |_, _| none()),
        row("trade_in_choices", OwnerAOnly, |w, _| fields([("vin", w.car.clone())])),
        row("request_trade_in", OwnerAOnly, |w, _| {
            fields([("vin", w.car.clone()), ("model", w.model.to_string()), ("dealer", w.x.to_string())])
        }),
        // Loyalty: one's own rewards; the counter (any dealer's advisor: vouchers are brand-wide); the programme.
        row("my_rewards", SignedIn, |_, _| fields([("kind", String::new())])),
        // Without points, a redemption is refused as not enough points (422) for everyone signed in.
        row("redeem_reward", SignedIn, |w, c| {
            fields([("reward", w.reward.to_string()), ("idempotency_key", format!("am-{c:?}"))])
        }),
        row("find_voucher", Only(WORKSHOPS), |w, _| fields([("code", w.voucher_code.clone())])),
        row("use_voucher", Only(WORKSHOPS), |w, _| fields([("code", w.voucher_code.clone())])).rearm(
            "UPDATE vouchers SET status = 'issued', redeemed_at = NULL, redeemed_by = NULL, dealer_id = NULL WHERE id = $1",
            |w| w.voucher,
        ),
        row("loyalty_programme", Only(ADMIN), |_, _| none()),
        row("save_loyalty_rule", Only(ADMIN), |_, _| {
            fields([
                ("rule", "welcome".into()),
                ("points", "100".into()),
                ("minimum", "0".into()),
                ("daily_cap", String::new()),
                ("monthly_cap", String::new()),
                ("active", "yes".into()),
            ])
        }),
        row("add_reward", Only(ADMIN), |_, _| {
            fields([
                ("kind", "merchandise".into()),
                ("name_zh", "徽章".into()),
                ("name_en", "Badge".into()),
                ("points", "100".into()),
                ("cash", String::new()),
                ("stock", "10".into()),
                ("per_owner_limit", "1".into()),
                ("valid_days", "30".into()),
            ])
        }),
        row("set_reward", Only(ADMIN), |w, _| {
            fields([("id", w.reward.to_string()), ("stock", "5".into()), ("active", "yes".into())])
        }),
        row("adjust_points", Only(ADMIN), |w, _| {
            fields([("owner", w.owner_a.to_string()), ("amount", "1".into()), ("reason", "Access matrix".into())])
        }),
        // A caller with no account, at X: Y's desks are past the access check and refused X (422).
        row("open_caller_lead", Only(TAKES_CALLERS), |w, c| {
            fields([
                ("display_name", "Caller".into()),
                ("mobile", format!("137000094{:02}", c.number())),
                ("city", "上海".into()),
                ("model", w.model.to_string()),
                ("dealer", w.x.to_string()),
                ("part_of_day", "evening".into()),
                ("source", "hotline".into()),
            ])
        }),
        row("add_customer_note", Only(SERVING_X), |w, _| {
            fields([("owner", w.owner_a.to_string()), ("note", "Called back about the recall".into())])
        }),
        // Segments: each desk its own; the saved ones at X's desk are X's (tests in segments.rs).
        row("segment_choices", Only(SEGMENT_DESKS), |_, _| none()),
        row("segment_list", Only(SEGMENT_DESKS), |_, _| fields([("filter", "at_risk=true".into())])),
        row("my_segments", Only(SEGMENT_DESKS), |_, _| none()),
        row("segment_detail", Only(SEGMENT_AT_X), |w, _| fields([("id", w.segment.to_string())])),
        row("save_segment", Only(SEGMENT_DESKS), |_, c| {
            fields([("name", format!("Access matrix {c:?}")), ("filter", "rfm=general_retain".into())])
        }),
        row("delete_segment", Only(SEGMENT_AT_X), |w, _| fields([("id", w.doomed_segment.to_string())])).rearm(
            "INSERT INTO segments (id, desk_dealer, name, filter, created_by, created_at)
             SELECT $1, s.desk_dealer, 'Access matrix, deleted', s.filter, s.created_by, s.created_at FROM segments s
             WHERE s.name = 'Access matrix at X' AND NOT EXISTS (SELECT 1 FROM segments d WHERE d.id = $1)",
            |w| w.doomed_segment,
        ),
        // The analytics: the brand's desks, and X's sales manager for X.
        row("analytics_figures", Only(ANALYTICS_READERS), |_, _| {
            fields([
                ("starts_at", String::new()),
                ("ends_at", String::new()),
                ("dealer", String::new()),
                ("model", String::new()),
                ("city", String::new()),
            ])
        }),
        // Last: it takes A's comment away (and is put back for each caller).
        row("delete_mine", OwnerAOnly, |w, _| fields([("item", format!("comment:{}", w.club_comment))]))
            .rearm("UPDATE club_comments SET status = 'visible' WHERE id = $1", |w| w.club_comment),
    ]
}

/// A page route with an id, filled with owner A's object.
struct Page {
    route: &'static str,
    path: fn(&World) -> String,
    who: Who,
}

fn pages() -> Vec<Page> {
    vec![
        Page { route: "/me/garage/{vin}", path: |w| format!("/me/garage/{}", w.car), who: Who::OwnerAOnly },
        Page { route: "/me/bookings/{id}", path: |w| format!("/me/bookings/{}", w.booking), who: Who::OwnerAOnly },
        Page { route: "/me/cases/{id}", path: |w| format!("/me/cases/{}", w.case), who: Who::OwnerAOnly },
        Page { route: "/me/surveys/{id}", path: |w| format!("/me/surveys/{}", w.survey), who: Who::OwnerAOnly },
        Page { route: "/staff/cases/{id}", path: |w| format!("/staff/cases/{}", w.case), who: Who::Only(CARE_FOR_X) },
        Page {
            route: "/staff/owners/{id}",
            path: |w| format!("/staff/owners/{}", w.owner_a),
            who: Who::Only(SERVING_X),
        },
        Page { route: "/club/{board}", path: |w| format!("/club/{}", w.chapter), who: Who::SignedIn },
        Page { route: "/club/post/{id}", path: |w| format!("/club/post/{}", w.club_post), who: Who::SignedIn },
        Page { route: "/club/checkin/{id}", path: |w| format!("/club/checkin/{}", w.club_event), who: Who::SignedIn },
        Page {
            route: "/test-drive/status/{token}",
            path: |w| format!("/test-drive/status/{}", w.lead_token),
            who: Who::Anyone,
        },
        Page { route: "/staff/leads/{id}", path: |w| format!("/staff/leads/{}", w.lead), who: Who::Only(LEADS_AT_X) },
        Page {
            route: "/me/garage/{vin}/trade-in",
            path: |w| format!("/me/garage/{}/trade-in", w.car),
            who: Who::OwnerAOnly,
        },
        Page {
            route: "/staff/segments/{id}",
            path: |w| format!("/staff/segments/{}", w.segment),
            who: Who::Only(SEGMENT_AT_X),
        },
        Page {
            route: "/club/decisions/{id}",
            path: |w| format!("/club/decisions/{}", w.club_decision),
            who: Who::OwnerAOnly,
        },
    ]
}

/// Owner A's things at dealer X, and what the calls need besides.
struct World {
    x: i64,
    owner_a: i64,
    spare: i64,
    spare_login: String,
    advisor_x: i64,
    service: i64,
    campaign: i64,
    /// A's car: sold by X, a visit completed at X and one checked in there.
    car: String,
    released_car: String,
    transferred_car: String,
    unclaimed_car: String,
    /// B's car, sold by Y.
    b_car: String,
    /// Owner B's claim of the unclaimed car, waiting for care with a photo.
    claim: i64,
    /// Owner A's reading of A's car, held as implausible.
    held_reading: i64,
    /// Checked in at X, an estimate waiting for A.
    booking: i64,
    estimate: i64,
    /// Booked at X for the day after tomorrow.
    upcoming: i64,
    case: i64,
    duplicate: i64,
    /// Resolved a week ago; its 7-day follow-up is due.
    followed_case: i64,
    survey: i64,
    /// A's change of e-mail waiting for its code, and the code from the outbox.
    verification: i64,
    code: String,
    /// A call-back task at X (the survey went unanswered).
    task: i64,
    day: String,
    past_day: String,
    owner_start: i64,
    owner_move: i64,
    phone_start: i64,
    dealer_move: String,
    /// A members-only chapter board, moderated by `Moderator`.
    chapter: String,
    chapter_id: i64,
    /// A's post, comment and event there; another post of A's that members report.
    club_post: i64,
    club_comment: i64,
    club_event: i64,
    club_reportable: i64,
    /// A warning to A by another moderator, and A's appeal of it.
    club_decision: i64,
    club_appeal: i64,
    /// The test model, with demo cars at X.
    model: i64,
    /// A lead at X with X's handler (a sales manager), its status link, and an
    /// hour with a demo car free.
    lead: i64,
    lead_token: String,
    lead_handler_x: i64,
    drive_slot: i64,
    /// A VIN the register does not know, for the win.
    sold_vin: String,
    /// A lead at X the prospect withdraws (and surveys), and one a handler loses.
    withdrawn_lead: i64,
    withdrawn_token: String,
    lost_lead: i64,
    /// A reward nobody can afford, and a voucher A redeemed (points adjusted in).
    reward: i64,
    voucher: i64,
    voucher_code: String,
    /// Segments saved at X's desk: one to read, one to delete (put back for each caller).
    segment: i64,
    doomed_segment: i64,
    /// An integration key that reads events, its webhook, and one delivery of it.
    api_key: i64,
    webhook: i64,
    delivery: i64,
}

async fn user_id(app: &TestApp, login: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE mobile = $1 OR email = $2")
        .bind(login)
        .bind(login)
        .fetch_one(app.db.pool())
        .await
        .expect("user id")
}

/// A set-up step that must work.
async fn done(app: &TestApp, client: &Client, endpoint: &str, form: &[(&str, &str)]) {
    let response = app.call(client, endpoint, form).await;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    assert!(status.is_success(), "setting up the world: {endpoint} answered {status}: {body}");
}

/// A car of the register, sold by `sold_by`, in the owner's garage.
async fn owned_car(app: &TestApp, owner: &Client, buyer: Caller, serial: u32, sold_by: i64) -> String {
    let vin = app.register_car_sold_to(serial, 100, buyer.login().unwrap_or_default()).await;
    sqlx::query("UPDATE vehicles SET selling_dealer_id = $1 WHERE vin = $2")
        .bind(sold_by)
        .bind(&vin)
        .execute(app.db.pool())
        .await
        .expect("selling dealer");
    done(app, owner, "claim_car", &[("vin", &vin)]).await;
    vin
}

async fn booked(
    app: &TestApp,
    owner: &Client,
    vin: &str,
    dealer: i64,
    service: i64,
    at: DateTime<Utc>,
    key: &str,
) -> i64 {
    let response = book(app, owner, vin, dealer, service, at, key).await;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    body.parse().unwrap_or_else(|_| panic!("setting up the world: booking {key} answered {status}: {body}"))
}

async fn case_at(app: &TestApp, owner: &Client, dealer: i64, title: &str) -> i64 {
    let dealer = dealer.to_string();
    let fields = [
        ("kind", "complaint"),
        ("category", "dealer_service"),
        ("title", title),
        ("description", "The car was returned dirty and two hours late."),
        ("vin", ""),
        ("dealer", dealer.as_str()),
        ("idempotency_key", title),
    ];
    let response = app.post_files(owner, "open_case", &fields, "photos", Vec::new()).await;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    body.parse().unwrap_or_else(|_| panic!("setting up the world: case {title} answered {status}: {body}"))
}

struct ClubWorld {
    chapter: String,
    chapter_id: i64,
    post: i64,
    comment: i64,
    event: i64,
    reportable: i64,
    decision: i64,
    appeal: i64,
}

/// A's things in a members-only chapter that `Moderator` (and a second
/// moderator, who warned A) look after.
async fn club_world(app: &TestApp, a: &Client, starts: String) -> ClubWorld {
    let chapter = "region-access".to_owned();
    let chapter_id = crate::club::board(app, &chapter).await;
    const SPARE_MODERATOR: &str = "mod.spare.am@example.com";
    let spare = app.signed_in_as(Role::Moderator, None, SPARE_MODERATOR).await;
    let elsewhere = crate::club::board(app, "region-elsewhere").await;
    let seats =
        [(chapter_id, Moderator.login()), (chapter_id, Some(SPARE_MODERATOR)), (elsewhere, ModeratorElsewhere.login())];
    for (board, login) in seats {
        sqlx::query("INSERT INTO club_board_moderators (board_id, user_id) SELECT $1, id FROM users WHERE email = $2")
            .bind(board)
            .bind(login.unwrap_or_default())
            .execute(app.db.pool())
            .await
            .expect("board moderator");
    }
    sqlx::query("INSERT INTO club_members (user_id, approved_posts) SELECT id, 20 FROM users WHERE mobile = $1")
        .bind(OwnerA.login().unwrap_or_default())
        .execute(app.db.pool())
        .await
        .expect("A's standing");
    let board = chapter_id.to_string();
    let post = |title: &'static str, extra: Vec<(&'static str, String)>| {
        let mut fields =
            vec![("board", board.clone()), ("title", title.to_owned()), ("body", "Chapter words.".to_owned())];
        fields.extend(extra);
        async move {
            // Past a trusted member's gap between posts (`club::guard::Pace`).
            app.clock.advance(Duration::minutes(1));
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let response = app.post_files(a, "write_post", &fields, "images", Vec::new()).await;
            let (status, body) = (response.status(), response.text().await.unwrap_or_default());
            body.parse::<i64>().unwrap_or_else(|_| panic!("setting up the world: {title} answered {status}: {body}"))
        }
    };
    let main = post("Chapter news", vec![("kind", "discussion".into())]).await;
    let reportable = post("Reportable", vec![("kind", "discussion".into())]).await;
    let event = post(
        "Chapter drive",
        vec![
            ("kind", "event".into()),
            ("starts_at", starts.clone()),
            ("ends_at", format!("{}T23:59", starts.get(..10).unwrap_or_default())),
            ("place", "The river".into()),
            ("capacity", "100".into()),
        ],
    )
    .await;
    let comment =
        app.call(a, "write_comment", &[("post", &main.to_string()), ("parent", ""), ("body", "First!")]).await;
    let comment: i64 = comment.text().await.unwrap_or_default().parse().expect("setting up the world: A's comment");
    let owner_a = user_id(app, OwnerA.login().unwrap_or_default()).await.to_string();
    let item = format!("post:{main}");
    let warn = [
        ("member", owner_a.as_str()),
        ("item", item.as_str()),
        ("kind", "strike"),
        ("days", ""),
        ("rule", "respect"),
        ("reason", "Mind the tone"),
    ];
    done(app, &spare, "discipline_member", &warn).await;
    let decision = app.count("SELECT MAX(id) FROM club_moderation_log WHERE action = 'warn'").await;
    done(app, a, "appeal_decision", &[("id", &decision.to_string()), ("reasons", "I was quoting")]).await;
    let appeal = app.count("SELECT MAX(id) FROM club_appeals").await;
    ClubWorld { chapter, chapter_id, post: main, comment, event, reportable, decision, appeal }
}

/// A voucher of A's: points given by an admin's adjustment, a cheap reward redeemed.
async fn voucher_world(app: &TestApp, a: &Client) -> (i64, String) {
    let owner = user_id(app, OwnerA.login().unwrap_or_default()).await;
    let adjustment = pitlane::loyalty::Adjustment::parse(&owner.to_string(), "50", "Setting up").expect("adjustment");
    let admin = user_id(app, Admin.login().unwrap_or_default()).await;
    pitlane::loyalty::store::adjust(&app.db, &*app.clock, admin, adjustment).await.expect("points for A");
    let reward = app
        .count(
            "INSERT INTO rewards (kind, name_zh, name_en, points, stock, per_owner_limit, valid_days, created_at)
             VALUES ('merchandise', '徽章', 'Badge', 50, 5, 1, 30, 0) RETURNING id",
        )
        .await;
    done(app, a, "redeem_reward", &[("reward", &reward.to_string()), ("idempotency_key", "world")]).await;
    sqlx::query_as("SELECT id, code FROM vouchers WHERE owner_id = $1")
        .bind(owner)
        .fetch_one(app.db.pool())
        .await
        .expect("A's voucher")
}

struct LeadWorld {
    model: i64,
    lead: i64,
    token: String,
    withdrawn: i64,
    withdrawn_token: String,
    lost: i64,
}

/// Three prospects' leads at X (its handler manages the floor, two demo cars),
/// one of them withdrawn by the prospect.
async fn lead_world(app: &TestApp, x: i64) -> LeadWorld {
    use crate::helpers::leads::{lead_of, Ask};
    let model = app.test_model().await;
    for plate in ["AMX-1", "AMX-2"] {
        sqlx::query("INSERT INTO demo_cars (dealer_id, model_id, plate) VALUES ($1, $2, $3)")
            .bind(x)
            .bind(model)
            .bind(plate)
            .execute(app.db.pool())
            .await
            .expect("demo car");
    }
    sqlx::query("UPDATE users SET manages_leads = 1 WHERE email = $1")
        .bind(LeadHandlerX.login().unwrap_or_default())
        .execute(app.db.pool())
        .await
        .expect("sales manager");
    let prospect = client();
    for mobile in ["13700009101", "13700009102", "13700009103"] {
        let status = Ask::new("Prospect", mobile, x, model).send(app, &prospect).await.status();
        assert_eq!(status, 200, "setting up the world: a test-drive request");
    }
    let (lead, token) = lead_of(app, "13700009101").await;
    let (withdrawn, withdrawn_token) = lead_of(app, "13700009102").await;
    let (lost, _) = lead_of(app, "13700009103").await;
    done(app, &prospect, "withdraw_test_drive", &[("token", &withdrawn_token)]).await;
    LeadWorld { model, lead, token, withdrawn, withdrawn_token, lost }
}

impl World {
    async fn build(app: &TestApp) -> (World, HashMap<Caller, Client>) {
        let x = open_dealer(app, "AMX", 4).await;
        let y = open_dealer(app, "AMY", 2).await;
        let service = service_id(app, "inspection").await;
        let mut clients = HashMap::new();
        for caller in CALLERS {
            let client = match caller.account() {
                None => client(),
                Some((role, dealer, login)) => {
                    let dealer = dealer.map(|d| match d {
                        Dealer::X => x,
                        Dealer::Y => y,
                    });
                    app.signed_in_as(role, dealer, login).await
                }
            };
            clients.insert(caller, client);
        }
        app.signed_in_as(Role::Owner, None, SPARE_LOGIN).await;
        let (a, desk, care) = (&clients[&OwnerA], &clients[&AdvisorX], &clients[&CareBrand]);

        let car = owned_car(app, a, OwnerA, 901, x).await;
        let released_car = owned_car(app, a, OwnerA, 902, x).await;
        let transferred_car = owned_car(app, a, OwnerA, 903, x).await;
        let upcoming_car = owned_car(app, a, OwnerA, 904, x).await;
        let b_car = owned_car(app, &clients[&OwnerB], OwnerB, 905, y).await;
        let unclaimed_car = app.register_car(906, Some(100)).await;
        let evidence = app
            .post_files(
                &clients[&OwnerB],
                "claim_car_with_proof",
                &[("vin", &unclaimed_car)],
                "evidence",
                vec![TestApp::jpeg()],
            )
            .await;
        assert!(evidence.status().is_success(), "setting up the world: B's claim answered {}", evidence.status());
        let held = [
            ("vin", car.as_str()),
            ("plate", ""),
            ("mileage", "900000"),
            ("insurance_due", ""),
            ("inspection_due", ""),
        ];
        done(app, a, "update_car", &held).await;
        let campaign = app.recall_campaign("R-AM", "Seat belt").await;

        // A visit completed a week ago (its survey went unanswered), and a case
        // resolved a week ago (its follow-up is due).
        let first = booked(app, a, &car, x, service, slot(app, 1, 10), "first").await.to_string();
        arrive_at(app, slot(app, 1, 10));
        done(app, desk, "check_in_visit", &[("booking", &first), ("mileage", "4500")]).await;
        let complete =
            [("booking", first.as_str()), ("work", "检测"), ("parts", ""), ("amount", "0"), ("mileage", "4600")];
        done(app, desk, "complete_visit", &complete).await;
        let followed_case = case_at(app, a, x, "Followed").await;
        let followed = followed_case.to_string();
        for (action, note) in [("start", ""), ("resolve", "The dealer cleaned the car for free.")] {
            done(app, care, "case_action", &[("id", followed.as_str()), ("action", action), ("note", note)]).await;
        }
        app.clock.advance(Duration::days(3) + Duration::minutes(1));
        pitlane::followup::store::run(&app.db, &*app.clock).await.expect("the survey goes out");
        app.clock.advance(Duration::days(4) + Duration::minutes(1));
        pitlane::followup::store::run(&app.db, &*app.clock).await.expect("the call-back task opens");
        pitlane::case::store::sla::follow_up(&app.db, &*app.clock).await.expect("the case follow-up opens");

        // Today: a visit in the workshop waiting for A's answer, one booked, two open cases.
        let booking = booked(app, a, &car, x, service, slot(app, 1, 10), "main").await;
        let id = booking.to_string();
        arrive_at(app, slot(app, 1, 10));
        done(app, desk, "check_in_visit", &[("booking", &id), ("mileage", "5000")]).await;
        done(app, desk, "send_estimate", &[("booking", &id), ("items", "Front brake pads"), ("amount", "860")]).await;
        let upcoming = booked(app, a, &upcoming_car, x, service, slot(app, 2, 9), "upcoming").await;
        let case = case_at(app, a, x, "Late and dirty").await;
        let duplicate = case_at(app, a, x, "Late and dirty again").await;
        let since = app.last_outbox_id().await;
        let new_email = "owner.a.new@example.com";
        let profile = [
            ("display_name", "Test Person"),
            ("mobile", OwnerA.login().unwrap_or_default()),
            ("email", new_email),
            ("city", ""),
            ("address", ""),
            ("preferred_dealer", ""),
            ("birthday", ""),
            ("contact_channel", "sms"),
            ("password", PASSWORD),
        ];
        done(app, a, "save_profile", &profile).await;
        let code = app.code_sent_to(new_email, since).await.expect("setting up the world: a code for A's new e-mail");

        let local = |at: DateTime<Utc>| (at + Duration::hours(8)).format("%Y-%m-%dT%H:%M").to_string();
        let club = club_world(app, a, local(app.clock.now() + Duration::days(2))).await;
        let leads = lead_world(app, x).await;
        let vouchers = voucher_world(app, a).await;
        let (api_key, webhook, delivery) = integration_world(app).await;
        let world = World {
            x,
            owner_a: user_id(app, OwnerA.login().unwrap_or_default()).await,
            spare: user_id(app, SPARE_LOGIN).await,
            spare_login: SPARE_LOGIN.into(),
            advisor_x: user_id(app, AdvisorX.login().unwrap_or_default()).await,
            service,
            campaign,
            car,
            released_car,
            transferred_car,
            unclaimed_car,
            b_car,
            claim: app.count("SELECT MAX(id) FROM car_claims WHERE status = 'pending'").await,
            held_reading: app.count("SELECT MAX(id) FROM held_readings").await,
            booking,
            estimate: app.count("SELECT MAX(id) FROM estimates").await,
            upcoming,
            case,
            duplicate,
            followed_case,
            survey: app.count("SELECT MAX(id) FROM surveys").await,
            verification: app.count("SELECT MAX(id) FROM verifications WHERE purpose = 'contact'").await,
            code,
            task: app.count("SELECT MAX(id) FROM care_tasks").await,
            day: (slot(app, 1, 9) + Duration::hours(8)).date_naive().to_string(),
            past_day: (app.clock.now().date_naive() - Duration::days(10)).to_string(),
            owner_start: slot(app, 3, 14).timestamp_millis(),
            owner_move: slot(app, 4, 11).timestamp_millis(),
            phone_start: slot(app, 3, 15).timestamp_millis(),
            dealer_move: local(slot(app, 5, 10)),
            chapter: club.chapter,
            chapter_id: club.chapter_id,
            club_post: club.post,
            club_comment: club.comment,
            club_event: club.event,
            club_reportable: club.reportable,
            club_decision: club.decision,
            club_appeal: club.appeal,
            model: leads.model,
            lead: leads.lead,
            lead_token: leads.token,
            lead_handler_x: user_id(app, LeadHandlerX.login().unwrap_or_default()).await,
            drive_slot: slot(app, 3, 10).timestamp_millis(),
            sold_vin: pitlane::types::Vin::with_check_digit("LMVAMX00XR0000907").expect("a VIN").to_string(),
            withdrawn_lead: leads.withdrawn,
            withdrawn_token: leads.withdrawn_token,
            lost_lead: leads.lost,
            reward: app
                .count(
                    "INSERT INTO rewards (kind, name_zh, name_en, points, stock, per_owner_limit, valid_days, created_at)
                     VALUES ('merchandise', '车模', 'Model car', 100000, 5, 100, 30, 0) RETURNING id",
                )
                .await,
            voucher: vouchers.0,
            voucher_code: vouchers.1,
            segment: saved_segment(app, x, "Access matrix at X").await,
            doomed_segment: saved_segment(app, x, "Access matrix, deleted").await,
            api_key,
            webhook,
            delivery,
        };
        assert!(
            world.survey > 0 && world.task > 0 && world.estimate > 0,
            "the world has a survey, a task and an estimate"
        );
        (world, clients)
    }
}

/// A brand-wide key that reads events, a webhook in its name and a delivery of
/// the first event to it.
async fn integration_world(app: &TestApp) -> (i64, i64, i64) {
    use pitlane::integration::{store, webhook, KeyName, Scopes};
    let new = store::NewKey {
        name: KeyName::parse("Matrix ERP").expect("a name"),
        scopes: Scopes::parse("events:read").expect("scopes"),
        dealer: None,
        by: None,
    };
    let (key, _) = store::create(&app.db, app.clock.now(), new).await.expect("a key");
    let subscription = webhook::Subscription::parse("https://erp.example.com/pitlane", &[]).expect("an endpoint");
    let (hook, _) = webhook::store::create(&app.db, app.clock.now(), &key, &subscription).await.expect("a webhook");
    let delivery = sqlx::query_scalar(
        "INSERT INTO webhook_deliveries (webhook_id, event_id, subject, status, next_attempt_at, created_at)
         SELECT $1, id, subject, 'delivered', 0, 0 FROM domain_events ORDER BY id LIMIT 1 RETURNING id",
    )
    .bind(hook.id)
    .fetch_one(app.db.pool())
    .await
    .expect("a delivery");
    (key.id, hook.id, delivery)
}

/// A segment saved at `dealer`'s desk.
async fn saved_segment(app: &TestApp, dealer: i64, name: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO segments (desk_dealer, name, filter, created_by, created_at)
         VALUES ($1, $2, 'at_risk=true', (SELECT MIN(id) FROM users), 0) RETURNING id",
    )
    .bind(dealer)
    .bind(name)
    .fetch_one(app.db.pool())
    .await
    .expect("a saved segment")
}

async fn send(app: &TestApp, client: &Client, endpoint: &str, form: Form) -> u16 {
    let response = match form {
        Form::Fields(pairs) => {
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(client, endpoint, &pairs).await
        }
        Form::Files(pairs, field, files) => {
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_files(client, endpoint, &pairs, field, files).await
        }
        Form::Query(pairs) => {
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.ask(client, endpoint, &pairs).await
        }
    };
    response.status().as_u16()
}

/// A new client signed in as the caller (signed out for the visitor).
async fn throwaway(app: &TestApp, caller: Caller) -> Client {
    let fresh = client();
    if let Some(login) = caller.login() {
        let response = app.login(&fresh, login, PASSWORD).await;
        assert!(response.status().is_success(), "signing in again as {caller:?}: {}", response.status());
    }
    fresh
}

struct Mismatch {
    what: String,
    caller: Caller,
    expected: &'static str,
    got: u16,
    why: String,
}

/// What is wrong with a server function's answer, if anything.
fn judge_call(row: &Row, caller: Caller, status: u16) -> Option<String> {
    let who = row.who;
    let refused = matches!(status, 401 | 403 | 404) || row.refused_as == Some(status);
    if status >= 500 {
        return Some("server error".into());
    }
    if status == 400 {
        return Some("arguments not read: the row's form is out of date".into());
    }
    match (allowed(who, caller), refused) {
        (true, true) => Some("refused".into()),
        (false, false) => Some("got past the access check".into()),
        (false, true)
            if caller == OwnerB
                && matches!(who, Who::OwnerAOnly)
                && status != 404
                && row.refused_as != Some(status) =>
        {
            Some("another owner's id must be 404, never 403".into())
        }
        _ => None,
    }
}

/// What is wrong with a page's answer, if anything.
fn judge_page(who: Who, caller: Caller, status: u16, location: &str, path: &str) -> Option<String> {
    if status >= 500 {
        return Some("server error".into());
    }
    if caller == Anonymous && app::auth::needs_sign_in(path) {
        return (status != 303 || !location.starts_with("/login?next="))
            .then(|| format!("not sent to sign in ({location})"));
    }
    match (allowed(who, caller), status) {
        (true, 200) => None,
        (true, _) => Some("not shown".into()),
        (false, 404) => None,
        (false, 403) if !(caller == OwnerB && matches!(who, Who::OwnerAOnly)) => None,
        (false, 403) => Some("another owner's id must be 404, never 403".into()),
        (false, _) => Some("shown to a caller who may not see it".into()),
    }
}

/// Calls each row as every caller: the refused ones first (they must change
/// nothing), then the allowed ones. `session_rows` picks the rows that sign
/// clients in or out, which run on throwaway clients.
async fn walk_functions(
    app: &TestApp,
    world: &World,
    clients: &HashMap<Caller, Client>,
    rows: &[&Row],
    session_rows: bool,
    mismatches: &mut Vec<Mismatch>,
) {
    for row in rows.iter().filter(|r| touches_session(r.endpoint) == session_rows) {
        let (allowed_callers, refused_callers): (Vec<Caller>, Vec<Caller>) =
            CALLERS.iter().partition(|c| allowed(row.who, **c));
        for caller in refused_callers.into_iter().chain(allowed_callers) {
            if let Some(Rearm { sql, id }) = &row.rearm {
                sqlx::query(sql).bind(id(world)).execute(app.db.pool()).await.expect("rearm the row's object");
            }
            let client = if session_rows { throwaway(app, caller).await } else { clients[&caller].clone() };
            let got = send(app, &client, row.endpoint, (row.form)(world, caller)).await;
            if let Some(why) = judge_call(row, caller, got) {
                let expected = if allowed(row.who, caller) { "allow" } else { "deny" };
                mismatches.push(Mismatch { what: row.endpoint.into(), caller, expected, got, why });
            }
        }
    }
}

async fn walk_pages(app: &TestApp, world: &World, clients: &HashMap<Caller, Client>, mismatches: &mut Vec<Mismatch>) {
    for page in pages() {
        let path = (page.path)(world);
        for caller in CALLERS {
            let response = app.get(&clients[&caller], &path).await;
            let got = response.status().as_u16();
            let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default();
            if let Some(why) = judge_page(page.who, caller, got, location, &path) {
                let expected = match (caller, allowed(page.who, caller)) {
                    (Anonymous, _) => "sign in",
                    (_, true) => "allow",
                    (_, false) => "deny",
                };
                mismatches.push(Mismatch { what: page.route.into(), caller, expected, got, why });
            }
        }
    }
}

/// The endpoints every registered server function answers at.
fn registered_endpoints() -> BTreeSet<String> {
    leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.strip_prefix("/api/").unwrap_or(path).to_owned())
        .collect()
}

fn id_routes() -> BTreeSet<String> {
    leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|route| route.path().to_owned())
        .filter(|path| path.contains('{'))
        .collect()
}

/// Needs no database: it reads the app's registrations and routes.
#[tokio::test]
async fn every_server_function_and_id_route_has_a_row_in_the_table() {
    let mut problems = Vec::new();
    let registered = registered_endpoints();
    assert!(registered.len() > 20, "the server functions are read: {registered:?}");
    let rows = table();
    let mut listed = BTreeSet::new();
    for row in &rows {
        if !listed.insert(row.endpoint.to_owned()) {
            problems.push(format!("`{}` has two rows in the access table", row.endpoint));
        }
    }
    for missing in registered.difference(&listed) {
        problems.push(format!("server function `{missing}` has no row in the access table: say who may call it"));
    }
    for gone in listed.difference(&registered) {
        problems.push(format!("the access table has a row for `{gone}`, which is no longer a server function"));
    }
    let routes = id_routes();
    let paged: BTreeSet<String> = pages().iter().map(|p| p.route.to_owned()).collect();
    for missing in routes.difference(&paged) {
        problems.push(format!("page `{missing}` has no row in the page table: say who may open it"));
    }
    for gone in paged.difference(&routes) {
        problems.push(format!("the page table has a row for `{gone}`, which is no longer a route"));
    }
    assert!(problems.is_empty(), "the access table is incomplete:\n{}", problems.join("\n"));
}

async fn every_caller_gets_exactly_what_the_access_table_allows(engine: Engine) {
    let app = spawn(engine).await;
    let (world, clients) = World::build(&app).await;
    let registered = registered_endpoints();
    let table = table();
    // A row for a function that is gone is reported by the completeness test.
    let rows: Vec<&Row> = table.iter().filter(|r| registered.contains(r.endpoint)).collect();
    let mut mismatches = Vec::new();
    walk_functions(&app, &world, &clients, &rows, false, &mut mismatches).await;
    walk_pages(&app, &world, &clients, &mut mismatches).await;
    walk_functions(&app, &world, &clients, &rows, true, &mut mismatches).await;

    if !mismatches.is_empty() {
        println!("{:<24} {:<13} {:<8} {:>4}  why", "endpoint or page", "caller", "expected", "got");
        for m in &mismatches {
            println!("{:<24} {:<13} {:<8} {:>4}  {}", m.what, format!("{:?}", m.caller), m.expected, m.got, m.why);
        }
    }
    let calls = rows.len() * CALLERS.len();
    let visits = pages().len() * CALLERS.len();
    assert!(
        mismatches.is_empty(),
        "{} of {calls} calls and {visits} page visits do not match the access table (listed above)",
        mismatches.len()
    );
}

on_both_engines!(every_caller_gets_exactly_what_the_access_table_allows);
