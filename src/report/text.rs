//! The terminal report: score, grade and verdict first, then each category
//! with its rules and evidence, then the fixes worth most points.
//!
//! Every string that comes from the audited repository passes through
//! [`clean`], so a hostile README or file name cannot drive the terminal.

use crate::rules::OutcomeKind;
use crate::score::Verdict;
use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::Report;
use super::model::{Finding, Severity};
use super::wrap::wrap;
use crate::untrusted::escape::terminal as clean;
use unicode_width::UnicodeWidthStr;

/// Fixes listed at the end of the report.
const TOP_FIXES: usize = 5;
/// Evidence lines shown under a finding.
const EVIDENCE_LINES: usize = 3;

struct Palette {
    bold: Style,
    dim: Style,
    pass: Style,
    fail: Style,
    partial: Style,
}

impl Palette {
    fn new(color: bool) -> Self {
        let fg = |c: AnsiColor| {
            if color {
                Style::new().fg_color(Some(c.into()))
            } else {
                Style::new()
            }
        };
        Palette {
            bold: if color {
                Style::new().bold()
            } else {
                Style::new()
            },
            dim: if color {
                Style::new().dimmed()
            } else {
                Style::new()
            },
            pass: fg(AnsiColor::Green),
            fail: fg(AnsiColor::Red),
            partial: fg(AnsiColor::Yellow),
        }
    }
}

pub fn render(report: &Report, options: &super::RenderOptions) -> String {
    let p = Palette::new(options.color);
    let width = match options.width {
        0 => super::wrap::terminal_width(),
        width => width,
    };
    let mut hidden = 0;
    let mut out = String::new();
    let commit = report
        .target
        .commit
        .as_deref()
        .map(|c| format!(" @ {}", &c[..c.len().min(12)]))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{}{}{}{commit}",
        p.bold,
        clean(&report.target.name),
        p.bold.render_reset()
    );
    let verdict_style = match report.verdict {
        Verdict::Strong => p.pass,
        Verdict::Fair => p.partial,
        Verdict::Weak => p.fail,
    };
    let _ = writeln!(
        out,
        "Score {}{:.1}/100{}  Grade {}{}{}  Verdict {}{}{}  ({})",
        p.bold,
        report.score,
        p.bold.render_reset(),
        p.bold,
        report.grade,
        p.bold.render_reset(),
        verdict_style,
        report.verdict.as_str().to_uppercase(),
        verdict_style.render_reset(),
        report.project_kind,
    );
    if let Some(note) = &report.verdict_note {
        let _ = writeln!(out, "{}{note}{}", p.dim, p.dim.render_reset());
    }
    let _ = writeln!(
        out,
        "Scope   {}",
        hang(
            &super::impression::scope_line(&report.facts.scope),
            width,
            8
        )
    );
    let _ = writeln!(out, "\n{}", wrap(&report.first_impression, width, ""));
    if !report.facts.skills.is_empty() {
        let mut skills = report.facts.skills.join(", ");
        if !report.facts.declared_skills.is_empty() {
            skills.push_str(&format!(
                " (declared, not used: {})",
                report.facts.declared_skills.join(", ")
            ));
        }
        let _ = writeln!(out, "Skills  {}", hang(&skills, width, 8));
    }
    if !report.roles.is_empty() {
        let roles: Vec<String> = report
            .roles
            .iter()
            .take(3)
            .map(|r| format!("{} {:.2}", r.role, r.fit))
            .collect();
        let _ = writeln!(out, "Roles   {}", hang(&roles.join(" · "), width, 8));
    }
    if let Some(fit) = &report.job_fit {
        let (title, lines) = fit.summary();
        let _ = writeln!(
            out,
            "\n{}{}{}",
            p.bold,
            clean(&title),
            p.bold.render_reset()
        );
        for (label, text) in lines {
            // The label is part of the first line's width.
            let line = format!("{label}: {}", clean(&text));
            let _ = writeln!(out, "  {}", hang(&line, width, 4));
        }
    }
    if options.summary_only {
        render_fixes(&mut out, report, &p, width);
        let _ = writeln!(
            out,
            "\n{}Every rule and its evidence: portfolio-audit --show all{}",
            p.dim,
            p.dim.render_reset()
        );
        return out;
    }
    for category in &report.categories {
        let findings: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.category == category.id)
            .collect();
        if findings.is_empty() && category.score.is_none() {
            continue;
        }
        let _ = writeln!(out);
        let score = category
            .score
            .map_or("  –".to_string(), |s| format!("{s:>3.0}"));
        let _ = writeln!(
            out,
            "{}{:<20}{} {score}  {}  {}weight {}{}",
            p.bold,
            category.name,
            p.bold.render_reset(),
            bar(category.score),
            p.dim,
            category.weight,
            p.dim.render_reset()
        );
        for finding in findings {
            if options.failures_only && !finding.outcome.needs_work() {
                hidden += 1;
                continue;
            }
            render_finding(&mut out, finding, &p, width);
        }
    }
    if hidden > 0 {
        let _ = writeln!(
            out,
            "\n{}{hidden} passing or not applicable rules hidden (--show all lists them){}",
            p.dim,
            p.dim.render_reset()
        );
    }
    render_fixes(&mut out, report, &p, width);
    render_exemption_hint(&mut out, report, &p, width);
    if !report.warnings.is_empty() {
        let count = if report.warnings.len() == 1 {
            "1 warning".to_string()
        } else {
            format!("{} warnings", report.warnings.len())
        };
        let _ = writeln!(out, "\n{}{count}{}", p.dim, p.dim.render_reset());
        for warning in report.warnings.iter().take(EVIDENCE_LINES * 2) {
            let _ = writeln!(out, "  {}", hang(&clean(warning), width, 2));
        }
        if report.warnings.len() > EVIDENCE_LINES * 2 {
            let _ = writeln!(out, "  … see --format json for all of them");
        }
    }
    out
}

