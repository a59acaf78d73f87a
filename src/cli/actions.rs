//! Running as a GitHub Actions step: links to evidence, the job summary and
//! the step outputs.

use std::path::PathBuf;

use portfolio_audit::{confine, report};

/// The GitHub Actions environment, when running as a workflow step.
pub struct GithubActions {
    summary: Option<PathBuf>,
    output: Option<PathBuf>,
    server: Option<String>,
    repository: Option<String>,
    sha: Option<String>,
}

/// GitHub refuses job summaries over 1 MiB.
const SUMMARY_LIMIT: usize = 1024 * 1024 - 1024;

impl GithubActions {
    pub fn from_env() -> Option<Self> {
        if std::env::var("GITHUB_ACTIONS").ok().as_deref() != Some("true") {
            return None;
        }
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Some(GithubActions {
            summary: var("GITHUB_STEP_SUMMARY").map(PathBuf::from),
            output: var("GITHUB_OUTPUT").map(PathBuf::from),
            server: var("GITHUB_SERVER_URL"),
            repository: var("GITHUB_REPOSITORY"),
            sha: var("GITHUB_SHA"),
        })
    }

    /// `https://github.com/owner/repo/blob/<sha>/`, for links to evidence.
    pub fn link_base(&self) -> Option<String> {
        let valid = |s: &str| {
            s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./:".contains(c))
        };
        let (server, repository, sha) = (
            self.server.as_deref()?,
            self.repository.as_deref()?,
            self.sha.as_deref()?,
        );
        (valid(server) && valid(repository) && valid(sha))
            .then(|| format!("{server}/{repository}/blob/{sha}/"))
    }

    /// Appends the job summary and writes the step outputs.
    pub fn publish(&self, report: &report::Report, summary: &str, outbox: &mut confine::Outbox) {
        if let Some(path) = &self.summary {
            let mut text = summary.to_string();
            if text.len() > SUMMARY_LIMIT {
                let mut cut = SUMMARY_LIMIT;
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                text.truncate(cut);
                text.push_str("\n\n_Summary cut at GitHub's 1 MiB limit; see the full report._\n");
            }
            outbox.append(path.clone(), text.into_bytes());
        }
        if let Some(path) = &self.output {
            let outputs = format!(
                "score={:.1}\ngrade={}\nverdict={}\npassed={}\n",
                report.score, report.grade, report.verdict, report.passed
            );
            outbox.append(path.clone(), outputs.into_bytes());
        }
    }
}

/// A token no repository can guess, to end `::stop-commands::`.
pub fn stop_token() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut hash = portfolio_audit::hash::Fnv1a::default();
    hash.write(&nanos.to_le_bytes())
        .write(&std::process::id().to_le_bytes());
    format!("portfolio-audit-{:016x}", hash.finish())
}
