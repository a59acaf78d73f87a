//! `results.jsonl`: one line per finished target, written and flushed as
//! soon as it finishes, so a run killed at any moment keeps every finished
//! line; a later run with the same folder skips what is done.

use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub use super::record::{JobAsk, JobLine, ResultLine};

pub const RESULTS: &str = "results.jsonl";

/// What reading `results.jsonl` gave: the outcomes, and the lines that
/// were not outcomes (each named by its line number and why).
#[derive(Debug, Default)]
pub struct Loaded {
    pub outcomes: Vec<ResultLine>,
    pub skipped: Vec<String>,
}

/// Reads the finished lines of `results.jsonl`; a torn last line (the run
/// was killed while writing it) is cut off so appends stay line-aligned.
pub fn load(dir: &Path) -> std::io::Result<Loaded> {
    read(dir, true)
}

/// Reads `results.jsonl` without changing anything (merge inputs may be
/// read-only); a torn last line is skipped.
pub fn load_read_only(dir: &Path) -> std::io::Result<Loaded> {
    read(dir, false)
}

/// The results file is read whole; beyond this it is refused.
const MAX_RESULTS_BYTES: u64 = 1024 * 1024 * 1024;

fn read(dir: &Path, repair: bool) -> std::io::Result<Loaded> {
    let path = dir.join(RESULTS);
    // A device or FIFO in its place (say /dev/zero) would be read forever.
    if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
        return Err(std::io::Error::other("it is not a regular file"));
    }
    let mut options = OpenOptions::new();
    options.read(true).write(repair);
    let mut file = match options.open(&path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Loaded::default()),
        Err(err) => return Err(err),
    };
    if file.metadata()?.len() > MAX_RESULTS_BYTES {
        return Err(std::io::Error::other("it is over 1 GiB"));
    }
    let mut bytes = Vec::new();
    (&mut file)
        .take(MAX_RESULTS_BYTES)
        .read_to_end(&mut bytes)?;
    let complete = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let mut loaded = Loaded::default();
    if complete < bytes.len() {
        if repair {
            file.set_len(complete as u64)?;
        } else {
            loaded
                .skipped
                .push("the last line is cut short (a run was killed while writing it)".into());
        }
    }
    for (index, line) in bytes[..complete].split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<ResultLine>(line) {
            Ok(outcome) => loaded.outcomes.push(outcome),
            Err(err) => loaded
                .skipped
                .push(format!("line {}: not a result ({err})", index + 1)),
        }
    }
    Ok(loaded)
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

    pub fn append(&self, outcome: &ResultLine) -> std::io::Result<()> {
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

/// The name a target's report files are given: the applicant, then the
/// project (`ada--tides`), or the applicant alone where the label is the
/// project's name.
pub fn report_name(label: &str, target: &str) -> String {
    let project = if let Some(repo) = target.strip_prefix("gh:") {
        crate::source::repo_name(repo.split('@').next().unwrap_or(repo))
    } else if target.contains("://") {
        crate::source::repo_name(&crate::source::redact(target))
    } else {
        crate::source::folder_name(Path::new(target))
    };
    if project.eq_ignore_ascii_case(label) || project == "repository" {
        label.to_string()
    } else {
        format!("{label}--{project}")
    }
}

/// A file-name-safe stem for a label, unique among `taken` (which gains it).
pub fn file_stem(label: &str, taken: &mut BTreeSet<String>) -> String {
    let mut base: String = label
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
    if base.is_empty() || base.chars().all(|c| c == '_') {
        base = "applicant".into();
    }
    // Unique ignoring case: `Ada` and `ada` are one file on macOS and
    // Windows. `taken` holds stems in lower case.
    let mut stem = base.clone();
    let mut count = 1;
    while taken.contains(&stem.to_lowercase()) {
        count += 1;
        stem = format!("{base}-{count}");
    }
    taken.insert(stem.to_lowercase());
    stem
}

/// The stem of a report path this tool wrote (`reports/<stem>.json` or
/// `.html`), or `None` for anything else: a shard's results file is not
/// trusted to name files.
pub fn report_stem<'a>(relative: &'a str, extension: &str) -> Option<&'a str> {
    let stem = relative
        .strip_prefix("reports/")?
        .strip_suffix(extension)?
        .strip_suffix('.')?;
    let safe = !stem.is_empty()
        && stem.len() <= 100
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_".contains(c));
    safe.then_some(stem)
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
            .append(&ResultLine::failed("a", "x", "boom".into()))
            .expect("append");
        drop(writer);
        let mut file = OpenOptions::new()
            .append(true)
            .open(dir.path().join(RESULTS))
            .expect("open");
        file.write_all(b"{\"label\":\"b\",\"tar")
            .expect("torn write");
        drop(file);
        assert_eq!(load(dir.path()).expect("load").outcomes.len(), 1);
        Writer::open(dir.path())
            .expect("open")
            .append(&ResultLine::failed("c", "y", "late".into()))
            .expect("append");
        let labels: Vec<String> = load(dir.path())
            .expect("load")
            .outcomes
            .into_iter()
            .map(|o| o.label)
            .collect();
        assert_eq!(labels, vec!["a", "c"]);
    }

    #[test]
    fn reports_are_named_by_applicant_and_project() {
        assert_eq!(
            report_name("ada", "https://ada:tok@github.com/ada/tides.git"),
            "ada--tides"
        );
        assert_eq!(report_name("ada", "gh:ada/tides@v1"), "ada--tides");
        assert_eq!(
            report_name("tides", "https://github.com/ada/tides"),
            "tides"
        );
        assert_eq!(report_name("ada", "/home/x/ada/planner"), "ada--planner");
    }

    #[test]
    fn file_stems_are_safe_and_unique() {
        let mut taken = BTreeSet::from(["a_b-2".to_string()]);
        assert_eq!(file_stem("../etc/passwd", &mut taken), "___etc_passwd");
        assert_eq!(file_stem("Ada Lovelace", &mut taken), "Ada_Lovelace");
        assert_eq!(file_stem("Ada/Lovelace", &mut taken), "Ada_Lovelace-2");
        assert_eq!(file_stem("", &mut taken), "applicant");
        assert_eq!(file_stem("a b", &mut taken), "a_b");
        assert_eq!(file_stem("a_b", &mut taken), "a_b-3");
        // One file on macOS and Windows: never the same stem but for case.
        assert_eq!(file_stem("ada", &mut taken), "ada");
        assert_eq!(file_stem("Ada", &mut taken), "Ada-2");
    }

    #[test]
    fn only_report_paths_name_report_files() {
        assert_eq!(report_stem("reports/ada-2.json", "json"), Some("ada-2"));
        for bad in [
            "/etc/passwd",
            "reports/../../x.json",
            "reports/a/b.json",
            "reports/.json",
            "reports/a.html",
        ] {
            assert_eq!(report_stem(bad, "json"), None, "{bad}");
        }
    }
}
