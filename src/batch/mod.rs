//! Batch scanning for reviewers: many targets audited in parallel, each
//! result streamed to `results.jsonl` as it finishes, one failure (a dead
//! URL, a timeout, a panic) never stopping or losing the others, then a
//! ranking (`ranking.csv`, `index.html`) and duplicate-submission pairs.

pub mod applicants;
pub mod duplicates;
pub mod list;
pub mod outputs;
pub mod record;
pub mod settings;
pub mod store;
mod worker;

use std::collections::{BTreeMap, BTreeSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use rayon::prelude::*;

use crate::audit::{AuditOptions, audit_full};
use crate::report;
use crate::report::{Format, RenderOptions};
use crate::rules::Catalog;
use crate::source::{self, CloneOptions, Target};
use store::ResultLine;
pub use worker::{WorkerLaunch, WorkerReply, audit_in_worker};
use worker::{in_worker, result_line, with_reports};

pub struct BatchOptions {
    pub out: PathBuf,
    /// Worker threads in all, as the audit's `-j`: targets are audited
    /// this many at once (fewer when the list is shorter), and the threads
    /// left over go to each audit's scan.
    pub threads: usize,
    /// Clones running at once.
    pub clone_jobs: usize,
    /// Start over: forget earlier results in `out`.
    pub force: bool,
    /// Audit again the targets that failed in an earlier run.
    pub retry_failed: bool,
    pub quiet: bool,
    /// This machine's share of the list: (k, n), 1 ≤ k ≤ n.
    pub shard: Option<(u64, u64)>,
    /// Wall-time limit per target, clone included.
    pub time_limit: Duration,
    pub clone: CloneOptions,
    pub audit: AuditOptions,
    /// How to start the confined worker each audit runs in (`crate::confine`);
    /// `None` audits in threads of this process.
    pub worker: Option<WorkerLaunch>,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub audited: usize,
    pub failed: usize,
    /// Done in an earlier run with the same output folder.
    pub skipped: usize,
    /// Left to other shards.
    pub other_shards: usize,
    pub duplicates: usize,
    /// Lines and files left out, and why.
    pub notes: Vec<String>,
}

/// Whether `target` belongs to shard `k` of `n`: a stable hash of the
/// target, so every machine of a job array agrees without talking.
pub fn in_shard(target: &str, (k, n): (u64, u64)) -> bool {
    crate::hash::fnv1a(target.as_bytes()) % n == k - 1
}

pub fn run(
    entries: &[list::ListEntry],
    catalog: &Catalog,
    options: &BatchOptions,
) -> Result<Summary, String> {
    let out = &options.out;
    std::fs::create_dir_all(store::reports_dir(out))
        .map_err(|e| format!("cannot create the output folder {}: {e}", out.display()))?;
    let _lock = lock_output(out)?;
    if options.force {
        let _ = std::fs::remove_file(out.join(store::RESULTS));
    }
    let loaded = store::load(out)
        .map_err(|e| format!("cannot read {}: {e}", out.join(store::RESULTS).display()))?;
    let judged_with = judged_with(catalog, &options.audit);
    if let Some(earlier) = settings::load(out)?
        && !loaded.outcomes.is_empty()
        && let Some(setting) = judged_with.differs_from(&earlier)
    {
        return Err(format!(
            "{} holds results judged with another {setting}; audit again with --force, or write to another folder",
            out.display()
        ));
    }
    settings::save(out, &judged_with)?;
    let mut summary = Summary {
        notes: loaded.skipped,
        ..Summary::default()
    };
    let mut earlier = loaded.outcomes;
    if options.retry_failed && earlier.iter().any(|o| !o.ok()) {
        earlier.retain(ResultLine::ok);
        rewrite(out, &earlier)?;
    }
    let todo = plan(entries, &earlier, options, &mut summary);
    audit_all(&todo, catalog, options)?;
    let all = latest(
        store::load(out)
            .map_err(|e| format!("cannot read results: {e}"))?
            .outcomes,
    );
    let fresh: BTreeSet<(&str, &str)> = todo
        .iter()
        .map(|(e, _)| (e.label.as_str(), e.target.as_str()))
        .collect();
    for outcome in all
        .iter()
        .filter(|o| fresh.contains(&(o.label.as_str(), o.target.as_str())))
    {
        if outcome.ok() {
            summary.audited += 1;
        } else {
            summary.failed += 1;
        }
    }
    let order: Vec<String> = catalog.categories.iter().map(|c| c.id.clone()).collect();
    summary.duplicates = write_outputs(out, &all, &order)?;
    Ok(summary)
}

/// What this run judges with, as `settings.json` records it.
fn judged_with(catalog: &Catalog, audit: &AuditOptions) -> settings::Settings {
    settings::Settings {
        catalog: catalog.version(),
        selection: audit.selection.describe(),
        role: audit.role.clone(),
        exemptions: !audit.no_exemptions,
        job_post: audit.job_post.as_ref().map(|post| settings::Posting {
            title: post.title.clone(),
            digest: post.digest.clone(),
        }),
    }
}

/// The entries still to audit, each with the stem its reports get; those
/// of other shards and those already done are counted, not audited.
fn plan<'a>(
    entries: &'a [list::ListEntry],
    earlier: &[ResultLine],
    options: &BatchOptions,
    summary: &mut Summary,
) -> Vec<(&'a list::ListEntry, String)> {
    let done: BTreeSet<(String, String)> = earlier
        .iter()
        .map(|o| (o.label.clone(), o.target.clone()))
        .collect();
    // A finished line's report is never rewritten: new targets get stems
    // that no line of results.jsonl uses yet.
    let mut taken: BTreeSet<String> = earlier
        .iter()
        .filter_map(|o| o.report.as_deref())
        .filter_map(|r| store::report_stem(r, "json"))
        .map(str::to_lowercase)
        .collect();
    let mut todo = Vec::new();
    for entry in entries {
        if options
            .shard
            .is_some_and(|shard| !in_shard(&entry.target, shard))
        {
            summary.other_shards += 1;
        } else if done.contains(&(entry.label.clone(), entry.target.clone())) {
            summary.skipped += 1;
        } else {
            let name = store::report_name(&entry.label, &entry.target);
            todo.push((entry, store::file_stem(&name, &mut taken)));
        }
    }
    todo
}

