//! The case's rules at their edges.

use super::*;

fn at(hours: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default() + Duration::hours(hours)
}

fn resolve() -> Action {
    Action::parse("resolve", "Cleaned the car for free.").unwrap_or(Action::Close)
}

#[test]
fn a_case_is_resolved_only_with_a_note_of_what_was_done() {
    let field = |raw, note| Action::parse(raw, note).map_err(|e| (e.field, e.problem)).err();
    assert_eq!(field("resolve", ""), Some((Field::Note, Problem::Required)));
    assert_eq!(field("resolve", " \n\t "), Some((Field::Note, Problem::Required)), "blank is no note");
    let longest = "好".repeat(MAX_RESOLUTION_NOTE_CHARS);
    assert_eq!(
        Action::parse("resolve", &longest).map(|a| a.as_str()),
        Ok("resolve"),
        "the longest note, counted in characters"
    );
    let over = format!("{longest}好");
    assert_eq!(field("resolve", &over), Some((Field::Note, Problem::TooLong(MAX_RESOLUTION_NOTE_CHARS))));
    assert_eq!(
        Action::parse("resolve", "  Cleaned.  "),
        Ok(Action::Resolve(ResolutionNote("Cleaned.".into()))),
        "kept trimmed"
    );
    assert_eq!(Action::parse("start", ""), Ok(Action::Start), "other steps carry nothing");
    assert_eq!(field("rate", ""), Some((Field::Confirm, Problem::UnknownChoice)), "the owner's own form");
    assert_eq!(field("merge", "x"), Some((Field::Confirm, Problem::UnknownChoice)));
}

#[test]
fn staff_move_a_case_along_and_illegal_steps_are_refused() {
    use Status::*;
    let staff = |from, action| transition(from, action, Party::Staff);
    assert_eq!(staff(Submitted, Action::Acknowledge), Ok(Acknowledged));
    assert_eq!(staff(Acknowledged, Action::Start), Ok(InProgress));
    assert_eq!(staff(InProgress, resolve()), Ok(Resolved));
    assert_eq!(staff(Resolved, Action::Close), Ok(Closed));
    assert_eq!(
        window(&Action::Close, Some(at(0)), at(14 * 24)),
        Err(TransitionError::OwnerMayStillAnswer),
        "the owner answers first"
    );
    assert_eq!(window(&Action::Close, Some(at(0)), at(14 * 24 + 1)), Ok(()));
    assert_eq!(staff(Submitted, resolve()), Err(TransitionError::NotFromHere), "acknowledge first");
    assert_eq!(staff(Closed, Action::Start), Err(TransitionError::NotFromHere));
    assert_eq!(staff(InProgress, Action::Close), Err(TransitionError::NotFromHere), "resolve before closing");
    assert_eq!(staff(Resolved, Action::Reopen), Err(TransitionError::NotFromHere), "only the owner reopens");
    assert_eq!(transition(Submitted, Action::Acknowledge, Party::Owner), Err(TransitionError::NotFromHere));
}

#[test]
fn the_owner_may_reopen_for_fourteen_days_after_resolution() {
    let resolved = Some(at(0));
    assert_eq!(transition(Status::Resolved, Action::Reopen, Party::Owner), Ok(Status::InProgress));
    let reopen = |now| window(&Action::Reopen, resolved, now);
    assert_eq!(reopen(at(14 * 24)), Ok(()), "the last moment of the window");
    assert_eq!(reopen(at(14 * 24 + 1)), Err(TransitionError::ReopenExpired));
    assert_eq!(window(&Action::Reopen, None, at(1)), Err(TransitionError::ReopenExpired), "never resolved");
    assert_eq!(transition(Status::Closed, Action::Reopen, Party::Owner), Err(TransitionError::NotFromHere));
}

