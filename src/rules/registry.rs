//! The one explicit list of implemented rules. A rule that is not built yet
//! is not here; its metadata must not be in `rules/` either.

use super::{
    Check, Thresholds, code, docs, history, layout, originality, packaging, test_suite as tests,
};
use crate::facts::RepoFacts;

pub struct Rule {
    pub id: &'static str,
    pub check: fn(&RepoFacts, &Thresholds) -> Check,
    /// Thresholds the rule reads; their presence is checked at load time.
    pub thresholds: &'static [&'static str],
}

const fn rule(id: &'static str, check: fn(&RepoFacts, &Thresholds) -> Check) -> Rule {
    Rule {
        id,
        check,
        thresholds: &[],
    }
}

pub const REGISTRY: &[Rule] = &[
    Rule {
        id: "TST001",
        check: tests::has_test_suite,
        thresholds: &["min_test_functions"],
    },
    Rule {
        id: "TST002",
        check: tests::tests_have_assertions,
        thresholds: &["pass_share"],
    },
    Rule {
        id: "TST003",
        check: tests::test_suite_size,
        thresholds: &["good_ratio"],
    },
    rule("TST004", tests::tests_run_in_ci),
    rule("TST005", tests::test_runner_configured),
    rule("DOC001", docs::has_readme),
    rule("DOC002", docs::readme_explains_project),
    rule("DOC003", docs::readme_has_install),
    rule("DOC004", docs::readme_has_usage),
    Rule {
        id: "DOC005",
        check: docs::readme_depth,
        thresholds: &["adequate_score", "thin_score"],
    },
    rule("DOC006", docs::readme_links_resolve),
    rule("DOC007", docs::readme_shows_results),
    Rule {
        id: "DOC008",
        check: docs::code_has_docstrings,
        thresholds: &["good_share"],
    },
    rule("DOC009", docs::has_license),
    rule("LAY001", layout::no_committed_junk),
    rule("LAY002", layout::no_committed_secrets),
    Rule {
        id: "LAY003",
        check: layout::no_large_files,
        thresholds: &["max_file_mb"],
    },
    rule("LAY004", layout::has_gitignore),
    Rule {
        id: "LAY005",
        check: layout::organised_layout,
        thresholds: &["max_loose_scripts"],
    },
    rule("LAY006", layout::clean_file_names),
    rule("LAY007", layout::no_merge_conflict_markers),
    Rule {
        id: "LAY008",
        check: layout::notebooks_are_clean,
        thresholds: &["max_output_mb"],
    },
    rule("COD001", code::python_parses),
    Rule {
        id: "COD002",
        check: code::functions_are_small,
        thresholds: &["max_lines", "allowed_share"],
    },
    Rule {
        id: "COD003",
        check: code::code_is_structured,
        thresholds: &["max_top_level_statements"],
    },
    Rule {
        id: "COD004",
        check: code::has_type_hints,
        thresholds: &["good_share"],
    },
    rule("COD005", code::has_linter_config),
    rule("COD006", code::avoids_bare_except_and_star_imports),
    Rule {
        id: "GIT001",
        check: history::history_is_not_a_dump,
        thresholds: &["min_commits", "min_active_days", "max_largest_share"],
    },
    Rule {
        id: "GIT002",
        check: history::commit_messages_are_meaningful,
        thresholds: &["max_low_share"],
    },
    rule("PKG001", packaging::declares_dependencies),
    rule("PKG002", packaging::dependencies_are_pinned_or_bounded),
    rule("PKG003", packaging::is_installable_package),
    rule("PKG004", packaging::package_metadata_is_complete),
    rule("PKG005", packaging::provides_entry_point),
    rule("ORI001", originality::topic_is_not_overdone),
    rule("ORI002", originality::not_an_unedited_tutorial_or_template),
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
