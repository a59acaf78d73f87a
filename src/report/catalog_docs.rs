//! Rule documentation generated from the catalogue: `portfolio-audit rules`
//! (table, JSON, Markdown) and `portfolio-audit explain ID`.

use std::fmt::Write;

use serde::Serialize;

use crate::catalog::RuleMeta;
use crate::report::wrap::wrap;
use crate::rules::Catalog;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
    Markdown,
    /// The README's scoring and rules sections.
    Readme,
}

/// `width`: the columns the table wraps its summaries to.
pub fn render(catalog: &Catalog, format: RulesFormat, width: usize) -> String {
    match format {
        RulesFormat::Table => table(catalog, width),
        RulesFormat::Json => json(catalog),
        RulesFormat::Markdown => markdown(catalog),
        RulesFormat::Readme => readme(catalog),
    }
}

/// The scoring rules in one sentence each, from the catalogue.
fn scoring_prose(catalog: &Catalog) -> String {
    let weights: Vec<String> = catalog
        .categories
        .iter()
        .map(|c| format!("{} {}", c.id, c.weight))
        .collect();
    let band = |low: f64, high: f64| -> Vec<String> {
        catalog
            .scoring
            .grade
            .iter()
            .filter(|g| g.min >= low && g.min < high)
            .map(|g| format!("{} from {}", g.letter, g.min))
            .collect()
    };
    let s = &catalog.scoring;
    let condition = |c: &crate::catalog::VerdictCap| {
        let mut text = c
            .when
            .iter()
            .map(|w| match w.strip_prefix("scope:") {
                Some(size) => format!("a {size} project"),
                None => format!("{w} failing"),
            })
            .collect::<Vec<_>>()
            .join(" and ");
        if !c.unless.is_empty() {
            let _ = write!(text, " (unless {})", c.unless.join(", "));
        }
        if let Some(flaw) = &c.flaw {
            let _ = write!(text, " [flaw: {flaw}]");
        }
        text
    };
    let caps_at = |verdict: crate::score::Verdict| -> Vec<String> {
        s.cap
            .iter()
            .filter(|c| c.verdict == verdict)
            .map(condition)
            .collect()
    };
    let fair_caps = caps_at(crate::score::Verdict::Fair);
    let weak_caps = caps_at(crate::score::Verdict::Weak);
    let mut text = format!(
        "Each rule has a weight from 1 (nice to have) to 3 (essential) and an outcome: \
         pass (1), partial (a fraction), fail (0) or not applicable. A category's score is \
         the weighted share earned by its applicable rules; the total weighs the categories \
         ({}), leaving out categories with no applicable rule. Grade and verdict are one \
         scale: **strong** from {} (grades {}), **fair** from {} (grades {}), **weak** below (F).",
        weights.join(", "),
        s.strong,
        band(s.strong, f64::INFINITY).join(", "),
        s.fair,
        band(s.fair, s.strong).join(", "),
    );
    if !fair_caps.is_empty() {
        let _ = write!(
            text,
            " Strong needs every must-have: the verdict is at most fair with {}.",
            fair_caps.join("; ")
        );
    }
    if !weak_caps.is_empty() {
        let f = &s.flaws_for_weak;
        let _ = write!(
            text,
            " It is weak with {}; and when flaws add up: {} in a small project, {} in a \
             moderate one, {} in a substantial one. A capped verdict caps the grade too.",
            weak_caps.join("; "),
            f.small,
            f.moderate,
            f.substantial
        );
    }
    text.push_str(
        " Every finding carries `points_available`: what the total gains if it passes, \
         counting the rules that only apply once it does (tests to run in CI); a failure that \
         follows from another (no README, no tests) names it in `caused_by` and its gain is \
         counted in that one fix.",
    );
    if !s.fix_first.is_empty() {
        let _ = write!(
            text,
            " Fixes are listed by what they do for the verdict: those that alone lift it a \
             step first, then {}, then those that hold a cap, then by points.",
            s.fix_first.join(" and ")
        );
    }
    text
}

fn rules_in<'a>(catalog: &'a Catalog, category: &'a str) -> impl Iterator<Item = &'a RuleMeta> {
    catalog.rules.iter().filter(move |r| r.category == category)
}

/// The README's generated block: scoring and the rule table.
fn readme(catalog: &Catalog) -> String {
    let mut out = String::from("### Scoring\n\n");
    // Wrapped, so the README's source reads well in a diff.
    out.push_str(crate::report::wrap::wrap(&scoring_prose(catalog), 78, "").trim_end());
    out.push_str("\n\n### Rules\n\n| category | rules |\n|---|---|\n");
    for category in &catalog.categories {
        let rules: Vec<String> = rules_in(catalog, &category.id)
            .map(|r| format!("{} {}", r.id, r.name))
            .collect();
        let _ = writeln!(out, "| {} | {} |", category.id, rules.join(" · "));
    }
    out
}

