//! Demo data for an empty database: a brand's models, dealers in several
//! Chinese cities, a sold-vehicle register, owners with cars and staff of every
//! role. Everything in Chinese and English, as the real data would be.

use crate::account::{store as accounts, Registration, Role, RoleAssignment};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::types::Vin;

/// The password of every demo account (listed in the README).
pub const DEMO_PASSWORD: &str = "pitlane2026";

struct DealerSeed {
    code: &'static str,
    name: (&'static str, &'static str),
    city: (&'static str, &'static str),
    address: (&'static str, &'static str),
    phone: &'static str,
    bays: i64,
}

const DEALERS: [DealerSeed; 4] = [
    DealerSeed {
        code: "SH01",
        name: ("子午汽车上海浦东服务中心", "Meridian Shanghai Pudong"),
        city: ("上海", "Shanghai"),
        address: ("上海市浦东新区张杨路1888号", "1888 Zhangyang Road, Pudong, Shanghai"),
        phone: "021-5888 1001",
        bays: 6,
    },
    DealerSeed {
        code: "BJ01",
        name: ("子午汽车北京朝阳服务中心", "Meridian Beijing Chaoyang"),
        city: ("北京", "Beijing"),
        address: ("北京市朝阳区东三环北路38号", "38 East Third Ring Road North, Chaoyang, Beijing"),
        phone: "010-6588 2002",
        bays: 5,
    },
    DealerSeed {
        code: "GZ01",
        name: ("子午汽车广州天河服务中心", "Meridian Guangzhou Tianhe"),
        city: ("广州", "Guangzhou"),
        address: ("广州市天河区天河路385号", "385 Tianhe Road, Tianhe, Guangzhou"),
        phone: "020-3868 3003",
        bays: 4,
    },
    DealerSeed {
        code: "CD01",
        name: ("子午汽车成都高新服务中心", "Meridian Chengdu Hi-Tech Zone"),
        city: ("成都", "Chengdu"),
        address: ("成都市高新区天府大道中段666号", "666 Middle Tianfu Avenue, Hi-Tech Zone, Chengdu"),
        phone: "028-8518 4004",
        bays: 3,
    },
];

/// (code, zh, en, powertrain, body, VIN descriptor section)
const MODELS: [(&str, &str, &str, &str, &str, &str); 4] = [
    ("S5", "子午 S5", "Meridian S5", "petrol", "sedan", "SA5B2"),
    ("X7", "子午 X7 混动", "Meridian X7 Hybrid", "hybrid", "suv", "XB7H4"),
    ("E3", "子午 e3", "Meridian e3", "electric", "hatchback", "EC3E1"),
    ("EX9", "子午 eX9", "Meridian eX9", "electric", "suv", "ED9E6"),
];

/// (model index, model year, production date, sale date, selling dealer index)
const REGISTER: [(usize, i64, &str, Option<&str>, usize); 12] = [
    (0, 2022, "2021-11-08", Some("2022-01-15"), 0),
    (2, 2024, "2024-02-19", Some("2024-04-02"), 0),
    (1, 2023, "2023-03-06", Some("2023-05-20"), 1),
    (3, 2025, "2025-01-13", Some("2025-03-08"), 2),
    (2, 2023, "2022-12-05", Some("2023-02-11"), 3),
    (0, 2021, "2020-09-21", Some("2020-12-30"), 1),
    (1, 2024, "2024-05-27", Some("2024-07-18"), 2),
    (3, 2026, "2025-10-06", Some("2025-12-01"), 0),
    (2, 2025, "2025-06-16", Some("2025-08-09"), 3),
    (0, 2024, "2023-11-20", Some("2024-01-05"), 2),
    (3, 2026, "2026-03-02", None, 0),
    (1, 2026, "2026-04-13", None, 1),
];

