//! The GitHub Action and the pre-commit hook are files users depend on:
//! check their shape, and that inputs never reach a shell script unescaped.

use yaml_rust2::{Yaml, YamlLoader};

fn load(name: &str) -> Yaml {
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name))
        .expect("read");
    YamlLoader::load_from_str(&text)
        .expect("valid YAML")
        .remove(0)
}

#[test]
fn action_declares_the_documented_inputs_and_outputs() {
    let action = load("action.yml");
    for input in [
        "path",
        "min-score",
        "sarif-file",
        "rules",
        "select",
        "ignore",
        "args",
    ] {
        assert!(!action["inputs"][input].is_badvalue(), "input {input}");
    }
    for output in ["score", "grade", "verdict", "passed"] {
        let value = action["outputs"][output]["value"]
            .as_str()
            .expect("output value");
        assert_eq!(value, format!("${{{{ steps.audit.outputs.{output} }}}}"));
    }
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
}

#[test]
fn action_scripts_take_inputs_from_the_environment_only() {
    let action = load("action.yml");
    for step in action["runs"]["steps"].as_vec().expect("steps") {
        if let Some(script) = step["run"].as_str() {
            assert!(
                !script.contains("${{"),
                "expression spliced into a script: {script}"
            );
        }
    }
}

#[test]
fn pre_commit_hook_runs_the_binary_once_per_repository() {
    let hooks = load(".pre-commit-hooks.yaml");
    let hook = &hooks[0];
    assert_eq!(hook["id"].as_str(), Some("portfolio-audit"));
    assert_eq!(hook["entry"].as_str(), Some("portfolio-audit"));
    assert_eq!(hook["pass_filenames"].as_bool(), Some(false));
    assert!(
        hook["args"]
            .as_vec()
            .expect("args")
            .iter()
            .any(|a| a.as_str() == Some("--min-score"))
    );
}