/// Audits every planned entry in parallel, appending each result line to
/// `results.jsonl` the moment it is known.
fn audit_all(
    todo: &[(&list::ListEntry, String)],
    catalog: &Catalog,
    options: &BatchOptions,
) -> Result<(), String> {
    let out = &options.out;
    let writer = store::Writer::open(out)
        .map_err(|e| format!("cannot write {}: {e}", out.join(store::RESULTS).display()))?;
    let progress = progress_bar(todo.len(), options.quiet);
    let in_flight = Mutex::new(BTreeSet::new());
    let clones = Semaphore::new(options.clone_jobs.max(1));
    let scan_threads = audit_threads(options.threads, todo.len());
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(crate::audit::WORKER_STACK_BYTES)
        .num_threads(at_once(options.threads, todo.len()))
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))?;
    let write_failures = Mutex::new(Vec::new());
    let previous_hook = std::panic::take_hook();
    // A panic inside one audit becomes that target's error line, not noise.
    std::panic::set_hook(Box::new(|_| {}));
    pool.install(|| {
        todo.par_iter().for_each(|(entry, stem)| {
            let stem = stem.as_str();
            if let Ok(mut set) = in_flight.lock() {
                set.insert(entry.label.clone());
                progress.set_message(flight_message(&set));
            }
            let outcome = process(entry, stem, catalog, options, &clones, scan_threads);
            if let Err(err) = writer.append(&outcome)
                && let Ok(mut failures) = write_failures.lock()
            {
                failures.push(format!("{}: result not saved ({err})", entry.label));
            }
            if let Ok(mut set) = in_flight.lock() {
                set.remove(&entry.label);
                progress.set_message(flight_message(&set));
            }
            progress.inc(1);
        })
    });
    std::panic::set_hook(previous_hook);
    progress.finish_and_clear();
    let failures = write_failures.into_inner().unwrap_or_default();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("; "))
    }
}

