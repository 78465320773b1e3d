//! The advisor's week: seven days side by side, each half hour shaded by how
//! full its bays are, with the day's bookings and no-shows counted. A day's
//! heading opens that day's sheet.

use crate::error::AppError;
use crate::i18n::{china_time, Lang, T};
use leptos::prelude::*;
use pitlane::booking::{DaySheet, Stage};

#[server(prefix = "/api", endpoint = "staff_week")]
pub async fn staff_week(day: String, dealer: Option<i64>) -> Result<Vec<DaySheet>, AppError> {
    use chrono::Datelike;
    crate::auth::ssr::respond(async move {
        let (state, plan, day) = super::visit_steps::advisor_day(&day, dealer).await?;
        let monday = day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()));
        Ok(pitlane::booking::store::week(&state.db, &plan, monday, state.clock.now()).await?)
    })
    .await
}

/// The wall-clock time of a slot, "HH:MM" (UTC+8 like every demo dealer).
fn clock_time(at: chrono::DateTime<chrono::Utc>) -> String {
    china_time(at.timestamp_millis()).get(11..).unwrap_or_default().to_owned()
}

#[component]
pub fn WeekGrid(lang: Lang, days: Vec<DaySheet>, dealer: Option<i64>) -> impl IntoView {
    let dealer_query = dealer.map(|d| format!("&dealer={d}")).unwrap_or_default();
    let mut times: Vec<String> = days.iter().flat_map(|d| d.slots.iter().map(|s| clock_time(s.starts_at))).collect();
    times.sort();
    times.dedup();
    let heads = days
        .iter()
        .map(|d| {
            let booked = d.visits.iter().filter(|v| v.booking.stage != Stage::NoShow).count();
            let no_shows = d.visits.len() - booked;
            view! {
                <th scope="col">
                    <a href=format!(
                        "/staff/schedule?day={}{dealer_query}",
                        d.day,
                    )>{pitlane::lang::dates::day_with_weekday(d.day, lang)}</a>
                    <small>{booked} " " {T::WeekBooked.text(lang)}</small>
                    {(no_shows > 0)
                        .then(|| {
                            view! {
                                <small class="badge badge-overdue">{no_shows} " " {T::StageNoShow.text(lang)}</small>
                            }
                        })}
                </th>
            }
        })
        .collect_view();
    let rows = times
        .iter()
        .map(|time| {
            let cells = days
                .iter()
                .map(|d| match d.slots.iter().find(|s| clock_time(s.starts_at) == *time) {
                    None => view! { <td class="heat closed"></td> }.into_any(),
                    Some(slot) => {
                        let level = (slot.used * 4).div_ceil(slot.capacity.max(1)).min(4);
                        view! {
                            <td class=format!("heat heat-{level}") title=format!("{}/{}", slot.used, slot.capacity)>
                                {slot.used}
                                "/"
                                {slot.capacity}
                            </td>
                        }
                        .into_any()
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{time.clone()}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap card">
            <table class="week">
                <caption>{T::WeekCaption.text(lang)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{T::BookingWhen.text(lang)}</th>
                        {heads}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
