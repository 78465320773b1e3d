//! Segments (`/staff/segments`): filter the owners a desk reaches by a GET form
//! that works without JavaScript, see the count and the first rows, save the
//! filter under a name, export it as CSV (`server/src/export.rs`).

pub mod words;

use crate::auth::{visitor, RequireRole};
use crate::confirm::Confirm;
use crate::error::AppError;
use crate::form::{error_for, kept_value, url_error, BusyForm, FormError, SubmitButton};
use crate::i18n::{china_time, dealer_name, Lang};
use crate::layout::{failed, suspended, Figure};
use crate::loyalty::words::tier_name;
use crate::table::{Clip, Col, DataTable, Holds};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use pitlane::account::Role;
use pitlane::analytics::rfm::RfmClass;
use pitlane::error::Field;
use pitlane::loyalty::Tier;
use pitlane::segment::{Choices, Counted, FilterForm, Listing, Member, Segment};
use server_fn::ServerFn;
use words::{rfm_name, S};

#[cfg(feature = "ssr")]
mod ssr {
    use crate::auth::ssr::require_staff;
    use crate::error::AppError;
    use pitlane::account::{Role, Staff};

    /// A staff member whose desk works segments (`Staff::works_segments`).
    pub fn segment_desk() -> Result<Staff, AppError> {
        let staff = require_staff(Role::is_staff)?;
        if staff.works_segments() {
            Ok(staff)
        } else {
            Err(AppError::Forbidden)
        }
    }
}

#[server(prefix = "/api", endpoint = "segment_choices")]
pub async fn segment_choices() -> Result<Choices, AppError> {
    use crate::auth::ssr::{respond, state};
    respond(async move {
        let staff = ssr::segment_desk()?;
        Ok(pitlane::segment::store::choices(&state()?.db, staff).await?)
    })
    .await
}

