//! Credentials committed to the repository. Only the path, line and kind are
//! ever reported, never the secret itself.

use std::sync::LazyLock;

use regex::Regex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretHit {
    pub path: String,
    pub line: usize,
    pub kind: &'static str,
    /// The commit (7 hex digits) that holds it when it is no longer in the
    /// tree: deleting a file does not take a credential out of history.
    pub commit: Option<String>,
    /// A hash of the line that holds it: the same value in another commit
    /// of the same file is the same finding. Never reported.
    pub fingerprint: u64,
}

/// Hits reported per file, so a dump of keys does not flood the report.
const MAX_HITS_PER_FILE: usize = 10;

static TOKENS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<private_key>-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)",
        r"|(?P<aws_access_key_id>\b(?:AKIA|ASIA)[0-9A-Z]{16}\b)",
        r"|(?P<github_token>\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,})\b)",
        r"|(?P<slack_token>\bxox[abposr]-[A-Za-z0-9-]{10,})",
        r"|(?P<api_secret_key>\b(?:sk-(?:proj-|live-|test-)?[A-Za-z0-9_-]{20,}|[sr]k_live_[A-Za-z0-9]{20,}))",
        r"|(?P<google_api_key>\bAIza[0-9A-Za-z_-]{35}\b)",
    ))
    .expect("secret patterns compile")
});

static DOTENV_ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\S.*)$").expect("dotenv pattern")
});

/// Setting names that hold credentials (`API_KEY`, `DB_PASSWORD`,
/// `SECRET_KEY`, `AUTH_TOKEN`); `FLASK_APP` or `DEBUG` do not.
static CREDENTIAL_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)key|secret|token|passw|pwd|auth|credential|private|salt|(?:^|_)pass(?:$|_)|dsn|_url$",
    )
    .expect("credential name pattern")
});

/// A password passed as a literal keyword argument (`passwd="…"`).
static PASSWORD_ARGUMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:password|passwd|pwd)\s*=\s*["']([^"'\n]{4,})["']"#)
        .expect("password argument pattern")
});

/// A host passed as a literal keyword argument (`host="db.example.com"`).
static HOST_ARGUMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\bhost\s*=\s*["']([^"'\s]+)["']"#).expect("host argument pattern")
});

/// Lines around a password argument searched for its host.
const HOST_WINDOW: usize = 6;

/// A URL with a password in it (`postgres://user:pw@host/db`).
static URL_WITH_PASSWORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"://[^/\s:@]+:[^/\s@]+@").expect("url password pattern"));

/// A Kubernetes `Secret` manifest: its `data` holds the credentials.
static KUBERNETES_SECRET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*kind:[ \t]*Secret[ \t]*$").expect("kubernetes secret pattern")
});

/// A key, token or secret name given a quoted literal: `SECRET_KEY = "…"`,
/// `"api_key": "…"`, `token="…"`. The value is judged by [`looks_generated`].
static KEY_ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"["']?\b([A-Za-z_][A-Za-z0-9_]*)["']?\s*(?::|=)\s*[rbuRBU]?["']([^"'\s]{16,200})["']"#,
    )
    .expect("key assignment pattern")
});

/// Names that hold a key or token (`SECRET_KEY`, `apiKey`, `auth_token`),
/// but not the names around one (`TOKEN_URL`, `api_key_env`, `tokenizer`).
static KEY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)secret|api_?key|access_?key|private_?key|auth_?key|signing_?key|token")
        .expect("key name pattern")
});
static NOT_A_KEY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)tokeni[sz]|_(?:url|uri|path|file|dir|name|type|header|field|endpoint|env|var|length|len|prefix)$")
        .expect("non-key name pattern")
});

