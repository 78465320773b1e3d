//! What a code was sent for. A leaf module: a notice names it, and this module
//! needs nothing from the notices or its parent.

stored_enum! {
    /// What a code was sent for.
    pub enum Purpose {
        Register = "register",
        Reset = "reset",
        Contact = "contact",
    }
}
