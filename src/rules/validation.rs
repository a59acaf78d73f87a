//! Checks a catalogue once it is loaded (embedded or with a rule pack):
//! every rule's metadata is sound and registered, scoring is one scale,
//! and topics, skills, roles and templates are well formed.

use std::collections::BTreeSet;

use super::registry::REGISTRY;
use crate::catalog::{Knowledge, VERDICT_SIGNALS, WEIGHT_SCALE};
use crate::error::CatalogError;

/// Every registered rule has metadata and every rule's metadata is sound.
pub(super) fn check(knowledge: &Knowledge) -> Result<(), CatalogError> {
    let ids = check_rules(knowledge)?;
    check_scoring(knowledge, &ids)?;
    check_data(knowledge)
}

/// The rules' metadata; returns their ids.
fn check_rules(knowledge: &Knowledge) -> Result<BTreeSet<&str>, CatalogError> {
    let invalid = |message: String| Err(CatalogError::Invalid(message));
    let mut ids = BTreeSet::new();
    let mut names = BTreeSet::new();
    let categories: BTreeSet<&str> = knowledge.categories.iter().map(|c| c.id.as_str()).collect();
    if categories.len() != knowledge.categories.len() {
        return invalid("category ids must be unique".into());
    }
    if let Some(c) = knowledge
        .categories
        .iter()
        .find(|c| !(c.weight > 0.0 && c.weight.is_finite()))
    {
        return invalid(format!("category {} needs a positive weight", c.id));
    }
    for rule in &knowledge.rules {
        if !ids.insert(rule.id.as_str()) {
            return invalid(format!("rule id {} is used twice", rule.id));
        }
        if !names.insert(rule.name.as_str()) {
            return invalid(format!("rule name {} is used twice", rule.name));
        }
        if !is_kebab_case(&rule.name) {
            return invalid(format!(
                "rule {}: name `{}` must be kebab-case",
                rule.id, rule.name
            ));
        }
        let Some(category) = knowledge.categories.iter().find(|c| c.id == rule.category) else {
            return invalid(format!(
                "rule {}: unknown category `{}`",
                rule.id, rule.category
            ));
        };
        if !rule.id.starts_with(&category.prefix) {
            return invalid(format!(
                "rule {}: ids in category `{}` start with `{}`",
                rule.id, category.id, category.prefix
            ));
        }
        if !WEIGHT_SCALE.contains(&rule.weight) {
            return invalid(format!(
                "rule {}: weight {} is outside {}..={}",
                rule.id,
                rule.weight,
                WEIGHT_SCALE.start(),
                WEIGHT_SCALE.end()
            ));
        }
        for (field, text) in [
            ("summary", &rule.summary),
            ("rationale", &rule.rationale),
            ("fix", &rule.fix),
        ] {
            if text.trim().is_empty() {
                return invalid(format!("rule {}: {field} is empty", rule.id));
            }
        }
        if let Some((key, _)) = rule
            .thresholds
            .iter()
            .find(|(_, v)| v.as_float().is_some_and(|f| !f.is_finite()))
        {
            return invalid(format!(
                "rule {}: threshold `{key}` is not a number",
                rule.id
            ));
        }
        let Some(registered) = REGISTRY.iter().find(|r| r.id == rule.id) else {
            return invalid(format!(
                "rule {} has metadata but no implementation",
                rule.id
            ));
        };
        if let Err(e) = (registered.check_thresholds)(&rule.thresholds) {
            return invalid(format!("rule {}: thresholds: {e}", rule.id));
        }
    }
    if let Some(rule) = REGISTRY.iter().find(|r| !ids.contains(r.id)) {
        return invalid(format!(
            "rule {} is registered but has no metadata",
            rule.id
        ));
    }
    Ok(ids)
}

