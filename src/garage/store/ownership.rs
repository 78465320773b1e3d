//! Who owns a car and the sold-vehicle register, written here only: a claim,
//! a transfer by care and a lead's won sale all start an ownership and record
//! a sale through these functions.

use crate::account::UserId;
use crate::garage::claim::Basis;
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

/// Starts an ownership; the one-current-owner index refuses a second one.
pub(crate) async fn start_ownership(
    tx: &mut Transaction<'static, Any>,
    vin: &str,
    owner: UserId,
    basis: Basis,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO ownerships (vin, owner_id, started_at, basis) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(vin)
        .bind(owner)
        .bind(now.timestamp_millis())
        .bind(basis.as_str())
        .fetch_one(&mut **tx)
        .await
}

/// The car's current owner, if it has one.
pub(crate) async fn current_owner(
    tx: &mut Transaction<'static, Any>,
    vin: &str,
) -> Result<Option<UserId>, sqlx::Error> {
    sqlx::query_scalar("SELECT owner_id FROM ownerships WHERE vin = $1 AND ended_at IS NULL")
        .bind(vin)
        .fetch_optional(&mut **tx)
        .await
}

/// The car's current ownership, if it has one: what a service record done now belongs to.
pub(crate) async fn current_ownership(
    tx: &mut Transaction<'static, Any>,
    vin: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM ownerships WHERE vin = $1 AND ended_at IS NULL")
        .bind(vin)
        .fetch_optional(&mut **tx)
        .await
}

/// A car as the register knows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct Entry {
    pub registered_mobile: Option<String>,
    pub sale_date: Option<String>,
    pub selling_dealer_id: Option<i64>,
    pub model_id: i64,
    pub model_year: i64,
    pub production_date: String,
}

impl Entry {
    /// Sold already: a buyer's mobile or a sale date is on record.
    pub fn sold(&self) -> bool {
        self.registered_mobile.is_some() || self.sale_date.is_some()
    }
}

pub(crate) async fn entry(tx: &mut Transaction<'static, Any>, vin: &str) -> Result<Option<Entry>, sqlx::Error> {
    sqlx::query_as(
        "SELECT registered_mobile, sale_date, selling_dealer_id, model_id, model_year, production_date FROM vehicles
         WHERE vin = $1",
    )
    .bind(vin)
    .fetch_optional(&mut **tx)
    .await
}

/// A sale as the register records it: on `day`, by `dealer`, to `mobile`.
pub(crate) struct Sold<'a> {
    pub vin: &'a str,
    pub day: &'a str,
    pub dealer: i64,
    pub mobile: &'a str,
}

/// Marks a car of the stock sold, only while still unsold (a sale recorded
/// meanwhile wins: false).
pub(crate) async fn mark_sold(tx: &mut Transaction<'static, Any>, sale: &Sold<'_>) -> Result<bool, sqlx::Error> {
    let sold = sqlx::query(
        "UPDATE vehicles SET sale_date = $1, registered_mobile = $2
         WHERE vin = $3 AND sale_date IS NULL AND registered_mobile IS NULL",
    )
    .bind(sale.day)
    .bind(sale.mobile)
    .bind(sale.vin)
    .execute(&mut **tx)
    .await?;
    Ok(sold.rows_affected() == 1)
}

/// Enters a car the register has not seen, sold, of `model` built this year,
/// marked with the sales manager who confirmed it. A car entered meanwhile
/// is a unique violation.
pub(crate) async fn enter_sold(
    tx: &mut Transaction<'static, Any>,
    sale: &Sold<'_>,
    model: i64,
    year: i32,
    confirmed_by: Option<UserId>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO vehicles (vin, model_id, model_year, production_date, sale_date, selling_dealer_id, registered_mobile,
                               unregistered_sale_by)
         VALUES ($1, $2, $3, $4, $4, $5, $6, $7)",
    )
    .bind(sale.vin)
    .bind(model)
    .bind(i64::from(year))
    .bind(sale.day)
    .bind(sale.dealer)
    .bind(sale.mobile)
    .bind(confirmed_by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
