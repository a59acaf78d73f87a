//! The `portfolio-audit` binary: parses arguments into a validated
//! configuration, runs the audit, renders, and maps outcomes to exit codes
//! (0 audited, 1 below `--min-score`, 2 usage or input error).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    // Process-wide libgit2 options, before any thread starts.
    portfolio_audit::facts::inventory::trust_repository_owners();
    return_large_blocks_to_the_system();
    match cli::run() {
        Ok(code) => code,
        // The Ctrl-C handler stopped a clone and is exiting with 130.
        Err(_) if portfolio_audit::source::interrupted() => ExitCode::from(130),
        Err(err) => {
            // Error text can quote a target's names: no control or bidi
            // character reaches the terminal raw.
            let message = one_line(&format!("{err:#}"));
            eprintln!(
                "error: {}",
                portfolio_audit::untrusted::escape::terminal(&message)
            );
            ExitCode::from(2)
        }
    }
}

/// glibc raises its mmap threshold after each large free, so the big reads
/// of parallel threads (notebooks of up to 20 MiB) would then stay in each
/// thread's heap: eight threads kept eight notebooks' worth of memory. A
/// fixed threshold of 1 MiB gives every large block back when it is freed.
fn return_large_blocks_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes the allocator; called before any thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}
