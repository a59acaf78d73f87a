//! The measuring stick for judgement: audits the repositories of a
//! calibration corpus (a reviewer's expectations, judged by hand before any
//! tool ran) and prints per-field agreement and every disagreement.
//!
//!     cargo run --release --example calibrate -- CAL_DIR CORPUS_JSON [--mirrors DIR]
//!
//! `CORPUS_JSON` is a JSON array of `{repo, head, expect}` (CONTRIBUTING.md
//! gives the fields). Each
//! entry's repository is read from `CAL_DIR/OWNER+NAME`, checked out at the
//! entry's `head`. With `--mirrors DIR`, a missing one is cloned from
//! `DIR/OWNER+NAME/repo` (a bare copy), checked out at `head`, and its origin
//! set to `https://github.com/OWNER/NAME`. A developer tool: CI cannot
//! fetch, so CI runs the small fixtures each disagreement taught instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use portfolio_audit::audit::{AuditOptions, audit};
use portfolio_audit::report::json;
use portfolio_audit::rules::Catalog;

const FIELDS: &[&str] = &[
    "has_tests",
    "test_count_approx",
    "readme_quality",
    "readme_has_install",
    "readme_has_usage",
    "overdone_topic",
    "committed_junk",
    "committed_secret",
    "packaging",
    "ci_runs_tests",
    "history",
    "scope",
    "verdict",
];

fn main() {
    let mut positional = Vec::new();
    let mut mirrors = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--mirrors" {
            mirrors = args.next().map(PathBuf::from);
        } else {
            positional.push(arg);
        }
    }
    let (Some(cal), Some(corpus_path)) = (
        positional.first().map(PathBuf::from),
        positional.get(1).map(PathBuf::from),
    ) else {
        eprintln!(
            "usage: cargo run --release --example calibrate -- CAL_DIR CORPUS_JSON [--mirrors DIR]"
        );
        std::process::exit(2);
    };
    let corpus: Vec<Value> = match std::fs::read_to_string(&corpus_path)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(corpus) => corpus,
        Err(err) => {
            eprintln!("error: cannot read {}: {err}", corpus_path.display());
            std::process::exit(2);
        }
    };
    let catalog = Catalog::embedded().expect("catalogue");
    let mut agree: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut disagreements = Vec::new();
    let mut audited = 0;
    let mut swaps = Vec::new();
    for entry in &corpus {
        let repo = entry["repo"].as_str().unwrap_or("");
        let head = entry["head"].as_str().unwrap_or("");
        // OWNER+NAME: two applicants' `web-scraper`s must not share a clone.
        let dir = cal.join(repo.replace('/', "+"));
        // A mirror missing large blobs cannot be checked out: audit the
        // commit from the objects instead (missing blobs become warnings).
        let options = match prepare(&dir, repo, head, mirrors.as_deref()) {
            Ok(()) => AuditOptions::default(),
            Err(err) if dir.join(".git").exists() => {
                println!(
                    "{repo}: checkout failed, audited from objects ({})",
                    first_line(&err)
                );
                AuditOptions {
                    rev: Some(head.to_string()),
                    ..AuditOptions::default()
                }
            }
            Err(err) => {
                println!("skipped {repo}: {}", first_line(&err));
                continue;
            }
        };
        let report = match audit(&dir, repo, &catalog, &options) {
            Ok(report) => report,
            Err(err) => {
                println!("skipped {repo}: {err}");
                continue;
            }
        };
        audited += 1;
        let report: Value = serde_json::from_str(&json::render(&report)).expect("report JSON");
        let observed = observe(&report);
        for field in FIELDS {
            let Some(expected) = entry["expect"].get(*field) else {
                continue;
            };
            let seen = &observed[*field];
            let same = agrees(field, expected, seen)
                || entry["acceptable"][*field]
                    .as_array()
                    .is_some_and(|second| second.iter().any(|e| agrees(field, e, seen)));
            if *field == "verdict" && swapped(expected, seen) {
                swaps.push(repo.to_string());
            }
            let tally = agree.entry(field).or_default();
            tally.1 += 1;
            if same {
                tally.0 += 1;
            } else {
                let detail = match *field {
                    "scope" => format!(
                        "reviewer ~{} lines; tool {}",
                        entry["expect"]["own_code_lines_approx"], report["facts"]["scope"]["why"]
                    ),
                    _ => entry["reviewer_notes"].as_str().unwrap_or("").to_string(),
                };
                disagreements.push(format!(
                    "{repo:<48} {field:<19} reviewer {expected:<12} tool {seen}   ({detail})"
                ));
            }
        }
    }
    println!("\n{audited} of {} repositories audited\n", corpus.len());
    println!("{:<19} agreement", "field");
    for field in FIELDS {
        let (same, total) = agree.get(field).copied().unwrap_or_default();
        println!("{field:<19} {same:>2}/{total}");
    }
    println!("weak<->strong swaps: {} {swaps:?}", swaps.len());
    println!("\nDisagreements ({}):", disagreements.len());
    for line in &disagreements {
        println!("  {line}");
    }
}

