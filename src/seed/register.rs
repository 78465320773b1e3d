//! The brand's dealers, models and sold-vehicle register, with the buyers'
//! numbers as the dealers recorded them.

use crate::error::DomainError;
use crate::types::Vin;

pub(super) struct DealerSeed {
    code: &'static str,
    pub(super) name: (&'static str, &'static str),
    city: (&'static str, &'static str),
    address: (&'static str, &'static str),
    phone: &'static str,
    bays: i64,
}

pub(super) const DEALERS: [DealerSeed; 4] = [
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
pub(super) const REGISTER: [(usize, i64, &str, Option<&str>, usize); 14] = [
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

/// The VIN minted for the n-th register entry.
pub fn demo_vin(n: usize) -> Result<Vin, DomainError> {
    let (model, year, ..) = REGISTER[n];
    let year_code = ['L', 'M', 'N', 'P', 'R', 'S', 'T'][(year - 2020).clamp(0, 6) as usize];
    let body = format!("LMV{}0{}S{:06}", MODELS[model].5, year_code, 100_001 + n);
    Vin::with_check_digit(&body)
        .map_err(|e| DomainError::Database(sqlx::Error::Protocol(format!("demo VIN {body}: {e}"))))
}

/// The ids the rest of the demo data refers to, in the order of `DEALERS` and `MODELS`.
pub(super) struct Ids {
    pub(super) dealers: Vec<i64>,
    pub(super) models: Vec<i64>,
}

/// Writes the dealers, the models and the register in the caller's transaction.
pub(super) async fn insert(tx: &mut sqlx::Transaction<'_, sqlx::Any>, now: i64) -> Result<Ids, DomainError> {
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
        .fetch_one(&mut **tx)
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
        .fetch_one(&mut **tx)
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
        .bind(dealer_ids[*dealer])
        .execute(&mut **tx)
        .await?;
    }
    for (car, mobile) in BUYERS {
        sqlx::query("UPDATE vehicles SET registered_mobile = $1 WHERE vin = $2")
            .bind(mobile)
            .bind(demo_vin(car)?.as_str())
            .execute(&mut **tx)
            .await?;
    }
    Ok(Ids { dealers: dealer_ids, models: model_ids })
}
