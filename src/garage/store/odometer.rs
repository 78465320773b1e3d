//! The car's odometer: read where it stands, and written by one function for
//! every path (an owner's reading, a held one confirmed, a visit, staff's
//! correction). The rule which reading moves it is `garage::raises`.

use crate::db::{optional_date_column, Db};
use crate::error::{DomainError, Field, FieldError, Problem};
use crate::garage::Reading;
use chrono::NaiveDate;
use sqlx::{Any, Transaction};

/// A car's odometer as it stands: its reading and the day it was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Odometer {
    pub km: Option<u32>,
    pub on: Option<NaiveDate>,
}

/// The car's odometer inside `tx`, held until commit (on SQLite the write
/// transaction already is the lock). `None`: no such car.
pub(crate) async fn odometer(
    db: &Db,
    tx: &mut Transaction<'static, Any>,
    vin: &str,
) -> Result<Option<Odometer>, DomainError> {
    let lock = db.for_update();
    let row: Option<(Option<i64>, Option<String>)> =
        sqlx::query_as(&format!("SELECT mileage_km, mileage_on FROM vehicles WHERE vin = $1{lock}"))
            .bind(vin)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((km, on)) = row else { return Ok(None) };
    Ok(Some(Odometer {
        km: km.map(|km| u32::try_from(km).unwrap_or(u32::MAX)),
        on: optional_date_column(on.as_deref())?,
    }))
}

/// Writes a decided change of the car's odometer, from the reading `from` it
/// was judged against to `to`, only where it still shows `from`: a change
/// made meanwhile is not overwritten unseen ("someone moved it first").
pub(crate) async fn write_odometer(
    tx: &mut Transaction<'static, Any>,
    vin: &str,
    from: Option<u32>,
    to: Reading,
) -> Result<(), DomainError> {
    let written = sqlx::query(
        "UPDATE vehicles SET mileage_km = $1, mileage_on = $2 WHERE vin = $3 AND COALESCE(mileage_km, -1) = $4",
    )
    .bind(i64::from(to.km))
    .bind(to.on.to_string())
    .bind(vin)
    .bind(from.map_or(-1, i64::from))
    .execute(&mut **tx)
    .await?;
    if written.rows_affected() != 1 {
        return Err(FieldError::new(Field::Mileage, Problem::WrongState).into());
    }
    Ok(())
}
