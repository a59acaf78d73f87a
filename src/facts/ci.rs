//! Continuous integration: which services are configured and whether any of
//! them runs the tests.

use std::sync::LazyLock;

use regex::Regex;

use super::Location;

#[derive(Debug, Clone, Default)]
pub struct CiFacts {
    pub providers: Vec<String>,
    pub files: Vec<String>,
    /// Where a CI config runs a test command, if anywhere.
    pub test_command: Option<Location>,
}

/// The CI service a path configures. A misspelled `.github/workflow/` is not CI.
pub fn provider_of(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix(".github/workflows/") {
        return (!rest.contains('/') && (rest.ends_with(".yml") || rest.ends_with(".yaml")))
            .then_some("github-actions");
    }
    match lower.as_str() {
        ".gitlab-ci.yml" | ".gitlab-ci.yaml" => Some("gitlab-ci"),
        ".travis.yml" => Some("travis-ci"),
        ".circleci/config.yml" | ".circleci/config.yaml" => Some("circleci"),
        "azure-pipelines.yml" | "azure-pipelines.yaml" => Some("azure-pipelines"),
        "appveyor.yml" | ".appveyor.yml" => Some("appveyor"),
        "jenkinsfile" => Some("jenkins"),
        "bitbucket-pipelines.yml" => Some("bitbucket-pipelines"),
        _ => None,
    }
}

static TEST_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?m)\b(?:pytest|py\.test|tox|nox|python3? -m unittest|python3? -m pytest",
        r"|make (?:test|check)\b|hatch (?:test|run test)|coverage run|manage\.py test)\b",
    ))
    .expect("test command pattern")
});

/// Collects CI facts from the kept texts of CI configuration files.
pub fn gather<'a>(configs: impl Iterator<Item = (&'a str, &'a str)>) -> CiFacts {
    let mut facts = CiFacts::default();
    for (path, text) in configs {
        let Some(provider) = provider_of(path) else {
            continue;
        };
        if !facts.providers.iter().any(|p| p == provider) {
            facts.providers.push(provider.to_string());
        }
        facts.files.push(path.to_string());
        if facts.test_command.is_none() {
            facts.test_command = find_test_command(text).map(|(line, command)| Location {
                path: path.to_string(),
                line: Some(line),
                note: command,
            });
        }
    }
    facts.providers.sort();
    facts
}

fn find_test_command(text: &str) -> Option<(usize, String)> {
    text.lines().enumerate().find_map(|(index, line)| {
        let code = line.split(" #").next().unwrap_or(line);
        if code.trim_start().starts_with('#') {
            return None;
        }
        TEST_COMMAND
            .find(code)
            .map(|m| (index + 1, m.as_str().to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_providers_and_rejects_misspelled_workflow_folder() {
        assert_eq!(
            provider_of(".github/workflows/ci.yml"),
            Some("github-actions")
        );
        assert_eq!(provider_of(".github/workflow/ci.yml"), None);
        assert_eq!(provider_of(".github/workflows/README.md"), None);
        assert_eq!(provider_of("Jenkinsfile"), Some("jenkins"));
    }

    #[test]
    fn finds_the_line_that_runs_tests() {
        let yml = "name: ci\n# run pytest later\njobs:\n  test:\n    steps:\n      - run: python -m pytest -q\n";
        let facts = gather([(".github/workflows/ci.yml", yml)].into_iter());
        let found = facts.test_command.expect("test command");
        assert_eq!(found.line, Some(6));
        assert_eq!(facts.providers, vec!["github-actions"]);
    }

    #[test]
    fn a_lint_only_workflow_runs_no_tests() {
        let yml = "jobs:\n  lint:\n    steps:\n      - run: ruff check .\n";
        assert!(
            gather([(".github/workflows/lint.yml", yml)].into_iter())
                .test_command
                .is_none()
        );
    }
}
