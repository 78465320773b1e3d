//! After-sales demo data: warranty lines, service intervals, the cars'
//! histories, opening hours and campaigns.

use super::register::{demo_vin, DEALERS, REGISTER};
use crate::error::DomainError;

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

pub(super) async fn seed_after_sales(
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
