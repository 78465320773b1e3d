//! A case's history as read back: who took each step and what the step
//! recorded beside it. The store keeps that as text (`case_events.detail`);
//! `Detail::read` turns it into a value a page words in its reader's
//! language, so no page shows the stored form (`portal`, `normal -> high`).

use super::{Channel, Priority, Status};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One line of the case's history: who did what, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub kind: String,
    pub detail: Detail,
    pub actor: Actor,
}

/// Who took a step: the owner, a named staff member, or the system (the SLA
/// watch, the follow-up run).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    Owner(String),
    Staff(String),
    System,
}

/// What a history line recorded beside its kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Detail {
    Nothing,
    /// How the case reached us (its opening).
    Channel(Channel),
    /// What a person wrote: an internal note, a resolution note, a follow-up's outcome.
    Text(String),
    Priority {
        from: Priority,
        to: Priority,
    },
    /// Given to an agent, a dealer or both (ids: the console names them).
    Assigned {
        agent: Option<i64>,
        dealer: Option<i64>,
    },
    /// The other case of a merge, with its title when this one received it.
    Case {
        id: i64,
        title: Option<String>,
    },
    Booking(i64),
    Car(String),
    Rating(u8),
    /// The daily run closed it because nobody reopened it in time.
    NotReopened,
}

impl Detail {
    /// The detail of a stored line of `kind`. Steps recorded the status they
    /// reached, which the kind already says; what cannot be read says nothing
    /// rather than show the stored text.
    pub fn read(kind: &str, stored: &str) -> Detail {
        let stored = stored.trim();
        if stored.is_empty() {
            return Detail::Nothing;
        }
        let id = |raw: &str| raw.trim().trim_start_matches('#').parse::<i64>().ok();
        match kind {
            "opened" => Channel::parse(stored).map_or(Detail::Nothing, Detail::Channel),
            // A resolution once recorded only its status; now it records the note.
            "resolve" if Status::parse(stored).is_some() => Detail::Nothing,
            "resolve" | "note" | "followed_up" => Detail::Text(stored.to_owned()),
            "priority" => {
                match stored.split_once("->").map(|(a, b)| (Priority::parse(a.trim()), Priority::parse(b.trim()))) {
                    Some((Some(from), Some(to))) => Detail::Priority { from, to },
                    _ => Detail::Nothing,
                }
            }
            "assigned" => {
                let part = |name: &str| {
                    stored.split_whitespace().find_map(|p| p.strip_prefix(name)?.strip_prefix('=')).and_then(id)
                };
                Detail::Assigned { agent: part("agent"), dealer: part("dealer") }
            }
            "merged_into" => id(stored).map_or(Detail::Nothing, |id| Detail::Case { id, title: None }),
            "merged_from" => match stored.split_once(':').map(|(i, t)| (id(i), t.trim())) {
                Some((Some(id), title)) => Detail::Case { id, title: Some(title.to_owned()) },
                _ => Detail::Nothing,
            },
            "linked" if stored.starts_with('#') => id(stored).map_or(Detail::Nothing, Detail::Booking),
            "linked" => Detail::Car(stored.to_owned()),
            "rated" => stored.parse::<u8>().map_or(Detail::Nothing, Detail::Rating),
            "closed" => Detail::NotReopened,
            _ => Detail::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_details_are_read_into_values_and_never_shown_raw() {
        assert_eq!(Detail::read("opened", "portal"), Detail::Channel(Channel::Portal));
        assert_eq!(Detail::read("opened", "walk_in"), Detail::Channel(Channel::WalkIn));
        assert_eq!(Detail::read("acknowledge", "acknowledged"), Detail::Nothing, "the kind says it");
        assert_eq!(Detail::read("resolve", "resolved"), Detail::Nothing, "a resolution before notes were required");
        assert_eq!(Detail::read("resolve", " Cleaned for free. "), Detail::Text("Cleaned for free.".into()));
        assert_eq!(
            Detail::read("priority", "normal -> safety"),
            Detail::Priority { from: Priority::Normal, to: Priority::Safety }
        );
        assert_eq!(Detail::read("priority", "normal -> urgent"), Detail::Nothing);
        assert_eq!(Detail::read("assigned", "agent=7 dealer="), Detail::Assigned { agent: Some(7), dealer: None });
        assert_eq!(Detail::read("assigned", "agent= dealer=2"), Detail::Assigned { agent: None, dealer: Some(2) });
        assert_eq!(Detail::read("merged_into", "12"), Detail::Case { id: 12, title: None });
        assert_eq!(
            Detail::read("merged_from", "9: Door: rattles"),
            Detail::Case { id: 9, title: Some("Door: rattles".into()) }
        );
        assert_eq!(Detail::read("linked", "#31"), Detail::Booking(31));
        assert_eq!(Detail::read("linked", "LSVAU2180N2183294"), Detail::Car("LSVAU2180N2183294".into()));
        assert_eq!(Detail::read("rated", "4"), Detail::Rating(4));
        assert_eq!(Detail::read("closed", "no reopening within 14 days"), Detail::NotReopened);
        assert_eq!(Detail::read("something_new", "raw_value"), Detail::Nothing);
        assert_eq!(Detail::read("note", "  "), Detail::Nothing);
    }
}
