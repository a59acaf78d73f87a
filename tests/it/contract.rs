//! The JSON report is a public interface: it validates against the shipped
//! schema, and whole reports are snapshotted so any change is deliberate.

use crate::common;

use serde_json::Value;

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schemas/report-v1.schema.json"
    ))
    .expect("schema file");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

pub fn assert_valid(report: &Value) {
    let validator = schema();
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn reports_of_every_fixture_validate_against_the_schema() {
    for name in [
        "good-package",
        "titanic-dump",
        "library-with-titanic",
        "monorepo",
        "readme-rst",
        "readme-plain",
    ] {
        let fixture = common::git(name);
        assert_valid(&common::json_report(&fixture.path, &[]));
    }
    // Outside git too, where the commit is null.
    let plain = common::copy("readme-mixed-case");
    assert_valid(&common::json_report(&plain.path, &[]));
}

#[test]
fn the_schema_rejects_a_broken_report() {
    let fixture = common::git("readme-rst");
    let mut report = common::json_report(&fixture.path, &[]);
    report["verdict"] = "excellent".into();
    assert!(!schema().is_valid(&report));
}

#[test]
fn good_package_report_snapshot() {
    let fixture = common::well_made_package();
    let report = machine_independent(common::json_report(&fixture.path, &[]));
    insta::assert_json_snapshot!("good_package", report);
}

#[test]
fn titanic_dump_report_snapshot() {
    let fixture = common::git_as("titanic-dump", "ml-project");
    let report = machine_independent(common::json_report(&fixture.path, &[]));
    insta::assert_json_snapshot!("titanic_dump", report);
}

/// The report without what differs between machines and catalogue
/// versions: the temporary folder audited and the rules' version.
fn machine_independent(mut report: serde_json::Value) -> serde_json::Value {
    report["target"]["input"] = "[input]".into();
    report["tool"]["rules_version"] = "[rules version]".into();
    report
}
