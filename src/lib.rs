//! portfolio-audit: audits a Python project's git repository the way a hiring
//! reviewer reads a portfolio project.
//!
//! The pipeline is source → [`facts`] → [`rules`] → [`score`] → [`report`]:
//! only `facts` reads the disk; rules are pure functions over the facts;
//! scoring is arithmetic over outcomes and weights; renderers only render.

pub mod audit;
pub mod batch;
pub mod catalog_docs;
pub mod confine;
pub mod error;
pub mod facts;
pub mod hash;
pub mod jobfit;
pub mod lock;
pub mod report;
pub mod roles;
pub mod rules;
pub mod score;
pub mod select;
pub mod source;
