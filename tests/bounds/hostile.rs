//! The hostile corpus: repositories built by the test suite to break the
//! tool. Each case must finish within the time and memory bounds, read
//! nothing outside the repository, follow no link, run nothing, print no
//! terminal control sequence from the repository, and say what it skipped.

use crate::common;

use common::measured;

use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::{Duration, Instant};

/// Bounds per case on this 2-core machine.
const MAX_SECONDS: f64 = 10.0;
const MAX_RSS_MB: f64 = 200.0;

/// Audits `dir` (JSON and text), checks the bounds, and returns the report.
fn audit_within_bounds(case: &str, dir: &Path) -> serde_json::Value {
    let json = measured(&["--format", "json"], dir);
    assert_eq!(json.status, 0, "{case}: {}", json.stderr);
    assert!(
        json.seconds < MAX_SECONDS,
        "{case}: took {:.1} s",
        json.seconds
    );
    assert!(
        json.rss_mb < MAX_RSS_MB,
        "{case}: used {:.0} MB",
        json.rss_mb
    );
    eprintln!("{case}: {:.2} s, {:.0} MB", json.seconds, json.rss_mb);
    let text = measured(&["--color", "never"], dir);
    assert_eq!(text.status, 0, "{case}: {}", text.stderr);
    assert!(
        !text.stdout.contains('\u{1b}') && !text.stdout.contains('\u{202e}'),
        "{case}: a control sequence from the repository reached the terminal"
    );
    serde_json::from_str(&json.stdout).expect("valid JSON")
}

fn warnings(report: &serde_json::Value) -> String {
    report["warnings"].to_string()
}

#[test]
fn symlinks_are_recorded_and_never_followed() {
    let repo = common::copy_as("readme-rst", "links");
    let outside = tempfile::tempdir().expect("outside");
    let secret = format!("AWS_KEY=AKIA{}", "Q3VHZ7XMPL2KD4RT");
    std::fs::write(outside.path().join("secret.env"), &secret).expect("write");
    symlink("loop_b", repo.path.join("loop_a")).expect("symlink");
    symlink("loop_a", repo.path.join("loop_b")).expect("symlink");
    symlink("/etc/passwd", repo.path.join("passwd.py")).expect("symlink");
    symlink(outside.path().join("secret.env"), repo.path.join(".env")).expect("symlink");
    symlink("../../nowhere/secret", repo.path.join("dangling.txt")).expect("symlink");
    symlink(outside.path(), repo.path.join("linked_dir")).expect("symlink");
    common::commit_all(&repo.path, "Add links");
    let report = audit_within_bounds("symlinks", &repo.path);
    let text = report.to_string();
    assert!(
        !text.contains("root:x:0"),
        "read /etc/passwd through a link"
    );
    assert!(
        report["facts"]["secrets"]
            .as_array()
            .is_some_and(Vec::is_empty),
        "read a secret through a link"
    );
    // Outside git too.
    let plain = tempfile::tempdir().expect("plain");
    symlink("/etc", plain.path().join("etc")).expect("symlink");
    symlink("/etc/passwd", plain.path().join("README.md")).expect("symlink");
    let report = audit_within_bounds("symlinks outside git", plain.path());
    assert!(report["facts"]["readme"]["path"].is_null());
}

#[test]
fn huge_sparse_and_single_line_files_are_not_read() {
    let plain = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        plain.path().join("README.md"),
        "# Big\n\nA project with very big files in it.\n",
    )
    .expect("write");
    std::fs::File::create(plain.path().join("weights.bin"))
        .expect("create")
        .set_len(1 << 30)
        .expect("sparse 1 GB");
    std::fs::File::create(plain.path().join("outputs.ipynb"))
        .expect("create")
        .set_len(200 << 20)
        .expect("sparse 200 MB notebook");
    std::fs::write(
        plain.path().join("one_line.py"),
        "x = 1; ".repeat(7 * 1024 * 1024),
    )
    .expect("50 MB single line");
    std::fs::write(
        plain.path().join("README.rst"),
        "word ".repeat(2 * 1024 * 1024),
    )
    .expect("10 MB README");
    let report = audit_within_bounds("huge files", plain.path());
    let warned = warnings(&report);
    assert!(
        warned.contains("one_line.py") && warned.contains("read limit"),
        "{warned}"
    );
    assert!(warned.contains("outputs.ipynb"), "{warned}");
    assert_eq!(finding_outcome(&report, "LAY003"), "fail");
}

