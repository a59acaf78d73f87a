//! Postings as recruiters paste them (`fixtures/postings/`), each with the
//! asks a reader wrote down by hand before the tool ran
//! (`<name>.expected`: `required: A` or `nice: A | B` for "A or B"). The
//! reader must find at least 90 % of them and class at least 90 % of those
//! found as required or nice to have correctly.

use std::collections::BTreeSet;
use std::path::Path;

use portfolio_audit::fit::job::JobPost;
use portfolio_audit::rules::Catalog;

/// An ask as a set of technology names, with whether it is required.
type Named = (BTreeSet<String>, bool);

fn read(catalog: &Catalog, text: &str) -> Vec<Named> {
    let post = JobPost::parse(text, &catalog.technologies, &catalog.skills, &catalog.roles);
    post.asks
        .iter()
        .map(|ask| {
            let names = ask
                .options
                .iter()
                .map(|id| {
                    catalog
                        .technologies
                        .iter()
                        .find(|t| &t.id == id)
                        .map_or(id.clone(), |t| t.name.clone())
                })
                .collect();
            (names, ask.required)
        })
        .collect()
}

fn expected(text: &str) -> Vec<Named> {
    text.lines()
        .filter_map(|line| {
            let (kind, names) = line.split_once(':')?;
            let names = names.split('|').map(|n| n.trim().to_string()).collect();
            Some((names, kind.trim() == "required"))
        })
        .collect()
}

#[test]
fn postings_in_recruiters_styles_are_read_as_a_person_reads_them() {
    let catalog = Catalog::embedded().expect("catalogue");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/postings");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("postings")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "at least 8 postings");
    let (mut wanted, mut found, mut classed, mut extra) = (0, 0, 0, 0);
    let mut report = String::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("posting");
        let expect = expected(
            &std::fs::read_to_string(file.with_extension("expected")).expect("expected asks"),
        );
        let got = read(&catalog, &text);
        for (names, required) in &expect {
            wanted += 1;
            match got.iter().find(|(n, _)| n == names) {
                Some((_, r)) => {
                    found += 1;
                    if r == required {
                        classed += 1;
                    } else {
                        report
                            .push_str(&format!("{}: {names:?} classed wrongly\n", file.display()));
                    }
                }
                None => report.push_str(&format!("{}: {names:?} not found\n", file.display())),
            }
        }
        for (names, _) in &got {
            if !expect.iter().any(|(n, _)| n == names) {
                extra += 1;
                report.push_str(&format!("{}: {names:?} not asked\n", file.display()));
            }
        }
    }
    let recall = found as f64 / wanted as f64;
    let classification = classed as f64 / found.max(1) as f64;
    eprintln!(
        "{report}asks {wanted}, found {found} (recall {recall:.2}), classed {classed} ({classification:.2}), extra {extra}"
    );
    assert!(recall >= 0.9, "recall {recall:.2}\n{report}");
    assert!(
        classification >= 0.9,
        "classification {classification:.2}\n{report}"
    );
}

fn asks_of(text: &str) -> Vec<Named> {
    read(&Catalog::embedded().expect("catalogue"), text)
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}

#[test]
fn a_slash_or_a_hyphen_does_not_hide_a_technology() {
    assert_eq!(
        asks_of("Flask/Django\n"),
        vec![(set(&["Flask", "Django"]), true)]
    );
    assert_eq!(
        asks_of("Tests with pytest-django\n"),
        vec![(set(&["pytest"]), true)]
    );
    assert_eq!(
        asks_of("Pflege von PostgreSQL-Datenbanken\n"),
        vec![(set(&["PostgreSQL"]), true)]
    );
}

#[test]
fn a_nice_to_have_heading_needs_no_colon_and_a_required_one_ends_it() {
    let asks = asks_of("Requirements\nPython\n\nNice to have\nDocker\n\nRequirements\nGit\n");
    assert_eq!(
        asks,
        vec![
            (set(&["Python"]), true),
            (set(&["Docker"]), false),
            (set(&["Git"]), true)
        ]
    );
    let asks = asks_of("MUST HAVE\nPython\nNICE-TO-HAVES\nDocker\n");
    assert_eq!(asks[1], (set(&["Docker"]), false));
}

#[test]
fn a_negated_line_asks_nothing() {
    assert!(asks_of("No prior Docker experience required.\n").is_empty());
    assert!(asks_of("We do not expect Kubernetes knowledge\n").is_empty());
    assert_eq!(
        asks_of("Docker is required; no Kafka experience needed\n"),
        vec![(set(&["Docker"]), true)]
    );
}

#[test]
fn either_or_lists_are_one_ask() {
    assert_eq!(
        asks_of("Django, Flask or FastAPI\n"),
        vec![(set(&["Django", "Flask", "FastAPI"]), true)]
    );
    assert_eq!(
        asks_of("pytest or unittest, either is fine\n"),
        vec![(set(&["pytest", "unittest"]), true)]
    );
    // "and" joins two asks.
    assert_eq!(asks_of("Django and React\n").len(), 2);
}

#[test]
fn common_words_need_a_technology_beside_them() {
    assert!(
        asks_of("Comfortable on the command line; builds dashboards and notebooks\n").is_empty()
    );
    assert!(asks_of("You will ship containers across the harbour\n").is_empty());
    assert_eq!(asks_of("Docker containers\n").len(), 1);
}

#[test]
fn the_blurb_and_benefits_ask_nothing_and_go_is_not_google() {
    let asks =
        asks_of("About us\nWe run Kubernetes.\n\nRequirements\nPython\n\nBenefits\nAWS credits\n");
    assert_eq!(asks, vec![(set(&["Python"]), true)]);
    assert!(
        asks_of("Google Sheets experience, good communication\n")
            .iter()
            .all(|(n, _)| !n.contains("Go"))
    );
}
