//! Segments: a filter over the brand's owners (model, city, dealer, tier, last
//! visit, RFM class, churn risk, marketing consent, open recall), parsed whole
//! from a form or a query string, and saved under a name. Pure, so the pages
//! (and the browser) read the same fields the server enforces.

#[cfg(feature = "ssr")]
pub mod store;

use crate::account::{DealerId, UserId};
use crate::analytics::rfm::RfmClass;
use crate::error::{required_text, Field, FieldError, Problem};
use crate::loyalty::Tier;
use crate::types::{parse_optional_date, DateError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Rows a list page shows; the export has them all.
pub const PAGE_ROWS: i64 = 50;
/// Characters of a city typed in the filter.
pub const MAX_CITY_CHARS: usize = 50;
/// Characters of a segment's name.
pub const MAX_NAME_CHARS: usize = 60;

/// The filter as typed: each field's raw value under its parameter name (the
/// names of the GET form, the saved query string and the analytics page's
/// links, `?rfm=<RfmClass::as_str>` and `?at_risk=true`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FilterForm {
    pub model: String,
    pub city: String,
    pub dealer: String,
    pub tier: String,
    pub visited_from: String,
    pub visited_before: String,
    pub rfm: String,
    pub at_risk: String,
    pub consent: String,
    pub recall: String,
}

impl FilterForm {
    /// The parameter names of the filter's fields.
    pub const FIELDS: [&'static str; 10] =
        ["model", "city", "dealer", "tier", "visited_from", "visited_before", "rfm", "at_risk", "consent", "recall"];

    /// The fields of a query string (`model=3&rfm=general_retain`); other
    /// parameters are not the filter's and are left alone.
    pub fn from_query(raw: &str) -> Self {
        let mut form = Self::default();
        for (key, value) in form_urlencoded::parse(raw.trim_start_matches('?').as_bytes()) {
            if let Some(slot) = form.slot(&key) {
                *slot = value.into_owned();
            }
        }
        form
    }

    /// The field named `key`, if the filter has one.
    pub fn slot(&mut self, key: &str) -> Option<&mut String> {
        Some(match key {
            "model" => &mut self.model,
            "city" => &mut self.city,
            "dealer" => &mut self.dealer,
            "tier" => &mut self.tier,
            "visited_from" => &mut self.visited_from,
            "visited_before" => &mut self.visited_before,
            "rfm" => &mut self.rfm,
            "at_risk" => &mut self.at_risk,
            "consent" => &mut self.consent,
            "recall" => &mut self.recall,
            _ => return None,
        })
    }

    /// The fields given, as a query string in a fixed order (empty: none).
    pub fn to_query(&self) -> String {
        let fields = [
            ("model", &self.model),
            ("city", &self.city),
            ("dealer", &self.dealer),
            ("tier", &self.tier),
            ("visited_from", &self.visited_from),
            ("visited_before", &self.visited_before),
            ("rfm", &self.rfm),
            ("at_risk", &self.at_risk),
            ("consent", &self.consent),
            ("recall", &self.recall),
        ];
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (key, value) in fields {
            if !value.trim().is_empty() {
                query.append_pair(key, value.trim());
            }
        }
        query.finish()
    }
}

/// Which owners a segment holds: every field given narrows it; none given is everyone the desk reaches.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// Owns a car of this model now.
    pub model: Option<i64>,
    /// The city in the owner's profile, as written there.
    pub city: Option<String>,
    /// Has a relation with this dealer (the reach rule's, `account::reach`).
    pub dealer: Option<DealerId>,
    pub tier: Option<Tier>,
    /// Last visit on this day (China time) or later.
    pub visited_from: Option<NaiveDate>,
    /// Last visit before this day (China time).
    pub visited_before: Option<NaiveDate>,
    pub rfm: Option<RfmClass>,
    /// At risk of churning (the score has reasons), or not.
    pub at_risk: Option<bool>,
    /// Gave marketing consent, or not.
    pub consent: Option<bool>,
    /// Owns a car with a recall not yet done, or not.
    pub open_recall: Option<bool>,
}