fn finding_outcome(report: &serde_json::Value, rule: &str) -> String {
    common::finding(report, rule)["outcome"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[test]
fn bad_encodings_and_binary_python_are_warnings() {
    let repo = common::copy_as("readme-rst", "encodings");
    std::fs::write(repo.path.join("latin1.py"), b"# caf\xe9\nx = 1\n").expect("write");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("x = 'ü'\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(repo.path.join("utf16.py"), utf16).expect("write");
    std::fs::write(repo.path.join("invalid.py"), b"x = '\xff\xfe\xfd'\n").expect("write");
    std::fs::write(
        repo.path.join("binary.py"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00",
    )
    .expect("write");
    common::commit_all(&repo.path, "Add files");
    let report = audit_within_bounds("encodings", &repo.path);
    let warned = warnings(&report);
    for file in ["latin1.py", "invalid.py", "binary.py"] {
        assert!(warned.contains(file), "{file}: {warned}");
    }
    assert!(!warned.contains("utf16.py"), "UTF-16 with a BOM decodes");
}

#[test]
fn deep_folders_and_a_hundred_thousand_files() {
    let plain = tempfile::tempdir().expect("tempdir");
    let mut deep = plain.path().to_path_buf();
    for level in 0..60 {
        deep.push(format!("d{level}"));
    }
    std::fs::create_dir_all(&deep).expect("deep");
    std::fs::write(deep.join("deep.py"), "def f():\n    return 1\n").expect("write");
    let many = plain.path().join("many");
    std::fs::create_dir_all(&many).expect("mkdir");
    for i in 0..100_000 {
        std::fs::write(many.join(format!("f{i}.txt")), "x").expect("write");
    }
    let report = audit_within_bounds("100k files, 60 levels", plain.path());
    assert!(report["facts"]["files"].as_u64().unwrap_or(0) >= 100_001);
}

#[test]
fn hostile_text_in_readme_and_names() {
    let repo = common::copy_as("readme-rst", "hostile");
    std::fs::write(
        repo.path.join("README.md"),
        "# \u{1b}]0;owned\u{7}Title ::error::x %0A \u{202e}gnp.exe\n\n<script>alert(1)</script> \u{1b}[2J\n",
    )
    .expect("write");
    for name in [
        "\u{1b}[31mred.py",
        "\u{202e}cod.py",
        "::error::y%0A.py",
        "new\nline.py",
    ] {
        std::fs::write(repo.path.join(name), "x = 1\n").expect("write");
    }
    common::commit_all(&repo.path, "Add hostile names");
    audit_within_bounds("hostile text", &repo.path);
    let github = measured(&["--format", "github"], &repo.path);
    for line in github.stdout.lines() {
        assert!(
            line.starts_with("::") && !line.contains('\u{1b}'),
            "{line:?}"
        );
    }
    let markdown = measured(&["--format", "markdown"], &repo.path);
    assert!(!markdown.stdout.contains("<script>"));
}

#[test]
fn malformed_manifests_and_notebooks() {
    let repo = common::copy_as("readme-rst", "malformed");
    let write = |name: &str, text: &str| std::fs::write(repo.path.join(name), text).expect("write");
    write(
        "pyproject.toml",
        "[project\nname = \"x\"\ndependencies = [\"a\",\n",
    );
    write("setup.cfg", "[metadata\nname\n= = =\n");
    write("environment.yml", "dependencies: [a, {pip: [b, {{{");
    write("Pipfile", "[packages\n");
    write(
        "truncated.ipynb",
        "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"x = 1\"",
    );
    write(
        "deep.ipynb",
        &format!("{}{}", "[".repeat(50_000), "]".repeat(50_000)),
    );
    let requirements: String = (0..100_000).map(|i| format!("package{i}\n")).collect();
    write("requirements.txt", &requirements);
    write(
        ".gitmodules",
        "[submodule \"evil\"]\n\tpath = evil\n\turl = https://example.invalid/evil.git\n",
    );
    common::commit_all(&repo.path, "Add broken files");
    let report = audit_within_bounds("malformed manifests", &repo.path);
    let warned = warnings(&report);
    for file in [
        "pyproject.toml",
        "truncated.ipynb",
        "deep.ipynb",
        "environment.yml",
        "Pipfile",
    ] {
        assert!(warned.contains(file), "{file}: {warned}");
    }
    assert_eq!(report["facts"]["packaging"]["dependencies"], 100_000);
    assert!(
        common::finding(&report, "PKG002")["evidence"]
            .as_array()
            .is_some_and(|e| e.len() <= 10)
    );
}

#[test]
fn a_submodule_is_recorded_never_fetched() {
    let repo = common::copy_as("readme-rst", "with-submodule");
    common::commit_all(&repo.path, "Add files");
    let git = git2::Repository::open(&repo.path).expect("open");
    let mut index = git.index().expect("index");
    let head = git.head().expect("head").peel_to_commit().expect("commit");
    let entry = git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o160000,
        uid: 0,
        gid: 0,
        file_size: 0,
        id: head.id(),
        flags: 0,
        flags_extended: 0,
        path: b"vendor/evil".to_vec(),
    };
    index.add(&entry).expect("gitlink");
    index.write().expect("write");
    std::fs::write(
        repo.path.join(".gitmodules"),
        "[submodule \"evil\"]\n\tpath = vendor/evil\n\turl = https://example.invalid/evil.git\n",
    )
    .expect("write");
    let started = Instant::now();
    let report = audit_within_bounds("submodule", &repo.path);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(report["facts"]["files"].as_u64().unwrap_or(0) >= 2);
}

#[test]
fn empty_and_detached_repositories() {
    let empty = tempfile::tempdir().expect("tempdir");
    git2::Repository::init(empty.path()).expect("init");
    let report = audit_within_bounds("empty repository", empty.path());
    assert_eq!(report["facts"]["files"], 0);
    assert_eq!(
        common::finding(&report, "GIT001")["outcome"],
        "not_applicable"
    );
    let bare = tempfile::tempdir().expect("tempdir");
    git2::Repository::init_bare(bare.path()).expect("init bare");
    let output = measured(&["--format", "json"], bare.path());
    assert_eq!(
        output.status, 2,
        "an empty bare repository has no commit to audit"
    );
    assert_eq!(output.stderr.lines().count(), 1);

    let (repo, first, _) = common::two_commit_repo("detached");
    let git = git2::Repository::open(&repo.path).expect("open");
    let first = git2::Oid::from_str(&first).expect("oid");
    git.set_head_detached(first).expect("detach");
    let report = audit_within_bounds("detached HEAD", &repo.path);
    assert_eq!(report["target"]["commit"], first.to_string());
}

#[test]
fn batch_faults_lose_nothing() {
    let good = common::git("readme-rst");
    let doomed = common::copy_as("readme-plain", "doomed");
    common::commit_all(&doomed.path, "Add");
    let work = tempfile::tempdir().expect("tempdir");
    // A clone that dies half way: the server answers with a truncated response.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            use std::io::Write;
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/x-git-upload-pack-advertisement\r\nContent-Length: 9999\r\n\r\n001e# service=git-upl");
        }
    });
    let list = work.path().join("list.txt");
    std::fs::write(
        &list,
        format!(
            "good,{}\nhalfway,http://127.0.0.1:{port}/repo.git\ndoomed,{}\n",
            good.path.display(),
            doomed.path.display()
        ),
    )
    .expect("write");
    // The target folder disappears before its turn.
    std::fs::remove_dir_all(&doomed.path).expect("delete target");
    let out = work.path().join("out");
    let run = std::process::Command::new(assert_cmd::cargo::cargo_bin("portfolio-audit"))
        .arg("batch")
        .arg(&list)
        .arg("-o")
        .arg(&out)
        .args(["-j", "1", "--timeout", "5", "--quiet"])
        .output()
        .expect("run");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(out.join("results.jsonl"))
        .expect("results")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 3);
    let status = |label: &str| {
        lines
            .iter()
            .find(|l| l["label"] == label)
            .map(|l| l["status"].clone())
    };
    assert_eq!(status("good"), Some("ok".into()));
    assert_eq!(status("halfway"), Some("error".into()));
    assert_eq!(status("doomed"), Some("error".into()));

    // A device in place of results.jsonl is refused, not read forever.
    let device = work.path().join("device");
    std::fs::create_dir_all(&device).expect("mkdir");
    symlink("/dev/zero", device.join("results.jsonl")).expect("symlink");
    let good_only = work.path().join("good.txt");
    std::fs::write(&good_only, format!("good,{}\n", good.path.display())).expect("write");
    let on_device = common::bin()
        .arg("batch")
        .arg(&good_only)
        .arg("-o")
        .arg(&device)
        .arg("--quiet")
        .output()
        .expect("run");
    assert_eq!(on_device.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&on_device.stderr);
    assert!(
        stderr.starts_with("error: ") && stderr.contains("not a regular file"),
        "{stderr}"
    );

    // A full disk: files may grow to 4 KiB only; the large report cannot be
    // written, and the target's line says so.
    let full = work.path().join("full");
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("portfolio-audit"));
    command
        .arg("batch")
        .arg(&good_only)
        .arg("-o")
        .arg(&full)
        .arg("--quiet");
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        use std::os::unix::process::CommandExt;
        command.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: 4096,
                rlim_max: 4096,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let on_full = command.output().expect("run");
    assert_eq!(
        on_full.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&on_full.stderr)
    );
    let line: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(full.join("results.jsonl"))
            .expect("results")
            .lines()
            .next()
            .expect("a line"),
    )
    .expect("json");
    assert_eq!(line["status"], "error");
    assert!(
        line["error"]
            .as_str()
            .unwrap_or("")
            .contains("report not written"),
        "{line}"
    );
}

