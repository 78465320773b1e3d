//! Codes people read out, type or scan: owners' referral codes, reward
//! vouchers and club events' check-in codes. A kind of code is an alphabet, a
//! length and how it is grouped for reading; a code is made from the operating
//! system's randomness and parsed back from what someone typed.

use std::fmt;
use std::marker::PhantomData;

/// Letters and digits without the ones people misread (0/O, 1/I/L).
pub const UNAMBIGUOUS: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Letters of both cases and digits: for codes that are scanned, not typed.
pub const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// What makes one kind of code.
pub trait CodeKind {
    const ALPHABET: &'static [u8];
    const LEN: usize;
    /// Characters per group, written with a dash between groups (0: one block).
    const GROUP: usize = 0;
}

/// An owner's referral code, shared as a link to the test-drive form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Referral;
impl CodeKind for Referral {
    const ALPHABET: &'static [u8] = UNAMBIGUOUS;
    const LEN: usize = 8;
}

/// A reward's voucher, read out at the dealer's counter: `ABCD-EFGH-JKMN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Voucher;
impl CodeKind for Voucher {
    const ALPHABET: &'static [u8] = UNAMBIGUOUS;
    const LEN: usize = 12;
    const GROUP: usize = 4;
}

/// A club event's check-in code, scanned from the organiser's QR picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckIn;
impl CodeKind for CheckIn {
    const ALPHABET: &'static [u8] = ALPHANUMERIC;
    const LEN: usize = 24;
}

pub type ReferralCode = Code<Referral>;
pub type VoucherCode = Code<Voucher>;
pub type CheckInCode = Code<CheckIn>;

/// A code of kind `K`, as it is stored and shown (grouped, in its alphabet).
pub struct Code<K> {
    text: String,
    kind: PhantomData<K>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a code of this kind")]
pub struct NotACode;

impl<K: CodeKind> Code<K> {
    /// A fresh random code (a store retries on the rare collision).
    #[cfg(feature = "ssr")]
    pub fn fresh() -> Self {
        Self::grouped(random(K::ALPHABET, K::LEN))
    }

    /// Reads a code as typed: surrounding and inner spaces and the dashes
    /// between groups are forgiven, and so is case where the alphabet has one.
    pub fn parse(raw: &str) -> Result<Self, NotACode> {
        let one_case = !K::ALPHABET.iter().any(u8::is_ascii_lowercase);
        let plain: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && (K::GROUP == 0 || *c != '-'))
            .map(|c| if one_case { c.to_ascii_uppercase() } else { c })
            .collect();
        if plain.len() != K::LEN || !plain.bytes().all(|b| K::ALPHABET.contains(&b)) {
            return Err(NotACode);
        }
        Ok(Self::grouped(plain))
    }

    fn grouped(plain: String) -> Self {
        let text = match K::GROUP {
            0 => plain,
            size => plain.as_bytes().chunks(size).map(String::from_utf8_lossy).collect::<Vec<_>>().join("-"),
        };
        Self { text, kind: PhantomData }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// `len` characters drawn from `alphabet` with the operating system's randomness.
#[cfg(feature = "ssr")]
pub(crate) fn random(alphabet: &[u8], len: usize) -> String {
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    (0..len).map(|_| char::from(alphabet[rng.gen_range(0..alphabet.len())])).collect()
}

impl<K> fmt::Display for Code<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<K> fmt::Debug for Code<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Code").field(&self.text).finish()
    }
}

impl<K> Clone for Code<K> {
    fn clone(&self) -> Self {
        Self { text: self.text.clone(), kind: PhantomData }
    }
}

impl<K> PartialEq for Code<K> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl<K> Eq for Code<K> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn referral_codes_use_the_unambiguous_alphabet() {
        assert_eq!(ReferralCode::parse(" ab23 cd45 ").map(|c| c.to_string()), Ok("AB23CD45".into()));
        assert_eq!(ReferralCode::parse("AB23CD4O"), Err(NotACode), "letter O is not in the alphabet");
        assert_eq!(ReferralCode::parse("AB23CD4"), Err(NotACode));
        assert_eq!(ReferralCode::parse("AB23-CD45"), Err(NotACode), "a referral code has no groups");
    }

    #[test]
    fn a_voucher_reads_with_or_without_its_dashes() {
        let code = VoucherCode::parse("abcd efgh jkmn").expect("a voucher");
        assert_eq!(code.as_str(), "ABCD-EFGH-JKMN");
        assert_eq!(VoucherCode::parse("ABCD-EFGH-JKMN"), Ok(code));
        assert_eq!(VoucherCode::parse("ABCD-EFGH-JKM"), Err(NotACode));
    }

    #[test]
    fn a_check_in_code_keeps_its_case() {
        let raw = "aB3dE5gH7jK9mN1pQ2rS4tU6";
        assert_eq!(CheckInCode::parse(raw).map(|c| c.to_string()), Ok(raw.to_owned()));
        assert_eq!(CheckInCode::parse(&raw[1..]), Err(NotACode));
        assert_eq!(CheckInCode::parse("aB3dE5gH7jK9mN1pQ2rS4tU!"), Err(NotACode));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn fresh_codes_read_back_as_themselves() {
        let voucher = VoucherCode::fresh();
        assert_eq!(VoucherCode::parse(voucher.as_str()), Ok(voucher.clone()));
        assert_eq!(voucher.as_str().len(), 14);
        let referral = ReferralCode::fresh();
        assert_eq!(ReferralCode::parse(referral.as_str()), Ok(referral));
        let check_in = CheckInCode::fresh();
        assert_eq!(CheckInCode::parse(check_in.as_str()), Ok(check_in));
    }
}
