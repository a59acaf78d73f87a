//! The GitHub Action and the pre-commit hook are files users depend on:
//! check their shape, and that inputs never reach a shell script unescaped.

use yaml_rust2::{Yaml, YamlLoader};

fn load(name: &str) -> Yaml {
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name))
        .expect("read");
    YamlLoader::load_from_str(&text)
        .expect("valid YAML")
        .remove(0)
}

#[test]
fn action_declares_the_documented_inputs_and_outputs() {
    let action = load("action.yml");
    for input in [
        "path",
        "min-score",
        "sarif-file",
        "rules",
        "select",
        "ignore",
        "args",
    ] {
        assert!(!action["inputs"][input].is_badvalue(), "input {input}");
    }
    for output in ["score", "grade", "verdict", "passed"] {
        let value = action["outputs"][output]["value"]
            .as_str()
            .expect("output value");
        assert_eq!(value, format!("${{{{ steps.audit.outputs.{output} }}}}"));
    }
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
}

#[test]
fn action_scripts_take_inputs_from_the_environment_only() {
    let action = load("action.yml");
    for step in action["runs"]["steps"].as_vec().expect("steps") {
        if let Some(script) = step["run"].as_str() {
            assert!(
                !script.contains("${{"),
                "expression spliced into a script: {script}"
            );
        }
    }
}

#[test]
fn pre_commit_hooks_audit_the_whole_repository_at_the_default_stage() {
    let hooks = load(".pre-commit-hooks.yaml");
    let hooks = hooks.as_vec().expect("a list of hooks");
    let ids: Vec<&str> = hooks.iter().filter_map(|h| h["id"].as_str()).collect();
    assert_eq!(ids, ["portfolio-audit", "portfolio-audit-rust"]);
    let languages: Vec<&str> = hooks
        .iter()
        .filter_map(|h| h["language"].as_str())
        .collect();
    assert_eq!(languages, ["python", "rust"]);
    for hook in hooks {
        assert_eq!(hook["entry"].as_str(), Some("portfolio-audit"));
        assert_eq!(hook["pass_filenames"].as_bool(), Some(false));
        assert_eq!(hook["always_run"].as_bool(), Some(true));
        // No `stages`: the hook runs where `pre-commit install` puts it.
        assert!(hook["stages"].is_badvalue(), "{hook:?}");
        let args: Vec<&str> = hook["args"]
            .as_vec()
            .expect("args")
            .iter()
            .filter_map(|a| a.as_str())
            .collect();
        assert!(args.contains(&"--min-score"), "{args:?}");
        // A failing hook prints the verdict and the fixes, not every rule.
        assert!(
            args.windows(2).any(|w| w == ["--show", "summary"]),
            "{args:?}"
        );
    }
}

/// The Action's installer against a fake release on 127.0.0.1: the real
/// binary, packed as the release workflow packs it, with its checksum.
#[cfg(unix)]
mod install {
    use std::collections::BTreeMap;
    use std::io::{BufRead, BufReader, Write};
    use std::path::{Path, PathBuf};
    use std::sync::{Arc, Mutex};

    const TARGET: &str = "x86_64-unknown-linux-musl";

