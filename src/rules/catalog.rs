//! Rule metadata, categories, scoring bands and the overdone-topic list: data
//! from the top-level `rules/` folder, embedded in the binary, optionally
//! overridden by a reviewer's rule pack (`--rules DIR`), and checked against
//! the registry of rule functions before any audit runs.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::CatalogError;
use crate::facts::originality::Topic;
use crate::facts::skills::Skill;
use crate::facts::templates::Template;
use crate::roles::Role;

/// How a reviewer would read the project: the catalogue's scoring decides it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Weak,
    Fair,
    Strong,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Strong => "strong",
            Verdict::Fair => "fair",
            Verdict::Weak => "weak",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

const EMBEDDED_RULES: [(&str, &str); 7] = [
    ("rules/tests.toml", include_str!("../../rules/tests.toml")),
    ("rules/docs.toml", include_str!("../../rules/docs.toml")),
    ("rules/layout.toml", include_str!("../../rules/layout.toml")),
    ("rules/code.toml", include_str!("../../rules/code.toml")),
    (
        "rules/history.toml",
        include_str!("../../rules/history.toml"),
    ),
    (
        "rules/packaging.toml",
        include_str!("../../rules/packaging.toml"),
    ),
    (
        "rules/originality.toml",
        include_str!("../../rules/originality.toml"),
    ),
];
const EMBEDDED_CATEGORIES: &str = include_str!("../../rules/categories.toml");
const EMBEDDED_TOPICS: &str = include_str!("../../rules/topics.toml");
const EMBEDDED_TEMPLATES: &str = include_str!("../../rules/templates.toml");
const EMBEDDED_SKILLS: &str = include_str!("../../rules/skills.toml");
const EMBEDDED_ROLES: &str = include_str!("../../rules/roles.toml");

