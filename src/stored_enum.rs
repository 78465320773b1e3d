//! `stored_enum!`: a closed set of values stored as text, declared once with
//! the text of each variant.

/// Declares an enum whose variants are stored as text, with `ALL` (in
/// declaration order), `as_str` and `parse` (which ignores surrounding spaces).
macro_rules! stored_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident = $text:literal),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name { $($(#[$variant_meta])* $variant),* }

        impl $name {
            pub const ALL: [$name; [$($text),*].len()] = [$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            pub fn parse(raw: &str) -> Option<Self> {
                match raw.trim() { $($text => Some($name::$variant),)* _ => None }
            }
        }
    };
}
