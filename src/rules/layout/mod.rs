//! Layout: what is committed, and how it is organised.

use super::{Check, NoThresholds, at, plural};
use crate::facts::{EntryKind, RepoFacts};

pub(super) mod lay001_no_committed_junk;
pub(super) mod lay002_no_committed_secrets;
pub(super) mod lay003_no_large_files;
pub(super) mod lay004_has_gitignore;
pub(super) mod lay005_organised_layout;
pub(super) mod lay006_clean_file_names;
pub(super) mod lay007_no_merge_conflict_markers;
pub(super) mod lay008_notebooks_are_clean;
pub(super) mod lay009_no_secrets_in_history;
pub(super) mod lay010_no_hardcoded_keys;

/// Scripts that belong at the top of a project.
const ROOT_SCRIPTS: [&str; 6] = [
    "setup.py",
    "noxfile.py",
    "conftest.py",
    "manage.py",
    "fabfile.py",
    "tasks.py",
];

#[cfg(test)]
mod tests {
    use crate::facts::code::{CodeFacts, CodeScope, PythonFile};
    use crate::facts::python::ModuleFacts;
    use crate::facts::secrets::SecretHit;
    use crate::facts::{Location, RepoFacts};
    use crate::rules::{Outcome, check, file};

    #[test]
    fn junk_evidence_lists_every_path_and_no_summary_line() {
        let facts = RepoFacts {
            junk: (0..25).map(|i| format!("logs/run{i:02}.log")).collect(),
            ..RepoFacts::default()
        };
        let found = check("LAY001", &facts);
        assert_eq!(found.outcome, Outcome::Fail);
        assert_eq!(found.evidence.len(), 25);
        assert!(found.evidence.iter().all(|e| !e.path.is_empty()));
    }

    #[test]
    fn secrets_point_at_file_and_line() {
        let facts = RepoFacts {
            secrets: vec![SecretHit {
                path: "app.py".into(),
                line: 4,
                kind: "github_token",
                commit: None,
                fingerprint: 0,
            }],
            ..RepoFacts::default()
        };
        let found = check("LAY002", &facts);
        assert_eq!(found.outcome, Outcome::Fail);
        assert_eq!(
            (found.evidence[0].path.as_str(), found.evidence[0].line),
            ("app.py", Some(4))
        );
    }

    #[test]
    fn large_files_over_the_threshold_unless_lfs() {
        let mut lfs = file("model.h5", 50 << 20);
        lfs.lfs = true;
        let facts = RepoFacts {
            files: vec![file("data.csv", 11 << 20), file("small.csv", 9 << 20), lfs],
            ..RepoFacts::default()
        };
        let found = check("LAY003", &facts);
        assert_eq!(found.outcome, Outcome::Fail);
        assert_eq!(found.evidence.len(), 1);
        assert_eq!(found.evidence[0].path, "data.csv");
    }

    #[test]
    fn layout_judges_packages_and_loose_scripts() {
        let source = |paths: Vec<String>| RepoFacts {
            code: CodeFacts {
                python: paths
                    .into_iter()
                    .map(|path| PythonFile {
                        path,
                        scope: CodeScope::Source,
                        module: ModuleFacts::default(),
                    })
                    .collect(),
                ..CodeFacts::default()
            },
            ..RepoFacts::default()
        };
        let scripts = |n: usize| (0..n).map(|i| format!("s{i}.py")).collect::<Vec<_>>();
        assert_eq!(check("LAY005", &source(scripts(7))).outcome, Outcome::Fail);
        let mut packaged = scripts(2);
        packaged.push("pkg/__init__.py".into());
        assert_eq!(check("LAY005", &source(packaged)).outcome, Outcome::Pass);
        assert!(matches!(
            check("LAY005", &RepoFacts::default()).outcome,
            Outcome::NotApplicable(_)
        ));
    }

    #[test]
    fn names_and_conflicts() {
        let facts = RepoFacts {
            sloppy_names: vec!["Untitled.ipynb".into()],
            conflict_markers: vec![Location {
                path: "a.py".into(),
                line: Some(3),
                note: "merge-conflict marker".into(),
            }],
            ..RepoFacts::default()
        };
        assert_eq!(check("LAY006", &facts).outcome, Outcome::Fail);
        assert_eq!(check("LAY007", &facts).evidence[0].line, Some(3));
        assert_eq!(check("LAY004", &facts).outcome, Outcome::Fail);
    }
}
