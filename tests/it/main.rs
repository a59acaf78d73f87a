//! The integration tests, one crate (one link, one binary): each module
//! runs the real binary or the library end to end. `tests/common` holds the
//! fixtures and helpers they share with `tests/bounds`.

#[path = "../common/mod.rs"]
mod common;

mod action;
mod audit;
mod batch;
mod ci;
mod cli;
#[cfg(target_os = "linux")]
mod confine;
mod contract;
mod gates;
mod generated;
mod history;
mod job_fit;
mod layers;
mod postings;
mod properties;
mod remote;
mod rule_fixtures;
#[cfg(unix)]
mod walls;
mod workflow;