/// Joins the result folders of several shards into `out`. Inputs are only
/// read; a report is copied only from its shard's own `reports/` folder,
/// by a stem this tool could have written, and only as a regular file.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<Summary, String> {
    check_merge_folders(dirs, out)?;
    std::fs::create_dir_all(store::reports_dir(out))
        .map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let _lock = lock_output(out)?;
    let mut summary = Summary::default();
    let mut merged = Vec::new();
    let mut taken = BTreeSet::new();
    let mut agreed: Option<(settings::Settings, &PathBuf)> = None;
    for dir in dirs {
        if let Some(judged) = settings::load(dir)? {
            match &agreed {
                Some((first, first_dir)) => {
                    if let Some(setting) = judged.differs_from(first) {
                        return Err(format!(
                            "{} and {} were judged with different {setting}; merge shards of one run",
                            first_dir.display(),
                            dir.display()
                        ));
                    }
                }
                None => agreed = Some((judged, dir)),
            }
        }
    }
    if let Some((judged, _)) = &agreed {
        settings::save(out, judged)?;
    }
    for dir in dirs {
        let loaded = store::load_read_only(dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.join(store::RESULTS).display()))?;
        if loaded.outcomes.is_empty() && !dir.join(store::RESULTS).is_file() {
            return Err(format!("{} holds no {}", dir.display(), store::RESULTS));
        }
        let shown = dir.display().to_string();
        summary.notes.extend(
            loaded
                .skipped
                .into_iter()
                .map(|note| format!("{shown}/{}: {note}; skipped", store::RESULTS)),
        );
        for mut outcome in latest(loaded.outcomes) {
            let name = store::report_name(&outcome.label, &outcome.target);
            let stem = store::file_stem(&name, &mut taken);
            for (field, extension) in [(&mut outcome.report, "json"), (&mut outcome.html, "html")] {
                let Some(relative) = field.take() else {
                    continue;
                };
                let target = format!("reports/{stem}.{extension}");
                match copy_report(dir, &relative, extension, &out.join(&target)) {
                    Ok(()) => *field = Some(target),
                    Err(why) => summary.notes.push(format!(
                        "{shown}: {}'s report `{}` not copied: {why}",
                        crate::untrusted::escape::terminal(&outcome.label),
                        crate::untrusted::escape::terminal(&relative)
                    )),
                }
            }
            merged.push(outcome);
        }
    }
    merged = latest(merged);
    rewrite(out, &merged)?;
    summary.audited = merged.iter().filter(|o| o.ok()).count();
    summary.failed = merged.iter().filter(|o| !o.ok()).count();
    // A merge has no rule pack: the embedded categories give the order,
    // and categories of any other pack follow them.
    let order: Vec<String> = Catalog::embedded()
        .map(|c| c.categories.iter().map(|c| c.id.clone()).collect())
        .unwrap_or_default();
    summary.duplicates = write_outputs(out, &merged, &order)?;
    Ok(summary)
}

/// Report files are copied whole up to this size.
const MAX_REPORT_BYTES: u64 = 64 * 1024 * 1024;

fn copy_report(dir: &Path, relative: &str, extension: &str, to: &Path) -> Result<(), String> {
    let stem = store::report_stem(relative, extension)
        .ok_or("not a report file inside the shard's reports/ folder")?;
    let from = store::reports_dir(dir).join(format!("{stem}.{extension}"));
    let file = crate::untrusted::files::open_no_follow(&from).map_err(|e| format!("{e}"))?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_REPORT_BYTES {
        return Err("over 64 MiB".into());
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_REPORT_BYTES), &mut bytes)
        .map_err(|e| e.to_string())?;
    std::fs::write(to, bytes).map_err(|e| format!("cannot write {}: {e}", to.display()))
}

/// Refuses an output folder that is, contains, or lies inside an input.
fn check_merge_folders(dirs: &[PathBuf], out: &Path) -> Result<(), String> {
    let out_full = absolute(out);
    for dir in dirs {
        let dir_full = dir
            .canonicalize()
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if out_full.starts_with(&dir_full) || dir_full.starts_with(&out_full) {
            return Err(format!(
                "the output folder {} overlaps the input {}; merge into a new folder",
                out.display(),
                dir.display()
            ));
        }
    }
    Ok(())
}

/// `path` made absolute with its existing part resolved (links included).
fn absolute(path: &Path) -> PathBuf {
    if let Ok(full) = path.canonicalize() {
        return full;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            absolute(parent).join(name)
        }
        _ => std::env::current_dir().unwrap_or_default().join(path),
    }
}