/// Verdict bands, grades nested in them, and caps naming known rules.
fn check_scoring(knowledge: &Knowledge, ids: &BTreeSet<&str>) -> Result<(), CatalogError> {
    let invalid = |message: String| Err(CatalogError::Invalid(message));
    let s = &knowledge.scoring;
    if !(s.fair < s.strong && (0.0..=100.0).contains(&s.fair) && (0.0..=100.0).contains(&s.strong))
    {
        return invalid("scoring: need 0 <= fair < strong <= 100".into());
    }
    if s.grade.windows(2).any(|w| w[0].min <= w[1].min) {
        return invalid("scoring: grades must be listed from the highest minimum down".into());
    }
    let known = |c: &&String| ids.contains(c.as_str()) || VERDICT_SIGNALS.contains(&c.as_str());
    for cap in &s.cap {
        if cap.when.is_empty() {
            return invalid("scoring: a cap needs `when` conditions".into());
        }
        if let Some(rule) = cap.when.iter().chain(&cap.unless).find(|c| !known(c)) {
            return invalid(format!(
                "scoring: a cap names the unknown rule or condition {rule} (conditions: {})",
                VERDICT_SIGNALS.join(", ")
            ));
        }
    }
    if let Some(rule) = s.fix_first.iter().find(|r| !ids.contains(r.as_str())) {
        return invalid(format!("scoring: fix_first names the unknown rule {rule}"));
    }
    // One scale: each grade lies inside one verdict band, so a grade
    // never contradicts its verdict.
    for threshold in [s.strong, s.fair] {
        if !s.grade.iter().any(|g| g.min == threshold) {
            return invalid(format!(
                "scoring: a grade must start at {threshold}, where a verdict band starts"
            ));
        }
    }
    Ok(())
}

/// Topics, skills, roles and templates: unique ids, usable content.
fn check_data(knowledge: &Knowledge) -> Result<(), CatalogError> {
    let invalid = |message: String| Err(CatalogError::Invalid(message));
    let mut topics = BTreeSet::new();
    for topic in &knowledge.topics {
        if !topics.insert(topic.id.as_str()) || topic.words.iter().all(|w| w.trim().is_empty()) {
            return invalid(format!("topic `{}` needs a unique id and words", topic.id));
        }
    }
    let mut skills = BTreeSet::new();
    for skill in &knowledge.skills {
        let patterns_ok = skill.files.iter().all(|p| globset::Glob::new(p).is_ok());
        if !skills.insert(skill.id.as_str()) || !patterns_ok {
            return invalid(format!(
                "skill `{}` needs a unique id and valid file globs",
                skill.id
            ));
        }
        if let Some(signal) = skill
            .signal
            .as_deref()
            .filter(|s| !crate::facts::skills::SIGNALS.contains(s))
        {
            return invalid(format!(
                "skill `{}`: unknown signal `{signal}` (one of: {})",
                skill.id,
                crate::facts::skills::SIGNALS.join(", ")
            ));
        }
    }
    let mut technologies = BTreeSet::new();
    for tech in &knowledge.technologies {
        if !technologies.insert(tech.id.as_str()) || tech.terms().any(|t| t.trim().is_empty()) {
            return invalid(format!(
                "technology `{}` needs a unique id and non-empty names",
                tech.id
            ));
        }
        if let Some(skill) = tech.skill.as_deref().filter(|s| !skills.contains(s)) {
            return invalid(format!(
                "technology `{}` names unknown skill `{skill}`",
                tech.id
            ));
        }
    }
    let mut roles = BTreeSet::new();
    for role in &knowledge.roles {
        if !roles.insert(role.id.as_str()) || role.expect == 0 {
            return invalid(format!(
                "role `{}` needs a unique id and expect >= 1",
                role.id
            ));
        }
        if let Some(unknown) = role
            .skills
            .iter()
            .chain(&role.requires)
            .find(|s| !skills.contains(s.as_str()))
        {
            return invalid(format!(
                "role `{}` names unknown skill `{unknown}`",
                role.id
            ));
        }
    }
    let mut templates = BTreeSet::new();
    for template in &knowledge.templates {
        let empty = template.readme_phrases.iter().all(|p| p.trim().is_empty())
            && template.paths.iter().all(|g| g.is_empty());
        if !templates.insert(template.id.as_str()) || empty {
            return invalid(format!(
                "template `{}` needs a unique id and phrases or paths",
                template.id
            ));
        }
    }
    Ok(())
}

fn is_kebab_case(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
