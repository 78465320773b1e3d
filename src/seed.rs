//! Demo data for an empty database: a brand's models, dealers in several
//! Chinese cities, a sold-vehicle register, owners with cars and staff of every
//! role. Everything in Chinese and English, as the real data would be.

use crate::account::{store as accounts, Registration, Role, RoleAssignment};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::garage::claim::Basis;
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
const REGISTER: [(usize, i64, &str, Option<&str>, usize); 14] = [
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
    // Bought second-hand by nobody the register knows: claims of these wait for care.
    (2, 2025, "2025-04-07", Some("2025-06-20"), 1),
    (1, 2024, "2024-03-11", Some("2024-05-30"), 0),
];

/// The buyer's mobile as the selling dealer recorded it, by register entry.
/// 陈杰 signs in by e-mail, so his number proves nothing here; Emily Zhang
/// bought two more cars she has not added yet (entries 8 and 9). Entries 7, 12
/// and 13 have no number on record: claiming them needs proof.
const BUYERS: [(usize, &str); 9] = [
    (0, "13800000001"),
    (1, "13800000001"),
    (2, "13800000002"),
    (3, "13800000004"),
    (4, "13800000004"),
    (5, "13800000003"),
    (6, "13800000010"),
    (8, "13800000003"),
    (9, "13800000003"),
];

struct PersonSeed {
    identifier: &'static str,
    name: &'static str,
    role: Role,
    /// Index into DEALERS, for dealer staff.
    dealer: Option<usize>,
    /// Indexes into REGISTER of the cars the person owns.
    cars: &'static [usize],
}

