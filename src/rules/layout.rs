//! Layout: what is committed, and how it is organised.

use super::{Check, Thresholds, at, plural};
use crate::facts::{EntryKind, RepoFacts};

/// LAY001: no caches, virtualenvs, build output or OS litter in git.
pub fn no_committed_junk(facts: &RepoFacts, _: &Thresholds) -> Check {
    if facts.junk.is_empty() {
        return Check::pass("no caches, virtualenvs or build output committed");
    }
    let evidence: Vec<_> = facts
        .junk
        .iter()
        .map(|p| at(p, None, "committed junk"))
        .collect();
    Check::fail(format!(
        "{} committed",
        plural(facts.junk.len(), "junk path", "junk paths")
    ))
    .with_evidence(evidence)
}

/// LAY002: no credentials in the repository.
pub fn no_committed_secrets(facts: &RepoFacts, _: &Thresholds) -> Check {
    if facts.secrets.is_empty() {
        return Check::pass("no credentials found");
    }
    let evidence: Vec<_> = facts
        .secrets
        .iter()
        .map(|s| at(&s.path, Some(s.line), s.kind.replace('_', " ")))
        .collect();
    Check::fail(format!(
        "{} committed",
        plural(facts.secrets.len(), "possible secret", "possible secrets")
    ))
    .with_evidence(evidence)
}

/// LAY003: no large binaries in git (Git LFS is fine).
pub fn no_large_files(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let limit = (thresholds.get("max_file_mb") * 1024.0 * 1024.0) as u64;
    let large: Vec<_> = facts
        .files
        .iter()
        .filter(|f| f.kind == EntryKind::File && !f.lfs && f.size > limit)
        .map(|f| {
            at(
                &f.path,
                None,
                format!("{:.1} MB", f.size as f64 / 1_048_576.0),
            )
        })
        .collect();
    if large.is_empty() {
        return Check::pass(format!("no file over {} MB", thresholds.get("max_file_mb")));
    }
    Check::fail(format!(
        "{} over {} MB",
        plural(large.len(), "file", "files"),
        thresholds.get("max_file_mb")
    ))
    .with_evidence(large)
}

/// LAY004: a `.gitignore`.
pub fn has_gitignore(facts: &RepoFacts, _: &Thresholds) -> Check {
    match &facts.gitignore {
        Some(path) => Check::pass(path.clone()).with_evidence([at(path, None, ".gitignore")]),
        None => Check::fail("no .gitignore"),
    }
}

/// Scripts that belong at the top of a project.
const ROOT_SCRIPTS: [&str; 6] = [
    "setup.py",
    "noxfile.py",
    "conftest.py",
    "manage.py",
    "fabfile.py",
    "tasks.py",
];

/// LAY005: code lives in a package (or folders), not a pile of loose scripts.
pub fn organised_layout(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let root = facts.packaging.root.as_str();
    // The project's own source: tests, vendored and generated code aside.
    let python: Vec<&str> = facts.code.source().map(|f| f.path.as_str()).collect();
    if python.is_empty() {
        return Check::not_applicable("no Python source files");
    }
    let in_root = |path: &str| {
        let dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        dir.is_empty() || dir == root
    };
    let loose: Vec<&str> = python
        .iter()
        .copied()
        .filter(|p| in_root(p) && !ROOT_SCRIPTS.iter().any(|s| p.ends_with(s)))
        .collect();
    let package = python.iter().find(|p| p.ends_with("/__init__.py"));
    let max_loose = thresholds.get("max_loose_scripts") as usize;
    let loose_evidence = || loose.iter().map(|p| at(p, None, "loose script"));
    match (package, loose.len() <= max_loose) {
        (Some(init), true) => {
            let dir = init.trim_end_matches("/__init__.py");
            Check::pass(format!("code is organised in the package `{dir}`"))
                .with_evidence([at(init, None, "package")])
        }
        (Some(_), false) => Check::partial(
            0.5,
            format!(
                "a package exists, but {} sit beside it",
                plural(loose.len(), "loose script", "loose scripts")
            ),
        )
        .with_evidence(loose_evidence()),
        (None, true) if loose.len() < python.len() => Check::partial(
            0.5,
            "code sits in folders, but none is a package (no __init__.py)",
        ),
        (None, true) => Check::partial(
            0.5,
            format!(
                "{} and no package",
                plural(loose.len(), "loose script", "loose scripts")
            ),
        )
        .with_evidence(loose_evidence()),
        (None, false) => Check::fail(format!(
            "{} at the top level and no package",
            plural(loose.len(), "loose script", "loose scripts")
        ))
        .with_evidence(loose_evidence()),
    }
}

/// LAY008: notebooks are committed clean: run in order, no errors, no huge outputs.
pub fn notebooks_are_clean(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let notebooks = &facts.code.notebooks;
    if notebooks.is_empty() {
        return Check::not_applicable("no notebooks");
    }
    let max_output = (thresholds.get("max_output_mb") * 1_048_576.0) as u64;
    let mut evidence = Vec::new();
    let mut unclean = 0;
    for notebook in notebooks {
        let before = evidence.len();
        match &notebook.facts {
            None => evidence.push(at(&notebook.path, None, "too large or malformed to read")),
            Some(nb) => {
                if nb.error_outputs > 0 {
                    evidence.push(at(
                        &notebook.path,
                        None,
                        plural(nb.error_outputs, "error output", "error outputs"),
                    ));
                }
                if nb.out_of_order {
                    evidence.push(at(&notebook.path, None, "cells were run out of order"));
                }
                if nb.output_bytes > max_output {
                    evidence.push(at(
                        &notebook.path,
                        None,
                        format!("{:.1} MB of outputs", nb.output_bytes as f64 / 1_048_576.0),
                    ));
                }
            }
        }
        unclean += usize::from(evidence.len() > before);
    }
    if unclean == 0 {
        return Check::pass(format!(
            "{} clean",
            plural(notebooks.len(), "notebook is", "notebooks are")
        ));
    }
    let fraction = (notebooks.len() - unclean) as f64 / notebooks.len() as f64;
    Check::partial(
        fraction,
        format!(
            "{unclean} of {} need cleaning",
            plural(notebooks.len(), "notebook", "notebooks")
        ),
    )
    .with_evidence(evidence)
}

/// LAY006: no `Untitled.ipynb`, `final_v2.py`, `copy` or spaces in names.
pub fn clean_file_names(facts: &RepoFacts, _: &Thresholds) -> Check {
    if facts.sloppy_names.is_empty() {
        return Check::pass("file names are tidy");
    }
    let evidence: Vec<_> = facts
        .sloppy_names
        .iter()
        .map(|p| at(p, None, "sloppy name"))
        .collect();
    Check::fail(format!(
        "{} with sloppy names",
        plural(facts.sloppy_names.len(), "file", "files")
    ))
    .with_evidence(evidence)
}

/// LAY007: no unresolved merge conflicts.
pub fn no_merge_conflict_markers(facts: &RepoFacts, _: &Thresholds) -> Check {
    if facts.conflict_markers.is_empty() {
        return Check::pass("no merge-conflict markers");
    }
    Check::fail(format!(
        "{} with merge-conflict markers",
        plural(facts.conflict_markers.len(), "file", "files")
    ))
    .with_evidence(facts.conflict_markers.clone())
}

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