    /// Serves `files` by path; everything else is 404. Returns the base URL
    /// and the paths requested.
    fn release_server(files: BTreeMap<String, Vec<u8>>) -> (String, Arc<Mutex<Vec<String>>>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let requested = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&requested);
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let mut line = String::new();
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let _ = reader.read_line(&mut line);
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
                        break;
                    }
                }
                let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
                log.lock().expect("log").push(path.clone());
                let response = match files.get(&path) {
                    Some(body) => [
                        format!(
                            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        )
                        .into_bytes(),
                        body.clone(),
                    ]
                    .concat(),
                    None => {
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .to_vec()
                    }
                };
                let _ = stream.write_all(&response);
            }
        });
        (format!("http://127.0.0.1:{port}"), requested)
    }

    /// The test binary as the release workflow packs it, and its `.sha256`.
    fn packed_release(work: &Path) -> (Vec<u8>, String) {
        let stage = work.join("stage");
        std::fs::create_dir_all(&stage).expect("mkdir");
        std::fs::copy(
            assert_cmd::cargo::cargo_bin("portfolio-audit"),
            stage.join("portfolio-audit"),
        )
        .expect("copy binary");
        let archive = work.join("release.tar.gz");
        let status = std::process::Command::new("tar")
            .arg("-czf")
            .arg(&archive)
            .arg("-C")
            .arg(&stage)
            .arg("portfolio-audit")
            .status()
            .expect("tar");
        assert!(status.success());
        let bytes = std::fs::read(&archive).expect("archive");
        let output = std::process::Command::new("sha256sum")
            .arg(&archive)
            .output()
            .expect("sha256sum");
        let hash = String::from_utf8_lossy(&output.stdout)
            .split(' ')
            .next()
            .unwrap_or("")
            .to_string();
        (bytes, format!("{hash}  portfolio-audit-{TARGET}.tar.gz\n"))
    }

    struct Run {
        status: std::process::ExitStatus,
        stdout: String,
        outputs: String,
        dest: PathBuf,
        cargo_calls: String,
    }

    /// Runs `action/install.sh` as the Action does, with a `cargo` on the
    /// PATH that records its calls and "builds" a stand-in binary.
    fn install(work: &Path, action_ref: &str, releases: &str) -> Run {
        let fake_bin = work.join("fake-bin");
        std::fs::create_dir_all(&fake_bin).expect("mkdir");
        let calls = work.join("cargo-calls");
        let built = work.join("target");
        std::fs::write(
            fake_bin.join("cargo"),
            format!(
                "#!/bin/sh\necho \"$@\" >> '{}'\nmkdir -p '{}/release'\nprintf '#!/bin/sh\\necho portfolio-audit from-source\\n' > '{}/release/portfolio-audit'\nchmod +x '{}/release/portfolio-audit'\n",
                calls.display(),
                built.display(),
                built.display(),
                built.display()
            ),
        )
        .expect("fake cargo");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            fake_bin.join("cargo"),
            std::fs::Permissions::from_mode(0o755),
        )
        .expect("chmod");
        let outputs = work.join("github-output");
        let dest = work.join("dest");
        let path = format!(
            "{}:{}",
            fake_bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let output = std::process::Command::new("bash")
            .arg(root.join("action/install.sh"))
            .env("PATH", path)
            .env("GITHUB_ACTION_PATH", root)
            .env("ACTION_REF", action_ref)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("DEST", &dest)
            .env("GITHUB_OUTPUT", &outputs)
            .env("CARGO_TARGET_DIR", &built)
            .env("PORTFOLIO_AUDIT_RELEASES", releases)
            .output()
            .expect("run install.sh");
        Run {
            status: output.status,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            outputs: std::fs::read_to_string(&outputs).unwrap_or_default(),
            dest,
            cargo_calls: std::fs::read_to_string(&calls).unwrap_or_default(),
        }
    }

    /// This checkout's source digest, as the release workflow records it.
    fn source_digest() -> String {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let output = std::process::Command::new("bash")
            .arg(root.join("action/source-digest.sh"))
            .arg(root)
            .output()
            .expect("source-digest.sh");
        assert!(output.status.success());
        let digest = String::from_utf8_lossy(&output.stdout).trim().to_string();
        assert_eq!(digest.len(), 64, "{digest}");
        digest
    }

    /// A release of this very source: its binary, checksum and digest.
    fn release_files(archive: Vec<u8>, checksum: String) -> BTreeMap<String, Vec<u8>> {
        release_of_source(archive, checksum, source_digest())
    }

    fn release_of_source(
        archive: Vec<u8>,
        checksum: String,
        digest: String,
    ) -> BTreeMap<String, Vec<u8>> {
        let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
        BTreeMap::from([
            (
                format!("/{tag}/source.sha256"),
                format!("{digest}\n").into_bytes(),
            ),
            (format!("/{tag}/portfolio-audit-{TARGET}.tar.gz"), archive),
            (
                format!("/{tag}/portfolio-audit-{TARGET}.tar.gz.sha256"),
                checksum.into_bytes(),
            ),
        ])
    }

    #[test]
    fn at_a_release_tag_the_checked_release_binary_is_installed_without_cargo() {
        let work = tempfile::tempdir().expect("tmp");
        let (archive, checksum) = packed_release(work.path());
        let (base, requested) = release_server(release_files(archive, checksum));
        let run = install(
            work.path(),
            &format!("v{}", env!("CARGO_PKG_VERSION")),
            &base,
        );
        assert!(run.status.success(), "{}", run.stdout);
        let bin = run.dest.join("portfolio-audit");
        assert!(
            run.outputs.contains(&format!("bin={}", bin.display())),
            "{}",
            run.outputs
        );
        assert!(run.cargo_calls.is_empty(), "cargo ran: {}", run.cargo_calls);
        let version = std::process::Command::new(&bin)
            .arg("--version")
            .output()
            .expect("run installed");
        assert!(String::from_utf8_lossy(&version.stdout).contains(env!("CARGO_PKG_VERSION")));
        assert_eq!(requested.lock().expect("log").len(), 3);
    }

    #[test]
    fn a_checksum_that_does_not_match_is_an_error_not_an_install() {
        let work = tempfile::tempdir().expect("tmp");
        let (archive, _) = packed_release(work.path());
        let forged = format!("{}  portfolio-audit-{TARGET}.tar.gz\n", "0".repeat(64));
        let (base, _) = release_server(release_files(archive, forged));
        let run = install(
            work.path(),
            &format!("v{}", env!("CARGO_PKG_VERSION")),
            &base,
        );
        assert!(!run.status.success());
        assert!(
            run.stdout.contains("does not match its SHA-256"),
            "{}",
            run.stdout
        );
        assert!(!run.dest.join("portfolio-audit").exists());
        assert!(
            run.cargo_calls.is_empty(),
            "a forged release must not fall back"
        );
    }

    #[test]
    fn no_release_for_the_tag_falls_back_to_building_the_source() {
        let work = tempfile::tempdir().expect("tmp");
        let (base, requested) = release_server(BTreeMap::new());
        let run = install(
            work.path(),
            &format!("v{}", env!("CARGO_PKG_VERSION")),
            &base,
        );
        assert!(run.status.success(), "{}", run.stdout);
        assert!(
            run.stdout.contains("building from source"),
            "{}",
            run.stdout
        );
        assert!(
            run.cargo_calls.contains("build --release --locked"),
            "{}",
            run.cargo_calls
        );
        assert!(run.stdout.contains("from-source"));
        assert!(!requested.lock().expect("log").is_empty());
    }

    fn plan(work: &Path, action_ref: &str, releases: &str) -> String {
        let outputs = work.join("plan");
        let status = std::process::Command::new("bash")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("action/install.sh"))
            .arg("--plan")
            .env("GITHUB_ACTION_PATH", env!("CARGO_MANIFEST_DIR"))
            .env("ACTION_REF", action_ref)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("GITHUB_OUTPUT", &outputs)
            .env("PORTFOLIO_AUDIT_RELEASES", releases)
            .status()
            .expect("plan");
        assert!(status.success());
        let plan = std::fs::read_to_string(&outputs).expect("plan");
        std::fs::remove_file(outputs).expect("rm");
        plan
    }

    #[test]
    fn a_commit_sha_or_moving_tag_at_released_source_installs_the_release_binary() {
        // Pinned by SHA (as careful workflows pin) or by `@v0`, the same
        // source as the release gets its binary, not minutes of cargo.
        let work = tempfile::tempdir().expect("tmp");
        let (archive, checksum) = packed_release(work.path());
        let (base, _) = release_server(release_files(archive, checksum));
        for action_ref in ["3d3c42e5aac5ba805825da76410c181273ba90b1", "v0"] {
            assert_eq!(plan(work.path(), action_ref, &base), "source=false\n");
            let run = install(work.path(), action_ref, &base);
            assert!(run.status.success(), "{}", run.stdout);
            assert!(run.cargo_calls.is_empty(), "{action_ref}: cargo ran");
            assert!(run.dest.join("portfolio-audit").exists());
        }
    }

    #[test]
    fn a_fork_or_changed_source_builds_itself_and_says_why() {
        // A fork used at a tag, or a branch with changes: the release was
        // built from other source, so its binary would not be this code.
        let work = tempfile::tempdir().expect("tmp");
        let (archive, checksum) = packed_release(work.path());
        let (base, requested) =
            release_server(release_of_source(archive, checksum, "f".repeat(64)));
        let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
        assert_eq!(plan(work.path(), &tag, &base), "source=true\n");
        let run = install(work.path(), &tag, &base);
        assert!(run.status.success(), "{}", run.stdout);
        assert!(run.cargo_calls.contains("build --release --locked"));
        assert!(
            run.stdout.contains("built from other source"),
            "{}",
            run.stdout
        );
        let asked = requested.lock().expect("log").clone();
        assert!(
            asked.iter().all(|path| path.ends_with("source.sha256")),
            "only the digest was fetched: {asked:?}"
        );
    }

    #[test]
    fn the_releases_come_from_the_actions_own_repository() {
        let script = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("action/install.sh"),
        )
        .expect("install.sh");
        assert!(script.contains("https://github.com/$repository/releases/download"));
        let action = super::load("action.yml");
        for step in action["runs"]["steps"].as_vec().expect("steps") {
            if step["run"]
                .as_str()
                .is_some_and(|r| r.contains("install.sh"))
            {
                assert_eq!(
                    step["env"]["ACTION_REPOSITORY"].as_str(),
                    Some("${{ github.action_repository }}")
                );
            }
        }
    }
}