const PEOPLE: [PersonSeed; 10] = [
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

/// The VIN minted for the n-th register entry.
pub fn demo_vin(n: usize) -> Result<Vin, DomainError> {
    let (model, year, ..) = REGISTER[n];
    let year_code = ['L', 'M', 'N', 'P', 'R', 'S', 'T'][(year - 2020).clamp(0, 6) as usize];
    let body = format!("LMV{}0{}S{:06}", MODELS[model].5, year_code, 100_001 + n);
    Vin::with_check_digit(&body)
        .map_err(|e| DomainError::Database(sqlx::Error::Protocol(format!("demo VIN {body}: {e}"))))
}

/// (model index, code, zh, en, months, km) — every model has whole-vehicle and
/// powertrain cover; the electric ones add the battery.
const WARRANTY: [(usize, &str, &str, &str, i64, i64); 10] = [
    (0, "vehicle", "整车保修", "Whole vehicle", 36, 100_000),
    (0, "powertrain", "动力总成", "Powertrain", 60, 150_000),
    (1, "vehicle", "整车保修", "Whole vehicle", 36, 100_000),
    (1, "powertrain", "动力总成", "Powertrain", 96, 150_000),
    (2, "vehicle", "整车保修", "Whole vehicle", 36, 100_000),
    (2, "battery", "动力电池", "EV battery", 96, 160_000),
    (2, "powertrain", "三电系统", "Electric drive", 96, 160_000),
    (3, "vehicle", "整车保修", "Whole vehicle", 48, 120_000),
    (3, "battery", "动力电池", "EV battery", 96, 200_000),
    (3, "powertrain", "三电系统", "Electric drive", 96, 200_000),
];

/// Service interval per model: (months, km).
const SERVICE_INTERVALS: [(i64, i64); 4] = [(12, 10_000), (12, 10_000), (24, 20_000), (24, 20_000)];

/// Mileage readings and dealer visits for one of the register's cars.
struct HistorySeed {
    /// Index into REGISTER.
    car: usize,
    /// The last mileage reading, in km, and its date.
    mileage_km: i64,
    read_on: &'static str,
    visits: &'static [VisitSeed],
}

/// A dealer visit: its date, the mileage then and the work done (in Chinese).
struct VisitSeed {
    on: &'static str,
    km: i64,
    work: &'static str,
}

const HISTORY: [HistorySeed; 4] = [
    HistorySeed {
        car: 0,
        mileage_km: 48_200,
        read_on: "2026-10-02",
        visits: &[
            VisitSeed { on: "2023-01-12", km: 10_150, work: "首次保养：机油、机滤" },
            VisitSeed { on: "2024-01-20", km: 21_300, work: "常规保养：机油、机滤、空调滤芯" },
            VisitSeed { on: "2025-01-18", km: 33_900, work: "常规保养：机油、机滤、刹车油" },
        ],
    },
    HistorySeed {
        car: 1,
        mileage_km: 27_400,
        read_on: "2026-09-15",
        visits: &[VisitSeed { on: "2025-04-08", km: 14_800, work: "首次保养：电池健康检测、空调滤芯" }],
    },
    HistorySeed {
        car: 2,
        mileage_km: 36_900,
        read_on: "2026-08-30",
        visits: &[
            VisitSeed { on: "2024-05-16", km: 11_200, work: "首次保养" },
            VisitSeed { on: "2025-05-22", km: 24_050, work: "常规保养" },
        ],
    },
    HistorySeed {
        car: 5,
        mileage_km: 95_500,
        read_on: "2026-11-01",
        visits: &[VisitSeed { on: "2025-12-05", km: 88_000, work: "常规保养：机油、机滤、火花塞" }],
    },
];

async fn seed_after_sales(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    model_ids: &[i64],
    dealer_ids: &[i64],
) -> Result<(), DomainError> {
    for (model, (months, km)) in model_ids.iter().zip(SERVICE_INTERVALS) {
        sqlx::query("UPDATE car_models SET service_months = $1, service_km = $2 WHERE id = $3")
            .bind(months)
            .bind(km)
            .bind(model)
            .execute(&mut **tx)
            .await?;
    }
    for (model, code, zh, en, months, km) in WARRANTY {
        sqlx::query(
            "INSERT INTO warranty_lines (model_id, code, name_zh, name_en, months, km) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(model_ids[model])
        .bind(code)
        .bind(zh)
        .bind(en)
        .bind(months)
        .bind(km)
        .execute(&mut **tx)
        .await?;
    }
    for HistorySeed { car, mileage_km, read_on, visits } in HISTORY {
        let vin = demo_vin(car)?;
        sqlx::query("UPDATE vehicles SET mileage_km = $1, mileage_on = $2 WHERE vin = $3")
            .bind(mileage_km)
            .bind(read_on)
            .bind(vin.as_str())
            .execute(&mut **tx)
            .await?;
        for VisitSeed { on, km, work } in visits {
            sqlx::query(
                "INSERT INTO service_records (vin, source, performed_on, mileage_km, work, garage_name, dealer_id, created_at)
                 VALUES ($1, 'dealer', $2, $3, $4, $5, $6, 0)",
            )
            .bind(vin.as_str())
            .bind(*on)
            .bind(*km)
            .bind(*work)
            .bind(DEALERS[REGISTER[car].4].name.0)
            .bind(dealer_ids[REGISTER[car].4])
            .execute(&mut **tx)
            .await?;
        }
    }
    // Workshops open 08:30–18:00 on weekdays and Saturdays, 09:00–17:00 on Sundays;
    // all closed on New Year's Day.
    for dealer in dealer_ids {
        for weekday in 1..=7_i64 {
            let (opens, closes) = if weekday == 7 { ("09:00", "17:00") } else { ("08:30", "18:00") };
            sqlx::query("INSERT INTO opening_hours (dealer_id, weekday, opens, closes) VALUES ($1, $2, $3, $4)")
                .bind(dealer)
                .bind(weekday)
                .bind(opens)
                .bind(closes)
                .execute(&mut **tx)
                .await?;
        }
        sqlx::query("INSERT INTO closed_dates (dealer_id, day, reason_zh, reason_en) VALUES ($1, '2027-01-01', '元旦', 'New Year''s Day')")
            .bind(dealer)
            .execute(&mut **tx)
            .await?;
    }
    // A recall for S5s built in a window, and a service campaign for every e3.
    let campaigns = [
        (
            "R2026-014",
            "recall",
            "燃油泵叶轮可能变形",
            "Fuel pump impeller may deform",
            "免费更换燃油泵总成，约 1 小时。",
            "Free fuel pump replacement, about 1 hour.",
            Some("2020-06-01"),
            Some("2022-03-31"),
            0,
        ),
        (
            "S2026-003",
            "service",
            "电池管理系统软件升级",
            "Battery management software update",
            "免费升级 BMS 软件，约 40 分钟。",
            "Free BMS software update, about 40 minutes.",
            None,
            None,
            2,
        ),
    ];
    for (code, kind, title_zh, title_en, remedy_zh, remedy_en, from, to, model) in campaigns {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO campaigns (code, kind, title_zh, title_en, remedy_zh, remedy_en, produced_from, produced_to, opened_on)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '2026-09-01') RETURNING id",
        )
        .bind(code)
        .bind(kind)
        .bind(title_zh)
        .bind(title_en)
        .bind(remedy_zh)
        .bind(remedy_en)
        .bind(from)
        .bind(to)
        .fetch_one(&mut **tx)
        .await?;
        sqlx::query("INSERT INTO campaign_models (campaign_id, model_id) VALUES ($1, $2)")
            .bind(id)
            .bind(model_ids[model])
            .execute(&mut **tx)
            .await?;
    }
    // One e3 has had its update already.
    sqlx::query(
        "INSERT INTO campaign_completions (campaign_id, vin, completed_on, dealer_id)
         VALUES ((SELECT id FROM campaigns WHERE code = 'S2026-003'), $1, '2026-10-10', $2)",
    )
    .bind(demo_vin(4)?.as_str())
    .bind(dealer_ids[3])
    .execute(&mut **tx)
    .await?;
    Ok(())
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
    for (car, mobile) in BUYERS {
        sqlx::query("UPDATE vehicles SET registered_mobile = $1 WHERE vin = $2")
            .bind(mobile)
            .bind(demo_vin(car)?.as_str())
            .execute(&mut *tx)
            .await?;
    }
    seed_after_sales(&mut tx, &model_ids, &dealer_ids).await?;
    tx.commit().await?;

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
    seed_activity(db, clock, &people, dealer_ids[0]).await?;
    Ok(true)
}

