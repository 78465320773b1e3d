//! The owner's list of bookings: each card says when (on the dealer's clock,
//! in the reader's words), where, what, which car and where it stands.

use super::my_bookings;
use super::words::B;
use super::workshop::StageBadge;
use crate::auth::{visitor, RequireRole};
use crate::i18n::{Lang, T};
use crate::layout::{failed, loading};
use leptos::prelude::*;
use pitlane::lang::dates;

#[component]
pub fn BookingsPage() -> impl IntoView {
    let lang = visitor().lang;
    view! {
        <RequireRole allow=|_| true>
            <h1>{T::BookingsTitle.text(lang)}</h1>
            <p>
                <a class="button primary" href="/service/book">
                    {T::NavBook.text(lang)}
                </a>
            </p>
            <Suspense fallback=move || loading(
                lang,
            )>
                {Suspend::new(async move {
                    match my_bookings().await {
                        Err(err) => failed(err, lang),
                        Ok(list) if list.is_empty() => {
                            view! { <p class="empty card">{T::BookingsEmpty.text(lang)}</p> }.into_any()
                        }
                        Ok(list) => view! { <BookingList lang bookings=list /> }.into_any(),
                    }
                })}
            </Suspense>
        </RequireRole>
    }
}

/// The owner's bookings, latest first: when (on the dealer's clock), where,
/// what, which car, and where it stands.
#[component]
fn BookingList(lang: Lang, bookings: Vec<pitlane::booking::Listed>) -> impl IntoView {
    view! {
        <ul class="cars bookings">
            {bookings
                .into_iter()
                .map(|l| {
                    let car = match &l.plate {
                        Some(plate) => format!("{} · {plate}", lang.pick(&l.model_zh, &l.model_en)),
                        None => lang.pick(&l.model_zh, &l.model_en).to_owned(),
                    };
                    view! {
                        <li class="card booking-card">
                            <p>
                                <StageBadge lang stage=l.booking.stage />
                            </p>
                            <h2>
                                <a href=format!(
                                    "/me/bookings/{}",
                                    l.booking.id,
                                )>{dates::moment(l.local_start, lang)}</a>
                            </h2>
                            <p class="aside">{B::DealerLocalTime.text(lang)}</p>
                            <dl>
                                <dt>{T::BookingWhere.text(lang)}</dt>
                                <dd>{lang.pick(&l.dealer_zh, &l.dealer_en).to_owned()}</dd>
                                <dt>{T::BookService.text(lang)}</dt>
                                <dd>{lang.pick(&l.service_zh, &l.service_en).to_owned()}</dd>
                                <dt>{T::BookCar.text(lang)}</dt>
                                <dd>{car} <br /> <span class="mono">{l.booking.vin.to_string()}</span></dd>
                            </dl>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
