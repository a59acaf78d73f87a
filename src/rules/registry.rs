//! The one explicit list of implemented rules. A rule that is not built yet
//! is not here; its metadata must not be in `rules/` either.

use super::{
    Check, code, docs, history, layout, originality, packaging, test_suite as tests, thresholds_for,
};
use crate::facts::RepoFacts;

pub struct Rule {
    pub id: &'static str,
    /// Reads the rule's TOML thresholds into its typed struct; the error
    /// names the missing, unknown or mistyped key. Run at load time.
    pub check_thresholds: fn(&toml::Table) -> Result<(), String>,
    /// Runs the rule with its thresholds.
    pub run: fn(&RepoFacts, &toml::Table) -> Result<Check, String>,
}

/// One registry line: the rule's id and its check, whose second parameter
/// is the rule's thresholds struct.
macro_rules! rule {
    ($id:literal, $check:path) => {
        Rule {
            id: $id,
            check_thresholds: |table| thresholds_for($check, table).map(drop),
            run: |facts, table| thresholds_for($check, table).map(|t| $check(facts, &t)),
        }
    };
}

pub const REGISTRY: &[Rule] = &[
    rule!("TST001", tests::tst001_has_test_suite::has_test_suite),
    rule!("TST002", tests::tst002_tests_have_assertions::tests_have_assertions),
    rule!("TST003", tests::tst003_test_suite_size::test_suite_size),
    rule!("TST004", tests::tst004_tests_run_in_ci::tests_run_in_ci),
    rule!("TST005", tests::tst005_test_runner_configured::test_runner_configured),
    rule!("DOC001", docs::doc001_has_readme::has_readme),
    rule!("DOC002", docs::doc002_readme_explains_project::readme_explains_project),
    rule!("DOC003", docs::doc003_readme_has_install::readme_has_install),
    rule!("DOC004", docs::doc004_readme_has_usage::readme_has_usage),
    rule!("DOC005", docs::doc005_readme_depth::readme_depth),
    rule!("DOC006", docs::doc006_readme_links_resolve::readme_links_resolve),
    rule!("DOC007", docs::doc007_readme_shows_results::readme_shows_results),
    rule!("DOC008", docs::doc008_code_has_docstrings::code_has_docstrings),
    rule!("DOC009", docs::doc009_has_license::has_license),
    rule!("LAY001", layout::lay001_no_committed_junk::no_committed_junk),
    rule!("LAY002", layout::lay002_no_committed_secrets::no_committed_secrets),
    rule!("LAY003", layout::lay003_no_large_files::no_large_files),
    rule!("LAY004", layout::lay004_has_gitignore::has_gitignore),
    rule!("LAY005", layout::lay005_organised_layout::organised_layout),
    rule!("LAY006", layout::lay006_clean_file_names::clean_file_names),
    rule!("LAY007", layout::lay007_no_merge_conflict_markers::no_merge_conflict_markers),
    rule!("LAY008", layout::lay008_notebooks_are_clean::notebooks_are_clean),
    rule!("LAY009", layout::lay009_no_secrets_in_history::no_secrets_in_history),
    rule!("LAY010", layout::lay010_no_hardcoded_keys::no_hardcoded_keys),
    rule!("COD001", code::cod001_python_parses::python_parses),
    rule!("COD002", code::cod002_functions_are_small::functions_are_small),
    rule!("COD003", code::cod003_code_is_structured::code_is_structured),
    rule!("COD004", code::cod004_has_type_hints::has_type_hints),
    rule!("COD005", code::cod005_has_linter_config::has_linter_config),
    rule!("COD006", code::cod006_avoids_bare_except_and_star_imports::avoids_bare_except_and_star_imports),
    rule!("GIT001", history::git001_history_is_not_a_dump::history_is_not_a_dump),
    rule!("GIT002", history::git002_commit_messages_are_meaningful::commit_messages_are_meaningful),
    rule!("PKG001", packaging::pkg001_declares_dependencies::declares_dependencies),
    rule!("PKG002", packaging::pkg002_dependencies_are_pinned_or_bounded::dependencies_are_pinned_or_bounded),
    rule!("PKG003", packaging::pkg003_is_installable_package::is_installable_package),
    rule!("PKG004", packaging::pkg004_package_metadata_is_complete::package_metadata_is_complete),
    rule!("PKG005", packaging::pkg005_provides_entry_point::provides_entry_point),
    rule!("ORI001", originality::ori001_topic_is_not_overdone::topic_is_not_overdone),
    rule!("ORI002", originality::ori002_not_an_unedited_tutorial_or_template::not_an_unedited_tutorial_or_template),
];

#[cfg(test)]
mod tests_registry {
    use super::REGISTRY;

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<&str> = REGISTRY.iter().map(|r| r.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), REGISTRY.len());
    }
}
