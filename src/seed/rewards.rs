//! The demo rewards catalogue: a service voucher (points + cash), an
//! accessory, merchandise and an event ticket.

use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::loyalty::store::add_reward;
use crate::loyalty::NewReward;

pub(super) async fn seed_rewards(db: &Db, clock: &dyn Clock) -> Result<(), DomainError> {
    let catalogue = [
        ("service_voucher", "保养抵用券 200 元", "Service voucher ¥200", "2000", "", "500", "2", "180"),
        ("service_voucher", "空调清洗（另付 49 元）", "Air-con cleaning (plus ¥49)", "600", "49", "200", "1", "90"),
        ("accessory", "原厂脚垫", "Original floor mats", "3500", "", "50", "1", "365"),
        ("merchandise", "子午车模 1:43", "Meridian 1:43 model car", "1200", "", "100", "2", "365"),
        ("event_ticket", "赛道体验日门票", "Track day ticket", "8000", "", "20", "1", "60"),
        ("merchandise", "车友会徽章", "Club pin badge", "100", "", "1000", "3", "365"),
    ];
    for (kind, zh, en, points, cash, stock, limit, days) in catalogue {
        add_reward(db, clock, NewReward::parse(kind, zh, en, points, cash, stock, limit, days)?).await?;
    }
    Ok(())
}
