//! GitHub-flavoured Markdown, for job summaries and pull requests: score,
//! grade and verdict first, a category table, failing findings with their
//! evidence as links, passes folded away. Repository text is escaped.

use crate::rules::OutcomeKind;
use crate::score::Verdict;
use std::fmt::Write;

use super::Report;
use super::model::Finding;
use crate::untrusted::escape::{markdown as md, markdown_with_code as md_code};

/// Evidence lines per finding in the summary.
const EVIDENCE_SHOWN: usize = 5;

/// `link_base` (e.g. `https://github.com/o/r/blob/<sha>/`) turns evidence
/// paths into links; without it they are shown as plain text.
pub fn render(report: &Report, link_base: Option<&str>) -> String {
    let mut out = String::new();
    let icon = match report.verdict {
        Verdict::Strong => "🟢",
        Verdict::Fair => "🟡",
        Verdict::Weak => "🔴",
    };
    let _ = writeln!(
        out,
        "## {icon} portfolio-audit: {}\n",
        md(&report.target.name)
    );
    let _ = writeln!(
        out,
        "**Score {:.1}/100 · Grade {} · Verdict {}** ({}){}\n",
        report.score,
        report.grade,
        report.verdict,
        report.project_kind,
        match report.min_score {
            Some(min) if report.passed => format!(" · passes the bar of {min}"),
            Some(min) => format!(" · **below the bar of {min}**"),
            None => String::new(),
        }
    );
    if let Some(note) = &report.verdict_note {
        let _ = writeln!(out, "_{}_\n", md_code(note));
    }
    let _ = writeln!(
        out,
        "**Scope:** {}\n",
        md(&super::impression::scope_line(&report.facts.scope))
    );
    let _ = writeln!(out, "{}\n", md(&report.first_impression));
    if let Some(fit) = &report.job_fit {
        let (title, lines) = fit.summary();
        let _ = writeln!(out, "**{}**\n", md(&title));
        for (label, text) in lines {
            let _ = writeln!(out, "- {label}: {}", md_code(&text));
        }
        out.push('\n');
    }
    out.push_str("| category | score | weight |\n|---|---:|---:|\n");
    for category in &report.categories {
        let score = category
            .score
            .map_or("not assessed".to_string(), |s| format!("{s:.0}"));
        let _ = writeln!(
            out,
            "| {} | {score} | {} |",
            md(&category.name),
            category.weight
        );
    }
    let failing: Vec<&Finding> = report
        .top_fixes
        .iter()
        .filter_map(|id| report.findings.iter().find(|f| &f.rule == id))
        .collect();
    if !failing.is_empty() {
        out.push_str("\n### Fixes, most important first\n\n");
        for finding in failing {
            let mark = if finding.outcome == OutcomeKind::Fail {
                "❌"
            } else {
                "⚠️"
            };
            let _ = writeln!(
                out,
                "- {mark} **{} {}** (+{:.1} points): {}",
                finding.rule,
                finding.name,
                finding.points_available,
                md_code(&finding.message)
            );
            for evidence in finding.evidence.iter().take(EVIDENCE_SHOWN) {
                let _ = writeln!(out, "  - {}", evidence_line(evidence, link_base));
            }
            let hidden = finding.evidence_hidden(EVIDENCE_SHOWN);
            if hidden > 0 {
                let _ = writeln!(out, "  - and {hidden} more");
            }
            let _ = writeln!(out, "  - _Fix:_ {}", md_code(&finding.fix));
        }
    }
    let passes: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| !report.top_fixes.contains(&f.rule))
        .collect();
    if !passes.is_empty() {
        let _ = writeln!(
            out,
            "\n<details><summary>{} other rules (passed, not applicable, exempt, or fixed by a fix above)</summary>\n",
            passes.len()
        );
        for finding in passes {
            let _ = writeln!(
                out,
                "- `{}` {} — {}: {}",
                finding.rule,
                finding.name,
                finding.outcome,
                md_code(&finding.message)
            );
        }
        out.push_str("\n</details>\n");
    }
    out
}

fn evidence_line(evidence: &crate::facts::Location, link_base: Option<&str>) -> String {
    let note = md_code(&evidence.note);
    if evidence.path.is_empty() {
        return note;
    }
    let place = match evidence.line {
        Some(line) => format!("{}:{line}", evidence.path),
        None => evidence.path.clone(),
    };
    match link_base {
        Some(base) => {
            let anchor = evidence.line.map(|l| format!("#L{l}")).unwrap_or_default();
            let url = format!(
                "{base}{}{anchor}",
                crate::untrusted::escape::url_path(&evidence.path)
            );
            format!("[{}]({url}) {note}", md(&place))
        }
        None => format!("{} {note}", md(&place)),
    }
}
