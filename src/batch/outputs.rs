//! The batch's ranked outputs: `ranking.csv` and a self-contained
//! `index.html` leaderboard (sortable, no network). Every piece of
//! repository- or list-supplied text is escaped for its format.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::applicants::{self, Applicant};
use super::duplicates::DuplicatePair;
use super::store::ResultLine;
use crate::report::html::{STYLE, category_chart};
use crate::untrusted::escape::html as h;

/// The category columns: every category any outcome scored, in the
/// catalogue's order (`order`), then any others (from another rule pack)
/// by name. Categories live only in `rules/categories.toml`.
pub fn category_columns(outcomes: &[ResultLine], order: &[String]) -> Vec<String> {
    let mut seen: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for outcome in outcomes.iter().filter(|o| o.ok()) {
        seen.extend(outcome.categories.keys().map(String::as_str));
    }
    let mut columns: Vec<String> = order
        .iter()
        .filter(|id| seen.contains(id.as_str()))
        .cloned()
        .collect();
    columns.extend(
        seen.into_iter()
            .filter(|id| !order.iter().any(|o| o == id))
            .map(str::to_string),
    );
    columns
}

/// Successful outcomes, best first: by verdict, then score (ties by label).
pub fn ranked(outcomes: &[ResultLine]) -> Vec<&ResultLine> {
    let mut ok: Vec<&ResultLine> = outcomes.iter().filter(|o| o.ok()).collect();
    ok.sort_by(|a, b| ResultLine::by_standing(a, b).then_with(|| a.label.cmp(&b.label)));
    ok
}

/// Labels of the other applicants `label` shares a project with.
fn twins_of<'a>(label: &str, duplicates: &'a [DuplicatePair]) -> Vec<&'a str> {
    let mut twins: Vec<&str> = duplicates
        .iter()
        .filter_map(|p| match (&p.first, &p.second) {
            (a, b) if a == label => Some(b.as_str()),
            (a, b) if b == label => Some(a.as_str()),
            _ => None,
        })
        .collect();
    twins.sort();
    twins.dedup();
    twins
}