fn table(catalog: &Catalog, width: usize) -> String {
    let name_width = catalog
        .rules
        .iter()
        .map(|r| r.name.len())
        .max()
        .unwrap_or(4);
    // The summary column starts after id, name, category and weight.
    let summary_at = 7 + 1 + name_width + 1 + 12 + 1 + 6 + 2;
    let mut out = format!(
        "{:<7} {:<name_width$} {:<12} {:>6}  {}\n",
        "ID", "NAME", "CATEGORY", "WEIGHT", "SUMMARY"
    );
    // Too narrow for a summary column (80 columns, the longest names): each
    // summary goes under its rule instead.
    if width < summary_at + 30 {
        return stacked_table(catalog, width, name_width);
    }
    let indent = " ".repeat(summary_at);
    for rule in &catalog.rules {
        let summary = wrap(&rule.summary, width, &indent);
        let _ = write!(
            out,
            "{:<7} {:<name_width$} {:<12} {:>6}  {}",
            rule.id,
            rule.name,
            rule.category,
            rule.weight,
            summary.trim_start()
        );
    }
    out
}

/// The table with each summary wrapped under its rule's line.
fn stacked_table(catalog: &Catalog, width: usize, name_width: usize) -> String {
    let mut out = format!(
        "{:<7} {:<name_width$} {:<12} {:>6}\n",
        "ID", "NAME", "CATEGORY", "WEIGHT"
    );
    for rule in &catalog.rules {
        let _ = writeln!(
            out,
            "{:<7} {:<name_width$} {:<12} {:>6}",
            rule.id, rule.name, rule.category, rule.weight
        );
        out.push_str(&wrap(&rule.summary, width, "        "));
    }
    out
}

#[derive(Serialize)]
struct RulesDocument<'a> {
    rules_version: String,
    categories: &'a [crate::catalog::CategoryMeta],
    rules: &'a [RuleMeta],
    topics: &'a [crate::facts::originality::Topic],
    templates: &'a [crate::facts::templates::Template],
    skills: &'a [crate::facts::skills::Skill],
    roles: &'a [crate::fit::roles::Role],
}

fn json(catalog: &Catalog) -> String {
    let document = RulesDocument {
        rules_version: catalog.version(),
        categories: &catalog.categories,
        rules: &catalog.rules,
        topics: &catalog.topics,
        templates: &catalog.templates,
        skills: &catalog.skills,
        roles: &catalog.roles,
    };
    let mut out = serde_json::to_string_pretty(&document).expect("catalogue serialises");
    out.push('\n');
    out
}

fn markdown(catalog: &Catalog) -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated by `portfolio-audit rules --format markdown`; do not edit by hand. -->\n\n",
    );
    let _ = writeln!(
        out,
        "{}\n",
        crate::report::wrap::wrap(&scoring_prose(catalog), 78, "").trim_end()
    );
    out.push_str("| category | weight | rules |\n|---|---:|---|\n");
    for category in &catalog.categories {
        let ids: Vec<String> = rules_in(catalog, &category.id)
            .map(|r| format!("[{}](#{})", r.id, r.id.to_ascii_lowercase()))
            .collect();
        let ids = if ids.is_empty() {
            "not built yet".to_string()
        } else {
            ids.join(" ")
        };
        let _ = writeln!(out, "| {} | {} | {} |", category.name, category.weight, ids);
    }
    for rule in &catalog.rules {
        let _ = write!(
            out,
            "\n## {}\n\n`{}` · {} · weight {}\n\n",
            rule.id, rule.name, rule.category, rule.weight
        );
        let _ = write!(
            out,
            "{}\n\n**Why it matters.** {}\n\n**How to fix.** {}\n",
            rule.summary, rule.rationale, rule.fix
        );
        if !rule.thresholds.is_empty() {
            let thresholds: Vec<String> = rule
                .thresholds
                .iter()
                .map(|(k, v)| format!("`{k}` = {v}"))
                .collect();
            let _ = write!(out, "\n**Thresholds.** {}\n", thresholds.join(", "));
        }
    }
    out
}

/// `portfolio-audit explain ID`.
pub fn explain(rule: &RuleMeta, width: usize) -> String {
    let mut out = format!(
        "{} {}  ({}, weight {})\n\n{}",
        rule.id,
        rule.name,
        rule.category,
        rule.weight,
        wrap(&rule.summary, width, "")
    );
    let _ = write!(
        out,
        "\nWhy it matters\n{}\nHow to fix\n{}",
        wrap(&rule.rationale, width, "  "),
        wrap(&rule.fix, width, "  ")
    );
    if !rule.thresholds.is_empty() {
        out.push_str("\nThresholds\n");
        for (key, value) in &rule.thresholds {
            let _ = writeln!(out, "  {key} = {value}");
        }
    }
    out
}
