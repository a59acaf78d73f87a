//! The repository owner's own settings: `[tool.portfolio-audit]` in
//! `pyproject.toml`, or `.portfolio-audit.toml`. An owner may exempt a rule
//! only with a written reason, and may set `min-score`, `select`, `ignore`.
//! Settings fail closed: a misspelt key or an out-of-range value is a
//! problem the audit refuses to run with while it honours the settings,
//! never a table silently dropped.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Value;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct OwnerConfig {
    /// The file the settings came from.
    pub path: String,
    pub min_score: Option<f64>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Rule id or name → the owner's reason.
    pub exempt: BTreeMap<String, String>,
    /// What is wrong with the settings, each naming the file and the key.
    pub problems: Vec<String>,
}

/// The parts of pyproject.toml the settings live in; the rest is ignored.
#[derive(Deserialize)]
struct Pyproject {
    tool: Option<Tool>,
}

#[derive(Deserialize)]
struct Tool {
    #[serde(rename = "portfolio-audit")]
    settings: Option<Settings>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Settings {
    min_score: Option<f64>,
    #[serde(default)]
    select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    exempt: BTreeMap<String, Value>,
}

/// Reads the settings from `.portfolio-audit.toml` (preferred) or the
/// `pyproject.toml` at the repository root. Problems with the settings are
/// kept in [`OwnerConfig::problems`]; a missing reason is a warning.
pub fn read(
    dedicated: Option<&str>,
    pyproject: Option<&str>,
    warnings: &mut Vec<String>,
) -> Option<OwnerConfig> {
    let (path, parsed) = match (dedicated, pyproject) {
        (Some(text), _) => (".portfolio-audit.toml", toml::from_str::<Settings>(text)),
        (None, Some(text)) => {
            // A pyproject.toml that is not TOML at all is the manifest
            // reader's warning; here only the tool's own table matters.
            toml::from_str::<toml::Table>(text).ok()?;
            let parsed = toml::from_str::<Pyproject>(text);
            match parsed {
                Ok(Pyproject {
                    tool:
                        Some(Tool {
                            settings: Some(settings),
                        }),
                }) => ("pyproject.toml", Ok(settings)),
                Ok(_) => return None,
                Err(err) => ("pyproject.toml", Err(err)),
            }
        }
        (None, None) => return None,
    };
    let settings = match parsed {
        Ok(settings) => settings,
        Err(err) => return Some(broken(path, &located(&err, dedicated.or(pyproject)))),
    };
    let mut problems = Vec::new();
    if let Some(score) = settings.min_score.filter(|s| !(0.0..=100.0).contains(s)) {
        problems.push(format!(
            "{path}: min-score {score} is not between 0 and 100"
        ));
    }
    let mut config = OwnerConfig {
        path: path.to_string(),
        min_score: settings.min_score,
        select: settings.select,
        ignore: settings.ignore,
        exempt: BTreeMap::new(),
        problems,
    };
    for (rule, reason) in settings.exempt {
        match reason.as_str().map(str::trim).filter(|r| !r.is_empty()) {
            Some(reason) => {
                config
                    .exempt
                    .insert(rule, reason.chars().take(300).collect());
            }
            None => warnings.push(format!(
                "{path}: the exemption of {rule} has no written reason; not applied"
            )),
        }
    }
    Some(config)
}

/// Settings that cannot be read at all: nothing of them applies.
fn broken(path: &str, problem: &str) -> OwnerConfig {
    OwnerConfig {
        path: path.to_string(),
        problems: vec![format!("{path}: portfolio-audit settings: {problem}")],
        ..OwnerConfig::default()
    }
}

/// `line N: message`, from a TOML error's span.
fn located(err: &toml::de::Error, text: Option<&str>) -> String {
    let message = err.message().trim();
    match (err.span(), text) {
        (Some(span), Some(text)) => {
            let start = span.start.min(text.len());
            let number = text[..start].matches('\n').count() + 1;
            let line = text.lines().nth(number - 1).unwrap_or("").trim();
            let line: String = crate::untrusted::escape::terminal(line)
                .chars()
                .take(80)
                .collect();
            format!("line {number} (`{line}`): {message}")
        }
        _ => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pyproject_section_with_reasons() {
        let text = "[project]\nname = \"x\"\n\n[tool.portfolio-audit]\nmin-score = 70\nignore = [\"LAY006\"]\n\n[tool.portfolio-audit.exempt]\nLAY003 = \"the model weights are the point of the project\"\nDOC007 = \"\"\n";
        let mut warnings = Vec::new();
        let config = read(None, Some(text), &mut warnings).expect("config");
        assert_eq!(config.min_score, Some(70.0));
        assert_eq!(config.ignore, vec!["LAY006"]);
        assert_eq!(config.exempt.len(), 1);
        assert!(warnings[0].contains("DOC007") && warnings[0].contains("no written reason"));
    }

    #[test]
    fn dedicated_file_wins_and_bad_settings_are_warnings() {
        let mut warnings = Vec::new();
        let config = read(
            Some("exempt = { GIT001 = \"imported from SVN\" }\n"),
            Some("[tool.portfolio-audit]\nmin-score = 10\n"),
            &mut warnings,
        )
        .expect("config");
        assert_eq!(config.path, ".portfolio-audit.toml");
        assert_eq!(config.min_score, None);
        assert!(config.problems.is_empty());
        let typed = read(Some("min-score = \"high\"\n"), None, &mut warnings).expect("config");
        assert!(
            typed.problems[0].contains("min-score"),
            "{:?}",
            typed.problems
        );
    }

    #[test]
    fn misspelt_keys_and_out_of_range_scores_are_problems() {
        let mut warnings = Vec::new();
        let pyproject = "[tool.portfolio-audit]\nmin_score = 70\n[tool.portfolio-audit.exempt]\nLAY003 = \"weights\"\n";
        let config = read(None, Some(pyproject), &mut warnings).expect("config");
        assert!(
            config.exempt.is_empty(),
            "nothing of a broken table applies"
        );
        assert!(
            config.problems[0].contains("pyproject.toml")
                && config.problems[0].contains("min_score"),
            "{:?}",
            config.problems
        );
        let config = read(Some("min-score = 170\n"), None, &mut warnings).expect("config");
        assert!(config.problems[0].contains("170"), "{:?}", config.problems);
        let config = read(Some("min-score = [\n"), None, &mut warnings).expect("config");
        assert!(
            config.problems[0].contains("line 1 (`min-score = [`)"),
            "{:?}",
            config.problems
        );
    }
}