impl Filter {
    /// Parses every field; the first refused names its field.
    pub fn parse(form: &FilterForm) -> Result<Self, FieldError> {
        let id = |field: Field, raw: &str| -> Result<Option<i64>, FieldError> {
            let raw = raw.trim();
            if raw.is_empty() {
                return Ok(None);
            }
            raw.parse::<i64>().ok().filter(|id| *id > 0).map(Some).ok_or(FieldError::new(field, Problem::UnknownChoice))
        };
        let date = |field: Field, raw: &str| -> Result<Option<NaiveDate>, FieldError> {
            parse_optional_date(raw).map_err(|e: DateError| FieldError::new(field, e))
        };
        let city = crate::error::text(Field::City, &form.city, MAX_CITY_CHARS, false)?;
        let visited_from = date(Field::VisitedFrom, &form.visited_from)?;
        let visited_before = date(Field::VisitedBefore, &form.visited_before)?;
        if let (Some(from), Some(before)) = (visited_from, visited_before) {
            if before <= from {
                return Err(FieldError::new(Field::VisitedBefore, Problem::OutOfRange));
            }
        }
        Ok(Self {
            model: id(Field::Model, &form.model)?,
            city,
            dealer: id(Field::Dealer, &form.dealer)?,
            tier: choice(Field::Tier, &form.tier, Tier::parse)?,
            visited_from,
            visited_before,
            rfm: choice(Field::Rfm, &form.rfm, RfmClass::parse)?,
            at_risk: choice(Field::AtRisk, &form.at_risk, yes_no)?,
            consent: choice(Field::Consent, &form.consent, yes_no)?,
            open_recall: choice(Field::Recall, &form.recall, yes_no)?,
        })
    }

    /// Parses a query string's filter fields (a saved segment's, a link's).
    pub fn parse_query(raw: &str) -> Result<Self, FieldError> {
        Self::parse(&FilterForm::from_query(raw))
    }

    /// The fields as a form would hold them.
    pub fn form(&self) -> FilterForm {
        let text = |v: Option<String>| v.unwrap_or_default();
        let flag = |v: Option<bool>| v.map(|b| if b { "true" } else { "false" }.to_owned()).unwrap_or_default();
        FilterForm {
            model: text(self.model.map(|m| m.to_string())),
            city: text(self.city.clone()),
            dealer: text(self.dealer.map(|d| d.to_string())),
            tier: text(self.tier.map(|t| t.as_str().to_owned())),
            visited_from: text(self.visited_from.map(|d| d.to_string())),
            visited_before: text(self.visited_before.map(|d| d.to_string())),
            rfm: text(self.rfm.map(|r| r.as_str().to_owned())),
            at_risk: flag(self.at_risk),
            consent: flag(self.consent),
            recall: flag(self.open_recall),
        }
    }

    /// The filter as a query string, the one way it is stored and linked.
    pub fn to_query(&self) -> String {
        self.form().to_query()
    }
}

/// One of a closed set, or nothing chosen.
fn choice<T>(field: Field, raw: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Option<T>, FieldError> {
    match raw.trim() {
        "" => Ok(None),
        raw => parse(raw).map(Some).ok_or(FieldError::new(field, Problem::UnknownChoice)),
    }
}

/// `true`/`false`, as the filter's yes-or-no fields are sent.
fn yes_no(raw: &str) -> Option<bool> {
    match raw {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// A segment about to be saved: a name and a filter, both parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSegment {
    pub name: String,
    pub filter: Filter,
}

impl NewSegment {
    pub fn parse(name: &str, filter: &FilterForm) -> Result<Self, FieldError> {
        let filter = Filter::parse(filter)?;
        let name = required_text(Field::SegmentName, name, MAX_NAME_CHARS)?;
        Ok(Self { name, filter })
    }
}

/// A saved segment, kept for its desk (a dealer's, or the brand's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub id: i64,
    pub name: String,
    pub filter: Filter,
    pub created_by: UserId,
}

/// A filter's count and its first [`PAGE_ROWS`] owners.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub count: i64,
    pub members: Vec<Member>,
}

/// A saved segment with how many owners it holds now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counted {
    pub segment: Segment,
    pub count: i64,
}

