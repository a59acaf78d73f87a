//! Hostile inputs with measured bounds: each case runs the real binary and
//! asserts its wall time and peak memory. A crate of its own, apart from
//! `tests/it`: a child's peak RSS as `wait4` reports it includes the test
//! process's own pages at spawn, so these run in a small process.

#[path = "../common/mod.rs"]
mod common;

mod blowups;
mod hostile;
mod trust;
mod trust_answers;
