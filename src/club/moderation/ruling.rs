//! A moderator's ruling on an item, as a type that cannot be written wrong:
//! a removal always names the rule that was broken, and approving, restoring
//! or dismissing the reports never names one (the member would read that
//! their words "passed for" a rule).

use super::{Decision, LogAction, ModerationError, Rule};
use crate::error::{Field, FieldError, Problem};
use serde::{Deserialize, Serialize};

/// A club rule that was broken: any rule but "no rule broken".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Rule", into = "Rule")]
pub struct Breach(Rule);

impl Breach {
    /// The rule as broken; `None` for "no rule broken".
    pub fn of(rule: Rule) -> Option<Self> {
        (rule != Rule::Fine).then_some(Self(rule))
    }

    pub fn rule(self) -> Rule {
        self.0
    }

    /// Every rule that can be broken, in the order a form lists them.
    pub fn all() -> impl Iterator<Item = Self> {
        Rule::ALL.into_iter().filter_map(Self::of)
    }

    /// The rule a form cites: nothing chosen (`""`) is `None`; "no rule
    /// broken" is not a choice to make (it is what `None` means).
    pub fn cited(raw: &str) -> Result<Option<Self>, FieldError> {
        match raw.trim() {
            "" => Ok(None),
            raw => Rule::parse(raw)
                .and_then(Self::of)
                .map(Some)
                .ok_or(FieldError::new(Field::Rule, Problem::UnknownChoice)),
        }
    }

    /// What the log and the member's message record: the rule broken, or that none was.
    pub fn or_none(breach: Option<Self>) -> Rule {
        breach.map_or(Rule::Fine, Self::rule)
    }
}

impl TryFrom<Rule> for Breach {
    type Error = &'static str;

    fn try_from(rule: Rule) -> Result<Self, Self::Error> {
        Self::of(rule).ok_or("no rule broken is not a breach")
    }
}

impl From<Breach> for Rule {
    fn from(breach: Breach) -> Self {
        breach.0
    }
}

/// What a moderator decides about an item in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ruling {
    Approve,
    Restore,
    /// The reports were wrong: the item stays (or comes back) as it was.
    Dismiss,
    Hide(Breach),
    Delete(Breach),
}

impl Ruling {
    /// A decision and the rule cited with it, or why they do not go together.
    pub fn new(decision: Decision, breach: Option<Breach>) -> Result<Self, FieldError> {
        let refused = |e: ModerationError| FieldError::new(Field::Rule, e);
        match (decision, breach) {
            (Decision::Hide, Some(breach)) => Ok(Ruling::Hide(breach)),
            (Decision::Delete, Some(breach)) => Ok(Ruling::Delete(breach)),
            (Decision::Hide | Decision::Delete, None) => Err(refused(ModerationError::RuleRequired)),
            (Decision::Approve, None) => Ok(Ruling::Approve),
            (Decision::Restore, None) => Ok(Ruling::Restore),
            (Decision::Dismiss, None) => Ok(Ruling::Dismiss),
            (Decision::Approve | Decision::Restore | Decision::Dismiss, Some(_)) => {
                Err(refused(ModerationError::NoRuleBroken))
            }
        }
    }

    /// The console's form: the decision chosen and the rule chosen (`""` for none).
    pub fn parse(decision: &str, rule: &str) -> Result<Self, FieldError> {
        let decision = match decision.trim() {
            "" => return Err(FieldError::new(Field::Decision, Problem::Required)),
            raw => Decision::parse(raw).ok_or(FieldError::new(Field::Decision, Problem::UnknownChoice))?,
        };
        Self::new(decision, Breach::cited(rule)?)
    }

    pub fn decision(self) -> Decision {
        match self {
            Ruling::Approve => Decision::Approve,
            Ruling::Restore => Decision::Restore,
            Ruling::Dismiss => Decision::Dismiss,
            Ruling::Hide(_) => Decision::Hide,
            Ruling::Delete(_) => Decision::Delete,
        }
    }