/// What the filter form offers: every model, and the dealers the desk works
/// for (its own, or all of them for the brand's desk).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choices {
    pub models: Vec<crate::lead::views::ModelChoice>,
    pub dealers: Vec<crate::dealer::Dealer>,
}

/// One owner of a segment, as the desk may see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub owner: UserId,
    pub name: String,
    pub city: Option<String>,
    /// The models of the cars owned now, in each language (`None`: no car).
    pub models_zh: Option<String>,
    pub models_en: Option<String>,
    pub tier: Tier,
    /// Milliseconds UTC; `None`: never visited (or not scored yet).
    pub last_visit_at: Option<i64>,
    /// `None` until the daily score has run for the owner.
    pub rfm: Option<RfmClass>,
    pub at_risk: bool,
    /// Only for desks that see contacts (`Role::sees_owner_contacts`).
    pub mobile: Option<String>,
    pub email: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(query: &str) -> Result<Filter, FieldError> {
        Filter::parse_query(query)
    }

    #[test]
    fn an_empty_filter_is_everyone() {
        assert_eq!(parsed(""), Ok(Filter::default()));
        assert_eq!(parsed("page=2&q=x"), Ok(Filter::default()), "other parameters are not the filter's");
    }

    #[test]
    fn every_field_parses_and_comes_back_as_the_same_query() {
        let query =
            "model=3&city=%E4%B8%8A%E6%B5%B7&dealer=2&tier=gold&visited_from=2026-01-01&visited_before=2026-07-01\
                     &rfm=important_retain&at_risk=true&consent=false&recall=true";
        let filter = parsed(query).expect("a whole filter");
        assert_eq!(filter.model, Some(3));
        assert_eq!(filter.city.as_deref(), Some("上海"));
        assert_eq!(filter.dealer, Some(2));
        assert_eq!(filter.tier, Some(Tier::Gold));
        assert_eq!(filter.rfm, Some(RfmClass::ImportantRetain));
        assert_eq!((filter.at_risk, filter.consent, filter.open_recall), (Some(true), Some(false), Some(true)));
        assert_eq!(filter.to_query(), query);
        assert_eq!(parsed(&filter.to_query()), Ok(filter));
    }

    #[test]
    fn a_bad_value_names_its_field() {
        let field = |query: &str| parsed(query).err().map(|e| e.field);
        assert_eq!(field("rfm=best"), Some(Field::Rfm));
        assert_eq!(field("at_risk=yes"), Some(Field::AtRisk));
        assert_eq!(field("consent=1"), Some(Field::Consent));
        assert_eq!(field("recall=maybe"), Some(Field::Recall));
        assert_eq!(field("tier=diamond"), Some(Field::Tier));
        assert_eq!(field("model=x"), Some(Field::Model));
        assert_eq!(field("dealer=-1"), Some(Field::Dealer));
        assert_eq!(field("visited_from=01/02/2026"), Some(Field::VisitedFrom));
        assert_eq!(field(&format!("city={}", "上".repeat(MAX_CITY_CHARS + 1))), Some(Field::City));
    }

    #[test]
    fn the_visit_window_must_not_be_empty() {
        let err = parsed("visited_from=2026-03-01&visited_before=2026-03-01").err();
        assert_eq!(err, Some(FieldError::new(Field::VisitedBefore, Problem::OutOfRange)));
        assert!(parsed("visited_from=2026-03-01&visited_before=2026-03-02").is_ok(), "one day");
    }

    #[test]
    fn a_segment_needs_a_name_and_a_good_filter() {
        let form = FilterForm { rfm: "general_retain".into(), ..FilterForm::default() };
        assert_eq!(NewSegment::parse("  ", &form).err().map(|e| e.field), Some(Field::SegmentName));
        let bad = FilterForm { at_risk: "often".into(), ..FilterForm::default() };
        assert_eq!(NewSegment::parse("Lapsed", &bad).err().map(|e| e.field), Some(Field::AtRisk));
        let segment = NewSegment::parse(" Lapsed ", &form).expect("a segment");
        assert_eq!(segment.name, "Lapsed");
        assert_eq!(segment.filter.rfm, Some(RfmClass::GeneralRetain));
    }
}