/// Clones the repository from its mirror where needed, and checks out `head`.
fn prepare(dir: &Path, repo: &str, head: &str, mirrors: Option<&Path>) -> Result<(), String> {
    if !dir.exists() {
        let mirror = mirrors
            .map(|m| m.join(repo.replace('/', "+")).join("repo"))
            .filter(|m| m.exists())
            .ok_or("not in CAL_DIR (give --mirrors DIR to clone it)")?;
        git(
            None,
            &[
                "clone",
                "-q",
                &mirror.to_string_lossy(),
                &dir.to_string_lossy(),
            ],
        )?;
        let origin = format!("https://github.com/{repo}");
        git(Some(dir), &["remote", "set-url", "origin", &origin])?;
    }
    git(Some(dir), &["checkout", "-q", head])
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

fn git(dir: Option<&Path>, args: &[&str]) -> Result<(), String> {
    let mut command = Command::new("git");
    if let Some(dir) = dir {
        command.arg("-C").arg(dir);
    }
    let output = command.args(args).output().map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// The corpus fields, as the tool's report answers them.
fn observe(report: &Value) -> BTreeMap<&'static str, Value> {
    let facts = &report["facts"];
    let outcome = |rule: &str| -> String {
        report["findings"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["rule"] == rule))
            .and_then(|f| f["outcome"].as_str())
            .unwrap_or("")
            .to_string()
    };
    let functions = facts["tests"]["functions"].as_u64().unwrap_or(0);
    let packaging = if facts["packaging"]["manifest"].is_string() {
        "pyproject"
    } else if facts["packaging"]["requirements"]
        .as_array()
        .is_some_and(|r| !r.is_empty())
    {
        "requirements"
    } else {
        "none"
    };
    let history = match outcome("GIT001").as_str() {
        "fail" => "dump",
        "pass" | "partial" => "real",
        _ => "unknown",
    };
    let topic = match &facts["originality"]["topic"] {
        Value::Null => Value::Bool(false),
        other => other.clone(),
    };
    BTreeMap::from([
        (
            "has_tests",
            Value::Bool(matches!(outcome("TST001").as_str(), "pass" | "partial")),
        ),
        ("test_count_approx", Value::from(functions)),
        ("readme_quality", facts["readme"]["quality"].clone()),
        ("readme_has_install", facts["readme"]["has_install"].clone()),
        ("readme_has_usage", facts["readme"]["has_usage"].clone()),
        ("overdone_topic", topic),
        (
            "committed_junk",
            Value::Bool(facts["junk"].as_array().is_some_and(|j| !j.is_empty())),
        ),
        (
            "committed_secret",
            // A live credential in the tree (LAY002) or only in history (LAY009).
            Value::Bool(outcome("LAY002") == "fail" || outcome("LAY009") == "fail"),
        ),
        ("packaging", Value::from(packaging)),
        ("ci_runs_tests", facts["ci"]["runs_tests"].clone()),
        ("history", Value::from(history)),
        ("scope", facts["scope"]["size"].clone()),
        ("verdict", report["verdict"].clone()),
    ])
}

/// A strong project called weak, or a weak one called strong: the one
/// disagreement the two reviewers never had.
fn swapped(expected: &Value, seen: &Value) -> bool {
    let pair = (expected.as_str(), seen.as_str());
    matches!(
        pair,
        (Some("weak"), Some("strong")) | (Some("strong"), Some("weak"))
    )
}

/// Counts agree within ±30 % or ±3, whichever is larger (0 stays 0); a
/// topic agrees on whether there is one and, if named, which; the rest
/// agree when equal.
fn agrees(field: &str, expected: &Value, seen: &Value) -> bool {
    match field {
        "test_count_approx" => {
            let (e, s) = (
                expected.as_f64().unwrap_or(0.0),
                seen.as_f64().unwrap_or(0.0),
            );
            if e == 0.0 {
                s == 0.0
            } else {
                (e - s).abs() <= (e * 0.3).max(3.0)
            }
        }
        "overdone_topic" => {
            let named = |v: &Value| match v {
                Value::String(s) if !s.is_empty() && s != "none" => Some(s.to_ascii_lowercase()),
                _ => None,
            };
            match (named(expected), named(seen)) {
                (None, None) => true,
                (Some(e), Some(s)) => e == s || e.contains(&s) || s.contains(&e),
                _ => false,
            }
        }
        _ => expected == seen,
    }
}
