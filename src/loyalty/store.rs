//! The loyalty ledger in the database: earning from the domain's facts and the
//! daily bonuses, redeeming rewards for vouchers and using them at the counter,
//! expiry and tiers, the owner's page and the admin's.

mod admin;
mod earn;
mod read;
mod redeem;
mod shared;
mod upkeep;

pub use admin::{add_reward, adjust, admin_page, save_rule, set_reward};
pub use earn::{daily_bonuses, earn_from_events};
pub use read::rewards_page;
pub use redeem::{counter_voucher, redeem, use_voucher};
pub use upkeep::{expire, mismatches, retier};
