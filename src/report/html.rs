//! A self-contained HTML page for one report (no network, no scripts).
//! Every piece of repository-supplied text is escaped.

use std::fmt::Write;

use super::Report;
use super::model::Finding;
use crate::rules::OutcomeKind;
use crate::untrusted::escape::{html as h, html_with_code as hc};

pub const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}\
h1{font-size:1.6em}table{border-collapse:collapse;width:100%}td,th{padding:.3em .5em;border-bottom:1px solid #ddd;text-align:left}\
.bar{background:#eee;height:.7em;width:10em;display:inline-block}.bar>i{display:block;height:100%;background:#2ea44f}\
.strong{color:#1a7f37}.fair{color:#9a6700}.weak{color:#cf222e}.muted{color:#666}code{background:#f4f4f4;padding:0 .2em}\
ul.evidence{margin:.2em 0 .6em;color:#444}";

/// The category scores as an inline SVG bar chart, drawn here (no script,
/// no request): one bar per category, its name and score in a tooltip,
/// grey where a category was not assessed.
pub fn category_chart(scores: &[(&str, Option<f64>)], height: u32) -> String {
    const BAR: u32 = 12;
    const GAP: u32 = 4;
    let width = (BAR + GAP) * scores.len() as u32;
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\"><title>category scores</title>"
    );
    for (index, (name, score)) in scores.iter().enumerate() {
        let x = index as u32 * (BAR + GAP);
        let (fill, value, label) = match score {
            Some(s) => {
                let s = s.clamp(0.0, 100.0);
                let fill = if s >= 75.0 {
                    "#2ea44f"
                } else if s >= 50.0 {
                    "#d4a72c"
                } else {
                    "#cf222e"
                };
                (fill, s, format!("{s:.0}"))
            }
            None => ("#ccc", 100.0, "not assessed".to_string()),
        };
        let bar = (f64::from(height) * value / 100.0).max(1.0);
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{:.1}\" width=\"{BAR}\" height=\"{bar:.1}\" fill=\"{fill}\"><title>{}: {label}</title></rect>",
            f64::from(height) - bar,
            h(name)
        );
    }
    svg.push_str("</svg>");
    svg
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<title>{name}: portfolio-audit</title><style>{STYLE}</style></head><body>\n",
        name = h(&report.target.name)
    );
    let _ = writeln!(
        out,
        "<h1>{}</h1>\n<p><strong>Score {:.1}/100 · Grade {} · <span class=\"{verdict}\">{verdict}</span></strong> <span class=\"muted\">({}{})</span></p>",
        h(&report.target.name),
        report.score,
        h(&report.grade),
        report.project_kind,
        report
            .target
            .commit
            .as_deref()
            .map(|c| format!(" @ {}", h(&c[..c.len().min(12)])))
            .unwrap_or_default(),
        verdict = report.verdict,
    );
    if let Some(note) = &report.verdict_note {
        let _ = writeln!(out, "<p class=\"muted\"><em>{}</em></p>", hc(note));
    }
    let scores: Vec<(&str, Option<f64>)> = report
        .categories
        .iter()
        .map(|c| (c.name.as_str(), c.score))
        .collect();
    let _ = writeln!(out, "<p>{}</p>", category_chart(&scores, 48));
    let _ = writeln!(
        out,
        "<p><strong>Scope:</strong> {}</p>",
        h(&super::impression::scope_line(&report.facts.scope))
    );
    let _ = writeln!(out, "<p>{}</p>", h(&report.first_impression));
    if let Some(fit) = &report.job_fit {
        let (title, lines) = fit.summary();
        let _ = writeln!(out, "<section class=\"job-fit\"><h2>{}</h2><ul>", h(&title));
        for (label, text) in lines {
            let _ = writeln!(out, "<li><b>{}</b>: {}</li>", h(label), hc(&text));
        }
        out.push_str("</ul></section>\n");
    }
    out.push_str("<table><tr><th>category</th><th>score</th><th></th></tr>\n");
    for category in &report.categories {
        let (score, width) = match category.score {
            Some(s) => (format!("{s:.0}"), s),
            None => ("not assessed".into(), 0.0),
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{score}</td><td><span class=\"bar\"><i style=\"width:{width:.0}%\"></i></span></td></tr>",
            h(&category.name)
        );
    }
    out.push_str("</table>\n");
    // Grouped by outcome, what to fix first (in the report's fix order).
    let ranked = |f: &&Finding| report.top_fixes.iter().position(|id| id == &f.rule);
    let mut to_fix: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.outcome.needs_work())
        .collect();
    to_fix.sort_by_key(|f| (ranked(f).is_none(), ranked(f)));
    let groups = [
        ("To fix", to_fix),
        ("Passing", with_outcome(report, &[OutcomeKind::Pass])),
        (
            "Not applicable or exempt",
            with_outcome(report, &[OutcomeKind::NotApplicable, OutcomeKind::Exempt]),
        ),
    ];
    for (title, findings) in groups {
        if findings.is_empty() {
            continue;
        }
        let _ = writeln!(out, "<h2>{title} ({})</h2>\n<ul>", findings.len());
        for finding in findings {
            render_finding(&mut out, finding);
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body></html>\n");
    out
}

fn with_outcome<'a>(report: &'a Report, outcomes: &[OutcomeKind]) -> Vec<&'a Finding> {
    report
        .findings
        .iter()
        .filter(|f| outcomes.contains(&f.outcome))
        .collect()
}

fn render_finding(out: &mut String, finding: &Finding) {
    // What a fix is worth, as the text and Markdown reports say it.
    let points = if finding.outcome.needs_work() && finding.points_available > 0.0 {
        format!(" (+{:.1} points)", finding.points_available)
    } else {
        String::new()
    };
    let _ = write!(
        out,
        "<li><code>{}</code> {} — <strong>{}</strong>{points}: {}",
        h(&finding.rule),
        h(&finding.name),
        finding.outcome,
        hc(&finding.message)
    );
    if finding.outcome.needs_work() {
        out.push_str("<ul class=\"evidence\">");
        for evidence in &finding.evidence {
            let place = match evidence.line {
                Some(line) => format!("{}:{line}", evidence.path),
                None => evidence.path.clone(),
            };
            let _ = write!(
                out,
                "<li><code>{}</code> {}</li>",
                h(&place),
                hc(&evidence.note)
            );
        }
        if finding.evidence_omitted > 0 {
            let _ = write!(
                out,
                "<li class=\"muted\">and {} more</li>",
                finding.evidence_omitted
            );
        }
        let _ = write!(
            out,
            "<li class=\"muted\">Fix: {}</li></ul>",
            hc(&finding.fix)
        );
    }
    out.push_str("</li>\n");
}
