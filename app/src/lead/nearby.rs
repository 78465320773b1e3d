//! The prospect's city and dealer, nearest first: the dealers in the chosen
//! city come first (`pitlane::dealer::in_city_first`, the same rule the server
//! orders by). In the browser the list follows the city as soon as it is
//! picked; without JavaScript the page is asked again for the city
//! (`CityFirstButton`), and the server orders it.

use super::words::L;
use crate::i18n::Lang;
use leptos::prelude::*;
use pitlane::dealer::{in_city_first, Dealer};

/// The city and dealer lists; `city` and `dealer` are what was picked so far.
#[island]
pub fn CityAndDealer(
    lang: Lang,
    cities: Vec<(String, String)>,
    dealers: Vec<Dealer>,
    city: String,
    dealer: String,
) -> impl IntoView {
    let city = RwSignal::new(city);
    let dealer = RwSignal::new(dealer);
    let ordered = move || {
        let mut dealers = dealers.clone();
        in_city_first(&mut dealers, &city.get());
        dealers
    };
    view! {
        <div class="field">
            <label for="city">{L::DriveCity.text(lang)}</label>
            <select id="city" name="city" on:change=move |ev| city.set(event_target_value(&ev))>
                <option value="">{L::DriveChoose.text(lang)}</option>
                {cities
                    .into_iter()
                    .map(|(zh, en)| {
                        let selected = city.get_untracked() == zh || city.get_untracked().eq_ignore_ascii_case(&en);
                        view! {
                            <option value=zh.clone() selected=selected>
                                {lang.pick(&zh, &en).to_owned()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="dealer">{L::DriveDealer.text(lang)}</label>
            // The whole list is drawn again when the city changes: hydration
            // marks cannot live among a <select>'s options.
            {move || {
                let options = ordered()
                    .into_iter()
                    .map(|d| {
                        let id = d.id.to_string();
                        let selected = id == dealer.get_untracked();
                        let label = format!(
                            "{} · {}",
                            lang.pick(&d.city_zh, &d.city_en),
                            lang.pick(&d.name_zh, &d.name_en),
                        );
                        view! {
                            <option value=id selected=selected>
                                {label}
                            </option>
                        }
                    })
                    .collect_view();
                view! {
                    <select id="dealer" name="dealer" required on:change=move |ev| dealer.set(event_target_value(&ev))>
                        <option value="">{L::DriveChoose.text(lang)}</option>
                        {options}
                    </select>
                }
            }}
        </div>
    }
}

/// Without JavaScript the dealer list cannot follow the city by itself: this
/// asks the page again with the city chosen (the list then comes ordered).
#[component]
pub fn CityFirstButton(lang: Lang) -> impl IntoView {
    view! {
        <noscript>
            <button type="submit" class="button" formnovalidate=true>
                {L::DriveCityFirst.text(lang)}
            </button>
        </noscript>
    }
}