/// Files where a key assignment is configuration: Python and config formats.
pub fn holds_settings(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [
        ".py", ".cfg", ".ini", ".toml", ".yaml", ".yml", ".json", ".conf",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
        && !lower.ends_with("package-lock.json")
}

/// Credentials in a file that only history holds now: what [`scan`] finds,
/// and keys written into code or settings as literals (`SECRET_KEY = "…"`
/// later replaced by `os.environ`): replaced is not revoked.
pub fn scan_history(path: &str, text: &str) -> Vec<SecretHit> {
    let mut hits = scan(path, text);
    if !is_test_path(path) {
        let reported: Vec<usize> = hits.iter().map(|h| h.line).collect();
        let keys = fingerprinted(hardcoded_keys(path, text), text);
        hits.extend(keys.into_iter().filter(|k| !reported.contains(&k.line)));
    }
    hits.truncate(MAX_HITS_PER_FILE);
    hits
}

/// Keys and tokens written into code or settings as literals. Weaker
/// evidence than a recognised token format: the value only *looks*
/// generated, so these are reported apart from [`scan`]'s credentials.
pub fn hardcoded_keys(path: &str, text: &str) -> Vec<SecretHit> {
    if !holds_settings(path) || !KEY_NAME.is_match(text) {
        return Vec::new();
    }
    assignments(path, text, "hardcoded_key", |_, line| {
        KEY_ASSIGNMENT.captures_iter(line).any(|caps| {
            KEY_NAME.is_match(&caps[1])
                && !NOT_A_KEY_NAME.is_match(&caps[1])
                && !is_placeholder(&caps[2])
                && looks_generated(&caps[2])
        })
    })
}

/// Hits of `kind` on the lines `found` accepts (with their index), past
/// comments, at most [`MAX_HITS_PER_FILE`].
fn assignments(
    path: &str,
    text: &str,
    kind: &'static str,
    found: impl Fn(usize, &str) -> bool,
) -> Vec<SecretHit> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let trimmed = line.trim_start();
            !trimmed.starts_with('#') && !trimmed.starts_with("//")
        })
        .filter(|(index, line)| found(*index, line))
        .take(MAX_HITS_PER_FILE)
        .map(|(index, _)| hit(path, index + 1, kind))
        .collect()
}

/// A value filled in later: `${VAR}`, `%(name)s`, `{{ var }}`, `{0}`.
fn is_template(value: &str) -> bool {
    ["${", "%(", "{{", "{}"].iter().any(|t| value.contains(t)) || TEMPLATE_FIELD.is_match(value)
}

/// A value a machine made: letters and digits mixed, no URL or template,
/// and spread over many symbols (Shannon entropy of at least 3.5 bits per
/// character). `my-secret-key-here` and `ENV_VAR_NAME` are not.
fn looks_generated(value: &str) -> bool {
    if value.contains("://") || is_template(value) {
        return false;
    }
    let has_digit = value.chars().any(|c| c.is_ascii_digit());
    let has_letter = value.chars().any(|c| c.is_ascii_alphabetic());
    has_digit && has_letter && entropy(value) >= 3.5
}

/// A format field (`{name}`, `{0}`) in a value that is filled in later.
static TEMPLATE_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{[A-Za-z0-9_]*\}").expect("template field pattern"));

fn entropy(value: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    for c in value.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
    }
    let total = value.chars().count() as f64;
    counts
        .values()
        .map(|&n| {
            let p = n as f64 / total;
            -p * p.log2()
        })
        .sum()
}

const KINDS: [&str; 6] = [
    "private_key",
    "aws_access_key_id",
    "github_token",
    "slack_token",
    "api_secret_key",
    "google_api_key",
];

/// Secrets in one file's text.
pub fn scan(path: &str, text: &str) -> Vec<SecretHit> {
    fingerprinted(scan_lines(path, text), text)
}

fn scan_lines(path: &str, text: &str) -> Vec<SecretHit> {
    let mut hits = Vec::new();
    if is_dotenv(path) {
        for (index, line) in text.lines().enumerate() {
            let Some(caps) = DOTENV_ASSIGNMENT.captures(line) else {
                continue;
            };
            let (name, value) = (&caps[1], &caps[2]);
            let credential = CREDENTIAL_NAME.is_match(name)
                && (!name.to_ascii_lowercase().ends_with("_url")
                    || URL_WITH_PASSWORD.is_match(value));
            if credential && !is_placeholder(value) {
                hits.push(hit(path, index + 1, "dotenv_value"));
            }
            if hits.len() >= MAX_HITS_PER_FILE {
                return hits;
            }
        }
    }
    hits.extend(kubernetes_secret(path, text));
    if path.ends_with(".py") {
        hits.extend(remote_passwords(path, text));
    }
    if holds_settings(path) && !is_test_path(path) {
        let reported: Vec<usize> = hits.iter().map(|h| h.line).collect();
        hits.extend(
            hardcoded_passwords(path, text)
                .into_iter()
                .filter(|h| !reported.contains(&h.line)),
        );
    }
    if !TOKENS.is_match(text) {
        hits.truncate(MAX_HITS_PER_FILE);
        return hits;
    }
    let mut line = 1;
    let mut counted_to = 0;
    for caps in TOKENS.captures_iter(text) {
        let whole = caps.get(0).expect("match has group 0");
        if whole.as_str().contains("EXAMPLE") {
            continue;
        }
        // `sk-estimator-doc-link-fitted` in scikit-learn's HTML is a CSS
        // class: a real `sk-` key is random, with digits and capitals.
        if caps.name("api_secret_key").is_some() && !looks_random(whole.as_str()) {
            continue;
        }
        line += text[counted_to..whole.start()].matches('\n').count();
        counted_to = whole.start();
        let kind = KINDS
            .iter()
            .find(|kind| caps.name(kind).is_some())
            .copied()
            .unwrap_or("token");
        hits.push(hit(path, line, kind));
        if hits.len() >= MAX_HITS_PER_FILE {
            break;
        }
    }
    hits
}

