//! Report: the public JSON contract (schema_version 1) and the renderers.
//! Renderers only render; everything they show is in [`Report`].

pub mod badge;
pub mod escape;
pub mod github;
pub mod html;
pub mod json;
pub mod markdown;
mod model;
pub mod sarif;
pub mod text;

pub use model::{AuditedTarget, Report, SCHEMA_VERSION, build};

/// Output formats of a single audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
    Sarif,
    /// GitHub workflow commands (annotations).
    Github,
    Badge,
    /// A self-contained HTML page.
    Html,
}
