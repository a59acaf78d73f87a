//! How a project fits a job: each role of the hiring articles
//! ([`roles`]) and a reviewer's own job post ([`job`]). Pure functions over
//! the facts and the catalogue.

pub mod job;
pub mod posting;
pub mod roles;