/// Runs the Action's audit step script with `args` as the `args` input and
/// a stand-in binary that prints each argument on its own line.
fn audit_step_arguments(args: &str) -> (bool, Vec<String>) {
    let action = load("action.yml");
    let script = action["runs"]["steps"]
        .as_vec()
        .expect("steps")
        .iter()
        .find(|step| step["id"].as_str() == Some("audit"))
        .and_then(|step| step["run"].as_str())
        .expect("the audit step")
        .to_string();
    let work = tempfile::tempdir().expect("tmp");
    let fake = work.path().join("fake");
    std::fs::write(
        &fake,
        "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n",
    )
    .expect("write");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .env("PORTFOLIO_AUDIT", &fake)
        .env("INPUT_PATH", ".")
        .env("INPUT_ARGS", args)
        .output()
        .expect("bash");
    let lines = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    (output.status.success(), lines)
}

#[test]
fn the_args_input_is_split_as_a_shell_would_and_never_evaluated() {
    let (ok, args) =
        audit_step_arguments(r#"--rules "my rules" --role 'data scientist' $(touch x)"#);
    assert!(ok);
    assert_eq!(
        args,
        [
            "[.]",
            "[--color]",
            "[never]",
            "[--rules]",
            "[my rules]",
            "[--role]",
            "[data scientist]",
            "[$(touch]",
            "[x)]"
        ]
    );
    let (ok, args) = audit_step_arguments(r#"--rules "unbalanced"#);
    assert!(!ok, "an unbalanced quote fails the step: {args:?}");
}
