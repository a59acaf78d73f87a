//! Generates one named test per rule fixture case (`fixtures/rules/<RULE>/<case>/`)
//! for `tests/it/rule_fixtures.rs`, so each case runs in parallel and fails on
//! its own with its path. Adding a case stays adding a folder.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=fixtures/rules");
    let mut out = String::new();
    for (rule, case) in cases(Path::new("fixtures/rules")) {
        let name = format!("{rule}_{case}")
            .to_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_");
        let _ = writeln!(
            out,
            "#[test]\nfn {name}() {{\n    check_case({rule:?}, {case:?});\n}}\n"
        );
    }
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("rule_fixture_cases.rs");
    std::fs::write(dest, out).expect("write the generated fixture tests");
}

/// `(rule, case)` folder names, sorted; none when the fixtures are not
/// shipped (a packaged crate).
fn cases(root: &Path) -> Vec<(String, String)> {
    let names = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    names(root)
        .into_iter()
        .flat_map(|rule| {
            names(&root.join(&rule))
                .into_iter()
                .map(move |case| (rule.clone(), case))
        })
        .collect()
}
