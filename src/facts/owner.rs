//! The repository owner's own settings: `[tool.portfolio-audit]` in
//! `pyproject.toml`, or `.portfolio-audit.toml`. An owner may exempt a rule
//! only with a written reason, and may set `min-score`, `select`, `ignore`.

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
/// `pyproject.toml` at the repository root; problems become warnings.
pub fn read(
    dedicated: Option<&str>,
    pyproject: Option<&str>,
    warnings: &mut Vec<String>,
) -> Option<OwnerConfig> {
    let (path, table) = if let Some(text) = dedicated {
        (
            ".portfolio-audit.toml",
            parse(".portfolio-audit.toml", text, warnings)?,
        )
    } else {
        let text = pyproject?;
        let document: toml::Table = toml::from_str(text).ok()?;
        let section = document
            .get("tool")?
            .get("portfolio-audit")?
            .as_table()?
            .clone();
        ("pyproject.toml", section)
    };
    let settings: Settings = match Value::Table(table).try_into() {
        Ok(settings) => settings,
        Err(err) => {
            let message = err.to_string();
            warnings.push(format!(
                "{path}: portfolio-audit settings ignored ({})",
                message.lines().next().unwrap_or("")
            ));
            return None;
        }
    };
    let mut config = OwnerConfig {
        path: path.to_string(),
        min_score: settings.min_score.filter(|s| (0.0..=100.0).contains(s)),
        select: settings.select,
        ignore: settings.ignore,
        exempt: BTreeMap::new(),
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

fn parse(path: &str, text: &str, warnings: &mut Vec<String>) -> Option<toml::Table> {
    match toml::from_str(text) {
        Ok(table) => Some(table),
        Err(_) => {
            warnings.push(format!("{path}: not valid TOML; ignored"));
            None
        }
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
        assert!(read(Some("min-score = \"high\"\n"), None, &mut warnings).is_none());
        assert!(warnings.last().expect("warning").contains("ignored"));
    }
}
