//! Telling an owner something: always in the portal (`inbox`), and by SMS or
//! e-mail when the message's category and the owner's preferences allow (through
//! the `outbox`, in the owner's language). `tell` runs inside the caller's
//! transaction, so the message exists exactly when the change it reports does.

pub mod inbox;
pub mod notice;
pub mod outbox;
pub mod words;

pub use notice::Notice;

#[cfg(feature = "ssr")]
pub use tell::{tell, Message};

#[cfg(feature = "ssr")]
mod tell {
    use super::outbox::{store as outbox, Category, Preference, Reach};
    use super::Notice;
    use crate::account::UserId;
    use crate::lang::Lang;
    use chrono::{DateTime, Utc};
    use sqlx::{Any, Transaction};

    pub struct Message<'a> {
        pub notice: Notice,
        pub link: &'a str,
        pub category: Category,
    }

    pub async fn tell(
        tx: &mut Transaction<'static, Any>,
        owner: UserId,
        message: Message<'_>,
        now: DateTime<Utc>,
    ) -> Result<(), sqlx::Error> {
        super::inbox::store::create(&mut **tx, owner, &message.notice, message.link, now).await?;
        let (mobile, email, channel, consent, locale): (Option<String>, Option<String>, String, i64, Option<String>) =
            sqlx::query_as("SELECT mobile, email, contact_channel, marketing_consent, locale FROM users WHERE id = $1")
                .bind(owner)
                .fetch_one(&mut **tx)
                .await?;
        let reach = Reach {
            mobile,
            email,
            preference: Preference::parse(&channel).unwrap_or_default(),
            marketing_consent: consent == 1,
        };
        if let Some(route) = reach.route(message.category) {
            let lang = Lang::of_locale(locale.as_deref());
            outbox::enqueue(&mut **tx, Some(owner), route, message.category, &message.notice, lang, now).await?;
        }
        Ok(())
    }
}