/// One batch or merge per output folder at a time.
fn lock_output(out: &Path) -> Result<crate::lock::Lock, String> {
    crate::lock::try_lock(&out.join(".portfolio-audit.lock")).map_err(|holder| {
        if holder.chars().all(|c| c.is_ascii_digit()) && !holder.is_empty() {
            format!(
                "another batch or merge (pid {holder}) is using {}; wait for it or choose another folder",
                out.display()
            )
        } else if holder.is_empty() {
            format!("another batch or merge is using {}", out.display())
        } else {
            holder
        }
    })
}

/// The last outcome of each (label, target), in label order.
fn latest(outcomes: Vec<ResultLine>) -> Vec<ResultLine> {
    let mut by_key: BTreeMap<(String, String), ResultLine> = BTreeMap::new();
    for outcome in outcomes {
        by_key.insert((outcome.label.clone(), outcome.target.clone()), outcome);
    }
    by_key.into_values().collect()
}

/// Replaces `results.jsonl` with `outcomes`, atomically.
fn rewrite(out: &Path, outcomes: &[ResultLine]) -> Result<(), String> {
    let mut text = String::new();
    for outcome in outcomes {
        text.push_str(&serde_json::to_string(outcome).map_err(|e| e.to_string())?);
        text.push('\n');
    }
    write_atomically(&out.join(store::RESULTS), &text)
}

fn write_outputs(out: &Path, outcomes: &[ResultLine], order: &[String]) -> Result<usize, String> {
    let posting = settings::load(out)?.and_then(|s| s.job_post);
    let categories = outputs::category_columns(outcomes, order);
    let pairs = duplicates::find(outcomes);
    write_atomically(
        &out.join("ranking.csv"),
        &outputs::ranking_csv(outcomes, &pairs, &categories),
    )?;
    write_atomically(
        &out.join("projects.csv"),
        &outputs::projects_csv(outcomes, &pairs, &categories),
    )?;
    write_atomically(
        &out.join("index.html"),
        &outputs::index_html(outcomes, &pairs, &categories, posting.as_ref()),
    )?;
    let applicants_json = serde_json::to_string_pretty(&outputs::applicants_json(outcomes, &pairs))
        .map_err(|e| e.to_string())?;
    write_atomically(&out.join("applicants.json"), &applicants_json)?;
    let duplicates_json = serde_json::to_string_pretty(&pairs).map_err(|e| e.to_string())?;
    write_atomically(&out.join("duplicates.json"), &duplicates_json)?;
    Ok(pairs.len())
}

fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    let temporary = path.with_extension("partial");
    std::fs::write(&temporary, text)
        .and_then(|()| std::fs::rename(&temporary, path))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Targets audited at once: one per thread, but no more than there are.
fn at_once(threads: usize, targets: usize) -> usize {
    threads.min(targets).max(1)
}

/// Scan threads per audit: the threads shared among the targets at once.
fn audit_threads(threads: usize, targets: usize) -> usize {
    (threads / at_once(threads, targets)).max(1)
}

/// How long a cancelled audit has to stop before its clone is left alone.
const CANCEL_GRACE: Duration = Duration::from_secs(30);

