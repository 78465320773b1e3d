//! What the booking page offers for the choices made so far (a module of its
//! own: it shows the owner's garage, which itself shows each car's next visit),
//! and which dealer it proposes before the owner has chosen one.

use super::{Offer, ServiceType};
use crate::account::DealerId;
use crate::dealer::{in_city_first, Dealer};
use crate::garage::Car;
use crate::notify::notice::Bilingual;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The owner's cars, the dealers (their preferred one first), the services,
/// and once a dealer and a service are chosen the free days and a day's starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingChoices {
    pub cars: Vec<Car>,
    /// The car the page is for: the one asked for, else the owner's only car.
    pub car: Option<String>,
    pub dealers: Vec<Dealer>,
    /// The dealer asked for, else `default_dealer`'s; `None`: the owner picks.
    pub dealer: Option<DealerId>,
    pub services: Vec<ServiceType>,
    /// Free starts per day for the next `HORIZON_DAYS` days.
    pub calendar: Vec<(NaiveDate, u32)>,
    pub offers: Vec<Offer>,
    /// Titles of the chosen car's open recalls that can be fixed in the same visit.
    pub open_recalls: Vec<Bilingual>,
}

/// What the dealer proposed first is worked out from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    /// The owner's preferred dealer (their profile).
    pub preferred: Option<DealerId>,
    /// The dealer of the car's last visit (booked or recorded).
    pub last_visit: Option<DealerId>,
    /// The owner's city (their profile), in either language.
    pub city: Option<String>,
}

/// The dealer a booking starts with: the owner's preferred dealer, else the
/// dealer of the car's last visit, else the only dealer in the owner's city.
/// Several dealers in the city, or none known: `None`, and the owner picks
/// (a guess here would book a car across the country without a word).
/// A dealer no longer listed is never proposed.
pub fn default_dealer(dealers: &[Dealer], known: &Known) -> Option<DealerId> {
    let listed = |id: Option<DealerId>| id.filter(|id| dealers.iter().any(|d| d.id == *id));
    listed(known.preferred).or_else(|| listed(known.last_visit)).or_else(|| {
        let city = known.city.as_deref()?;
        let mut local = dealers.iter().filter(|d| d.is_in(city));
        match (local.next(), local.next()) {
            (Some(only), None) => Some(only.id),
            _ => None,
        }
    })
}

/// The order the dealers are offered in: the owner's preferred one, then those
/// in their city, then the rest in their usual order.
pub fn offer_order(dealers: &mut [Dealer], known: &Known) {
    in_city_first(dealers, known.city.as_deref().unwrap_or_default());
    dealers.sort_by_key(|d| Some(d.id) != known.preferred);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dealer(id: DealerId, zh: &str, en: &str) -> Dealer {
        Dealer {
            id,
            code: format!("D{id}"),
            name_zh: String::new(),
            name_en: String::new(),
            city_zh: zh.into(),
            city_en: en.into(),
            phone: String::new(),
        }
    }

    /// Beijing first, as the dealers' codes order them.
    fn dealers() -> Vec<Dealer> {
        vec![dealer(2, "北京", "Beijing"), dealer(3, "广州", "Guangzhou"), dealer(1, "上海", "Shanghai")]
    }

    fn known(preferred: Option<DealerId>, last_visit: Option<DealerId>, city: Option<&str>) -> Known {
        Known { preferred, last_visit, city: city.map(str::to_owned) }
    }

    #[test]
    fn the_preferred_dealer_comes_before_the_last_visit_and_the_city() {
        assert_eq!(default_dealer(&dealers(), &known(Some(3), Some(2), Some("上海"))), Some(3));
    }

    #[test]
    fn without_a_preference_the_last_visits_dealer_is_proposed() {
        assert_eq!(default_dealer(&dealers(), &known(None, Some(1), Some("北京"))), Some(1));
    }

    #[test]
    fn without_either_the_dealer_in_the_owners_city_is_proposed_in_either_language() {
        assert_eq!(default_dealer(&dealers(), &known(None, None, Some("上海"))), Some(1));
        assert_eq!(default_dealer(&dealers(), &known(None, None, Some(" shanghai"))), Some(1));
    }

    #[test]
    fn nothing_known_proposes_no_dealer_rather_than_the_first_one() {
        assert_eq!(default_dealer(&dealers(), &Known::default()), None);
        assert_eq!(default_dealer(&dealers(), &known(None, None, Some("杭州"))), None, "no dealer in the city");
        assert_eq!(default_dealer(&dealers(), &known(None, None, Some(""))), None);
    }

    #[test]
    fn two_dealers_in_the_city_are_the_owners_choice() {
        let mut two = dealers();
        two.push(dealer(4, "上海", "Shanghai"));
        assert_eq!(default_dealer(&two, &known(None, None, Some("上海"))), None);
    }

    #[test]
    fn a_dealer_no_longer_listed_is_skipped_for_the_next_rule() {
        assert_eq!(default_dealer(&dealers(), &known(Some(9), Some(2), None)), Some(2));
        assert_eq!(default_dealer(&dealers(), &known(Some(9), Some(8), Some("广州"))), Some(3));
    }

    #[test]
    fn the_preferred_dealer_is_offered_first_then_the_owners_city() {
        let mut offered = dealers();
        offer_order(&mut offered, &known(Some(3), None, Some("上海")));
        assert_eq!(offered.iter().map(|d| d.id).collect::<Vec<_>>(), [3, 1, 2]);
        let mut offered = dealers();
        offer_order(&mut offered, &Known::default());
        assert_eq!(offered.iter().map(|d| d.id).collect::<Vec<_>>(), [2, 3, 1], "the usual order");
    }
}
