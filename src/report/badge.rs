//! An SVG badge: "portfolio | 82 B", coloured by verdict.

use super::Report;
use crate::score::Verdict;

pub fn render(report: &Report) -> String {
    let label = "portfolio";
    let value = format!("{:.0} {}", report.score, report.grade);
    let colour = match report.verdict {
        Verdict::Strong => "#2ea44f",
        Verdict::Fair => "#dfb317",
        Verdict::Weak => "#e05d44",
    };
    // Verdana 11px averages about 7 px per character.
    let width = |text: &str| 10 + 7 * text.chars().count();
    let (left, right) = (width(label), width(&value));
    let total = left + right;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" aria-label="{label}: {value}">
<title>{label}: {value} ({verdict})</title>
<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
<clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>
<g clip-path="url(#r)"><rect width="{left}" height="20" fill="#555"/><rect x="{left}" width="{right}" height="20" fill="{colour}"/><rect width="{total}" height="20" fill="url(#s)"/></g>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="{lx}" y="14">{label}</text><text x="{rx}" y="14">{value}</text>
</g>
</svg>
"##,
        verdict = report.verdict,
        lx = left / 2,
        rx = left + right / 2,
    )
}