#[test]
fn sigint_mid_batch_keeps_finished_lines_and_resumes() {
    let work = tempfile::tempdir().expect("tempdir");
    let mut repos = Vec::new();
    let mut list = String::new();
    for i in 0..30 {
        let repo = common::copy_as("readme-rst", &format!("r{i}"));
        common::commit_all(&repo.path, "Add");
        list.push_str(&format!("applicant{i},{}\n", repo.path.display()));
        repos.push(repo);
    }
    let list_path = work.path().join("list.txt");
    std::fs::write(&list_path, list).expect("write");
    let out = work.path().join("out");
    let mut child = common::spawn_batch(&list_path, &out);
    common::wait_for_results(&out, 3);
    // SAFETY: SIGINT to our own child.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let _ = child.wait();
    let kept = std::fs::read_to_string(out.join("results.jsonl")).expect("results");
    for line in kept.lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("every kept line is whole");
    }
    let rerun = common::bin()
        .arg("batch")
        .arg(&list_path)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("rerun");
    assert!(rerun.status.success());
    let lines = std::fs::read_to_string(out.join("results.jsonl")).expect("results");
    assert_eq!(lines.lines().count(), 30);
}

#[test]
fn the_read_caps_are_configurable() {
    let plain = tempfile::tempdir().expect("tempdir");
    for i in 0..20 {
        std::fs::write(
            plain.path().join(format!("m{i:02}.py")),
            "def f():\n    return 1\n",
        )
        .expect("write");
    }
    std::fs::write(plain.path().join("big.py"), "x = 1\n".repeat(200_000)).expect("write");
    let capped = measured(
        &[
            "--format",
            "json",
            "--max-files",
            "5",
            "--max-file-size",
            "0.5",
        ],
        plain.path(),
    );
    assert_eq!(capped.status, 0);
    let report: serde_json::Value = serde_json::from_str(&capped.stdout).expect("json");
    let warned = warnings(&report);
    assert!(warned.contains("beyond the first 5"), "{warned}");
    assert!(
        warned.contains("big.py") && warned.contains("0.5 MiB"),
        "{warned}"
    );
    assert_eq!(
        report["facts"]["files"], 21,
        "unread files are still inventoried"
    );
}