/// A random string: digits, capitals and small letters, spread over many
/// symbols.
fn looks_random(value: &str) -> bool {
    value.chars().any(|c| c.is_ascii_digit())
        && value.chars().any(|c| c.is_ascii_uppercase())
        && value.chars().any(|c| c.is_ascii_lowercase())
        && entropy(value) >= 3.5
}

/// A password-named setting given a literal (`PASSWORD = '…'`,
/// `"db_password": "…"`, `passwd="…"`).
static PASSWORD_ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)["']?\b([A-Za-z_]*(?:password|passwd|pwd)[A-Za-z0-9_]*)["']?\s*[:=]\s*[rbuRBU]?["']([^"'\n]{8,128})["']"#,
    )
    .expect("password assignment pattern")
});

/// Passwords written into code or settings, in the applicant's own files:
/// a value that is not a placeholder, template or the name itself, with
/// digits in it as real passwords have (`'6gP7 hmbq UsET twiT ezIW C8rR'`,
/// `"156678894@Vitor"`); `password="password"` in a demo is not one.
fn hardcoded_passwords(path: &str, text: &str) -> Vec<SecretHit> {
    if !PASSWORD_ASSIGNMENT.is_match(text) {
        return Vec::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    // A password beside a local host (`localhost`, a compose service) is a
    // development default, which reviewers do not count.
    let beside_local_host = |index: usize| {
        lines[index.saturating_sub(HOST_WINDOW)..(index + HOST_WINDOW + 1).min(lines.len())]
            .iter()
            .any(|l| {
                HOST_ARGUMENT
                    .captures(l)
                    .is_some_and(|host| !is_remote_host(&host[1]))
            })
    };
    assignments(path, text, "hardcoded_password", |index, line| {
        !beside_local_host(index)
            && PASSWORD_ASSIGNMENT.captures_iter(line).any(|caps| {
                let value = &caps[2];
                !is_placeholder(value)
                    && !is_template(value)
                    && !value.contains("://")
                    && value.chars().any(|c| c.is_ascii_digit())
                    && value.chars().any(|c| c.is_alphabetic())
            })
    })
}

/// Tests and their fixtures: dummy credentials, not the applicant's.
fn is_test_path(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.starts_with("test_")
        || name.ends_with("_test.py")
        || name == "conftest.py"
        || path
            .split('/')
            .any(|part| matches!(part, "test" | "tests" | "testing" | "fixtures"))
}

/// A password written next to the remote host it opens (a cloud database):
/// a live credential. A password for `localhost` or a compose service name
/// is a local development value, which reviewers do not count.
fn remote_passwords(path: &str, text: &str) -> Vec<SecretHit> {
    if !PASSWORD_ARGUMENT.is_match(text) {
        return Vec::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut hits = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let Some(caps) = PASSWORD_ARGUMENT.captures(line) else {
            continue;
        };
        if line.trim_start().starts_with('#') || is_placeholder(&caps[1]) {
            continue;
        }
        let window =
            &lines[index.saturating_sub(HOST_WINDOW)..(index + HOST_WINDOW + 1).min(lines.len())];
        let remote = window
            .iter()
            .filter(|l| !l.trim_start().starts_with('#'))
            .any(|l| {
                HOST_ARGUMENT
                    .captures(l)
                    .is_some_and(|host| is_remote_host(&host[1]))
            });
        if remote {
            hits.push(hit(path, index + 1, "database_password"));
        }
        if hits.len() >= MAX_HITS_PER_FILE {
            break;
        }
    }
    hits
}

/// A host name on the network: dotted, and not a loopback or example name.
fn is_remote_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host.contains('.')
        && !host.starts_with("127.")
        && !host.starts_with("0.0.0.0")
        && !host.starts_with("192.168.")
        && !host.starts_with("10.")
        && !host.contains("localhost")
        && !host.contains("example")
}

