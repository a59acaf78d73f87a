//! One resolved plan per audit, as ripgrep turns its low-level arguments
//! into high-level ones: every flag is checked and every terminal and
//! environment decision made here, once, before anything is cloned or read.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Result, bail};

use portfolio_audit::report::{self, Format};
use portfolio_audit::source::{self, Target};

use super::actions::GithubActions;
use super::shared::Judging;
use super::{Args, ColorChoice, Show};

/// What `portfolio-audit TARGET` will do, decided.
pub struct AuditPlan {
    pub judging: Judging,
    pub target: Target,
    /// The target as messages show it: any password removed.
    pub input: String,
    pub git_ref: Option<String>,
    pub threads: Option<usize>,
    pub min_score: Option<f64>,
    pub no_exemptions: bool,
    pub clone_timeout: Duration,
    pub timeout: Duration,
    /// A clone's progress bar and the audit's spinner (a URL, on a
    /// terminal, not `--quiet`).
    pub progress: bool,
    pub timings: bool,
    pub format: Format,
    pub render: report::RenderOptions,
    /// Where the report goes instead of stdout.
    pub output: Option<PathBuf>,
    /// Extra files: (path, format) for `--sarif`, `--summary`, `--badge`.
    pub extra_files: Vec<(PathBuf, Format)>,
    pub actions: Option<GithubActions>,
}

/// Checks every flag of an audit and decides what it prints where.
pub fn resolve(args: &Args) -> Result<AuditPlan> {
    let judging = args.judging.resolve()?;
    if let Some(min) = args.min_score.filter(|min| !(0.0..=100.0).contains(min)) {
        bail!("--min-score must be between 0 and 100, not {min}");
    }
    if args.threads == Some(0) {
        bail!("--threads must be at least 1");
    }
    if args.clone_timeout == 0 {
        bail!("--clone-timeout must be at least 1");
    }
    if args.timeout == 0 {
        bail!("--timeout must be at least 1");
    }
    let target = Target::parse(&args.target)?;
    let remote = matches!(target, Target::Url { .. });
    let actions = GithubActions::from_env();
    let stdout_terminal = super::stdout_is_terminal();
    let render = report::RenderOptions {
        color: use_color(args.color, args.output.is_none() && stdout_terminal),
        width: report::wrap::terminal_width(),
        failures_only: match args.show {
            Some(show) => show == Show::Failures,
            None => args.output.is_none() && stdout_terminal,
        },
        summary_only: args.show == Some(Show::Summary),
        link_base: actions.as_ref().and_then(GithubActions::link_base),
    };
    let extra_files = [
        (&args.sarif, Format::Sarif),
        (&args.summary, Format::Markdown),
        (&args.badge, Format::Badge),
    ]
    .into_iter()
    .filter_map(|(path, format)| path.clone().map(|path| (path, format)))
    .collect();
    Ok(AuditPlan {
        judging,
        input: source::redact(&args.target),
        target,
        git_ref: args.git_ref.clone(),
        threads: args.threads,
        min_score: args.min_score,
        no_exemptions: args.no_exemptions,
        clone_timeout: Duration::from_secs(args.clone_timeout),
        timeout: Duration::from_secs(args.timeout),
        progress: remote && !args.quiet && std::io::stderr().is_terminal(),
        timings: args.timings,
        format: args.format,
        render,
        output: args.output.clone(),
        extra_files,
        actions,
    })
}

/// `--color`, where `auto` colours only a terminal that asks for it.
fn use_color(choice: ColorChoice, to_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_terminal
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}