/// The count and first rows of a filter given as a query string (`rfm=general_retain&at_risk=true`).
#[server(prefix = "/api", endpoint = "segment_list")]
pub async fn segment_list(filter: String) -> Result<Listing, AppError> {
    use crate::auth::ssr::{respond, state};
    respond(async move {
        let staff = ssr::segment_desk()?;
        let state = state()?;
        let filter = pitlane::segment::Filter::parse_query(&filter)?;
        Ok(pitlane::segment::store::listing(&state.db, staff, &filter).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "my_segments")]
pub async fn my_segments() -> Result<Vec<Counted>, AppError> {
    use crate::auth::ssr::{respond, state};
    respond(async move {
        let staff = ssr::segment_desk()?;
        Ok(pitlane::segment::store::saved(&state()?.db, staff).await?)
    })
    .await
}

/// One of the desk's segments with its count and first rows; another desk's is not found.
#[server(prefix = "/api", endpoint = "segment_detail")]
pub async fn segment_detail(id: i64) -> Result<(Segment, Listing), AppError> {
    use crate::auth::ssr::{respond, state};
    respond(async move {
        let staff = ssr::segment_desk()?;
        let state = state()?;
        let segment = pitlane::segment::store::get(&state.db, staff, id).await?;
        let listing = pitlane::segment::store::listing(&state.db, staff, &segment.filter).await?;
        Ok((segment, listing))
    })
    .await
}

#[server(prefix = "/api", endpoint = "save_segment")]
pub async fn save_segment(name: String, filter: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, respond_keeping, state};
    respond_keeping(&[("name", name.clone())], async move {
        let staff = ssr::segment_desk()?;
        let state = state()?;
        let segment = pitlane::segment::NewSegment::parse(&name, &FilterForm::from_query(&filter))?;
        let id = pitlane::segment::store::save(&state.db, state.clock.now(), staff, &segment).await?;
        redirect(&format!("/staff/segments/{id}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "delete_segment")]
pub async fn delete_segment(id: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, respond, state};
    respond(async move {
        let staff = ssr::segment_desk()?;
        pitlane::segment::store::delete(&state()?.db, staff, id).await?;
        redirect("/staff/segments");
        Ok(())
    })
    .await
}

#[component]
pub fn SegmentsPage() -> impl IntoView {
    let lang = visitor().lang;
    view! {
        <RequireRole allow=Role::is_staff>
            <h1>{S::Title.text(lang)}</h1>
            <p class="lead">{S::Intro.text(lang)}</p>
            <p>
                <a class="button primary" href="/staff/segments/list">
                    {S::NewFilter.text(lang)}
                </a>
            </p>
            {suspended(
                lang,
                move || async move {
                    match my_segments().await {
                        Err(err) => failed(err, lang),
                        Ok(saved) if saved.is_empty() => {
                            view! { <p class="empty card">{S::Empty.text(lang)}</p> }.into_any()
                        }
                        Ok(saved) => saved_table(lang, saved).into_any(),
                    }
                },
            )}
        </RequireRole>
    }
}

fn saved_table(lang: Lang, saved: Vec<Counted>) -> impl IntoView {
    let rows = saved
        .into_iter()
        .map(|c| {
            view! {
                <tr>
                    <td>
                        <Clip text=c.segment.name href=format!("/staff/segments/{}", c.segment.id) />
                    </td>
                    <td>{c.count}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <DataTable columns=vec![
                Col::new(S::ColSegment.text(lang), Holds::Text),
                Col::new(S::ColCount.text(lang), Holds::Number),
            ]>{rows}</DataTable>
        </section>
    }
}

/// The filter as the address gives it (the form's fields, or a link's).
fn asked_filter() -> FilterForm {
    let query = use_query_map().get_untracked();
    let mut form = FilterForm::default();
    for key in FilterForm::FIELDS {
        if let (Some(slot), Some(value)) = (form.slot(key), query.get(key)) {
            *slot = value;
        }
    }
    form
}

#[component]
pub fn SegmentListPage() -> impl IntoView {
    let lang = visitor().lang;
    let form = asked_filter();
    view! {
        <RequireRole allow=Role::is_staff>
            <h1>{S::ListTitle.text(lang)}</h1>
            <p class="lead">{S::ListIntro.text(lang)}</p>
            {suspended(
                lang,
                move || {
                    let form = form.clone();
                    async move {
                        let choices = match segment_choices().await {
                            Ok(choices) => choices,
                            Err(err) => return failed(err, lang),
                        };
                        let query = form.to_query();
                        let listing = segment_list(query.clone()).await;
                        let error = listing.as_ref().err().cloned();
                        view! {
                            <FilterFields lang form choices error=error.clone() />
                            {match listing {
                                Ok(listing) => {
                                    view! {
                                        <Results lang listing export=format!("/staff/export/segment.csv?{query}") />
                                        <SaveForm lang query />
                                    }
                                        .into_any()
                                }
                                Err(AppError::Invalid(_)) => ().into_any(),
                                Err(err) => failed(err, lang),
                            }}
                        }
                            .into_any()
                    }
                },
            )}
        </RequireRole>
    }
}

#[component]
pub fn SegmentPage() -> impl IntoView {
    let lang = visitor().lang;
    let id = use_params_map().get_untracked().get("id").and_then(|v| v.parse::<i64>().ok());
    view! {
        <RequireRole allow=Role::is_staff>
            {suspended(
                lang,
                move || async move {
                    let Some(id) = id else {
                        return view! { <crate::auth::ErrorPage status=404 /> }.into_any();
                    };
                    match segment_detail(id).await {
                        Err(err) => failed(err, lang),
                        Ok((segment, listing)) => {
                            let back = format!("/staff/segments/{id}");
                            view! {
                                <h1>{segment.name.clone()}</h1>
                                <div class="actions">
                                    <a
                                        class="button"
                                        href=format!("/staff/segments/list?{}", segment.filter.to_query())
                                    >
                                        {S::NewFilter.text(lang)}
                                    </a>
                                    <a class="button" href="/staff/segments">
                                        {S::Back.text(lang)}
                                    </a>
                                </div>
                                <Results lang listing export=format!("/staff/export/segment/{id}.csv") />
                                <Confirm
                                    lang
                                    action=DeleteSegment::url()
                                    ask=S::Delete.text(lang)
                                    consequence=S::DeleteConsequence.text(lang)
                                    confirm=S::DeleteConfirm.text(lang)
                                    back
                                    danger=true
                                >
                                    <input type="hidden" name="id" value=id.to_string() />
                                </Confirm>
                            }
                                .into_any()
                        }
                    }
                },
            )}
        </RequireRole>
    }
}

/// How a filter field is typed: chosen from a list ("any" first), or written.
enum Input {
    Select(Vec<(String, String)>),
    Text,
    Date,
}

/// One field of the filter with its label and its error.
#[component]
fn FilterField(
    lang: Lang,
    field: Field,
    label: &'static str,
    value: String,
    input: Input,
    error: Option<String>,
) -> impl IntoView {
    let name = field.as_str();
    let id = format!("filter-{name}");
    let error_id = format!("{name}-error");
    let invalid = error.is_some().to_string();
    let control = match input {
        Input::Select(options) => {
            let options = options
                .into_iter()
                .map(|(v, words)| {
                    let selected = v == value;
                    view! {
                        <option value=v selected=selected>
                            {words}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <select id=id.clone() name=name aria-invalid=invalid aria-describedby=error_id.clone()>
                    <option value="">{S::Any.text(lang)}</option>
                    {options}
                </select>
            }
            .into_any()
        }
        Input::Text | Input::Date => {
            let kind = if matches!(input, Input::Date) { "date" } else { "text" };
            view! {
                <input
                    id=id.clone()
                    name=name
                    type=kind
                    value=value
                    maxlength=pitlane::segment::MAX_CITY_CHARS.to_string()
                    aria-invalid=invalid
                    aria-describedby=error_id.clone()
                />
            }
            .into_any()
        }
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {control}
            <p class="field-error" id=error_id role="alert">
                {error}
            </p>
        </div>
    }
}

#[component]
fn FilterFields(lang: Lang, form: FilterForm, choices: Choices, error: Option<AppError>) -> impl IntoView {
    let yes_no =
        || vec![("true".to_owned(), S::Yes.text(lang).to_owned()), ("false".to_owned(), S::No.text(lang).to_owned())];
    let models =
        choices.models.iter().map(|m| (m.id.to_string(), lang.pick(&m.name_zh, &m.name_en).to_owned())).collect();
    let dealers = choices.dealers.iter().map(|d| (d.id.to_string(), dealer_name(d, lang))).collect();
    let tiers = Tier::ALL.iter().map(|t| (t.as_str().to_owned(), tier_name(*t, lang).to_owned())).collect();
    let classes = RfmClass::ALL.iter().map(|c| (c.as_str().to_owned(), rfm_name(*c, lang).to_owned())).collect();
    let fields = [
        (Field::Model, S::FieldModel, form.model, Input::Select(models)),
        (Field::City, S::FieldCity, form.city, Input::Text),
        (Field::Dealer, S::FieldDealer, form.dealer, Input::Select(dealers)),
        (Field::Tier, S::FieldTier, form.tier, Input::Select(tiers)),
        (Field::VisitedFrom, S::FieldVisitedFrom, form.visited_from, Input::Date),
        (Field::VisitedBefore, S::FieldVisitedBefore, form.visited_before, Input::Date),
        (Field::Rfm, S::FieldRfm, form.rfm, Input::Select(classes)),
        (Field::AtRisk, S::FieldAtRisk, form.at_risk, Input::Select(yes_no())),
        (Field::Consent, S::FieldConsent, form.consent, Input::Select(yes_no())),
        (Field::Recall, S::FieldRecall, form.recall, Input::Select(yes_no())),
    ];
    let fields = fields
        .into_iter()
        .map(|(field, label, value, input)| {
            let error = error_for(&error, field, lang);
            view! { <FilterField lang field label=label.text(lang) value input error /> }
        })
        .collect_view();
    view! {
        <form method="get" action="/staff/segments/list" class="card stack filter">
            {fields}
            <div class="actions">
                <button type="submit" class="button primary">
                    {S::Apply.text(lang)}
                </button>
                <a class="button" href="/staff/segments/list">
                    {S::Clear.text(lang)}
                </a>
            </div>
        </form>
    }
}

#[component]
fn Results(lang: Lang, listing: Listing, export: String) -> impl IntoView {
    let role = visitor().user.map(|u| u.role);
    let contacts = role.is_some_and(Role::sees_owner_contacts);
    let links = role.is_some_and(Role::serves_owners);
    let col = |k: S, holds| Col::new(k.text(lang), holds);
    let mut columns = vec![
        col(S::ColName, Holds::Name),
        col(S::ColCity, Holds::Name),
        col(S::ColModels, Holds::Text),
        col(S::ColTier, Holds::Status),
        col(S::ColLastVisit, Holds::When),
        col(S::ColRfm, Holds::Phrase),
        col(S::ColAtRisk, Holds::Status),
    ];
    if contacts {
        columns.push(col(S::ColContact, Holds::Text));
    }
    let count = listing.count;
    let shown = listing.members.len() as i64;
    let rows = listing.members.into_iter().map(|m| member_row(lang, m, contacts, links)).collect_view();
    view! {
        <ul class="figures">
            <Figure value=count label=S::Count.text(lang) />
        </ul>
        <p>
            <a class="button" href=export download="">
                {S::Export.text(lang)}
            </a>
        </p>
        {if count == 0 {
            view! { <p class="empty card">{S::NoneMatch.text(lang)}</p> }.into_any()
        } else {
            view! {
                <section class="card">
                    <DataTable columns>{rows}</DataTable>
                    {(count > shown).then(|| view! { <p class="aside">{S::FirstRows.text(lang)}</p> })}
                </section>
            }
                .into_any()
        }}
    }
}

fn member_row(lang: Lang, m: Member, contacts: bool, links: bool) -> impl IntoView {
    // The owner's profile is for the desks that serve owners; analysts read the row.
    let name = if links {
        let href = format!("/staff/owners/{}", m.owner);
        view! { <Clip text=m.name href /> }.into_any()
    } else {
        view! { <Clip text=m.name /> }.into_any()
    };
    let models = lang.pick(m.models_zh.as_deref().unwrap_or_default(), m.models_en.as_deref().unwrap_or_default());
    let models = if models.is_empty() { S::NoCar.text(lang).to_owned() } else { models.to_owned() };
    let last_visit = m.last_visit_at.map(china_time).unwrap_or_else(|| S::Never.text(lang).to_owned());
    let rfm = m.rfm.map(|c| rfm_name(c, lang)).unwrap_or(S::NotScored.text(lang));
    let at_risk = if m.at_risk { S::Yes.text(lang) } else { S::No.text(lang) };
    let contact = contacts.then(|| {
        let text = [m.mobile, m.email].into_iter().flatten().collect::<Vec<_>>().join(" · ");
        view! {
            <td>
                <Clip text />
            </td>
        }
    });
    view! {
        <tr>
            <td>{name}</td>
            <td>{m.city.unwrap_or_default()}</td>
            <td>
                <Clip text=models />
            </td>
            <td>{tier_name(m.tier, lang)}</td>
            <td>{last_visit}</td>
            <td>{rfm}</td>
            <td>{at_risk}</td>
            {contact}
        </tr>
    }
}

#[component]
fn SaveForm(lang: Lang, query: String) -> impl IntoView {
    let error = url_error::<SaveSegment>();
    let name_error = error_for(&error, Field::SegmentName, lang);
    let form_error = error.as_ref().filter(|e| e.field() != Some(Field::SegmentName)).map(|e| e.text(lang));
    view! {
        <BusyForm action=SaveSegment::url().to_owned()>
            <fieldset class="card stack">
                <legend>{S::SaveAs.text(lang)}</legend>
                <FormError message=form_error />
                <input type="hidden" name="filter" value=query />
                <div class="field">
                    <label for="segment-name">{S::FieldName.text(lang)}</label>
                    <input
                        id="segment-name"
                        name="name"
                        type="text"
                        required
                        maxlength=pitlane::segment::MAX_NAME_CHARS.to_string()
                        value=kept_value("name")
                        aria-invalid=name_error.is_some().to_string()
                        aria-describedby="name-error"
                    />
                    <p class="field-error" id="name-error" role="alert">
                        {name_error}
                    </p>
                </div>
                <SubmitButton label=S::Save.text(lang) busy_label=S::Saving.text(lang) />
            </fieldset>
        </BusyForm>
    }
}
