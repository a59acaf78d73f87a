//! Report: the public JSON contract (schema_version 1) and the renderers.
//! Renderers only render; everything they show is in [`Report`].

pub mod badge;
pub mod catalog_docs;
pub mod github;
pub mod html;
pub mod impression;
pub mod json;
pub mod markdown;
mod model;
pub mod sarif;
pub mod text;
pub mod wrap;

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

/// How a report is drawn, beyond its format.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// ANSI colour in the text format.
    pub color: bool,
    /// Columns the text format wraps prose to (0: [`wrap::terminal_width`]).
    pub width: usize,
    /// The text format lists only rules with something to fix.
    pub failures_only: bool,
    /// The text format gives the verdict, the first impression and the top
    /// fixes only (a failing pre-commit hook's few lines).
    pub summary_only: bool,
    /// Where Markdown links to the repository's files (a GitHub blob URL).
    pub link_base: Option<String>,
}

/// The one way to draw a report: everything shown comes from `report`.
pub fn render(format: Format, report: &Report, options: &RenderOptions) -> String {
    match format {
        Format::Json => json::render(report),
        Format::Text => text::render(report, options),
        Format::Markdown => markdown::render(report, options.link_base.as_deref()),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
        Format::Badge => badge::render(report),
        Format::Html => html::render(report),
    }
}
