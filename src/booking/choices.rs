//! What the booking page offers for the choices made so far (a module of its
//! own: it shows the owner's garage, which itself shows each car's next visit).

use super::{Offer, ServiceType};
use crate::dealer::Dealer;
use crate::garage::Car;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The owner's cars, the dealers (their preferred one first), the services,
/// and once a dealer and a service are chosen the free days and a day's starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingChoices {
    pub cars: Vec<Car>,
    pub dealers: Vec<Dealer>,
    pub services: Vec<ServiceType>,
    /// Free starts per day for the next `HORIZON_DAYS` days.
    pub calendar: Vec<(NaiveDate, u32)>,
    pub offers: Vec<Offer>,
    /// Open recalls of the chosen car that can be fixed in the same visit (zh, en).
    pub open_recalls: Vec<(String, String)>,
}
