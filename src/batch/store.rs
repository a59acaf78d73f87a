//! `results.jsonl`: one line per finished target, written and flushed as
//! soon as it finishes, so a run killed at any moment keeps every finished
//! line; a later run with the same folder skips what is done.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::audit::Fingerprint;

/// One line of `results.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub label: String,
    pub target: String,
    /// "ok" or "error".
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
    #[serde(default)]
    pub categories: BTreeMap<String, Option<f64>>,
    #[serde(default)]
    pub top_fixes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Report files, relative to the output folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    #[serde(default)]
    pub fingerprint: Fingerprint,
}

impl Outcome {
    pub fn ok(&self) -> bool {
        self.status == "ok"
    }

    pub fn failed(label: &str, target: &str, error: String) -> Self {
        Outcome {
            label: label.to_string(),
            target: target.to_string(),
            status: "error".into(),
            error: Some(error),
            score: None,
            grade: None,
            verdict: None,
            categories: BTreeMap::new(),
            top_fixes: Vec::new(),
            commit: None,
            report: None,
            html: None,
            fingerprint: Fingerprint::default(),
        }
    }
}

pub const RESULTS: &str = "results.jsonl";

/// Reads the finished lines of `results.jsonl`; a torn last line (the run
/// was killed while writing it) is cut off so appends stay line-aligned.
pub fn load(dir: &Path) -> std::io::Result<Vec<Outcome>> {
    let path = dir.join(RESULTS);
    // A device or FIFO in its place (say /dev/zero) would be read forever.
    if std::fs::metadata(&path).is_ok_and(|m| !m.is_file()) {
        return Err(std::io::Error::other("it is not a regular file"));
    }
    let mut file = match OpenOptions::new().read(true).write(true).open(&path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(err),
    };
    let mut text = String::new();
    file.read_to_string(&mut text)?;
    let complete = text.rfind('\n').map_or(0, |i| i + 1);
    if complete < text.len() {
        file.set_len(complete as u64)?;
    }
    Ok(text[..complete]
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect())
}

/// Appends outcomes to `results.jsonl`, one flushed line each.
pub struct Writer {
    file: Mutex<File>,
}

impl Writer {
    pub fn open(dir: &Path) -> std::io::Result<Self> {
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join(RESULTS))?;
        file.seek(SeekFrom::End(0))?;
        Ok(Writer {
            file: Mutex::new(file),
        })
    }

    pub fn append(&self, outcome: &Outcome) -> std::io::Result<()> {
        let mut line = serde_json::to_string(outcome).map_err(std::io::Error::other)?;
        line.push('\n');
        let mut file = self
            .file
            .lock()
            .map_err(|_| std::io::Error::other("results file lock poisoned"))?;
        // One write per line: a kill lands between lines or tears only the last.
        file.write_all(line.as_bytes())?;
        file.flush()?;
        file.sync_data()
    }
}

/// A file-name-safe, unique stem for a label.
pub fn file_stem(label: &str, taken: &mut BTreeMap<String, usize>) -> String {
    let mut stem: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    if stem.is_empty() || stem.chars().all(|c| c == '_') {
        stem = "applicant".into();
    }
    let count = taken.entry(stem.clone()).or_insert(0);
    *count += 1;
    if *count > 1 {
        stem = format!("{stem}-{count}");
    }
    stem
}

pub fn reports_dir(dir: &Path) -> PathBuf {
    dir.join("reports")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_torn_last_line_is_cut_and_appends_continue() {
        let dir = tempfile::tempdir().expect("tempdir");
        let writer = Writer::open(dir.path()).expect("open");
        writer
            .append(&Outcome::failed("a", "x", "boom".into()))
            .expect("append");
        drop(writer);
        let mut file = OpenOptions::new()
            .append(true)
            .open(dir.path().join(RESULTS))
            .expect("open");
        file.write_all(b"{\"label\":\"b\",\"tar")
            .expect("torn write");
        drop(file);
        assert_eq!(load(dir.path()).expect("load").len(), 1);
        Writer::open(dir.path())
            .expect("open")
            .append(&Outcome::failed("c", "y", "late".into()))
            .expect("append");
        let labels: Vec<String> = load(dir.path())
            .expect("load")
            .into_iter()
            .map(|o| o.label)
            .collect();
        assert_eq!(labels, vec!["a", "c"]);
    }

    #[test]
    fn file_stems_are_safe_and_unique() {
        let mut taken = BTreeMap::new();
        assert_eq!(file_stem("../etc/passwd", &mut taken), "___etc_passwd");
        assert_eq!(file_stem("Ada Lovelace", &mut taken), "Ada_Lovelace");
        assert_eq!(file_stem("Ada/Lovelace", &mut taken), "Ada_Lovelace-2");
        assert_eq!(file_stem("", &mut taken), "applicant");
    }
}
