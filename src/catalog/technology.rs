//! A technology job posts name (`rules/technologies.toml`), and the skill
//! that shows it in a repository, where the audit can see it.

use serde::{Deserialize, Serialize};

/// Technologies of one kind, with the public list they were drawn from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Group {
    pub kind: String,
    #[allow(dead_code)]
    pub source: String,
    pub tech: Vec<Technology>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Technology {
    pub id: String,
    pub name: String,
    /// Other spellings ("k8s", "Postgres").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The skill (skills.toml) whose evidence shows it; none where a
    /// repository cannot (Jira, Excel, a cloud service as such).
    #[serde(default)]
    pub skill: Option<String>,
    /// Matched in the case written: the name is also a common word ("Go").
    #[serde(default)]
    pub case_sensitive: bool,
    /// Its group's kind (`language`, `python-web`, `database`…): the
    /// options of an either/or ask are of one kind.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
}

impl Technology {
    /// The name and every alias.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}
