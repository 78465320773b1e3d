//! The prospect's city and dealer, nearest first: the dealers in the chosen
//! city come first (`pitlane::dealer::in_city_first`, the order the server
//! draws them in). In the browser the list follows the city as soon as it is
//! picked; without JavaScript the page is asked again for the city
//! (`CityFirstButton`), and the server orders it.

use super::words::L;
use crate::form::event_element;
use crate::i18n::Lang;
use leptos::prelude::*;
use pitlane::dealer::Dealer;

/// The city and dealer lists; `city` and `dealer` are what was picked so far,
/// and `dealers` come in the server's order for that city.
#[component]
pub fn CityAndDealer(
    lang: Lang,
    cities: Vec<(String, String)>,
    dealers: Vec<Dealer>,
    city: String,
    dealer: String,
) -> impl IntoView {
    let cities = cities
        .into_iter()
        .map(|(zh, en)| {
            let selected = city == zh || city.eq_ignore_ascii_case(&en);
            view! {
                <option value=zh.clone() selected=selected>
                    {lang.pick(&zh, &en).to_owned()}
                </option>
            }
        })
        .collect_view();
    let dealers = dealers
        .into_iter()
        .map(|d| {
            let id = d.id.to_string();
            let selected = id == dealer;
            let label = format!("{} · {}", lang.pick(&d.city_zh, &d.city_en), lang.pick(&d.name_zh, &d.name_en));
            // The city as the city list names it, and the dealer's place in
            // the usual order (`dealer::list`: by code), for `DealersFollowCity`.
            view! {
                <option value=id selected=selected data-city=d.city_zh data-code=d.code>
                    {label}
                </option>
            }
        })
        .collect_view();
    view! {
        <DealersFollowCity>
            <div class="field">
                <label for="city">{L::DriveCity.text(lang)}</label>
                <select id="city" name="city">
                    <option value="">{L::DriveChoose.text(lang)}</option>
                    {cities}
                </select>
            </div>
            <div class="field">
                <label for="dealer">{L::DriveDealer.text(lang)}</label>
                <select id="dealer" name="dealer" required>
                    <option value="">{L::DriveChoose.text(lang)}</option>
                    {dealers}
                </select>
            </div>
        </DealersFollowCity>
    }
}

/// Moves the dealers of the city just picked to the top of the list the server
/// drew (`children`), each group in its usual order, keeping what was chosen.
/// It reorders those very options rather than drawing the list again, so the
/// wasm carries neither the dealers nor a way to draw them.
#[island]
fn DealersFollowCity(children: Children) -> impl IntoView {
    let on_change = |ev: leptos::ev::Event| {
        if event_element(&ev).is_some_and(|picked| picked.id() == "city") {
            dealers_first_in(&event_target_value(&ev));
        }
    };
    view! {
        <div class="contents" on:change=on_change>
            {children()}
        </div>
    }
}

/// The dealer list with the dealers in `city` first (`Dealer::is_in`: the
/// city list's values are the Chinese names the options carry).
fn dealers_first_in(city: &str) -> Option<()> {
    let list = document().get_element_by_id("dealer")?;
    let found = list.query_selector_all("option[data-code]").ok()?;
    let mut options: Vec<web_sys::Element> =
        (0..found.length()).filter_map(|i| wasm_bindgen::JsCast::dyn_into(found.item(i)?).ok()).collect();
    let data = |option: &web_sys::Element, name: &str| option.get_attribute(name).unwrap_or_default();
    options.sort_by_key(|o| (data(o, "data-city") != city, data(o, "data-code")));
    for option in options {
        // Appending an option already in the list moves it.
        list.append_child(&option).ok()?;
    }
    Some(())
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
