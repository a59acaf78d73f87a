//! Starts a new rule, the way `cargo dev new_lint` starts a clippy lint:
//!
//!     cargo run --example new_rule -- DOC010 readme-has-badges
//!
//! writes the rule's file (`src/rules/docs/doc010_readme_has_badges.rs`)
//! with a check that is not written yet, its `mod` line, its registry line,
//! its metadata in `rules/docs.toml` and two fixture folders
//! (`fixtures/rules/DOC010/pass-example/`, `fail-example/`). It all
//! compiles and the fixture tests run, and fail, until the check, the
//! fixtures and the metadata say what the rule is. CONTRIBUTING's "Adding a
//! rule" says what to do next.

use std::path::Path;

/// Id prefix → (folder under `src/rules/`, category id and TOML file).
const CATEGORIES: &[(&str, &str, &str)] = &[
    ("TST", "test_suite", "tests"),
    ("DOC", "docs", "docs"),
    ("LAY", "layout", "layout"),
    ("COD", "code", "code"),
    ("GIT", "history", "history"),
    ("PKG", "packaging", "packaging"),
    ("ORI", "originality", "originality"),
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = std::env::var("PORTFOLIO_AUDIT_ROOT").unwrap_or_else(|_| ".".into());
    match args.as_slice() {
        [id, name] => match new_rule(Path::new(&root), id, name) {
            Ok(written) => {
                println!("started {id} {name}:");
                for path in written {
                    println!("  {path}");
                }
                println!(
                    "next: write the check, make the fixtures show a pass and a fail, fill in the metadata, then\n  \
                     cargo test --release --test it rule_fixtures::{}\n  \
                     PORTFOLIO_AUDIT_BLESS=1 cargo test --release --test it generated",
                    id.to_ascii_lowercase()
                );
            }
            Err(message) => {
                eprintln!("error: {message}");
                std::process::exit(2);
            }
        },
        _ => {
            eprintln!(
                "usage: cargo run --example new_rule -- ID kebab-name (e.g. DOC010 readme-has-badges)"
            );
            std::process::exit(2);
        }
    }
}

fn new_rule(root: &Path, id: &str, name: &str) -> Result<Vec<String>, String> {
    let (folder, category) = CATEGORIES
        .iter()
        .find(|(prefix, _, _)| id.len() == 6 && id.starts_with(prefix))
        .filter(|_| id[3..].chars().all(|c| c.is_ascii_digit()))
        .map(|(_, folder, category)| (*folder, *category))
        .ok_or_else(|| format!("{id}: an id is a category prefix and three digits (DOC010)"))?;
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(format!("{name}: a name is kebab-case (readme-has-badges)"));
    }
    let function = name.replace('-', "_");
    let module = format!("{}_{function}", id.to_ascii_lowercase());
    let toml_path = root.join(format!("rules/{category}.toml"));
    let toml = read(&toml_path)?;
    if toml.contains(&format!("id = \"{id}\"")) {
        return Err(format!(
            "{id} is taken in rules/{category}.toml; ids are never reused"
        ));
    }
    let summary = "Not written yet: one sentence saying what passes.".to_string();
    let rule_path = format!("src/rules/{folder}/{module}.rs");
    write_new(
        &root.join(&rule_path),
        &rule_file(id, name, &function, &summary),
    )?;
    add_mod_line(&root.join(format!("src/rules/{folder}/mod.rs")), &module)?;
    add_registry_line(
        &root.join("src/rules/registry.rs"),
        id,
        folder,
        &module,
        &function,
    )?;
    std::fs::write(&toml_path, toml + &metadata(id, name, category, &summary))
        .map_err(|e| format!("cannot write {}: {e}", toml_path.display()))?;
    let mut written = vec![
        rule_path,
        format!("src/rules/{folder}/mod.rs"),
        "src/rules/registry.rs".into(),
        format!("rules/{category}.toml"),
    ];
    for case in ["pass-example", "fail-example"] {
        let readme = format!("fixtures/rules/{id}/{case}/README.md");
        write_new(
            &root.join(&readme),
            &format!(
                "# {case}\n\nA repository on which {id} {name} should {}.\n",
                &case[..4]
            ),
        )?;
        written.push(readme);
    }
    Ok(written)
}

fn rule_file(id: &str, name: &str, function: &str, summary: &str) -> String {
    format!(
        "//! {id} {name}: {summary}\n\n\
         use super::*;\n\
         use crate::rules::NoThresholds;\n\n\
         /// {id}: what a reviewer would see, from the facts (rules never read\n\
         /// the disk). Take `thresholds: &Thresholds` (a struct here, with\n\
         /// `#[derive(Debug, serde::Deserialize)] #[serde(deny_unknown_fields)]`)\n\
         /// once the rule has numbers worth tuning.\n\
         pub fn {function}(facts: &RepoFacts, _: &NoThresholds) -> Check {{\n    \
             let _ = facts;\n    \
             Check::not_applicable(\"{name} is not written yet\")\n\
         }}\n"
    )
}

fn metadata(id: &str, name: &str, category: &str, summary: &str) -> String {
    format!(
        "\n[[rule]]\nid = \"{id}\"\nname = \"{name}\"\ncategory = \"{category}\"\nweight = 1\n\
         summary = \"{summary}\"\n\
         rationale = \"Why a reviewer cares: not written yet.\"\n\
         fix = \"What to do: not written yet.\"\n"
    )
}

/// `pub(super) mod <module>;` among the folder's rule modules, in order.
fn add_mod_line(path: &Path, module: &str) -> Result<(), String> {
    let text = read(path)?;
    let line = format!("pub(super) mod {module};");
    let mut lines: Vec<&str> = text.lines().collect();
    let rule_mods: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("pub(super) mod "))
        .collect();
    let at = rule_mods
        .iter()
        .copied()
        .find(|&i| lines[i] > line.as_str())
        .or(rule_mods.last().map(|i| i + 1))
        .ok_or_else(|| format!("{}: no rule modules to add beside", path.display()))?;
    lines.insert(at, &line);
    std::fs::write(path, lines.join("\n") + "\n").map_err(|e| format!("{}: {e}", path.display()))
}

/// `rule!("ID", folder::module::function),` after the last rule of its
/// category.
fn add_registry_line(
    path: &Path,
    id: &str,
    folder: &str,
    module: &str,
    function: &str,
) -> Result<(), String> {
    let text = read(path)?;
    let alias = if folder == "test_suite" {
        "tests"
    } else {
        folder
    };
    let line = format!("    rule!(\"{id}\", {alias}::{module}::{function}),");
    let mut lines: Vec<&str> = text.lines().collect();
    let prefix = format!("    rule!(\"{}", &id[..3]);
    let at = lines
        .iter()
        .rposition(|l| l.starts_with(&prefix))
        .map(|i| i + 1)
        .ok_or_else(|| format!("{}: no {} rule to add after", path.display(), &id[..3]))?;
    lines.insert(at, &line);
    std::fs::write(path, lines.join("\n") + "\n").map_err(|e| format!("{}: {e}", path.display()))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write_new(path: &Path, text: &str) -> Result<(), String> {
    if path.exists() {
        return Err(format!("{} exists already", path.display()));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
