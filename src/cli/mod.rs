//! Command-line arguments and what they turn into.

mod actions;
mod batch;
mod plan;
mod shared;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};

use plan::AuditPlan;
use portfolio_audit::audit::{AuditOptions, audit_timed};
use portfolio_audit::confine;
use portfolio_audit::report::catalog_docs::{self, RulesFormat};
use portfolio_audit::report::{self, Format};
use portfolio_audit::rules::Catalog;
use portfolio_audit::source;

#[derive(Debug, Parser)]
#[command(
    name = "portfolio-audit",
    version,
    about = "Audit a Python project's git repository the way a hiring reviewer reads a portfolio project",
    args_conflicts_with_subcommands = true
)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,

    /// What to audit: a folder, a bare repository or .git folder, an
    /// https:// or file:// URL, or gh:owner/repo[@ref]
    #[arg(default_value = ".", value_name = "TARGET")]
    target: String,

    /// Audit this branch, tag or commit (read from git, not the work tree)
    #[arg(long = "ref", value_name = "REF")]
    git_ref: Option<String>,

    /// Stop a clone that takes longer than this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = source::DEFAULT_CLONE_SECONDS)]
    clone_timeout: u64,

    /// Stop the audit after this many seconds (the clone has its own limit)
    #[arg(long, value_name = "SECONDS", default_value_t = source::DEFAULT_AUDIT_SECONDS)]
    timeout: u64,

    /// Draw no progress on stderr while cloning and auditing
    #[arg(long, short)]
    quiet: bool,

    #[command(flatten)]
    judging: shared::JudgingArgs,

    /// Report format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Write the report to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Exit with code 1 when the score is below N (0-100)
    #[arg(long, value_name = "N")]
    min_score: Option<f64>,

    /// Worker threads (default: one per core)
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,

    /// Colour the text report
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// Rules the text report lists: all, only those with something to fix, or
    /// none (summary: the verdict and the top fixes, as the pre-commit hooks
    /// print them). Default: failures on a terminal, all when piped
    #[arg(long, value_enum, value_name = "WHICH")]
    show: Option<Show>,

    /// Also write SARIF 2.1.0 (for code scanning) to FILE
    #[arg(long, value_name = "FILE")]
    sarif: Option<PathBuf>,

    /// Also write the Markdown summary to FILE
    #[arg(long, value_name = "FILE")]
    summary: Option<PathBuf>,

    /// Also write an SVG score badge to FILE
    #[arg(long, value_name = "FILE")]
    badge: Option<PathBuf>,

    /// Ignore the repository owner's exemptions and settings (for reviewers)
    #[arg(long)]
    no_exemptions: bool,

    /// Print how long each step took to stderr
    #[arg(long)]
    timings: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List every rule
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
        /// Show the rules as changed by this rule pack
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// Explain one rule: why it matters and how to fix it
    Explain {
        /// Rule id or name, e.g. TST001 or has-test-suite
        rule: String,
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// Audit many repositories: a list in, a ranked table out
    Batch(Box<batch::BatchArgs>),
    /// Join the output folders of several batch shards into one ranking
    Merge(batch::MergeArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

pub fn run() -> Result<ExitCode> {
    // A temporary clone or a worker must not outlive an interrupted run
    // (Ctrl-C, SIGTERM, SIGHUP); installed first, so no window is left
    // between starting and cloning.
    let _ = ctrlc::set_handler(|| {
        confine::stop_all();
        source::remove_all();
        std::process::exit(130);
    });
    let args = parse_args();
    match &args.command {
        Some(Command::Rules { format, rules }) => {
            let catalog = load_catalog(rules.as_deref())?;
            let width = report::wrap::terminal_width();
            print(&catalog_docs::render(&catalog, *format, width))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Explain { rule, rules }) => {
            let catalog = load_catalog(rules.as_deref())?;
            let Some(meta) = catalog.rule(rule) else {
                bail!("unknown rule `{rule}` (see `portfolio-audit rules`)");
            };
            print(&catalog_docs::explain(meta, report::wrap::terminal_width()))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Batch(batch_args)) => batch::run(batch_args),
        Some(Command::Merge(merge_args)) => batch::merge(merge_args),
        None => run_audit(&args),
    }
}

/// After a clone's progress bar: the audit is under way.
fn auditing_spinner(target: &str) -> indicatif::ProgressBar {
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    spinner.set_message(format!(
        "auditing {}",
        portfolio_audit::untrusted::escape::terminal(target)
    ));
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    spinner
}

fn run_audit(args: &Args) -> Result<ExitCode> {
    let plan = plan::resolve(args)?;
    if let Some(worker) = confine::Worker::from_env() {
        // This process is the confined reader the parent started.
        let confined = worker.enter();
        let mut outbox = confine::Outbox::default();
        let audited = audit_and_render(&plan, worker.root(), worker.rev(), &mut outbox);
        // Sent even when the audit failed: --timings tells what held it.
        worker
            .send(&outbox, &confined)
            .context("cannot send the report to the parent process")?;
        return Ok(ExitCode::from(audited?));
    }
    let mut clone_options = plan.judging.clone_options(plan.clone_timeout);
    clone_options.progress = plan.progress;
    let prepared = source::prepare(&plan.target, &clone_options)?;
    if plan.timings {
        for (step, took) in &prepared.timings {
            eprintln!("{step:<16} {:>9.2} ms", took.as_secs_f64() * 1e3);
        }
    }
    let rev = plan.git_ref.clone().or(prepared.rev.clone());
    if confine::supported() && std::env::var_os(IN_PROCESS).is_none() {
        return run_confined(&plan, prepared.root.clone(), rev);
    }
    if plan.timings {
        eprintln!(
            "{:<16} not confined: {}",
            "confinement",
            if confine::supported() {
                "turned off"
            } else {
                "no Landlock on this platform"
            }
        );
    }
    let mut outbox = confine::Outbox::default();
    let code = audit_and_render(&plan, &prepared.root, rev, &mut outbox)?;
    deliver(&outbox)?;
    Ok(ExitCode::from(code))
}

/// Audits the prepared root in a confined worker (this tool again, with
/// the same arguments) and delivers what it rendered.
fn run_confined(plan: &AuditPlan, root: PathBuf, rev: Option<String>) -> Result<ExitCode> {
    let confinement = confine::Confinement {
        read_only: confine::readable(&root, false)?,
        timeout: plan.timeout,
        memory_bytes: confine::DEFAULT_MEMORY_BYTES,
    };
    let mut command = std::process::Command::new(
        std::env::current_exe().context("cannot find the tool's own executable")?,
    );
    command.args(std::env::args_os().skip(1));
    let request = confine::Request {
        root,
        rev,
        stdout_terminal: std::io::stdout().is_terminal(),
        threads: None,
    };
    let job_post = plan.judging.job_post_text.clone();
    let ended = confine::run_worker(&confinement, command, &request, job_post)
        .map_err(|e| anyhow::anyhow!(e))?;
    match ended {
        confine::Ended::Exited {
            code,
            outbox,
            confined,
        } => {
            if plan.timings {
                eprintln!("{:<16} {confined}", "confinement");
            }
            deliver(&outbox)?;
            Ok(ExitCode::from(code))
        }
        confine::Ended::TimedOut => bail!(
            "the audit of {} ran past its {} s limit and was stopped (--timeout)",
            plan.input,
            plan.timeout.as_secs()
        ),
        confine::Ended::Killed(why) => bail!("the audit of {} was stopped by {why}", plan.input),
    }
}

/// Set to audit in this process rather than in a confined worker.
pub(crate) const IN_PROCESS: &str = "PORTFOLIO_AUDIT_IN_PROCESS";

/// Prints and writes what the audit produced; a closed pipe (`| head`) is
/// not an error.
fn deliver(outbox: &confine::Outbox) -> Result<()> {
    print(&String::from_utf8_lossy(&outbox.stdout))?;
    for write in &outbox.writes {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(write.append)
            .truncate(!write.append)
            .open(&write.path)
            .with_context(|| format!("cannot write {}", write.path.display()))?;
        file.write_all(&write.bytes)
            .with_context(|| format!("cannot write {}", write.path.display()))?;
    }
    Ok(())
}

/// Audits the prepared root and renders every output into `outbox`;
/// returns the exit code (1 below `--min-score`).
fn audit_and_render(
    plan: &AuditPlan,
    root: &Path,
    rev: Option<String>,
    outbox: &mut confine::Outbox,
) -> Result<u8> {
    let (report, timings) = audit_target(plan, root, rev)?;
    write_outputs(plan, &report, timings, outbox)
}

/// Audits the target on a pool of `--threads`, with a spinner on a
/// terminal while a URL's audit runs.
fn audit_target(
    plan: &AuditPlan,
    root: &Path,
    rev: Option<String>,
) -> Result<(report::Report, Vec<(&'static str, std::time::Duration)>)> {
    let mut pool =
        rayon::ThreadPoolBuilder::new().stack_size(portfolio_audit::audit::WORKER_STACK_BYTES);
    if let Some(threads) = plan.threads {
        pool = pool.num_threads(threads);
    }
    let pool = pool.build().context("cannot start worker threads")?;
    let judging = &plan.judging;
    let options = AuditOptions {
        selection: judging.selection.clone(),
        limits: judging.limits,
        role: judging.role.clone(),
        job_post: judging.job_post.clone(),
        rev,
        min_score: plan.min_score,
        no_exemptions: plan.no_exemptions,
        confined: false,
        cancel: None,
    };
    let spinner = plan.progress.then(|| auditing_spinner(&plan.input));
    let audited = pool.install(|| audit_timed(root, &plan.input, &judging.catalog, &options))?;
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    Ok(audited)
}

/// Renders the report in its format to stdout or `--output`, writes the
/// extra files (`--sarif`, `--summary`, `--badge`) and, inside Actions, the
/// annotations, summary and outputs; the exit code says whether it passed.
fn write_outputs(
    plan: &AuditPlan,
    report: &report::Report,
    mut timings: Vec<(&'static str, std::time::Duration)>,
    outbox: &mut confine::Outbox,
) -> Result<u8> {
    let started = std::time::Instant::now();
    let render = |format: Format| report::render(format, report, &plan.render);
    let rendered = render(plan.format);
    timings.push(("render", started.elapsed()));
    if plan.timings {
        for (step, took) in &timings {
            eprintln!("{step:<16} {:>9.2} ms", took.as_secs_f64() * 1e3);
        }
    }
    match &plan.output {
        Some(path) => {
            outbox.write(path.clone(), rendered.into_bytes());
            eprintln!(
                "wrote {}: score {:.1}, grade {}, {}",
                path.display(),
                report.score,
                report.grade,
                report.verdict
            );
        }
        // Inside Actions, a text report line that begins with a committed
        // file name (`::error …`, `::stop-commands::`) would be read as a
        // workflow command: the runner is told to read none in it.
        None if plan.actions.is_some() && plan.format == Format::Text => {
            let token = actions::stop_token();
            outbox.print(&format!("::stop-commands::{token}\n"));
            outbox.print(&rendered);
            outbox.print(&format!("::{token}::\n"));
        }
        None => outbox.print(&rendered),
    }
    for (path, format) in &plan.extra_files {
        outbox.write(path.clone(), render(*format).into_bytes());
    }
    if let Some(actions) = &plan.actions {
        // Annotations share stdout with the text report only: in a machine
        // format they would corrupt the document (SARIF carries them there).
        if plan.format == Format::Text {
            outbox.print(&render(Format::Github));
        }
        actions.publish(report, &render(Format::Markdown), outbox);
    }
    if report.passed {
        Ok(0)
    } else {
        eprintln!(
            "score {:.1} is below the minimum of {}",
            report.score,
            report.min_score.unwrap_or_default()
        );
        Ok(1)
    }
}

/// The arguments, with help wrapped to the terminal: clap measures a
/// terminal itself; piped or captured help fits `COLUMNS`, or 80 columns.
fn parse_args() -> Args {
    use clap::{CommandFactory, FromArgMatches};
    let mut command = Args::command();
    if !stdout_is_terminal() {
        command = command.term_width(report::wrap::terminal_width());
    }
    let matches = command.get_matches();
    Args::from_arg_matches(&matches).unwrap_or_else(|err| err.exit())
}

pub(crate) fn load_catalog(pack: Option<&Path>) -> Result<Catalog> {
    let catalog = Catalog::embedded()?;
    Ok(match pack {
        Some(dir) => catalog.with_pack(dir)?,
        None => catalog,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Show {
    All,
    Failures,
    /// The verdict, the first impression and the top fixes.
    Summary,
}

/// Whether the user's standard output is a terminal: the parent's, for a
/// worker, whose own is a pipe.
pub(crate) fn stdout_is_terminal() -> bool {
    confine::Worker::from_env().map_or_else(
        || std::io::stdout().is_terminal(),
        |worker| worker.stdout_terminal(),
    )
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn print(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}
