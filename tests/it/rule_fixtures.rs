//! Every folder `fixtures/rules/<RULE>/<outcome>-<description>/` is committed
//! to a fresh git repository and audited with only that rule enabled; the
//! rule's outcome must be the one the folder name states. Adding a case is
//! adding a folder.

use crate::common;

use portfolio_audit::audit::{AuditOptions, audit};
use portfolio_audit::rules::Catalog;
use portfolio_audit::select::Selection;

const OUTCOMES: [&str; 4] = ["pass", "partial", "fail", "not_applicable"];

#[test]
fn every_rule_fixture_gives_its_named_outcome() {
    let catalog = Catalog::embedded().expect("catalogue");
    let root = common::fixtures_dir().join("rules");
    let mut rules: Vec<_> = std::fs::read_dir(&root)
        .expect("fixtures/rules")
        .map(|e| e.expect("entry").path())
        .collect();
    rules.sort();
    let mut checked = 0;
    let mut failures = Vec::new();
    for rule_dir in rules {
        let rule = rule_dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("rule id")
            .to_string();
        assert!(
            catalog.rule(&rule).is_some(),
            "fixtures/rules/{rule} names no rule"
        );
        let mut cases: Vec<_> = std::fs::read_dir(&rule_dir)
            .expect("cases")
            .map(|e| e.expect("entry").path())
            .collect();
        cases.sort();
        for case in cases {
            let name = case
                .file_name()
                .and_then(|n| n.to_str())
                .expect("case")
                .to_string();
            let expected = OUTCOMES
                .iter()
                .find(|o| name.starts_with(&format!("{o}-")))
                .unwrap_or_else(|| panic!("{rule}/{name}: name must start with an outcome"));
            // A neutral folder name: the repository name is evidence for ORI001.
            let fixture = common::git_as(&format!("rules/{rule}/{name}"), "project");
            let selection =
                Selection::new(&catalog, std::slice::from_ref(&rule), &[]).expect("selection");
            let options = AuditOptions {
                selection,
                ..AuditOptions::default()
            };
            let report = audit(&fixture.path, &name, &catalog, &options).expect("audit");
            let finding = report
                .findings
                .iter()
                .find(|f| f.rule == rule)
                .expect("finding");
            if finding.outcome != *expected {
                failures.push(format!(
                    "{rule}/{name}: got {} ({})",
                    finding.outcome, finding.message
                ));
            }
            // A finding points at the files behind it; only an absence
            // ("no README", "no .gitignore") has nothing to point at.
            let absence =
                finding.message.starts_with("no ") || finding.message.starts_with("there is no");
            if matches!(finding.outcome, "fail" | "partial")
                && finding.evidence.is_empty()
                && !absence
            {
                failures.push(format!(
                    "{rule}/{name}: a {} without evidence",
                    finding.outcome
                ));
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 60, "only {checked} cases");
}

#[test]
fn every_rule_has_a_passing_and_a_failing_fixture_or_unit_test() {
    // Rules whose failing case needs generated content (secrets, huge files)
    // or a commit history are covered in tests/audit.rs and tests/history.rs.
    let generated = ["LAY002", "LAY003", "GIT001", "GIT002"];
    let root = common::fixtures_dir().join("rules");
    let catalog = Catalog::embedded().expect("catalogue");
    for rule in catalog
        .rules
        .iter()
        .filter(|r| !generated.contains(&r.id.as_str()))
    {
        let dir = root.join(&rule.id);
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("fixtures/rules/{} is missing", rule.id))
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        let has = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
        assert!(has("pass-"), "{} has no pass- case", rule.id);
        assert!(
            has("fail-") || has("partial-"),
            "{} has no fail- case",
            rule.id
        );
    }
}