/// A Kubernetes Secret with data: base64 is an encoding, not a protection.
fn kubernetes_secret(path: &str, text: &str) -> Option<SecretHit> {
    let lower = path.to_ascii_lowercase();
    if !(lower.ends_with(".yaml") || lower.ends_with(".yml")) {
        return None;
    }
    let found = KUBERNETES_SECRET.find(text)?;
    (text.contains("\ndata:") || text.contains("\nstringData:")).then(|| {
        let line = text[..found.start()].matches('\n').count() + 1;
        hit(path, line, "kubernetes_secret")
    })
}

fn hit(path: &str, line: usize, kind: &'static str) -> SecretHit {
    SecretHit {
        path: path.to_string(),
        line,
        kind,
        commit: None,
        fingerprint: 0,
    }
}

/// Each hit's fingerprint: the hash of its line's text, trimmed.
fn fingerprinted(mut hits: Vec<SecretHit>, text: &str) -> Vec<SecretHit> {
    let lines: Vec<&str> = text.lines().collect();
    for hit in &mut hits {
        let line = lines.get(hit.line.wrapping_sub(1)).copied().unwrap_or("");
        hit.fingerprint = crate::hash::fnv1a(line.trim().as_bytes());
    }
    hits
}

/// A file whose name says it holds credentials: a `.env`, a private key
/// (`id_rsa`, `*.pem`, `*.key`, `*.p12`), a cloud credentials file. Only
/// these are looked up in history.
pub fn is_secrets_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    is_dotenv(&lower)
        || matches!(
            lower.as_str(),
            "id_rsa"
                | "id_ed25519"
                | "id_ecdsa"
                | "id_dsa"
                | "credentials.json"
                | "service-account.json"
                | ".netrc"
                | ".pypirc"
        )
        || [".pem", ".key", ".p12", ".pfx"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

/// `.env`, `.env.local`, `prod.env`; but not the templates meant to be shared.
fn is_dotenv(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let is_env = name == ".env" || name.starts_with(".env.") || name.ends_with(".env");
    let is_template = ["example", "sample", "template", "dist", "defaults", "tmpl"]
        .iter()
        .any(|word| name.contains(word));
    is_env && !is_template
}

/// Values shorter than this are defaults or placeholders, not credentials.
const MIN_CREDENTIAL_CHARS: usize = 8;

/// A value that stands for a credential without being one: a template
/// (`changethis`, `your-api-key-here`, `<token>`, `${VAR}`, `xxxx`), an
/// example, or a value shorter than any real key.
fn is_placeholder(value: &str) -> bool {
    let value = value
        .split(" #")
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches(|c| c == '"' || c == '\'');
    let lower = value.to_ascii_lowercase();
    let squeezed: String = lower
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    value.chars().count() < MIN_CREDENTIAL_CHARS
        || value.starts_with('<')
        || value.starts_with("${")
        || value.starts_with("{{")
        || value
            .chars()
            .all(|c| c == 'x' || c == 'X' || c == '*' || c == '.')
        || lower.contains("xxx")
        || squeezed.starts_with("change")
        || (squeezed.starts_with("your")
            && (squeezed.contains("key")
                || squeezed.contains("here")
                || squeezed.contains("secret")
                || squeezed.contains("token")
                || squeezed.contains("password")))
        || [
            "example",
            "placeholder",
            "dummy",
            "replaceme",
            "insert",
            "notsecret",
            "notasecret",
            "fake",
        ]
        .iter()
        .any(|word| squeezed.contains(word))
        || matches!(
            squeezed.as_str(),
            "password" | "secret" | "secretkey" | "todo" | "none" | "null"
        )
}

#[cfg(test)]
mod tests;
