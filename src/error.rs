//! Errors that stop an audit before it starts. Everything else (a bad file,
//! an unreadable manifest) becomes a warning in the report instead.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum SourceError {
    #[error("no such file or folder: {0}")]
    NotFound(String),
    #[error("not a folder: {0} (give the repository's folder)")]
    NotADirectory(String),
    #[error("{0}")]
    Git(String),
    /// A target that cannot be fetched: a dead URL, an unknown scheme.
    #[error("{0}")]
    Target(String),
    /// The audited repository's own settings are wrong while honoured.
    #[error("{0}")]
    Settings(String),
}

#[derive(Debug, Error)]
pub enum CatalogError {
    #[error("rule pack {path}: {message}")]
    Pack { path: String, message: String },
    #[error("rule catalogue: {0}")]
    Invalid(String),
}

#[derive(Debug, Error)]
pub enum SelectionError {
    #[error("unknown rule selector `{0}` (see `portfolio-audit rules`)")]
    Unknown(String),
    #[error("--select and --ignore leave no rule to run")]
    Empty,
}