/// One row per applicant: the best project's score, grade, categories and
/// fixes, how many projects, the skills all of them show and, with a job
/// post, their fit together.
pub fn ranking_csv(
    outcomes: &[ResultLine],
    duplicates: &[DuplicatePair],
    categories: &[String],
) -> String {
    let applicants = applicants::group(outcomes);
    let with_job = outcomes.iter().any(|o| o.job.is_some());
    let mut out = String::from("rank,applicant,projects,score,best_project,grade,verdict");
    for category in categories {
        let _ = write!(out, ",{}", csv(category));
    }
    out.push_str(",fix_1,fix_2,fix_3,skills");
    if with_job {
        out.push_str(",job_fit,missing_required");
    }
    out.push_str(",duplicate_of,failed\n");
    // Each applicant's targets that could not be audited, and why.
    let mut failures: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for outcome in outcomes.iter().filter(|o| !o.ok()) {
        failures
            .entry(outcome.label.as_str())
            .or_default()
            .push(format!(
                "{}: {}",
                outcome.target,
                outcome.error.as_deref().unwrap_or("failed")
            ));
    }
    // The columns before `failed`: 7 fixed, the categories, three fixes and
    // the skills, the job fit, duplicates.
    let empty_columns = 7 + categories.len() + 4 + 2 * usize::from(with_job) + 1;
    for (rank, applicant) in applicants.iter().enumerate() {
        let best = applicant.best();
        let mut row = vec![
            (rank + 1).to_string(),
            csv(applicant.label),
            applicant.projects.len().to_string(),
            format!("{:.1}", applicant.score()),
            csv(&best.target),
        ];
        row.extend(judged_columns(best, categories));
        let skills: Vec<&str> = applicant.skills().into_keys().collect();
        row.push(csv(&skills.join("; ")));
        if with_job {
            row.push(
                applicant
                    .job_fit()
                    .map(|f| format!("{f:.1}"))
                    .unwrap_or_default(),
            );
            row.push(csv(&applicant.missing_required().join("; ")));
        }
        row.push(csv(&twins_of(applicant.label, duplicates).join(" ")));
        row.push(csv(&failures
            .remove(applicant.label)
            .unwrap_or_default()
            .join("; ")));
        out.push_str(&row.join(","));
        out.push('\n');
    }
    // Applicants none of whose targets could be audited: unranked, last,
    // with the reason, so no applicant goes missing from the table.
    for (label, reasons) in failures {
        let mut row = vec![String::new(), csv(label)];
        row.extend(std::iter::repeat_n(String::new(), empty_columns - 2));
        row.push(csv(&reasons.join("; ")));
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// The applicant roll-up as JSON (`applicants.json`): the same ranking as
/// `ranking.csv`, with every project and which project shows each skill.
pub fn applicants_json(outcomes: &[ResultLine], duplicates: &[DuplicatePair]) -> serde_json::Value {
    let applicants = applicants::group(outcomes);
    serde_json::Value::Array(
        applicants
            .iter()
            .enumerate()
            .map(|(rank, applicant)| {
                serde_json::json!({
                    "rank": rank + 1,
                    "applicant": applicant.label,
                    "score": applicant.score(),
                    "verdict": applicant.best().verdict,
                    "best_project": applicant.best().target,
                    "projects": applicant.projects.iter().map(|p| serde_json::json!({
                        "target": p.target,
                        "score": p.score,
                        "verdict": p.verdict,
                        "report": p.report,
                        "job_fit": p.job.as_ref().map(|j| j.score),
                    })).collect::<Vec<_>>(),
                    "skills": applicant.skills(),
                    "job_fit": applicant.job_fit(),
                    "duplicate_of": twins_of(applicant.label, duplicates),
                })
            })
            .collect(),
    )
}

/// A project's grade, verdict, category scores and top three fixes: the
/// columns `ranking.csv` (for the best project) and `projects.csv` share.
fn judged_columns(outcome: &ResultLine, categories: &[String]) -> Vec<String> {
    let mut columns = vec![
        csv(outcome.grade.as_deref().unwrap_or("")),
        csv(outcome.verdict.as_deref().unwrap_or("")),
    ];
    for category in categories {
        let score = outcome.categories.get(category).copied().flatten();
        columns.push(score.map(|s| format!("{s:.1}")).unwrap_or_default());
    }
    for index in 0..3 {
        columns.push(csv(outcome
            .top_fixes
            .get(index)
            .map(String::as_str)
            .unwrap_or("")));
    }
    columns
}

/// One row per project, as `results.jsonl` has them.
pub fn projects_csv(
    outcomes: &[ResultLine],
    duplicates: &[DuplicatePair],
    categories: &[String],
) -> String {
    let mut out = String::from("rank,label,target,score,grade,verdict");
    for category in categories {
        let _ = write!(out, ",{}", csv(category));
    }
    out.push_str(",fix_1,fix_2,fix_3,duplicate_of\n");
    for (rank, outcome) in ranked(outcomes).iter().enumerate() {
        let mut row = vec![
            (rank + 1).to_string(),
            csv(&outcome.label),
            csv(&outcome.target),
            outcome.score.map(|s| format!("{s:.1}")).unwrap_or_default(),
        ];
        row.extend(judged_columns(outcome, categories));
        row.push(csv(&twins_of(&outcome.label, duplicates).join(" ")));
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// A CSV field: quoted when needed, and never read as a spreadsheet formula.
fn csv(text: &str) -> String {
    // Bidi and control characters would reorder or hide what a reviewer
    // reads: shown as `\u{…}`, as in the terminal.
    let field = crate::untrusted::escape::terminal(&text.replace(['\r', '\n'], " "));
    // A spreadsheet reads a cell starting with one of these as a formula;
    // one set to split on `;` starts a cell after each `;` too.
    let field: Vec<String> = field
        .split(';')
        .map(|part| {
            if part.starts_with(['=', '+', '-', '@', '\t']) {
                format!("'{part}")
            } else {
                part.to_string()
            }
        })
        .collect();
    let field = field.join(";");
    if field.contains([',', '"', ';']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

const SORT_SCRIPT: &str = r#"
(function () {
  var table = document.getElementById("ranking");
  var body = table.tBodies[0];
  function sortBy(index, descending) {
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].getAttribute("data-value"), y = b.cells[index].getAttribute("data-value");
      var nx = parseFloat(x), ny = parseFloat(y);
      var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  var headers = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(headers, function (th, index) {
    th.addEventListener("click", function () {
      var descending = th.getAttribute("aria-sort") !== "descending";
      Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      sortBy(index, descending);
    });
  });
  var verdictFilter = document.getElementById("verdict-filter");
  var skillFilter = document.getElementById("skill-filter");
  function applyFilters() {
    var verdict = verdictFilter.value, skill = skillFilter.value;
    Array.prototype.forEach.call(body.rows, function (row) {
      var skills = "|" + row.getAttribute("data-skills") + "|";
      row.hidden = (verdict !== "" && row.getAttribute("data-verdict") !== verdict) ||
        (skill !== "" && skills.indexOf("|" + skill + "|") < 0);
    });
  }
  verdictFilter.addEventListener("change", applyFilters);
  skillFilter.addEventListener("change", applyFilters);
  var match = /sort=([a-z_]+)(?:,(asc|desc))?/.exec(location.hash);
  if (match) {
    Array.prototype.forEach.call(headers, function (th, index) {
      if (th.getAttribute("data-key") === match[1]) { sortBy(index, match[2] !== "asc"); }
    });
  }
})();
"#;

pub fn index_html(
    outcomes: &[ResultLine],
    duplicates: &[DuplicatePair],
    categories: &[String],
    posting: Option<&super::settings::Posting>,
) -> String {
    let applicants = applicants::group(outcomes);
    let with_job = outcomes.iter().any(|o| o.job.is_some());
    let rows: String = applicants
        .iter()
        .enumerate()
        .map(|(rank, applicant)| ranking_row(rank + 1, applicant, categories, with_job))
        .collect();
    let nonce = format!("{:016x}", crate::hash::fnv1a(rows.as_bytes()));
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'\">\
<title>portfolio-audit: ranking</title><style>{STYLE} th{{cursor:pointer}} body{{max-width:88em}} td.skills{{max-width:14em}} td{{overflow-wrap:anywhere}} details ul{{margin:.2em 0;padding-left:1.2em}} .filters{{margin:.5em 0}} .filters label{{margin-right:1.5em}} #matrix td{{text-align:center}} #matrix td:first-child{{text-align:left}}</style></head><body>\n\
<h1>{}</h1>\n<p class=\"muted\">{} projects audited, {} failed; one row per applicant, ranked by {}. Click a column to sort.</p>\n",
        match posting {
            Some(posting) => format!("Shortlist for: {}", h(&posting.title)),
            None => "Ranking".to_string(),
        },
        outcomes.iter().filter(|o| o.ok()).count(),
        outcomes.iter().filter(|o| !o.ok()).count(),
        if with_job {
            "their projects' fit to the job post, then their best project's verdict and score"
        } else {
            "their best project"
        }
    );
    out.push_str(&filters(&applicants, categories));
    out.push_str("<table id=\"ranking\"><thead><tr><th data-key=\"rank\">#</th><th data-key=\"label\">applicant</th><th data-key=\"target\">projects</th><th data-key=\"score\">score</th><th data-key=\"grade\">grade</th><th data-key=\"verdict\">verdict</th>");
    out.push_str("<th data-key=\"categories\">categories</th><th data-key=\"skills\">skills</th>");
    if with_job {
        out.push_str("<th data-key=\"job_fit\">job fit</th>");
    }
    out.push_str("<th data-key=\"report\"></th></tr></thead><tbody>\n");
    out.push_str(&rows);
    out.push_str("</tbody></table>\n");
    if with_job {
        out.push_str(&job_matrix(&applicants));
    }
    out.push_str(&duplicates_table(duplicates));
    out.push_str(&failures_table(outcomes));
    let _ = write!(
        out,
        "<script nonce=\"{nonce}\">{SORT_SCRIPT}</script>\n</body></html>\n"
    );
    out
}

/// One applicant's row of the ranking: rank, label, projects, score, grade,
/// verdict (what holds it down on hover), category chart, skills, job fit
/// and a link to the best project's report.
fn ranking_row(
    rank: usize,
    applicant: &applicants::Applicant,
    categories: &[String],
    with_job: bool,
) -> String {
    let mut row = String::new();
    let best = applicant.best();
    let score = applicant.score();
    let verdict = best.verdict.as_deref().unwrap_or("");
    let skills = applicant.skills();
    let skill_list: Vec<&str> = skills.keys().copied().collect();
    let _ = write!(
        row,
        "<tr data-verdict=\"{verdict}\" data-skills=\"{skill_attr}\"><td data-value=\"{r}\">{r}</td><td data-value=\"{label}\">{label}</td><td class=\"muted\" data-value=\"{target}\">{projects}</td><td data-value=\"{score:.1}\">{score:.1}</td>\
<td data-value=\"{grade}\">{grade}</td><td data-value=\"{standing}{score:05.1}\" class=\"{class}\"{held}>{verdict}</td>",
        r = rank,
        label = h(applicant.label),
        target = h(&best.target),
        projects = projects_cell(applicant),
        skill_attr = h(&skill_list.join("|")),
        grade = h(best.grade.as_deref().unwrap_or("")),
        verdict = h(verdict),
        // Sorts by verdict, then score, as the ranking does.
        standing = best.standing().0,
        // What holds a capped row down, on hover.
        held = best
            .verdict_note
            .as_deref()
            .map(|note| format!(" title=\"{}\"", h(note)))
            .unwrap_or_default(),
        class = if matches!(verdict, "strong" | "fair" | "weak") {
            verdict
        } else {
            ""
        },
    );
    let scores: Vec<(&str, Option<f64>)> = categories
        .iter()
        .map(|c| (c.as_str(), best.categories.get(c).copied().flatten()))
        .collect();
    let _ = write!(
        row,
        "<td data-value=\"{score:.1}\">{}</td>",
        category_chart(&scores, 28)
    );
    let shown_by: Vec<String> = skills
        .iter()
        .map(|(skill, target)| format!("{skill}: {target}"))
        .collect();
    let _ = write!(
        row,
        "<td class=\"skills\" data-value=\"{}\" title=\"{}\">{}</td>",
        skills.len(),
        // One entry per line of the tooltip: a newline character reference,
        // since `h` shows a raw control character as `\u{a}`.
        shown_by
            .iter()
            .map(|s| h(s))
            .collect::<Vec<_>>()
            .join("&#10;"),
        h(&skill_list.join(", "))
    );
    if with_job {
        let fit = applicant.job_fit().unwrap_or(0.0);
        let _ = write!(row, "<td data-value=\"{fit:.1}\">{fit:.0}</td>");
    }
    let link = best
        .html
        .as_deref()
        .map(|path| format!("<a href=\"{}\">report</a>", h(path)))
        .unwrap_or_default();
    let _ = writeln!(row, "<td data-value=\"\">{link}</td></tr>");
    row
}

fn duplicates_table(duplicates: &[DuplicatePair]) -> String {
    let mut out = String::new();
    if !duplicates.is_empty() {
        out.push_str("<h2>Possible duplicate submissions</h2>\n<table id=\"duplicates\"><tr><th>applicant</th><th>applicant</th><th>why</th></tr>\n");
        for pair in duplicates {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                h(&pair.first),
                h(&pair.second),
                h(&pair.reason)
            );
        }
        out.push_str("</table>\n");
    }
    out
}

/// The targets that could not be audited, with the reason.
fn failures_table(outcomes: &[ResultLine]) -> String {
    let mut out = String::new();
    let failed: Vec<&ResultLine> = outcomes.iter().filter(|o| !o.ok()).collect();
    if !failed.is_empty() {
        out.push_str("<h2>Not audited</h2>\n<table id=\"failures\"><tr><th>applicant</th><th>target</th><th>reason</th></tr>\n");
        for outcome in failed {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                h(&outcome.label),
                h(&outcome.target),
                h(outcome.error.as_deref().unwrap_or(""))
            );
        }
        out.push_str("</table>\n");
    }
    out
}

/// Filters by verdict and by skill shown; the script hides the other rows.
/// The category chart's legend comes with them.
fn filters(applicants: &[Applicant], categories: &[String]) -> String {
    let mut skills: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for applicant in applicants {
        skills.extend(applicant.skills().into_keys());
    }
    let mut out = String::from(
        "<div class=\"filters\"><label>verdict <select id=\"verdict-filter\"><option value=\"\">any</option>\
<option>strong</option><option>fair</option><option>weak</option></select></label>\
<label>shows <select id=\"skill-filter\"><option value=\"\">any skill</option>",
    );
    for skill in skills {
        let _ = write!(out, "<option value=\"{0}\">{0}</option>", h(skill));
    }
    let legend: Vec<String> = categories.iter().map(|c| h(c)).collect();
    let _ = writeln!(
        out,
        "</select></label><span class=\"muted\">categories, left to right: {}</span></div>",
        legend.join(", ")
    );
    out
}

/// With a job post: the posting's asks against the applicants, shown by
/// any of their projects or not, in three groups: required, nice to have,
/// and what no repository can show.
fn job_matrix(applicants: &[Applicant]) -> String {
    // (ask, required, checkable), in the posting's order.
    let mut asks: Vec<(&str, bool, bool)> = Vec::new();
    for applicant in applicants {
        for job in applicant.projects.iter().filter_map(|p| p.job.as_ref()) {
            for ask in &job.asks {
                match asks.iter_mut().find(|(name, _, _)| *name == ask.skill) {
                    Some(known) => known.1 |= ask.required,
                    None => asks.push((ask.skill.as_str(), ask.required, ask.checkable)),
                }
            }
        }
    }
    let groups: [(&str, Vec<&str>); 3] = [
        (
            "required",
            asks.iter().filter(|a| a.1 && a.2).map(|a| a.0).collect(),
        ),
        (
            "nice to have",
            asks.iter().filter(|a| !a.1 && a.2).map(|a| a.0).collect(),
        ),
        (
            "cannot check from a repository",
            asks.iter().filter(|a| !a.2).map(|a| a.0).collect(),
        ),
    ];
    let mut out = String::from(
        "<h2>The job post's asks</h2>\n<table id=\"matrix\"><tr><th rowspan=\"2\">applicant</th>",
    );
    for (title, names) in groups.iter().filter(|(_, names)| !names.is_empty()) {
        let _ = write!(out, "<th colspan=\"{}\">{title}</th>", names.len());
    }
    out.push_str("</tr>\n<tr>");
    for (_, names) in &groups {
        for name in names {
            let _ = write!(out, "<th>{}</th>", h(name));
        }
    }
    out.push_str("</tr>\n");
    for applicant in applicants {
        let _ = write!(out, "<tr><td>{}</td>", h(applicant.label));
        for (group, (_, names)) in groups.iter().enumerate() {
            for name in names {
                if group == 2 {
                    out.push_str(
                        "<td class=\"muted\" title=\"cannot be checked from a repository\">?</td>",
                    );
                    continue;
                }
                let shown = applicant
                    .projects
                    .iter()
                    .filter_map(|p| p.job.as_ref())
                    .any(|job| job.asks.iter().any(|a| a.skill == *name && a.shown));
                out.push_str(if shown {
                    "<td class=\"strong\" title=\"shown\">✓</td>"
                } else {
                    "<td class=\"muted\" title=\"not shown\">–</td>"
                });
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}

/// The applicant's projects: the target itself when there is one, else an
/// expandable list with each project's score and report.
fn projects_cell(applicant: &Applicant) -> String {
    if let [only] = applicant.projects.as_slice() {
        return h(&only.target);
    }
    let mut cell = format!(
        "<details><summary>{} projects</summary><ul>",
        applicant.projects.len()
    );
    for project in &applicant.projects {
        let link = project
            .html
            .as_deref()
            .map(|path| format!(" <a href=\"{}\">report</a>", h(path)))
            .unwrap_or_default();
        let _ = write!(
            cell,
            "<li>{} {:.1}{link}</li>",
            h(&project.target),
            project.score.unwrap_or(0.0)
        );
    }
    cell.push_str("</ul></details>");
    cell
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv("a,b"), "\"a,b\"");
        assert_eq!(csv("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv("line\nbreak"), "line break");
        // Split on `;` by some locales: each part is neutralised, the
        // field quoted.
        assert_eq!(csv("ada;=cmd|' /C calc'!A0"), "\"ada;'=cmd|' /C calc'!A0\"");
        // Bidi overrides never reach the file raw.
        assert!(!csv("evil\u{202E}txt.py").contains('\u{202E}'));
    }

    fn scored(label: &str, categories: &[(&str, f64)]) -> ResultLine {
        let mut outcome = ResultLine::failed(label, label, String::new());
        outcome.status = "ok".into();
        outcome.error = None;
        outcome.score = Some(50.0);
        outcome.categories = categories
            .iter()
            .map(|(id, s)| (id.to_string(), Some(*s)))
            .collect();
        outcome
    }

    #[test]
    fn columns_follow_the_catalogue_then_any_other_pack() {
        let order: Vec<String> = ["tests", "docs", "layout"].map(String::from).to_vec();
        let outcomes = [
            scored("a", &[("layout", 1.0), ("tests", 2.0)]),
            scored("b", &[("craft", 3.0), ("<b>x</b>", 4.0)]),
        ];
        assert_eq!(
            category_columns(&outcomes, &order),
            ["tests", "layout", "<b>x</b>", "craft"]
        );
        let columns = category_columns(&outcomes, &order);
        let page = index_html(&outcomes, &[], &columns, None);
        assert!(page.contains("<title>craft: ") && !page.contains("<b>x</b>"));
        assert!(page.contains("&lt;b&gt;x&lt;/b&gt;"));
        let table = ranking_csv(&outcomes, &[], &columns);
        assert!(table.starts_with(
            "rank,applicant,projects,score,best_project,grade,verdict,tests,layout,<b>x</b>,craft,"
        ));
    }
}
