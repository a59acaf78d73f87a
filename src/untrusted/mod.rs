//! What comes from an audited repository, made safe to handle: escaping for
//! every output format and the terminal ([`escape`]), and opening its files
//! without following links or blocking ([`files`]). The bottom layer: it
//! imports nothing of the crate, and every other layer may use it.

pub mod escape;
pub mod files;
