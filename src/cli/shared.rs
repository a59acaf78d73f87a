//! Flags the audit and `batch` share, resolved and validated once, before
//! any clone or write: which rules run, how they judge, what is read and
//! how big a clone may grow.

use std::path::PathBuf;

use anyhow::{Result, bail};

use portfolio_audit::facts::Limits;
use portfolio_audit::facts::scan;
use portfolio_audit::rules::Catalog;
use portfolio_audit::rules::select::Selection;
use portfolio_audit::source::{self, CloneOptions};

#[derive(Debug, clap::Args)]
pub struct JudgingArgs {
    /// A rule pack: a folder of TOML files changing rule metadata and topics
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,

    /// Only run these rules: ids, id prefixes, names or categories (comma-separated, repeatable)
    #[arg(long, value_name = "RULES")]
    select: Vec<String>,

    /// Skip these rules: ids, id prefixes, names or categories (comma-separated, repeatable)
    #[arg(long, value_name = "RULES")]
    ignore: Vec<String>,

    /// Speak to a job role: its fixes come first (see `portfolio-audit rules --format json`)
    #[arg(long, value_name = "ROLE")]
    role: Option<String>,

    /// Measure the project against a job post (plain text or Markdown; - for stdin)
    #[arg(long, value_name = "FILE")]
    job_post: Option<PathBuf>,

    /// Files larger than this many MiB are listed but not read
    #[arg(long, value_name = "MIB", default_value_t = scan::DEFAULT_MAX_FILE_MIB)]
    max_file_size: f64,

    /// Notebooks larger than this many MiB are listed but not read
    #[arg(long, value_name = "MIB", default_value_t = scan::DEFAULT_MAX_NOTEBOOK_MIB)]
    max_notebook_size: f64,

    /// Files beyond this many (in path order) are listed but not read
    #[arg(long, value_name = "N", default_value_t = scan::DEFAULT_MAX_FILES)]
    max_files: usize,

    /// Keep clones of URL targets in DIR; later runs fetch instead of cloning
    #[arg(long, value_name = "DIR")]
    cache: Option<PathBuf>,

    /// Stop a clone that transfers more than this many megabytes
    #[arg(long, value_name = "MB", default_value_t = source::DEFAULT_MAX_CLONE_MB)]
    max_repo_mb: u64,

    /// Clone only the newest N commits of URL targets (the history rules then
    /// say they judged a shallow history)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    depth: Option<u32>,
}

/// [`JudgingArgs`], checked.
pub struct Judging {
    pub catalog: Catalog,
    pub selection: Selection,
    pub role: Option<String>,
    pub limits: Limits,
    pub cache: Option<PathBuf>,
    pub max_clone_bytes: u64,
    pub depth: Option<u32>,
    pub job_post: Option<std::sync::Arc<portfolio_audit::fit::job::JobPost>>,
    /// The posting as read from stdin (`--job-post -`), for a worker that
    /// reads it again from its own.
    pub job_post_text: Option<Vec<u8>>,
}

impl Judging {
    /// How clones are bounded, with the caller's time limit.
    pub fn clone_options(&self, timeout: std::time::Duration) -> CloneOptions {
        CloneOptions {
            cache: self.cache.clone(),
            max_bytes: self.max_clone_bytes,
            timeout,
            depth: self.depth,
            progress: false,
        }
    }
}

impl JudgingArgs {
    /// `--job-post -`: the posting comes from stdin.
    pub fn reads_stdin(&self) -> bool {
        self.job_post.as_deref() == Some(std::path::Path::new("-"))
    }

    pub fn resolve(&self) -> Result<Judging> {
        let catalog = super::load_catalog(self.rules.as_deref())?;
        let selection = Selection::new(&catalog, &self.select, &self.ignore)?;
        if let Some(role) = self.role.as_deref().filter(|r| catalog.role(r).is_none()) {
            let known: Vec<&str> = catalog.roles.iter().map(|r| r.id.as_str()).collect();
            bail!("unknown role `{role}` (one of: {})", known.join(", "));
        }
        for (flag, value) in [
            ("--max-file-size", self.max_file_size),
            ("--max-notebook-size", self.max_notebook_size),
        ] {
            if !(value > 0.0 && value.is_finite()) {
                bail!("{flag} must be a positive number of MiB");
            }
        }
        if self.max_repo_mb == 0 {
            bail!("--max-repo-mb must be at least 1");
        }
        let (job_post, job_post_text) = match &self.job_post {
            Some(path) => {
                let (post, text) = read_job_post(path, &catalog)?;
                let from_stdin = path == std::path::Path::new("-");
                (Some(std::sync::Arc::new(post)), from_stdin.then_some(text))
            }
            None => (None, None),
        };
        Ok(Judging {
            catalog,
            selection,
            role: self.role.clone(),
            limits: Limits {
                max_file_bytes: (self.max_file_size * 1024.0 * 1024.0) as u64,
                max_notebook_bytes: (self.max_notebook_size * 1024.0 * 1024.0) as u64,
                max_files_read: self.max_files,
            },
            cache: self.cache.clone(),
            max_clone_bytes: self.max_repo_mb.saturating_mul(1_000_000),
            depth: self.depth,
            job_post,
            job_post_text,
        })
    }
}

/// A job post from a file or stdin (`-`), capped in size: it is untrusted.
fn read_job_post(
    path: &std::path::Path,
    catalog: &Catalog,
) -> Result<(portfolio_audit::fit::job::JobPost, Vec<u8>)> {
    use portfolio_audit::fit::job::{JobPost, MAX_POST_BYTES};
    use std::io::Read;
    let mut bytes = Vec::new();
    let limit = MAX_POST_BYTES as u64 + 1;
    let read = if path == std::path::Path::new("-") {
        std::io::stdin().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    if let Err(err) = read {
        bail!("--job-post {}: {err}", path.display());
    }
    if bytes.len() > MAX_POST_BYTES {
        bail!(
            "--job-post {}: over {} KiB; a job post is a few KiB of text",
            path.display(),
            MAX_POST_BYTES / 1024
        );
    }
    let text = String::from_utf8_lossy(&bytes);
    let post = JobPost::parse(
        &text,
        &catalog.technologies,
        &catalog.skills,
        &catalog.roles,
    );
    Ok((post, bytes))
}
