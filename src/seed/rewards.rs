//! The demo rewards catalogue: service vouchers (one for points and cash), an
//! accessory, merchandise and an event ticket. A card shows a reward's kind
//! beside its name and its cash part beside its points, so a name says
//! neither again ("Service voucher Service voucher ¥200").

use crate::clock::Clock;
use crate::db::Db;
use crate::error::DomainError;
use crate::loyalty::store::add_reward;
use crate::loyalty::NewReward;

pub(super) async fn seed_rewards(db: &Db, clock: &dyn Clock) -> Result<(), DomainError> {
    let catalogue = [
        ("service_voucher", "保养抵扣 200 元", "¥200 off a service", "2000", "", "500", "2", "180"),
        ("service_voucher", "空调清洗", "Air-con cleaning", "600", "49", "200", "1", "90"),
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