/// A little life for the consoles, made through the real paths: tomorrow's
/// bookings at the Shanghai dealer and a complaint waiting for customer care.
async fn seed_activity(db: &Db, clock: &dyn Clock, people: &[(&str, i64)], dealer: i64) -> Result<(), DomainError> {
    use crate::booking::store::{book, day_offers, dealer_plan, service_types, Channel, Request};
    let id_of = |identifier: &str| people.iter().find(|(i, _)| *i == identifier).map(|(_, id)| *id);
    let plan = dealer_plan(db.pool(), dealer).await?;
    let services = service_types(db.pool()).await?;
    let tomorrow = clock.now().with_timezone(&plan.zone).date_naive() + chrono::Duration::days(1);
    let visits =
        [("13800000002", 2, "maintenance", 1, "保养时顺便检查空调异味"), ("chen.jie@example.com", 3, "tyres", 4, "")];
    for (identifier, car, code, pick, note) in visits {
        let (Some(owner), Some(service)) = (id_of(identifier), services.iter().find(|s| s.code == code)) else {
            continue;
        };
        // A dealer closed tomorrow simply gets no demo bookings.
        let Some(offer) = day_offers(db.pool(), &plan, service, tomorrow, clock.now()).await?.into_iter().nth(pick)
        else {
            continue;
        };
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
