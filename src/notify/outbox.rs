//! Messages to owners outside the portal. Each is one row in the outbox; a
//! pluggable sender drains it (the default only logs: SMS and e-mail gateways
//! are outside our control). Routing respects the owner's channel preference and
//! marketing consent; service and safety messages always find a way.

#[cfg(feature = "ssr")]
pub mod store;

stored_enum! {
    /// Where a message stands: waiting, sent, or given up on after `MAX_ATTEMPTS`.
    pub enum Status {
        Pending = "pending",
        Sent = "sent",
        Failed = "failed",
    }
}

/// Sends before a message is given up on and left for staff.
pub const MAX_ATTEMPTS: i64 = 5;

/// What came of one try to send a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Delivered,
    /// The gateway refused the `attempt`-th try (counting from 1).
    Refused {
        attempt: i64,
    },
}

/// Only the sender moves a message: staff read the outbox, they do not send by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Sender,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("the message is no longer waiting to be sent")]
    NotFromHere,
}

/// Where a pending message stands after a try: sent, still pending, or failed
/// for good at the last allowed try. A sent or failed message stays so.
pub fn transition(from: Status, action: Action, by: Party) -> Result<Status, TransitionError> {
    match (by, from, action) {
        (Party::Sender, Status::Pending, Action::Delivered) => Ok(Status::Sent),
        (Party::Sender, Status::Pending, Action::Refused { attempt }) if attempt >= MAX_ATTEMPTS => Ok(Status::Failed),
        (Party::Sender, Status::Pending, Action::Refused { .. }) => Ok(Status::Pending),
        (_, Status::Sent | Status::Failed, _) => Err(TransitionError::NotFromHere),
    }
}

stored_enum! {
    pub enum Channel {
        Sms = "sms",
        Email = "email",
    }
}

stored_enum! {
    /// How an owner prefers to be contacted.
    #[derive(Default)]
    pub enum Preference {
        #[default]
        Sms = "sms",
        Email = "email",
        Phone = "phone",
        None = "none",
    }
}

stored_enum! {
    pub enum Category {
        /// Maintenance, insurance, bookings: the owner's own business.
        Service = "service",
        /// Recalls: sent whatever the preference says.
        Safety = "safety",
        /// Offers and news: only with consent.
        Marketing = "marketing",
        /// One-time codes and notices about the account itself: sent to the contact
        /// they concern, whatever the preferences.
        Security = "security",
        /// Replies, mentions and moderation in the club: the portal's inbox only.
        Club = "club",
    }
}

/// What we know of how to reach one owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub preference: Preference,
    pub marketing_consent: bool,
}

impl Reach {
    fn by(&self, channel: Channel) -> Option<(Channel, String)> {
        match channel {
            Channel::Sms => self.mobile.clone().map(|m| (Channel::Sms, m)),
            Channel::Email => self.email.clone().map(|e| (Channel::Email, e)),
        }
    }

    fn preferred(&self) -> Option<(Channel, String)> {
        match self.preference {
            Preference::Sms => self.by(Channel::Sms),
            Preference::Email => self.by(Channel::Email),
            Preference::Phone | Preference::None => None,
        }
    }

    /// The channel and address for a message of this category, if it may be sent.
    /// Service messages use the preferred channel (a phone preference gets SMS,
    /// as we do not robo-call); "none" keeps service news in the portal; safety
    /// messages go by any channel we have.
    pub fn route(&self, category: Category) -> Option<(Channel, String)> {
        let any = || self.by(Channel::Sms).or_else(|| self.by(Channel::Email));
        match category {
            Category::Safety | Category::Security => self.preferred().or_else(any),
            Category::Service => match self.preference {
                Preference::None => None,
                Preference::Phone => self.by(Channel::Sms),
                _ => self.preferred().or_else(any),
            },
            Category::Marketing if self.marketing_consent => self.preferred(),
            Category::Marketing | Category::Club => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reach(preference: Preference, consent: bool) -> Reach {
        Reach {
            mobile: Some("13800000001".into()),
            email: Some("a@example.com".into()),
            preference,
            marketing_consent: consent,
        }
    }

    #[test]
    fn marketing_needs_consent() {
        assert_eq!(reach(Preference::Sms, false).route(Category::Marketing), None);
        assert_eq!(reach(Preference::Email, true).route(Category::Marketing).map(|r| r.0), Some(Channel::Email));
        assert_eq!(reach(Preference::None, true).route(Category::Marketing), None);
    }

    #[test]
    fn safety_messages_always_go_out() {
        for preference in Preference::ALL {
            assert!(reach(preference, false).route(Category::Safety).is_some(), "{preference:?}");
        }
        let email_only = Reach { mobile: None, ..reach(Preference::Sms, false) };
        assert_eq!(email_only.route(Category::Safety).map(|r| r.0), Some(Channel::Email));
    }

    #[test]
    fn service_messages_follow_the_preference() {
        assert_eq!(reach(Preference::Email, false).route(Category::Service).map(|r| r.0), Some(Channel::Email));
        assert_eq!(reach(Preference::Phone, false).route(Category::Service).map(|r| r.0), Some(Channel::Sms));
        assert_eq!(reach(Preference::None, false).route(Category::Service), None);
    }
}
