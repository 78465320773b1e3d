//! The demo accounts: owners with their cars, and staff of every role.

use super::register::demo_vin;
use crate::account::{store as accounts, Registration, Role, RoleAssignment};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::garage::claim::Basis;

/// The password of every demo account (listed in the README).
pub const DEMO_PASSWORD: &str = "pitlane2026";

struct PersonSeed {
    identifier: &'static str,
    name: &'static str,
    role: Role,
    /// Index into DEALERS, for dealer staff.
    dealer: Option<usize>,
    /// Indexes into REGISTER of the cars the person owns.
    cars: &'static [usize],
}

const PEOPLE: [PersonSeed; 11] = [
    PersonSeed { identifier: "13800000001", name: "王芳", role: Role::Owner, dealer: None, cars: &[0, 1] },
    PersonSeed { identifier: "13800000002", name: "李伟", role: Role::Owner, dealer: None, cars: &[2] },
    PersonSeed { identifier: "chen.jie@example.com", name: "陈杰", role: Role::Owner, dealer: None, cars: &[3, 4] },
    PersonSeed { identifier: "13800000003", name: "Emily Zhang", role: Role::Owner, dealer: None, cars: &[5] },
    PersonSeed { identifier: "13800000010", name: "刘洋", role: Role::Moderator, dealer: None, cars: &[6] },
    PersonSeed {
        identifier: "advisor.sh@meridian-motors.cn",
        name: "赵磊",
        role: Role::ServiceAdvisor,
        dealer: Some(0),
        cars: &[],
    },
    PersonSeed {
        identifier: "leads.bj@meridian-motors.cn",
        name: "孙丽",
        role: Role::LeadHandler,
        dealer: Some(1),
        cars: &[],
    },
    PersonSeed {
        identifier: "leads.sh@meridian-motors.cn",
        name: "钱进",
        role: Role::LeadHandler,
        dealer: Some(0),
        cars: &[],
    },
    PersonSeed {
        identifier: "care@meridian-motors.cn", name: "周敏", role: Role::CareAgent, dealer: None, cars: &[]
    },
    PersonSeed {
        identifier: "analyst@meridian-motors.cn",
        name: "吴昊",
        role: Role::CrmAnalyst,
        dealer: None,
        cars: &[],
    },
    PersonSeed {
        identifier: "admin@meridian-motors.cn",
        name: "系统管理员",
        role: Role::Admin,
        dealer: None,
        cars: &[],
    },
];

/// The demo accounts, for the README and the tests.
pub fn demo_accounts() -> impl Iterator<Item = (&'static str, Role)> {
    PEOPLE.iter().map(|person| (person.identifier, person.role))
}

/// Makes the accounts and gives the owners their cars; returns each account's
/// identifier and id.
pub(super) async fn create(
    db: &Db,
    clock: &dyn Clock,
    dealer_ids: &[i64],
    now: i64,
) -> Result<Vec<(&'static str, i64)>, DomainError> {
    // Accounts go through the same path as a real registration (hashing, audit).
    let mut people = Vec::new();
    for PersonSeed { identifier, name, role, dealer, cars } in PEOPLE {
        let registration = Registration::parse(identifier, name, DEMO_PASSWORD)?;
        let assignment = RoleAssignment::new(role, dealer.map(|d| dealer_ids[d]))
            .map_err(|e| DomainError::invalid(crate::error::Field::Role, e))?;
        let id = accounts::create(db, clock, registration, assignment, None).await?;
        people.push((identifier, id));
        // Owners by mobile are the registered buyers; 陈杰's cars were confirmed by care.
        let basis = if identifier.contains('@') { Basis::Care } else { Basis::Register };
        for car in cars {
            sqlx::query("INSERT INTO ownerships (vin, owner_id, started_at, basis) VALUES ($1, $2, $3, $4)")
                .bind(demo_vin(*car)?.as_str())
                .bind(id)
                .bind(now)
                .bind(basis.as_str())
                .execute(db.pool())
                .await?;
        }
    }
    // The first owner keeps her details up to date: plate and due dates.
    sqlx::query("UPDATE ownerships SET plate = '沪A8K2M6', insurance_due = '2026-12-15', inspection_due = '2027-01-15' WHERE vin = $1")
        .bind(demo_vin(0)?.as_str())
        .execute(db.pool())
        .await?;
    Ok(people)
}