    pub fn breach(self) -> Option<Breach> {
        match self {
            Ruling::Hide(breach) | Ruling::Delete(breach) => Some(breach),
            Ruling::Approve | Ruling::Restore | Ruling::Dismiss => None,
        }
    }

    /// It takes the item out of sight (and upholds the reports on it).
    pub fn removes(self) -> bool {
        self.breach().is_some()
    }

    pub fn log_action(self) -> LogAction {
        match self {
            Ruling::Approve => LogAction::Approve,
            Ruling::Restore => LogAction::Restore,
            Ruling::Dismiss => LogAction::Dismiss,
            Ruling::Hide(_) => LogAction::Hide,
            Ruling::Delete(_) => LogAction::Delete,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(e: ModerationError) -> Result<Ruling, FieldError> {
        Err(FieldError::new(Field::Rule, e))
    }

    #[test]
    fn approving_restoring_and_dismissing_cite_no_rule() {
        assert_eq!(Ruling::parse("approve", ""), Ok(Ruling::Approve));
        assert_eq!(Ruling::parse("restore", " "), Ok(Ruling::Restore));
        assert_eq!(Ruling::parse("dismiss", ""), Ok(Ruling::Dismiss));
        for keep in ["approve", "restore", "dismiss"] {
            assert_eq!(Ruling::parse(keep, "respect"), refused(ModerationError::NoRuleBroken), "{keep}");
        }
        assert_eq!(Ruling::Approve.breach(), None);
        assert_eq!(Breach::or_none(Ruling::Approve.breach()), Rule::Fine, "logged as no rule broken");
    }

    #[test]
    fn hiding_and_deleting_need_a_rule_chosen_on_purpose() {
        let spam = Breach::of(Rule::Spam).expect("spam is a breach");
        assert_eq!(Ruling::parse("hide", "spam"), Ok(Ruling::Hide(spam)));
        assert_eq!(Ruling::parse("delete", "spam").map(Ruling::breach), Ok(Some(spam)));
        assert_eq!(Ruling::parse("hide", ""), refused(ModerationError::RuleRequired));
        assert_eq!(Ruling::parse("delete", ""), refused(ModerationError::RuleRequired));
        assert_eq!(
            Ruling::parse("hide", "fine"),
            Err(FieldError::new(Field::Rule, Problem::UnknownChoice)),
            "\"no rule broken\" is no reason to remove"
        );
        assert!(Ruling::Hide(spam).removes() && !Ruling::Dismiss.removes());
    }

    #[test]
    fn a_decision_is_chosen_never_assumed() {
        assert_eq!(Ruling::parse("", ""), Err(FieldError::new(Field::Decision, Problem::Required)));
        assert_eq!(Ruling::parse("ban", ""), Err(FieldError::new(Field::Decision, Problem::UnknownChoice)));
        assert_eq!(Ruling::parse("approve", "nonsense"), Err(FieldError::new(Field::Rule, Problem::UnknownChoice)));
    }

    #[test]
    fn every_rule_but_no_rule_broken_is_a_breach() {
        assert_eq!(Breach::all().count(), Rule::ALL.len() - 1);
        assert!(Breach::all().all(|b| b.rule() != Rule::Fine));
        assert_eq!(Breach::of(Rule::Fine), None);
        let fine = serde_json::to_string(&Rule::Fine).unwrap_or_default();
        assert!(serde_json::from_str::<Breach>(&fine).is_err(), "not even when read back");
        let spam = serde_json::to_string(&Rule::Spam).unwrap_or_default();
        assert_eq!(serde_json::from_str::<Breach>(&spam).ok(), Breach::of(Rule::Spam));
        for ruling in [Ruling::Approve, Ruling::Restore, Ruling::Dismiss] {
            assert_eq!(Ruling::new(ruling.decision(), None), Ok(ruling));
        }
    }
}