/// Clones (if needed) and audits one target within the time limit.
fn process(
    entry: &list::ListEntry,
    stem: &str,
    catalog: &Catalog,
    options: &BatchOptions,
    clones: &Semaphore,
    threads: usize,
) -> ResultLine {
    let started = std::time::Instant::now();
    let failed = |reason: String| ResultLine::failed(&entry.label, &entry.target, reason);
    let target = match Target::parse(&entry.source) {
        Ok(target) => target,
        Err(err) => return failed(err.to_string()),
    };
    if let Target::Path(path) = &target
        && !path.exists()
    {
        return failed(format!("not found: {}", path.display()));
    }
    let mut clone_options = options.clone.clone();
    clone_options.timeout = clone_options.timeout.min(options.time_limit);
    let prepared = {
        let _permit = matches!(target, Target::Url { .. }).then(|| clones.acquire());
        match source::prepare(&target, &clone_options) {
            Ok(prepared) => prepared,
            Err(err) => return failed(err.to_string()),
        }
    };
    if let Some(launch) = &options.worker {
        let left = options.time_limit.saturating_sub(started.elapsed());
        return in_worker(entry, stem, &prepared, launch, left, options, threads);
    }
    let mut audit_options = options.audit.clone();
    audit_options.rev = audit_options.rev.clone().or(prepared.rev.clone());
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    audit_options.cancel = Some(std::sync::Arc::clone(&cancel));
    let root = prepared.root.clone();
    let label = entry.label.clone();
    let input = entry.target.clone();
    let catalog = catalog.clone();
    let (sender, receiver) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name(format!("audit {label}"))
        .stack_size(crate::audit::WORKER_STACK_BYTES)
        .spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                // Each audit's parallel scan gets its own pool: in a shared
                // one, a huge target's queued work would starve the small
                // ones into timing out.
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .stack_size(crate::audit::WORKER_STACK_BYTES)
                    .build()
                    .map_err(|e| {
                        crate::error::SourceError::Target(format!(
                            "cannot start worker threads: {e}"
                        ))
                    })?;
                pool.install(|| audit_full(&root, &input, &catalog, &audit_options))
            }));
            let _ = sender.send(result);
        });
    if spawned.is_err() {
        return failed("could not start an audit thread".into());
    }
    let output = match receiver.recv_timeout(options.time_limit) {
        Ok(Ok(Ok(output))) => output,
        Ok(Ok(Err(err))) => return failed(err.to_string()),
        Ok(Err(panic)) => return failed(format!("the audit crashed: {}", panic_message(&panic))),
        Err(_) => {
            // Stop the audit and wait for it to let go of the clone before
            // the clone is deleted; its loops check the flag per file and
            // per commit, so this is quick.
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            if receiver.recv_timeout(CANCEL_GRACE).is_err() {
                // Still running: leave its folder rather than pull it away.
                std::mem::forget(prepared);
            }
            return failed(format!(
                "timed out after {} s",
                options.time_limit.as_secs()
            ));
        }
    };
    drop(prepared);
    let json = report::render(Format::Json, &output.report, &RenderOptions::default());
    let html = report::render(Format::Html, &output.report, &RenderOptions::default());
    let line = result_line(&entry.label, &entry.target, &output);
    with_reports(line, stem, &json, &html, &options.out).unwrap_or_else(failed)
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

fn progress_bar(total: usize, quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    let style = indicatif::ProgressStyle::with_template(
        "{bar:30} {pos}/{len} {per_sec} ETA {eta} {wide_msg}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

fn flight_message(in_flight: &BTreeSet<String>) -> String {
    let names: Vec<String> = in_flight
        .iter()
        .take(4)
        .map(|l| crate::untrusted::escape::terminal(l))
        .collect();
    let more = in_flight.len().saturating_sub(names.len());
    if more > 0 {
        format!("{} +{more}", names.join(" "))
    } else {
        names.join(" ")
    }
}

/// A counting semaphore bounding concurrent clones.
struct Semaphore {
    free: Mutex<usize>,
    freed: Condvar,
}

struct Permit<'a>(&'a Semaphore);

impl Semaphore {
    fn new(count: usize) -> Self {
        Semaphore {
            free: Mutex::new(count),
            freed: Condvar::new(),
        }
    }

    fn acquire(&self) -> Permit<'_> {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        Permit(self)
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut free = self.0.free.lock().unwrap_or_else(|e| e.into_inner());
        *free += 1;
        self.0.freed.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::{at_once, audit_threads, in_shard};

    #[test]
    fn threads_mean_the_same_as_for_one_audit() {
        // Eight threads over a long list: eight targets at once, one thread each.
        assert_eq!((at_once(8, 100), audit_threads(8, 100)), (8, 1));
        // Over two targets: both at once, four threads each.
        assert_eq!((at_once(8, 2), audit_threads(8, 2)), (2, 4));
        assert_eq!((at_once(0, 0), audit_threads(0, 0)), (1, 1));
    }

    #[test]
    fn shards_split_the_list_without_overlap() {
        let targets: Vec<String> = (0..300).map(|i| format!("gh:someone/project{i}")).collect();
        let mut counts = [0; 3];
        for target in &targets {
            let shards: Vec<u64> = (1..=3).filter(|k| in_shard(target, (*k, 3))).collect();
            assert_eq!(shards.len(), 1, "{target} in exactly one shard");
            counts[(shards[0] - 1) as usize] += 1;
        }
        assert!(counts.iter().all(|c| *c > 60), "{counts:?}");
    }
}
