//! A batch target audited in a confined worker (`crate::confine`): how the
//! worker is started, what it replies, and how its reply becomes the
//! target's line of `results.jsonl` and its two reports.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::store::{self, ResultLine};
use super::{BatchOptions, duplicates, list};
use crate::audit::{AuditOptions, audit_full};
use crate::report::{self, Format, RenderOptions};
use crate::rules::Catalog;
use crate::source;

/// The tool itself, started again as a confined worker for one target.
#[derive(Debug, Clone)]
pub struct WorkerLaunch {
    pub program: PathBuf,
    pub args: Vec<std::ffi::OsString>,
    /// Given to each worker on stdin (a job post read from stdin).
    pub stdin: Option<Vec<u8>>,
    pub memory_bytes: u64,
}

/// What a batch worker sends back for its target.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub enum WorkerReply {
    /// The result line (without its report paths) and the two reports.
    Audited {
        line: Box<ResultLine>,
        json: String,
        html: String,
    },
    Failed(String),
}

/// A batch worker's audit of one prepared target.
pub fn audit_in_worker(
    root: &Path,
    rev: Option<String>,
    catalog: &Catalog,
    options: &AuditOptions,
    threads: usize,
) -> WorkerReply {
    let mut options = options.clone();
    options.rev = options.rev.clone().or(rev);
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(crate::audit::WORKER_STACK_BYTES)
        .build()
    {
        Ok(pool) => pool,
        Err(e) => return WorkerReply::Failed(format!("cannot start worker threads: {e}")),
    };
    let input = root.display().to_string();
    match pool.install(|| audit_full(root, &input, catalog, &options)) {
        Ok(output) => {
            let json = report::render(Format::Json, &output.report, &RenderOptions::default());
            let html = report::render(Format::Html, &output.report, &RenderOptions::default());
            WorkerReply::Audited {
                line: Box::new(result_line("", "", &output)),
                json,
                html,
            }
        }
        Err(err) => WorkerReply::Failed(err.to_string()),
    }
}

/// Writes a target's two reports and names them in its result line.
pub(super) fn with_reports(
    mut line: ResultLine,
    stem: &str,
    json: &str,
    html: &str,
    out: &Path,
) -> Result<ResultLine, String> {
    let report_path = format!("reports/{stem}.json");
    let html_path = format!("reports/{stem}.html");
    std::fs::write(out.join(&report_path), json)
        .and_then(|()| std::fs::write(out.join(&html_path), html))
        .map_err(|err| format!("report not written: {err}"))?;
    line.report = Some(report_path);
    line.html = Some(html_path);
    Ok(line)
}

/// Audits a prepared target in a confined worker, within what is left of
/// its time limit.
pub(super) fn in_worker(
    entry: &list::ListEntry,
    stem: &str,
    prepared: &source::Prepared,
    launch: &WorkerLaunch,
    left: Duration,
    options: &BatchOptions,
    threads: usize,
) -> ResultLine {
    let failed = |reason: String| ResultLine::failed(&entry.label, &entry.target, reason);
    let limit = options.time_limit.as_secs();
    if left.is_zero() {
        return failed(format!("timed out after {limit} s"));
    }
    let read_only = match crate::confine::readable(&prepared.root, true) {
        Ok(paths) => paths,
        Err(err) => return failed(err.to_string()),
    };
    let confinement = crate::confine::Confinement {
        read_only,
        timeout: left,
        memory_bytes: launch.memory_bytes,
    };
    let mut command = std::process::Command::new(&launch.program);
    command.args(&launch.args);
    let request = crate::confine::Request {
        root: prepared.root.clone(),
        rev: prepared.rev.clone(),
        stdout_terminal: false,
        threads: Some(threads),
    };
    let ended =
        match crate::confine::run_worker(&confinement, command, &request, launch.stdin.clone()) {
            Ok(ended) => ended,
            Err(err) => return failed(err),
        };
    let outbox = match ended {
        crate::confine::Ended::Exited {
            code: 0, outbox, ..
        } => outbox,
        crate::confine::Ended::Exited { code, .. } => {
            return failed(format!("the audit worker failed (exit {code})"));
        }
        crate::confine::Ended::TimedOut => return failed(format!("timed out after {limit} s")),
        crate::confine::Ended::Killed(why) => {
            return failed(format!("the audit was stopped by {why}"));
        }
    };
    match serde_json::from_slice::<WorkerReply>(&outbox.stdout) {
        Ok(WorkerReply::Audited { line, json, html }) => {
            let line = ResultLine {
                label: entry.label.clone(),
                target: entry.target.clone(),
                ..*line
            };
            with_reports(line, stem, &json, &html, &options.out).unwrap_or_else(failed)
        }
        Ok(WorkerReply::Failed(reason)) => failed(reason),
        Err(err) => failed(format!("the audit worker's reply was unreadable: {err}")),
    }
}

/// A finished audit as its line of `results.jsonl` (report paths unset).
pub(super) fn result_line(
    label: &str,
    target: &str,
    output: &crate::audit::AuditOutput,
) -> ResultLine {
    let r = &output.report;
    ResultLine {
        label: label.to_string(),
        target: target.to_string(),
        status: "ok".into(),
        error: None,
        score: Some(r.score),
        grade: Some(r.grade.clone()),
        verdict: Some(r.verdict.to_string()),
        verdict_note: r.verdict_note.clone(),
        categories: r
            .categories
            .iter()
            .map(|c| (c.id.clone(), c.score))
            .collect(),
        top_fixes: r.top_fixes.iter().take(3).cloned().collect(),
        commit: r.target.commit.clone(),
        report: None,
        html: None,
        fingerprint: duplicates::Fingerprint::of(&output.facts),
        skills: r.facts.skills.clone(),
        job: r.job_fit.as_ref().map(|fit| store::JobLine {
            score: fit.score,
            asks: fit
                .matched
                .iter()
                .map(|m| store::JobAsk {
                    skill: m.name.clone(),
                    required: m.required,
                    shown: true,
                    checkable: true,
                })
                .chain(fit.missing.iter().map(|m| store::JobAsk {
                    skill: m.name.clone(),
                    required: m.required,
                    shown: false,
                    checkable: true,
                }))
                .chain(fit.unchecked.iter().map(|a| store::JobAsk {
                    skill: a.name.clone(),
                    required: a.required,
                    shown: false,
                    checkable: false,
                }))
                .collect(),
        }),
    }
}
