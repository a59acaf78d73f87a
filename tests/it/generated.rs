//! Files generated from the rule catalogue: `docs/rules.md`, the README's
//! scoring and rule table, and each rule file's first line. A test fails
//! when one is stale; `PORTFOLIO_AUDIT_BLESS=1 cargo test --release --test
//! it generated` rewrites them instead (then read the diff).

use std::path::{Path, PathBuf};

use crate::common::bin;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn blessing() -> bool {
    std::env::var_os("PORTFOLIO_AUDIT_BLESS").is_some_and(|v| v == "1")
}

/// Writes `fresh` to `path` when blessing; otherwise fails if they differ.
fn up_to_date(path: &Path, committed: &str, fresh: &str) {
    if committed == fresh {
        return;
    }
    if blessing() {
        std::fs::write(path, fresh).expect("write");
        return;
    }
    panic!(
        "{} is stale: run `PORTFOLIO_AUDIT_BLESS=1 cargo test --release --test it generated`, then read the diff",
        path.strip_prefix(root()).unwrap_or(path).display()
    );
}

fn rules_as(format: &str) -> String {
    let output = bin()
        .args(["rules", "--format", format])
        .output()
        .expect("run");
    assert!(output.status.success());
    String::from_utf8(output.stdout).expect("utf8")
}

#[test]
fn the_rule_docs_are_up_to_date() {
    let path = root().join("docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    up_to_date(&path, &committed, &rules_as("markdown"));
}

#[test]
fn the_readmes_scoring_and_rule_table_are_up_to_date() {
    const START: &str = "rules --format readme`; a test fails when it is stale -->\n";
    const END: &str = "<!-- end of generated block -->";
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README");
    let start = readme.find(START).expect("start marker") + START.len();
    let end = start + readme[start..].find(END).expect("end marker");
    let fresh = format!(
        "{}{}{}",
        &readme[..start],
        rules_as("readme"),
        &readme[end..]
    );
    up_to_date(&path, &readme, &fresh);
}

/// The rule's own file: `src/rules/<folder>/<id>_<name>.rs`.
fn rule_file(id: &str) -> PathBuf {
    let prefix = format!("{}_", id.to_ascii_lowercase());
    std::fs::read_dir(root().join("src/rules"))
        .expect("src/rules")
        .flatten()
        .filter(|e| e.path().is_dir())
        .flat_map(|dir| std::fs::read_dir(dir.path()).expect("folder").flatten())
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix))
        })
        .unwrap_or_else(|| panic!("no rule file for {id}"))
}

#[test]
fn each_rule_file_opens_with_its_catalogue_summary() {
    // The first line is `//! ID name: summary`, as rules/<category>.toml
    // says it; it used to be written by hand and drifted.
    let catalog = portfolio_audit::rules::Catalog::embedded().expect("catalogue");
    for rule in &catalog.rules {
        let path = rule_file(&rule.id);
        let text = std::fs::read_to_string(&path).expect("rule file");
        let first = text.lines().next().unwrap_or("");
        let wanted = format!("//! {} {}: {}", rule.id, rule.name, rule.summary);
        let fresh = if first.starts_with("//! ") {
            text.replacen(first, &wanted, 1)
        } else {
            format!("{wanted}\n\n{text}")
        };
        up_to_date(&path, &text, &fresh);
    }
}
