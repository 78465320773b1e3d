//! The public home page: what owners can do here, a warranty lookup box, and the
//! way in.

use crate::auth::visitor;
use crate::form::{Check, FieldRow};
use crate::i18n::{Lang, T};
use crate::icons::{Icon, Svg};
use leptos::prelude::*;
use pitlane::error::Field;

#[component]
pub fn HomePage() -> impl IntoView {
    let visitor = visitor();
    let lang = visitor.lang;
    let features = [
        (T::HomeGarageTitle, T::HomeGarageText, Icon::Car),
        (T::HomeServiceTitle, T::HomeServiceText, Icon::Wrench),
        (T::HomeCareTitle, T::HomeCareText, Icon::Chat),
        (T::HomeClubTitle, T::HomeClubText, Icon::Flag),
    ];
    view! {
        <section class="hero">
            <h1>{T::HomeTitle.text(lang)}</h1>
            <p class="lead">{T::HomeIntro.text(lang)}</p>
            {visitor
                .user
                .is_none()
                .then(|| {
                    view! {
                        <p class="actions">
                            <a class="button primary" href="/register">
                                {T::HomeStart.text(lang)}
                            </a>
                            <a class="button" href="/login">
                                {T::HomeHaveAccount.text(lang)}
                            </a>
                        </p>
                    }
                })}
        </section>
        <section class="card warranty-box" aria-labelledby="warranty-box-title">
            <h2 id="warranty-box-title">{T::WarrantyBoxTitle.text(lang)}</h2>
            <p>{T::WarrantyBoxText.text(lang)}</p>
            <VinLookup lang />
        </section>
        <ul class="features">
            {features
                .into_iter()
                .map(|(title, text, icon)| {
                    view! {
                        <li class="card feature">
                            <span class="feature-icon">
                                <Svg icon />
                            </span>
                            <h2>{title.text(lang)}</h2>
                            <p>{text.text(lang)}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The VIN is checked as the field is left, before any round trip.
#[component]
fn VinLookup(lang: Lang) -> impl IntoView {
    view! {
        <form method="get" action="/warranty" class="inline-form">
            <FieldRow field=Field::Vin label=T::FieldVin.text(lang) lang autocomplete="off" check=Check::Vin />
            <button type="submit" class="button primary">
                {T::WarrantyBoxButton.text(lang)}
            </button>
        </form>
    }
}