fn render_finding(out: &mut String, finding: &Finding, p: &Palette, width: usize) {
    let (mark, style) = match finding.outcome {
        OutcomeKind::Pass => ("✔", p.pass),
        OutcomeKind::Fail => ("✖", p.fail),
        OutcomeKind::Partial => ("◐", p.partial),
        OutcomeKind::Exempt => ("⊘", p.dim),
        OutcomeKind::NotApplicable => ("–", p.dim),
    };
    let head = format!(" {} {:<36} ", finding.rule, finding.name);
    // The message hangs beside the rule, or sits below it in a narrow terminal.
    let message = clean(&finding.message);
    let beside = 3 + head.width();
    let message = if width >= beside + 24 {
        hang(&message, width, beside)
    } else {
        format!("\n{}", wrap(&message, width, "      ").trim_end())
    };
    let _ = writeln!(
        out,
        "  {style}{mark}{}{head}{message}",
        style.render_reset()
    );
    if finding.outcome.needs_work() {
        let mut lines: Vec<(String, String)> = finding
            .evidence
            .iter()
            .take(EVIDENCE_LINES)
            .map(|evidence| {
                let place = match (evidence.path.as_str(), evidence.line) {
                    ("", _) => String::new(),
                    (path, Some(line)) => format!("{}:{line}  ", clean(path)),
                    (path, None) => format!("{}  ", clean(path)),
                };
                (place, clean(&evidence.note))
            })
            .collect();
        let hidden = finding.evidence_hidden(EVIDENCE_LINES);
        if hidden > 0 {
            lines.push((String::new(), format!("and {hidden} more")));
        }
        for (place, note) in lines {
            let _ = writeln!(
                out,
                "      {}→ {place}{}{}",
                p.dim,
                hang(&note, width, 8 + place.width()),
                p.dim.render_reset()
            );
        }
    }
}

/// `text` wrapped to `width` after a first line that starts at column
/// `indent`, its following lines indented to that column.
fn hang(text: &str, width: usize, indent: usize) -> String {
    let wrapped = wrap(text, width, &" ".repeat(indent));
    wrapped.trim_start().trim_end().to_string()
}

fn render_fixes(out: &mut String, report: &Report, p: &Palette, width: usize) {
    let fixes: Vec<&Finding> = report
        .top_fixes
        .iter()
        .filter_map(|id| report.findings.iter().find(|f| &f.rule == id))
        .collect();
    if fixes.is_empty() {
        return;
    }
    let heading = match &report.role {
        Some(role) => format!("Top fixes for a {role} role"),
        None => "Top fixes".to_string(),
    };
    let _ = writeln!(out, "\n{}{heading}{}", p.bold, p.bold.render_reset());
    for (rank, finding) in fixes.iter().take(TOP_FIXES).enumerate() {
        let place = finding
            .evidence
            .iter()
            .find(|e| !e.path.is_empty())
            .map(|e| match e.line {
                Some(line) => format!("  ({}:{line})", clean(&e.path)),
                None => format!("  ({})", clean(&e.path)),
            })
            .unwrap_or_default();
        let head = format!(
            " {}. +{:.1} {} {}",
            rank + 1,
            finding.points_available,
            finding.rule,
            finding.name
        );
        // The file goes on its own line when it does not fit beside the rule.
        let place = if head.width() + place.width() > width {
            format!("\n      {}", place.trim_start())
        } else {
            place
        };
        let _ = writeln!(
            out,
            " {}. {}+{:.1}{} {} {}{place}",
            rank + 1,
            p.pass,
            finding.points_available,
            p.pass.render_reset(),
            finding.rule,
            finding.name,
        );
        out.push_str(&wrap(&clean(&finding.fix), width, "      "));
    }
}

/// How an owner exempts a rule that does not fit their project. The example
/// is never the top fix nor an error (a committed secret, a missing README):
/// those are to be fixed, not exempted.
fn render_exemption_hint(out: &mut String, report: &Report, p: &Palette, width: usize) {
    let is_error = |id: &String| {
        report
            .findings
            .iter()
            .any(|f| &f.rule == id && f.severity == Some(Severity::Error))
    };
    if report.top_fixes.is_empty() {
        return;
    }
    let rule = report
        .top_fixes
        .iter()
        .skip(1)
        .rev()
        .find(|id| !is_error(id))
        .map_or("RULE", String::as_str);
    let _ = writeln!(
        out,
        "\n{}{}{}",
        p.dim,
        wrap(
            "A rule that does not fit this project can be exempted, with a reason, in pyproject.toml:",
            width,
            ""
        )
        .trim_end(),
        p.dim.render_reset()
    );
    let _ = writeln!(
        out,
        "  [tool.portfolio-audit.exempt]\n  {rule} = \"why this rule does not apply here\""
    );
}

fn bar(score: Option<f64>) -> String {
    const WIDTH: usize = 20;
    match score {
        None => format!("{:<WIDTH$}", "not assessed"),
        Some(score) => {
            let filled = ((score / 100.0) * WIDTH as f64).round() as usize;
            format!(
                "{}{}",
                "█".repeat(filled.min(WIDTH)),
                "░".repeat(WIDTH - filled.min(WIDTH))
            )
        }
    }
}