/// (identifier, name, role, dealer index, cars from REGISTER)
const PEOPLE: [(&str, &str, Role, Option<usize>, &[usize]); 10] = [
    ("13800000001", "王芳", Role::Owner, None, &[0, 1]),
    ("13800000002", "李伟", Role::Owner, None, &[2]),
    ("chen.jie@example.com", "陈杰", Role::Owner, None, &[3, 4]),
    ("13800000003", "Emily Zhang", Role::Owner, None, &[5]),
    ("13800000010", "刘洋", Role::Moderator, None, &[6]),
    ("advisor.sh@meridian-motors.cn", "赵磊", Role::ServiceAdvisor, Some(0), &[]),
    ("leads.bj@meridian-motors.cn", "孙丽", Role::LeadHandler, Some(1), &[]),
    ("care@meridian-motors.cn", "周敏", Role::CareAgent, None, &[]),
    ("analyst@meridian-motors.cn", "吴昊", Role::CrmAnalyst, None, &[]),
    ("admin@meridian-motors.cn", "系统管理员", Role::Admin, None, &[]),
];

/// The demo accounts, for the README and the tests.
pub fn demo_accounts() -> impl Iterator<Item = (&'static str, Role)> {
    PEOPLE.iter().map(|(identifier, _, role, _, _)| (*identifier, *role))
}

/// The VIN minted for the n-th register entry.
pub fn demo_vin(n: usize) -> Result<Vin, DomainError> {
    let (model, year, ..) = REGISTER[n];
    let year_code = ['L', 'M', 'N', 'P', 'R', 'S', 'T'][(year - 2020).clamp(0, 6) as usize];
    let body = format!("LMV{}0{}S{:06}", MODELS[model].5, year_code, 100_001 + n);
    Vin::with_check_digit(&body)
        .map_err(|e| DomainError::Database(sqlx::Error::Protocol(format!("demo VIN {body}: {e}"))))
}

/// Seeds demo data if, and only if, the database has no dealers and no users.
/// Returns whether it seeded.
pub async fn seed_if_empty(db: &Db, clock: &dyn Clock) -> Result<bool, DomainError> {
    let (dealers, users): (i64, i64) =
        sqlx::query_as("SELECT (SELECT COUNT(*) FROM dealers), (SELECT COUNT(*) FROM users)")
            .fetch_one(db.pool())
            .await?;
    if dealers > 0 || users > 0 {
        return Ok(false);
    }
    let now = clock.now().timestamp_millis();
    let mut tx = db.pool().begin().await?;
    let mut dealer_ids = Vec::new();
    for d in &DEALERS {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO dealers (code, name_zh, name_en, city_zh, city_en, address_zh, address_en, phone, service_bays, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(d.code)
        .bind(d.name.0)
        .bind(d.name.1)
        .bind(d.city.0)
        .bind(d.city.1)
        .bind(d.address.0)
        .bind(d.address.1)
        .bind(d.phone)
        .bind(d.bays)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        dealer_ids.push(id);
    }
    let mut model_ids = Vec::new();
    for (code, zh, en, powertrain, body, _) in MODELS {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO car_models (code, name_zh, name_en, powertrain, body) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(code)
        .bind(zh)
        .bind(en)
        .bind(powertrain)
        .bind(body)
        .fetch_one(&mut *tx)
        .await?;
        model_ids.push(id);
    }
    for (n, (model, year, produced, sold, dealer)) in REGISTER.iter().enumerate() {
        sqlx::query(
            "INSERT INTO vehicles (vin, model_id, model_year, production_date, sale_date, selling_dealer_id)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(demo_vin(n)?.as_str())
        .bind(model_ids[*model])
        .bind(*year)
        .bind(*produced)
        .bind(*sold)
        .bind(sold.map(|_| dealer_ids[*dealer]))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;

    // Accounts go through the same path as a real registration (hashing, audit).
    for (identifier, name, role, dealer, cars) in PEOPLE {
        let registration = Registration::parse(identifier, name, DEMO_PASSWORD)?;
        let assignment = RoleAssignment::new(role, dealer.map(|d| dealer_ids[d]))
            .map_err(|e| DomainError::invalid(crate::error::Field::Role, e))?;
        let id = accounts::create(db, clock, registration, assignment, None).await?;
        for car in cars {
            sqlx::query("INSERT INTO ownerships (vin, owner_id, started_at) VALUES ($1, $2, $3)")
                .bind(demo_vin(*car)?.as_str())
                .bind(id)
                .bind(now)
                .execute(db.pool())
                .await?;
        }
    }
    Ok(true)
}
