//! The one hour picker of test drives, for the prospect's request and the
//! handler's booking alike: the free hours grouped by day (the day named in
//! the page's language), one radio group per day sharing one name, so it works
//! without JavaScript, and nothing chosen until the person chooses.

use super::words::L;
use crate::i18n::Lang;
use chrono::Timelike;
use leptos::prelude::*;
use pitlane::lead::DriveOffer;

/// Days shown open; the rest of the fortnight folds away (it opens without
/// JavaScript too).
const DAYS_OPEN: usize = 3;

/// The offers by their day in China time, in order.
fn by_day(offers: Vec<DriveOffer>) -> Vec<(chrono::NaiveDate, Vec<(DriveOffer, String)>)> {
    let mut days: Vec<(chrono::NaiveDate, Vec<(DriveOffer, String)>)> = Vec::new();
    for offer in offers {
        let local = offer.starts_at.with_timezone(&pitlane::zone::CHINA);
        let hour = format!("{:02}:{:02}", local.hour(), local.minute());
        match days.last_mut() {
            Some((day, list)) if *day == local.date_naive() => list.push((offer, hour)),
            _ => days.push((local.date_naive(), vec![(offer, hour)])),
        }
    }
    days
}

/// The hours to pick from, posted as `slot` (the start in UTC milliseconds).
/// `none_label`: a last choice of no hour (the prospect then says when to
/// call); without it one hour must be chosen. `show_free`: how many demo cars
/// are still free at each hour (for staff).
#[component]
pub fn HourPicker(
    lang: Lang,
    offers: Vec<DriveOffer>,
    legend: &'static str,
    #[prop(optional)] none_label: Option<&'static str>,
    #[prop(optional)] show_free: bool,
    error: Option<String>,
) -> impl IntoView {
    let required = none_label.is_none();
    let mut days = by_day(offers);
    let later = days.split_off(days.len().min(DAYS_OPEN));
    let day_groups = move |days: Vec<(chrono::NaiveDate, Vec<(DriveOffer, String)>)>| {
        days.into_iter()
            .map(|(day, hours)| {
                view! {
                    <fieldset class="day-hours">
                        <legend>{pitlane::lang::dates::day_with_weekday(day, lang)}</legend>
                        <div class="hours">
                            {hours
                                .into_iter()
                                .map(|(offer, hour)| {
                                    let free = show_free.then(|| format!(" ({})", offer.free));
                                    view! {
                                        <label class="time">
                                            <input
                                                type="radio"
                                                name="slot"
                                                value=offer.starts_at.timestamp_millis().to_string()
                                                required=required
                                            />
                                            <span>{hour} {free}</span>
                                        </label>
                                    }
                                })
                                .collect_view()}
                        </div>
                    </fieldset>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="times" aria-describedby="slot-error">
            <legend>{legend}</legend>
            {day_groups(days)}
            {(!later.is_empty())
                .then(|| {
                    view! {
                        <details class="more-days">
                            <summary>{L::DriveMoreDays.text(lang)}</summary>
                            {day_groups(later)}
                        </details>
                    }
                })}
            {none_label
                .map(|label| {
                    view! {
                        <label class="time wide">
                            <input type="radio" name="slot" value="" />
                            <span>{label}</span>
                        </label>
                    }
                })}
            <p class="field-error" id="slot-error" role="alert">
                {error}
            </p>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_fall_on_their_china_day() {
        let at = |h: i64| DriveOffer {
            // 2026-12-08 00:00 in China is 2026-12-07 16:00 UTC.
            starts_at: chrono::DateTime::from_timestamp(1_796_659_200 + h * 3600, 0).expect("a time"),
            free: 1,
        };
        let days = by_day(vec![at(9), at(10), at(33)]);
        let shown: Vec<(String, Vec<String>)> =
            days.into_iter().map(|(d, hours)| (d.to_string(), hours.into_iter().map(|(_, h)| h).collect())).collect();
        assert_eq!(
            shown,
            [
                ("2026-12-08".to_owned(), vec!["09:00".to_owned(), "10:00".to_owned()]),
                ("2026-12-09".to_owned(), vec!["09:00".to_owned()])
            ]
        );
    }
}
