//! `portfolio-audit batch` and `portfolio-audit merge`.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::Args;

use portfolio_audit::audit::AuditOptions;
use portfolio_audit::batch::{self, BatchOptions, Summary};
use portfolio_audit::source;

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// The list: one target per line (`target`, `label,target` or `label target`); `-` reads stdin
    list: String,

    /// Output folder: results.jsonl, reports/, ranking.csv, index.html
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,

    /// Worker threads, as for a single audit (default: one per core). Targets
    /// are audited this many at once; spare threads speed up each audit
    #[arg(short = 'j', long, alias = "jobs", value_name = "N")]
    threads: Option<usize>,

    /// Clones running at once (default: as many as --threads)
    #[arg(long, value_name = "N")]
    clone_jobs: Option<usize>,

    /// Start over instead of skipping targets already in the output folder
    #[arg(long)]
    force: bool,

    /// Audit again the targets that failed in an earlier run
    #[arg(long)]
    retry_failed: bool,

    /// No progress bar
    #[arg(short, long)]
    quiet: bool,

    /// Audit only shard K of N of the list (stable by target), e.g. 2/8
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,

    /// Time limit per target in seconds, clone included
    #[arg(long, value_name = "SECONDS", default_value_t = source::DEFAULT_AUDIT_SECONDS)]
    timeout: u64,

    #[command(flatten)]
    judging: super::shared::JudgingArgs,

    /// Honour the applicants' own exemptions (off by default: reviewers see everything)
    #[arg(long)]
    allow_exemptions: bool,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Batch output folders (one per shard)
    #[arg(required = true)]
    dirs: Vec<PathBuf>,

    /// Where to write the merged results, ranking and index
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
}

pub fn run(args: &BatchArgs) -> Result<ExitCode> {
    if args.list == "-" && args.judging.reads_stdin() {
        bail!(
            "the list and --job-post cannot both be read from stdin (-): give one of them as a file"
        );
    }
    let judging = args.judging.resolve()?;
    let shard = args.shard.as_deref().map(parse_shard).transpose()?;
    if args.timeout == 0 {
        bail!("--timeout must be at least 1");
    }
    let audit = AuditOptions {
        selection: judging.selection.clone(),
        limits: judging.limits,
        role: judging.role.clone(),
        job_post: judging.job_post.clone(),
        rev: None,
        min_score: None,
        no_exemptions: !args.allow_exemptions,
        confined: true,
        cancel: None,
    };
    if let Some(worker) = portfolio_audit::confine::Worker::from_env() {
        // A confined worker the batch started for one prepared target.
        let confined = worker.enter();
        let reply = batch::audit_in_worker(
            worker.root(),
            worker.rev(),
            &judging.catalog,
            &audit,
            worker.threads().unwrap_or(1),
        );
        let mut outbox = portfolio_audit::confine::Outbox::default();
        outbox.print(&serde_json::to_string(&reply).context("cannot encode the reply")?);
        worker
            .send(&outbox, &confined)
            .context("cannot send the reply to the batch")?;
        return Ok(ExitCode::SUCCESS);
    }
    let text = if args.list == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read the list from stdin")?;
        text
    } else {
        std::fs::read_to_string(&args.list)
            .with_context(|| format!("cannot read the list {}", args.list))?
    };
    let (entries, problems) = batch::list::parse(&text);
    for problem in &problems {
        eprintln!("warning: {}: {problem}", args.list);
    }
    if entries.is_empty() {
        bail!("the list {} holds no targets", args.list);
    }
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let options = BatchOptions {
        out: args.output.clone(),
        threads,
        clone_jobs: args.clone_jobs.unwrap_or(threads),
        force: args.force,
        retry_failed: args.retry_failed,
        quiet: args.quiet,
        shard,
        time_limit: Duration::from_secs(args.timeout),
        clone: judging.clone_options(Duration::from_secs(args.timeout)),
        audit,
        worker: worker_launch(judging.job_post_text.clone())?,
    };
    let summary = batch::run(&entries, &judging.catalog, &options).map_err(anyhow::Error::msg)?;
    print_summary(&summary, &args.output);
    Ok(ExitCode::SUCCESS)
}

/// How the batch starts each target's confined worker: this tool, with
/// the same arguments (`None` where nothing confines it, or when asked to
/// audit in process).
fn worker_launch(stdin: Option<Vec<u8>>) -> Result<Option<batch::WorkerLaunch>> {
    if !portfolio_audit::confine::supported() || std::env::var_os(super::IN_PROCESS).is_some() {
        return Ok(None);
    }
    Ok(Some(batch::WorkerLaunch {
        program: std::env::current_exe().context("cannot find the tool's own executable")?,
        args: std::env::args_os().skip(1).collect(),
        stdin,
        memory_bytes: portfolio_audit::confine::DEFAULT_MEMORY_BYTES,
    }))
}

pub fn merge(args: &MergeArgs) -> Result<ExitCode> {
    let summary = batch::merge(&args.dirs, &args.output).map_err(anyhow::Error::msg)?;
    print_summary(&summary, &args.output);
    Ok(ExitCode::SUCCESS)
}

fn print_summary(summary: &Summary, out: &std::path::Path) {
    for note in &summary.notes {
        eprintln!(
            "warning: {}",
            portfolio_audit::untrusted::escape::terminal(note)
        );
    }
    let mut parts = vec![
        format!("{} audited", summary.audited),
        format!("{} failed", summary.failed),
    ];
    if summary.skipped > 0 {
        parts.push(format!("{} already done", summary.skipped));
    }
    if summary.other_shards > 0 {
        parts.push(format!("{} left to other shards", summary.other_shards));
    }
    if summary.duplicates > 0 {
        parts.push(format!("{} possible duplicate pairs", summary.duplicates));
    }
    eprintln!("{}; results in {}", parts.join(", "), out.display());
}

fn parse_shard(text: &str) -> Result<(u64, u64)> {
    let parsed = text
        .split_once('/')
        .and_then(|(k, n)| Some((k.trim().parse::<u64>().ok()?, n.trim().parse::<u64>().ok()?)));
    match parsed {
        Some((k, n)) if n >= 1 && (1..=n).contains(&k) => Ok((k, n)),
        _ => bail!("--shard must be K/N with 1 <= K <= N, not `{text}`"),
    }
}
