//! A little life for the consoles, made through the real paths.

use super::register::demo_vin;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;

/// A little life for the consoles, made through the real paths: bookings on
/// the Shanghai dealer's next open day and a complaint waiting for customer care.
pub(super) async fn seed_activity(
    db: &Db,
    clock: &dyn Clock,
    people: &[(&str, i64)],
    dealer: i64,
) -> Result<(), DomainError> {
    use crate::booking::store::{book, day_offers, dealer_plan, service_types, Channel, Request};
    let id_of = |identifier: &str| people.iter().find(|(i, _)| *i == identifier).map(|(_, id)| *id);
    let plan = dealer_plan(db, dealer).await?;
    let services = service_types(db).await?;
    let today = crate::zone::local_date(plan.zone, clock.now());
    let visits =
        [("13800000002", 2, "maintenance", 1, "保养时顺便检查空调异味"), ("chen.jie@example.com", 3, "tyres", 4, "")];
    for (identifier, car, code, pick, note) in visits {
        let (Some(owner), Some(service)) = (id_of(identifier), services.iter().find(|s| s.code == code)) else {
            continue;
        };
        // The next day the dealer is open (tomorrow, unless it is closed), so the
        // demo always has bookings to show.
        let mut offer = None;
        for ahead in 1..=7 {
            let day = today + chrono::Duration::days(ahead);
            offer = day_offers(db, &plan, service, day, clock.now()).await?.into_iter().nth(pick);
            if offer.is_some() {
                break;
            }
        }
        let Some(offer) = offer else { continue };
        let request = Request {
            by: Channel::Portal,
            vin: demo_vin(car)?.to_string(),
            dealer,
            service_type: service.id,
            starts_at: offer.starts_at,
            note: (!note.is_empty()).then(|| note.to_owned()),
            idempotency_key: format!("demo-{car}"),
            with_recalls: false,
            photos: Vec::new(),
        };
        book(db, clock, &crate::upload::store::InDatabase, owner, request).await?;
    }
    if let Some(owner) = id_of("13800000002") {
        let case = crate::case::NewCase::parse(
            "complaint",
            "dealer_service",
            "家充桩安装一直没人上门",
            "提车已经三周，经销商承诺的家用充电桩安装一直没有安排，打电话也没有回复。",
            "",
            &dealer.to_string(),
        )?;
        let files = crate::upload::store::InDatabase;
        crate::case::store::open(db, clock, &files, owner, crate::case::store::Opener::Owner, case, &[], "demo-1")
            .await?;
    }
    Ok(())
}
