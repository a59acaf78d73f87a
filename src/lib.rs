//! portfolio-audit: audits a Python project's git repository the way a hiring
//! reviewer reads a portfolio project.
//!
//! The pipeline is source → [`facts`] → [`rules`] → [`score`] → [`report`],
//! and the imports follow it (`tests/it/layers.rs` fails on any that runs
//! up). Bottom to top:
//!
//! - [`untrusted`], [`hash`], [`error`], [`lock`]: escaping for every
//!   output, opening files without following links; nothing of the crate.
//! - [`source`]: where the target is (a folder, a URL to clone, a git
//!   folder) and the wall around its git directory ([`source::boundary`]).
//! - [`facts`]: the one parallel pass that reads the audited repository;
//!   only facts reads its content. [`confine`] runs that read in a
//!   worker that cannot leave the target.
//! - [`catalog`]: the knowledge base as data (rule metadata, scoring,
//!   topics, templates, skills, roles), embedded or from a rule pack.
//! - [`rules`]: the rule functions, their registry, and the catalogue
//!   checked against it once ([`rules::Catalog`]); rule selection.
//! - [`score`] and [`fit`] (roles and job posts): pure functions over the
//!   facts and the catalogue.
//! - [`report`]: one typed report, its renderers and the catalogue's docs.
//! - [`audit`]: the whole pipeline for one target; [`batch`] above it.

pub mod audit;
pub mod batch;
pub mod catalog;
pub mod confine;
pub mod error;
pub mod facts;
pub mod fit;
pub mod hash;
pub mod lock;
pub mod report;
pub mod rules;
pub mod score;
pub mod source;
pub mod untrusted;