/// The weights a rule may carry: 1 nice to have, 2 important, 3 essential.
pub const WEIGHT_SCALE: std::ops::RangeInclusive<u8> = 1..=3;

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuleMeta {
    pub id: String,
    pub name: String,
    pub category: String,
    pub weight: u8,
    pub summary: String,
    pub rationale: String,
    pub fix: String,
    /// Read into the rule's own typed struct; a missing, unknown or
    /// mistyped key is a load error naming the rule.
    #[serde(default)]
    pub thresholds: toml::Table,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CategoryMeta {
    pub id: String,
    /// The prefix every rule id of the category starts with (`TST`).
    pub prefix: String,
    pub name: String,
    pub weight: f64,
    pub summary: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    pub letter: String,
    pub min: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// Lowest score with the verdict `strong`.
    pub strong: f64,
    /// Lowest score with the verdict `fair`.
    pub fair: f64,
    /// Grade bands, highest first; below the last one the grade is `F`.
    pub grade: Vec<Grade>,
    /// What holds the verdict down, whatever the score.
    #[serde(default)]
    pub cap: Vec<VerdictCap>,
    /// How many distinct flaws (caps with a `flaw`) make a project weak, by
    /// its scope: flaws add up.
    pub flaws_for_weak: FlawsForWeak,
    /// Rules whose fix comes first in the report whatever its points.
    #[serde(default)]
    pub fix_first: Vec<String>,
}

impl Scoring {
    /// The verdict band a score falls in, before any cap.
    pub fn verdict_for(&self, score: f64) -> Verdict {
        if score >= self.strong {
            Verdict::Strong
        } else if score >= self.fair {
            Verdict::Fair
        } else {
            Verdict::Weak
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VerdictCap {
    /// The cap applies when every one of these holds: a rule id holds when
    /// the rule fails; `scope:small` (or `moderate`, `substantial`) when the
    /// project is that size; `readme:docs-link` when an installable
    /// package's README sends readers to its documentation;
    /// `readme:test-command` when the README gives the command that runs
    /// the tests.
    #[serde(alias = "when_failing")]
    pub when: Vec<String>,
    /// ... and none of these holds.
    #[serde(default)]
    pub unless: Vec<String>,
    pub verdict: Verdict,
    /// A flaw that adds up with others (`flaws_for_weak`); caps naming the
    /// same flaw count once.
    #[serde(default)]
    pub flaw: Option<String>,
    /// Shown in the report's verdict note.
    pub reason: String,
}

/// Conditions a cap can name beside rule ids.
pub const VERDICT_SIGNALS: [&str; 5] = [
    "scope:small",
    "scope:moderate",
    "scope:substantial",
    "readme:docs-link",
    "readme:test-command",
];

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FlawsForWeak {
    pub small: usize,
    pub moderate: usize,
    pub substantial: usize,
}

impl FlawsForWeak {
    pub fn at(&self, size: crate::facts::scope::ScopeSize) -> usize {
        use crate::facts::scope::ScopeSize;
        match size {
            ScopeSize::Small => self.small,
            ScopeSize::Moderate => self.moderate,
            ScopeSize::Substantial => self.substantial,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    /// Rule metadata in report order: by category, then id.
    pub rules: Vec<RuleMeta>,
    pub categories: Vec<CategoryMeta>,
    pub scoring: Scoring,
    /// Where a project's scope turns moderate and substantial.
    pub scope: crate::facts::scope::ScopeThresholds,
    pub topics: Vec<Topic>,
    pub templates: Vec<Template>,
    pub skills: Vec<Skill>,
    pub roles: Vec<Role>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    rule: Vec<RuleMeta>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoriesFile {
    category: Vec<CategoryMeta>,
    scoring: Scoring,
    scope: crate::facts::scope::ScopeThresholds,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicsFile {
    topic: Vec<Topic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplatesFile {
    template: Vec<Template>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SkillsFile {
    skill: Vec<Skill>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RolesFile {
    role: Vec<Role>,
}

/// A pack's change to a built-in rule: any field but the id may be given.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleOverride {
    id: String,
    name: Option<String>,
    category: Option<String>,
    weight: Option<u8>,
    summary: Option<String>,
    rationale: Option<String>,
    fix: Option<String>,
    #[serde(default)]
    thresholds: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OverridesFile {
    rule: Vec<RuleOverride>,
}

impl Catalog {
    /// The catalogue built into the binary.
    pub fn embedded() -> Result<Catalog, CatalogError> {
        let mut rules = Vec::new();
        for (path, text) in EMBEDDED_RULES {
            rules.extend(parse::<RulesFile>(path, text)?.rule);
        }
        let categories: CategoriesFile = parse("rules/categories.toml", EMBEDDED_CATEGORIES)?;
        let topics: TopicsFile = parse("rules/topics.toml", EMBEDDED_TOPICS)?;
        let templates: TemplatesFile = parse("rules/templates.toml", EMBEDDED_TEMPLATES)?;
        let skills: SkillsFile = parse("rules/skills.toml", EMBEDDED_SKILLS)?;
        let roles: RolesFile = parse("rules/roles.toml", EMBEDDED_ROLES)?;
        let mut catalog = Catalog {
            rules,
            categories: categories.category,
            scoring: categories.scoring,
            scope: categories.scope,
            topics: topics.topic,
            templates: templates.template,
            skills: skills.skill,
            roles: roles.role,
        };
        catalog.validate()?;
        catalog.sort();
        Ok(catalog)
    }

    /// The embedded catalogue changed by a reviewer's rule pack: a folder of
    /// TOML files. `categories.toml` replaces categories and scoring,
    /// `topics.toml`, `templates.toml`, `skills.toml` and `roles.toml` add
    /// entries (or replace those with the same id), and
    /// any other file changes fields of built-in rules by id.
    pub fn with_pack(mut self, dir: &Path) -> Result<Catalog, CatalogError> {
        let pack_error = |path: &Path, message: String| CatalogError::Pack {
            path: path.display().to_string(),
            message,
        };
        let entries = std::fs::read_dir(dir).map_err(|err| {
            let message = match err.kind() {
                std::io::ErrorKind::NotFound => "no such folder".to_string(),
                _ if dir.is_file() => {
                    "is a file; give the folder holding the pack's .toml files".to_string()
                }
                _ => err.to_string(),
            };
            pack_error(dir, message)
        })?;
        let mut files: Vec<std::path::PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(pack_error(dir, "holds no .toml files".into()));
        }
        for file in files {
            let text =
                std::fs::read_to_string(&file).map_err(|err| pack_error(&file, err.to_string()))?;
            let shown = file.display().to_string();
            match file.file_name().and_then(|n| n.to_str()) {
                Some("categories.toml") => {
                    let parsed: CategoriesFile = parse(&shown, &text)?;
                    self.categories = parsed.category;
                    self.scoring = parsed.scoring;
                    self.scope = parsed.scope;
                }
                Some("topics.toml") => {
                    for topic in parse::<TopicsFile>(&shown, &text)?.topic {
                        self.topics.retain(|t| t.id != topic.id);
                        self.topics.push(topic);
                    }
                }
                Some("templates.toml") => {
                    for template in parse::<TemplatesFile>(&shown, &text)?.template {
                        self.templates.retain(|t| t.id != template.id);
                        self.templates.push(template);
                    }
                }
                Some("skills.toml") => {
                    for skill in parse::<SkillsFile>(&shown, &text)?.skill {
                        self.skills.retain(|s| s.id != skill.id);
                        self.skills.push(skill);
                    }
                }
                Some("roles.toml") => {
                    for role in parse::<RolesFile>(&shown, &text)?.role {
                        self.roles.retain(|r| r.id != role.id);
                        self.roles.push(role);
                    }
                }
                _ => {
                    for change in parse::<OverridesFile>(&shown, &text)?.rule {
                        self.apply(change)
                            .map_err(|message| pack_error(&file, message))?;
                    }
                }
            }
        }
        self.validate().map_err(|err| match err {
            CatalogError::Invalid(message) => pack_error(dir, message),
            other => other,
        })?;
        self.sort();
        Ok(self)
    }

    fn apply(&mut self, change: RuleOverride) -> Result<(), String> {
        let Some(rule) = self.rules.iter_mut().find(|r| r.id == change.id) else {
            return Err(format!("unknown rule id `{}`", change.id));
        };
        if let Some(name) = change.name {
            rule.name = name;
        }
        if let Some(category) = change.category {
            rule.category = category;
        }
        if let Some(weight) = change.weight {
            rule.weight = weight;
        }
        if let Some(summary) = change.summary {
            rule.summary = summary;
        }
        if let Some(rationale) = change.rationale {
            rule.rationale = rationale;
        }
        if let Some(fix) = change.fix {
            rule.fix = fix;
        }
        for (key, value) in change.thresholds {
            if !rule.thresholds.contains_key(&key) {
                return Err(format!("rule {} has no threshold `{key}`", rule.id));
            }
            rule.thresholds.insert(key, value);
        }
        Ok(())
    }

    pub fn rule(&self, id: &str) -> Option<&RuleMeta> {
        self.rules
            .iter()
            .find(|r| r.id.eq_ignore_ascii_case(id) || r.name == id)
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    pub fn category(&self, id: &str) -> Option<&CategoryMeta> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// A short stable fingerprint of the catalogue, so reports made with a
    /// changed pack can be told apart.
    pub fn version(&self) -> String {
        let mut hash = crate::hash::Fnv1a::default();
        let mut feed = |text: &str| {
            hash.field(text);
        };
        for rule in &self.rules {
            feed(&serde_json::to_string(rule).unwrap_or_default());
        }
        for category in &self.categories {
            feed(&serde_json::to_string(category).unwrap_or_default());
        }
        feed(&serde_json::to_string(&self.scoring).unwrap_or_default());
        for topic in &self.topics {
            feed(&serde_json::to_string(topic).unwrap_or_default());
        }
        for template in &self.templates {
            feed(&serde_json::to_string(template).unwrap_or_default());
        }
        for skill in &self.skills {
            feed(&serde_json::to_string(skill).unwrap_or_default());
        }
        for role in &self.roles {
            feed(&serde_json::to_string(role).unwrap_or_default());
        }
        format!("{}-{:012x}", env!("CARGO_PKG_VERSION"), hash.finish() >> 16)
    }

    fn sort(&mut self) {
        let order: BTreeMap<&str, usize> = self
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let mut rules = std::mem::take(&mut self.rules);
        rules.sort_by(|a, b| {
            (order.get(a.category.as_str()), &a.id).cmp(&(order.get(b.category.as_str()), &b.id))
        });
        self.rules = rules;
    }
}

/// Parses TOML, reducing an error to one line with its line number.
fn parse<T: serde::de::DeserializeOwned>(path: &str, text: &str) -> Result<T, CatalogError> {
    toml::from_str(text).map_err(|err| {
        let line = err
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        let message = err
            .message()
            .lines()
            .next()
            .unwrap_or("invalid TOML")
            .to_string();
        CatalogError::Pack {
            path: path.to_string(),
            message: match line {
                Some(line) => format!("line {line}: {message}"),
                None => message,
            },
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::REGISTRY;

    #[test]
    fn embedded_catalogue_matches_the_registry() {
        let catalog = Catalog::embedded().expect("embedded catalogue is valid");
        assert_eq!(catalog.rules.len(), REGISTRY.len());
        for rule in REGISTRY {
            assert!(catalog.rule(rule.id).is_some(), "{} has metadata", rule.id);
        }
    }

    #[test]
    fn scoring_is_one_scale_and_caps_name_known_rules() {
        let mut catalog = Catalog::embedded().expect("catalogue");
        catalog.scoring.cap[0].when = vec!["ORI999".into()];
        let err = catalog.validate().expect_err("unknown cap rule");
        assert!(err.to_string().contains("ORI999"), "{err}");
        let mut catalog = Catalog::embedded().expect("catalogue");
        catalog.scoring.cap[0].unless = vec!["scope:huge".into()];
        let err = catalog.validate().expect_err("unknown cap condition");
        assert!(err.to_string().contains("scope:huge"), "{err}");
        let mut catalog = Catalog::embedded().expect("catalogue");
        catalog.scoring.grade[1].min = 80.0;
        let err = catalog
            .validate()
            .expect_err("a grade straddling a verdict band");
        assert!(err.to_string().contains("75"), "{err}");
        let mut catalog = Catalog::embedded().expect("catalogue");
        catalog.categories[0].prefix = "XYZ".into();
        let err = catalog.validate().expect_err("prefix");
        assert!(err.to_string().contains("start with `XYZ`"), "{err}");
    }

    #[test]
    fn rule_ids_carry_their_category_prefix() {
        let catalog = Catalog::embedded().expect("catalogue");
        for rule in &catalog.rules {
            let category = catalog.category(&rule.category).expect("category");
            assert!(rule.id.starts_with(&category.prefix), "{}", rule.id);
        }
    }

    #[test]
    fn unknown_rule_in_a_pack_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("rules.toml"),
            "[[rule]]\nid = \"XYZ999\"\nweight = 2\n",
        )
        .expect("write");
        let err = Catalog::embedded()
            .expect("catalogue")
            .with_pack(dir.path())
            .unwrap_err();
        assert!(
            err.to_string().contains("unknown rule id `XYZ999`"),
            "{err}"
        );
    }

    #[test]
    fn pack_changes_weight_and_adds_topic() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("rules.toml"),
            "[[rule]]\nid = \"DOC009\"\nweight = 3\n",
        )
        .expect("write");
        std::fs::write(
            dir.path().join("topics.toml"),
            "[[topic]]\nid = \"pokedex\"\nname = \"Pokédex\"\nwords = [\"pokedex\"]\n",
        )
        .expect("write");
        let catalog = Catalog::embedded()
            .expect("catalogue")
            .with_pack(dir.path())
            .expect("pack");
        assert_eq!(catalog.rule("DOC009").map(|r| r.weight), Some(3));
        assert!(catalog.topics.iter().any(|t| t.id == "pokedex"));
        assert_ne!(
            catalog.version(),
            Catalog::embedded().expect("catalogue").version()
        );
    }

    #[test]
    fn pack_errors_are_one_line_with_a_line_number() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("rules.toml"),
            "[[rule]]\nid = \"DOC009\"\nweight = \n",
        )
        .expect("write");
        let err = Catalog::embedded()
            .expect("catalogue")
            .with_pack(dir.path())
            .unwrap_err()
            .to_string();
        assert!(!err.contains('\n'), "{err}");
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn pack_weight_off_the_scale_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("rules.toml"),
            "[[rule]]\nid = \"DOC009\"\nweight = 9\n",
        )
        .expect("write");
        assert!(
            Catalog::embedded()
                .expect("catalogue")
                .with_pack(dir.path())
                .is_err()
        );
    }

    #[test]
    fn thresholds_are_typed_and_checked_at_load() {
        let bad = |key: &str, value: toml::Value| {
            let mut catalog = Catalog::embedded().expect("catalogue");
            let rule = catalog
                .rules
                .iter_mut()
                .find(|r| r.id == "TST001")
                .expect("TST001");
            rule.thresholds.insert(key.into(), value);
            catalog.validate().expect_err("bad threshold").to_string()
        };
        let err = bad("min_test_functoins", 3.into());
        assert!(
            err.contains("TST001") && err.contains("min_test_functoins"),
            "{err}"
        );
        let err = bad("min_test_functions", 2.5.into());
        assert!(err.contains("TST001") && err.contains("usize"), "{err}");
        let mut catalog = Catalog::embedded().expect("catalogue");
        let rule = catalog
            .rules
            .iter_mut()
            .find(|r| r.id == "COD003")
            .expect("COD003");
        rule.thresholds.clear();
        let err = catalog
            .validate()
            .expect_err("missing threshold")
            .to_string();
        assert!(
            err.contains("COD003") && err.contains("max_top_level_statements"),
            "{err}"
        );
        let mut catalog = Catalog::embedded().expect("catalogue");
        let rule = catalog
            .rules
            .iter_mut()
            .find(|r| r.id == "DOC009")
            .expect("DOC009");
        rule.thresholds.insert("max".into(), 1.into());
        let err = catalog
            .validate()
            .expect_err("a rule that reads no thresholds")
            .to_string();
        assert!(err.contains("DOC009") && err.contains("max"), "{err}");
    }

    #[test]
    fn a_pack_threshold_reaches_the_rule() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("rules.toml"),
            "[[rule]]\nid = \"TST001\"\nthresholds = { min_test_functions = 10 }\n",
        )
        .expect("write");
        let catalog = Catalog::embedded()
            .expect("catalogue")
            .with_pack(dir.path())
            .expect("pack");
        let mut facts = crate::facts::RepoFacts::default();
        facts.tests.functions = 5;
        facts.tests.with_assertions = 5;
        let rule = REGISTRY.iter().find(|r| r.id == "TST001").expect("TST001");
        let meta = catalog.rule("TST001").expect("meta");
        let check = crate::rules::run(rule, &facts, meta);
        assert_eq!(check.outcome, crate::rules::Outcome::Partial(0.5));
    }
}
