//! The profile's history as a table, every value in the reader's words: the
//! field's name, a channel's name, a dealer's name (`pitlane::profile::Value`).

use super::words::{channel_name, P};
use crate::i18n::{china_time, Lang, T};
use leptos::prelude::*;
use pitlane::profile::{Change, ChangedField, Value};

pub(crate) fn field_name(field: Option<ChangedField>, lang: Lang) -> &'static str {
    match field {
        Some(ChangedField::DisplayName) => T::FieldDisplayName.text(lang),
        Some(ChangedField::Mobile) => T::ProfileMobile.text(lang),
        Some(ChangedField::Email) => T::ProfileEmail.text(lang),
        Some(ChangedField::City) => T::ProfileCity.text(lang),
        Some(ChangedField::Address) => T::ProfileAddress.text(lang),
        Some(ChangedField::PreferredDealer) => T::ProfileDealer.text(lang),
        Some(ChangedField::Birthday) => P::FieldBirthday.text(lang),
        Some(ChangedField::ContactChannel) => T::ProfileChannel.text(lang),
        Some(ChangedField::MarketingConsent) => P::FieldConsent.text(lang),
        None => P::FieldOther.text(lang),
    }
}

fn value_words(value: Value, lang: Lang) -> String {
    match value {
        Value::Nothing => P::ValueEmpty.text(lang).to_owned(),
        Value::Text(text) => text,
        Value::Dealer { name_zh, name_en } => lang.pick(&name_zh, &name_en).to_owned(),
        Value::Channel(channel) => channel_name(channel).text(lang).to_owned(),
        Value::Consent(given) => if given { P::ConsentGiven } else { P::ConsentWithdrawn }.text(lang).to_owned(),
        Value::Date(day) => day.to_string(),
    }
}

fn history_columns(lang: Lang) -> Vec<crate::table::Col> {
    use crate::table::{Col, Holds};
    let col = |t: T, holds| Col::new(t.text(lang), holds);
    vec![
        col(T::ColWhen, Holds::When),
        col(T::ColField, Holds::Name),
        col(T::ColOld, Holds::Text),
        col(T::ColNew, Holds::Text),
        col(T::ColBy, Holds::Name),
    ]
}

/// The profile's changes, newest first.
#[component]
pub fn ProfileHistory(lang: Lang, history: Vec<Change>) -> impl IntoView {
    let body = if history.is_empty() {
        view! { <p class="empty">{T::ProfileHistoryEmpty.text(lang)}</p> }.into_any()
    } else {
        let rows = history
            .into_iter()
            .map(|c| {
                let by = format!(
                    "{} ({})",
                    c.changed_by,
                    if c.by_staff { T::ProfileByStaff } else { T::ProfileBySelf }.text(lang)
                );
                view! {
                    <tr>
                        <td>{china_time(c.at)}</td>
                        <td>{field_name(c.field, lang)}</td>
                        <td>{value_words(c.old, lang)}</td>
                        <td>{value_words(c.new, lang)}</td>
                        <td>{by}</td>
                    </tr>
                }
            })
            .collect_view();
        view! { <crate::table::DataTable columns=history_columns(lang)>{rows}</crate::table::DataTable> }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{T::ProfileHistory.text(lang)}</h2>
            {body}
        </section>
    }
}
