//! GitHub workflow commands: one `::error`/`::warning`/`::notice` line per
//! finding at its [`Severity`](super::model::Severity),
//! the most valuable ten of each level (GitHub shows no more per step), and
//! one `::notice` summing up the rest.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::Report;
use super::model::Finding;
use crate::untrusted::escape::{workflow_data, workflow_property};

/// Annotations GitHub shows per level and step.
const SHOWN_PER_LEVEL: usize = 10;

pub fn render(report: &Report) -> String {
    let mut findings: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.outcome.needs_work())
        .collect();
    findings.sort_by(|a, b| {
        b.points_available
            .total_cmp(&a.points_available)
            .then_with(|| a.rule.cmp(&b.rule))
    });
    let mut out = String::new();
    let mut shown_per_level: BTreeMap<&str, usize> = BTreeMap::new();
    let mut left_out = 0;
    for finding in findings {
        let Some(severity) = finding.severity else {
            continue;
        };
        let command = severity.workflow_command();
        let shown = shown_per_level.entry(command).or_default();
        if *shown >= SHOWN_PER_LEVEL {
            left_out += 1;
            continue;
        }
        *shown += 1;
        let mut properties = Vec::new();
        if let Some(location) = &finding.location {
            properties.push(format!("file={}", workflow_property(&location.path)));
            if let Some(line) = location.line {
                properties.push(format!("line={line}"));
            }
        }
        properties.push(format!(
            "title={}",
            workflow_property(&format!(
                "{} {} (+{:.1} points)",
                finding.rule, finding.name, finding.points_available
            ))
        ));
        let message = format!("{} — {}", finding.message, finding.fix);
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            workflow_data(&message)
        );
    }
    let summary = format!(
        "portfolio-audit: score {:.1}/100, grade {}, verdict {}{}",
        report.score,
        report.grade,
        report.verdict,
        if left_out > 0 {
            format!("; {left_out} more findings in the job summary and the report")
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        out,
        "::notice title=portfolio-audit::{}",
        workflow_data(&summary)
    );
    if let Some(fit) = &report.job_fit {
        let (title, lines) = fit.summary();
        let details: Vec<String> = lines.iter().map(|(l, t)| format!("{l}: {t}")).collect();
        let _ = writeln!(
            out,
            "::notice title=portfolio-audit job fit::{}",
            workflow_data(&format!("{title}. {}", details.join(" · ")))
        );
    }
    if report.target.shallow {
        let _ = writeln!(
            out,
            "::warning title=Shallow clone::{}",
            workflow_data(
                "The checkout is shallow, so the git history rules were skipped. Set `fetch-depth: 0` on actions/checkout."
            )
        );
    }
    out
}
