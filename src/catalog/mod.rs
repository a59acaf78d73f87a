//! The knowledge base as data: rule metadata, categories, scoring bands,
//! overdone topics, templates, skills and roles, from the top-level `rules/`
//! folder embedded in the binary, optionally changed by a reviewer's rule
//! pack (`--rules DIR`). Loading checks only that the files parse;
//! [`crate::rules::Catalog`] checks the result against the registry of rule
//! functions once and is what the rest of the crate takes.

mod meta;
mod role;
mod scoring;
mod technology;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::CatalogError;
use crate::facts::originality::Topic;
use crate::facts::scope::ScopeThresholds;
use crate::facts::skills::Skill;
use crate::facts::templates::Template;
pub use meta::{CategoryMeta, RuleMeta, WEIGHT_SCALE};
pub use role::Role;
pub use scoring::{FlawsForWeak, Grade, Scoring, VERDICT_SIGNALS, Verdict, VerdictCap};
pub use technology::Technology;

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
const EMBEDDED_TECHNOLOGIES: &str = include_str!("../../rules/technologies.toml");

#[derive(Debug, Clone, PartialEq)]
pub struct Knowledge {
    /// Rule metadata in report order: by category, then id.
    pub rules: Vec<RuleMeta>,
    pub categories: Vec<CategoryMeta>,
    pub scoring: Scoring,
    /// Where a project's scope turns moderate and substantial.
    pub scope: ScopeThresholds,
    pub topics: Vec<Topic>,
    pub templates: Vec<Template>,
    pub skills: Vec<Skill>,
    pub roles: Vec<Role>,
    /// What job posts name, each linked to the skill that shows it, if any.
    pub technologies: Vec<Technology>,
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
    scope: ScopeThresholds,
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
struct TechnologiesFile {
    group: Vec<technology::Group>,
}

impl TechnologiesFile {
    fn technologies(self) -> Vec<Technology> {
        self.group
            .into_iter()
            .flat_map(|group| {
                let kind = group.kind;
                group.tech.into_iter().map(move |mut tech| {
                    if tech.kind.is_empty() {
                        tech.kind = kind.clone();
                    }
                    tech
                })
            })
            .collect()
    }
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

impl Knowledge {
    /// The knowledge built into the binary, not yet checked.
    pub fn embedded() -> Result<Knowledge, CatalogError> {
        let mut rules = Vec::new();
        for (path, text) in EMBEDDED_RULES {
            rules.extend(parse::<RulesFile>(path, text)?.rule);
        }
        let categories: CategoriesFile = parse("rules/categories.toml", EMBEDDED_CATEGORIES)?;
        let topics: TopicsFile = parse("rules/topics.toml", EMBEDDED_TOPICS)?;
        let templates: TemplatesFile = parse("rules/templates.toml", EMBEDDED_TEMPLATES)?;
        let skills: SkillsFile = parse("rules/skills.toml", EMBEDDED_SKILLS)?;
        let roles: RolesFile = parse("rules/roles.toml", EMBEDDED_ROLES)?;
        let technologies: TechnologiesFile =
            parse("rules/technologies.toml", EMBEDDED_TECHNOLOGIES)?;
        let mut catalog = Knowledge {
            rules,
            categories: categories.category,
            scoring: categories.scoring,
            scope: categories.scope,
            topics: topics.topic,
            templates: templates.template,
            skills: skills.skill,
            roles: roles.role,
            technologies: technologies.technologies(),
        };
        catalog.sort();
        Ok(catalog)
    }

    /// The embedded catalogue changed by a reviewer's rule pack: a folder of
    /// TOML files. `categories.toml` replaces categories and scoring,
    /// `topics.toml`, `templates.toml`, `skills.toml`, `roles.toml` and
    /// `technologies.toml` add
    /// entries (or replace those with the same id), and
    /// any other file changes fields of built-in rules by id.
    pub fn with_pack(mut self, dir: &Path) -> Result<Knowledge, CatalogError> {
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
                Some("technologies.toml") => {
                    for tech in parse::<TechnologiesFile>(&shown, &text)?.technologies() {
                        self.technologies.retain(|t| t.id != tech.id);
                        self.technologies.push(tech);
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
        for tech in &self.technologies {
            feed(&serde_json::to_string(tech).unwrap_or_default());
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
