//! Owners' referral codes: eight characters from an alphabet without the ones
//! people misread (0/O, 1/I/L), shared as a link to the test-drive form.

pub const CODE_LEN: usize = 8;
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A fresh random code (the store retries on the rare collision).
#[cfg(feature = "ssr")]
pub fn fresh_code() -> String {
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    (0..CODE_LEN).map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())])).collect()
}

/// Whether `code` (already upper-cased) could be a referral code at all, so a
/// typo is not looked up.
pub fn looks_like_code(code: &str) -> bool {
    code.len() == CODE_LEN && code.bytes().all(|b| ALPHABET.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_the_unambiguous_alphabet() {
        assert!(looks_like_code("AB23CD45"));
        assert!(!looks_like_code("AB23CD4O"), "letter O is not in the alphabet");
        assert!(!looks_like_code("AB23CD4"));
        #[cfg(feature = "ssr")]
        assert!(looks_like_code(&fresh_code()));
    }
}