#[test]
fn rating_closes_merging_folds_and_the_daily_run_closes_what_nobody_reopened() {
    let resolved = Some(at(0));
    assert_eq!(transition(Status::Resolved, Action::Rate, Party::Owner), Ok(Status::Closed));
    assert_eq!(window(&Action::Rate, resolved, at(15 * 24)), Ok(()), "a rating has no window");
    assert_eq!(transition(Status::InProgress, Action::Rate, Party::Owner), Err(TransitionError::NotFromHere));
    assert_eq!(transition(Status::Resolved, Action::Rate, Party::Staff), Err(TransitionError::NotFromHere));
    assert_eq!(transition(Status::Submitted, Action::Merge, Party::Staff), Ok(Status::Closed));
    assert_eq!(transition(Status::Closed, Action::Merge, Party::Staff), Err(TransitionError::NotFromHere));
    assert_eq!(transition(Status::InProgress, Action::Merge, Party::Owner), Err(TransitionError::NotFromHere));
    assert_eq!(transition(Status::Resolved, Action::Close, Party::System), Ok(Status::Closed));
    let last_moment = at(REOPEN_WITHIN_DAYS * 24);
    assert_eq!(
        window(&Action::Close, resolved, last_moment),
        Err(TransitionError::OwnerMayStillAnswer),
        "not while the owner may still reopen"
    );
    let after = last_moment + Duration::seconds(1);
    assert_eq!(window(&Action::Close, resolved, after), Ok(()));
}

#[test]
fn the_clock_runs_against_the_next_unmet_target() {
    let (response, resolution) = (at(2), at(48));
    assert_eq!(sla_clock(response, None, resolution, None, at(1)), SlaClock::Running { minutes_left: 60 });
    assert_eq!(sla_clock(response, None, resolution, None, at(3)), SlaClock::Overdue { minutes_over: 60 });
    assert_eq!(sla_clock(response, Some(at(1)), resolution, None, at(3)), SlaClock::Running { minutes_left: 45 * 60 });
    assert_eq!(sla_clock(response, Some(at(1)), resolution, Some(at(4)), at(60)), SlaClock::Met);
}

#[test]
fn a_policy_takes_whole_hours_and_the_response_comes_first() {
    assert_eq!(
        SlaPolicy::parse(Priority::Safety, "2", "48"),
        Ok(SlaPolicy { priority: Priority::Safety, first_response_minutes: 120, resolution_minutes: 2880 })
    );
    assert_eq!(SlaPolicy::parse(Priority::Low, "0", "48").map_err(|e| e.field), Err(Field::ResponseHours));
    assert_eq!(SlaPolicy::parse(Priority::Low, "x", "48").map_err(|e| e.field), Err(Field::ResponseHours));
    assert_eq!(SlaPolicy::parse(Priority::Low, "24", "2").map_err(|e| e.field), Err(Field::ResolutionHours));
}

#[test]
fn a_submission_is_parsed_whole_and_names_the_bad_field() {
    let ok = NewCase::parse("complaint", "product_quality", " 刹车异响 ", "踩刹车时有异响", "", "");
    assert_eq!(ok.as_ref().map(|c| c.title.as_str()), Ok("刹车异响"));
    assert_eq!(ok.map(|c| c.initial_priority()), Ok(Priority::Safety), "brakes start on the safety clock");
    let field = |r: Result<NewCase, FieldError>| r.map_err(|e| e.field).err();
    assert_eq!(field(NewCase::parse("rant", "parts", "t", "d", "", "")), Some(Field::CaseKind));
    assert_eq!(field(NewCase::parse("praise", "weather", "t", "d", "", "")), Some(Field::Category));
    assert_eq!(field(NewCase::parse("praise", "parts", " ", "d", "", "")), Some(Field::Title));
    assert_eq!(field(NewCase::parse("praise", "parts", "t", "", "", "")), Some(Field::Description));
    assert_eq!(field(NewCase::parse("praise", "parts", "t", "d", "LSVNOTAVIN", "")), Some(Field::Vin));
    assert_eq!(
        NewCase::parse("suggestion", "app_website", "t", "d", "", "").map(|c| c.initial_priority()),
        Ok(Priority::Low)
    );
}
