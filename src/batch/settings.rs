//! What a batch's results were judged with: the catalogue (rules, pack,
//! vocabulary), the rule selection, the role, whether owners' exemptions
//! count, and the job post. Kept beside `results.jsonl` as
//! `settings.json`, so a re-run with different settings never serves the
//! old results as new ones, and shards judged differently never merge.

use std::path::Path;

use serde::{Deserialize, Serialize};

pub const SETTINGS: &str = "settings.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The catalogue's version: the tool's and any rule pack's.
    pub catalog: String,
    /// `--select` and `--ignore`, as given.
    pub selection: String,
    pub role: Option<String>,
    pub exemptions: bool,
    pub job_post: Option<Posting>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posting {
    /// Its first line, for the dashboard's heading.
    pub title: String,
    /// A digest of its text: two postings with one title differ.
    pub digest: String,
}

impl Settings {
    /// The first setting that differs from `other`, named as its flag.
    pub fn differs_from(&self, other: &Settings) -> Option<&'static str> {
        if self.catalog != other.catalog {
            Some("catalogue (tool version or --rules pack)")
        } else if self.selection != other.selection {
            Some("rule selection (--select/--ignore)")
        } else if self.role != other.role {
            Some("role (--role)")
        } else if self.exemptions != other.exemptions {
            Some("exemptions (--allow-exemptions)")
        } else if self.job_post != other.job_post {
            Some("job post (--job-post)")
        } else {
            None
        }
    }
}

/// The settings an output folder's results were made with, if recorded.
pub fn load(dir: &Path) -> Result<Option<Settings>, String> {
    let path = dir.join(SETTINGS);
    match crate::untrusted::files::open_no_follow(&path) {
        Err(_) if !path.exists() => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        Ok(file) => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::Read::take(file, 1024 * 1024), &mut text)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| format!("{} is not a batch's settings: {e}", path.display()))
        }
    }
}

pub fn save(dir: &Path, settings: &Settings) -> Result<(), String> {
    let text = serde_json::to_string_pretty(settings).map_err(|e| e.to_string())?;
    std::fs::write(dir.join(SETTINGS), text + "\n")
        .map_err(|e| format!("cannot write {}: {e}", dir.join(SETTINGS).display()))
}
