//! A job role, as data (`rules/roles.toml`).

use serde::{Deserialize, Serialize};

/// One role, as data (`rules/roles.toml`).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: String,
    /// Skill ids that show fit for the role.
    pub skills: Vec<String>,
    /// Skills that make a full fit.
    pub expect: u32,
    /// The role's distinctive skills: without one of them the role is not
    /// offered (pytest alone makes no automation tester).
    #[serde(default)]
    pub requires: Vec<String>,
    /// Rule id prefixes whose fixes come first for this role.
    #[serde(default)]
    pub focus: Vec<String>,
    /// Job titles that name this role in a posting ("ML engineer").
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Role {
    pub fn focuses_on(&self, rule: &str) -> bool {
        self.focus
            .iter()
            .any(|prefix| rule.starts_with(prefix.as_str()))
    }
}
