//! What the catalogue says about each rule and category: names, weights,
//! rationale, fix and thresholds.

use serde::{Deserialize, Serialize};

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
