//! Tests of credential detection: what is a credential, and what only
//! looks like one.

use super::*;

#[test]
fn finds_tokens_with_their_lines() {
    let text = "a = 1\nkey = 'AKIAABCDEFGHIJKLMNOP'\n\ntoken = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'\n";
    let hits = scan("app.py", text);
    assert_eq!(
        hits.iter().map(|h| (h.line, h.kind)).collect::<Vec<_>>(),
        vec![(2, "aws_access_key_id"), (4, "github_token")]
    );
}

#[test]
fn kubernetes_secrets_with_data() {
    // Calibration: a Kubernetes Secret with base64 data is what a
    // reviewer flags first.
    let manifest =
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: YWRtaW4=\n";
    assert_eq!(
        scan("kubernetes/secrets.yaml", manifest)[0].kind,
        "kubernetes_secret"
    );
    assert!(scan("k8s/deploy.yaml", "kind: Deployment\ndata:\n").is_empty());
}

#[test]
fn private_key_block_and_documented_example_key() {
    assert_eq!(
        scan("id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc")[0].kind,
        "private_key"
    );
    assert!(scan("docs.md", "AKIAIOSFODNN7EXAMPLE").is_empty());
}

#[test]
fn dotenv_values_but_not_templates_or_placeholders() {
    assert_eq!(
        scan(".env", "# comment\nAPI_KEY=abc123def456\nEMPTY_SECRET=\n").len(),
        1
    );
    // Shorter than any real key, or a template's stand-in.
    for placeholder in [
        "SECRET_KEY=abc123",
        "SECRET_KEY=changethis",
        "SECRET_KEY=change_this_secret",
        "API_KEY=your-api-key-here",
        "API_KEY=your_openai_key",
        "TOKEN=xxxxxxxxxxxxxxxx",
        "TOKEN=sk-xxxxxxxxxxxxxxxxxxxxxxxx",
        "SECRET_KEY=<generate-one>",
        "DB_PASSWORD=${POSTGRES_PASSWORD}",
        "SECRET_KEY=example-secret-key-123",
    ] {
        assert!(scan(".env", placeholder).is_empty(), "{placeholder}");
    }
    // Settings that are not credentials.
    assert!(scan(".env", "FLASK_APP=todolist.py\nDEBUG=1\nPORT=8000\n").is_empty());
    assert!(scan(".env", "DATABASE_URL=sqlite:///app.db\n").is_empty());
    assert_eq!(
        scan(".env", "DATABASE_URL=postgres://app:hunter2@db/app\n").len(),
        1
    );
    assert!(scan(".env.example", "API_KEY=abc123\n").is_empty());
    assert!(scan(".env", "API_KEY=<your key>\nTOKEN=\"\"\n").is_empty());
}

#[test]
fn keys_assigned_literals_in_code_and_settings() {
    let settings = "SECRET_KEY = 'django-insecure-8f#k2l$x9q!w7e3r5t1y6u0i4o'\nSCRAPEOPS_API_KEY = \"4f2a9c81-7d3e-4b6a-9e15-0c8d2f7a3b64\"\n";
    let hits = hardcoded_keys("project/settings.py", settings);
    assert_eq!(hits.iter().map(|h| h.line).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(hits[0].kind, "hardcoded_key");
    let config = "auth:\n  api_key: \"a8F3kL9qZ2xW7mN4pR6tY1vB\"\n";
    assert_eq!(hardcoded_keys("config.yaml", config).len(), 1);
    let dict = "{\"access_token\": \"eyJhbGciOiJIUzI1NiJ9x7Q2\"}";
    assert_eq!(hardcoded_keys("creds.json", dict).len(), 1);
}

#[test]
fn keys_from_the_environment_or_placeholders_are_not_hardcoded() {
    for text in [
        "SECRET_KEY = os.environ[\"SECRET_KEY\"]\n",
        "API_KEY = os.getenv('API_KEY')\n",
        "SECRET_KEY = 'my-super-secret-key-here'\n",
        "API_KEY = '<your-api-key-goes-here>'\n",
        "API_KEY = 'xxxxxxxxxxxxxxxxxxxx'\n",
        "TOKEN_URL = 'https://example.com/oauth2/token123'\n",
        "api_key_env = 'OPENAI_API_KEY_2024_PROD'\n",
        "tokenizer_name = 'bert-base-uncased-v2-large'\n",
        "# SECRET_KEY = 'a8F3kL9qZ2xW7mN4pR6tY1vB'\n",
    ] {
        assert!(hardcoded_keys("app.py", text).is_empty(), "{text}");
    }
    assert!(hardcoded_keys("README.md", "API_KEY = 'a8F3kL9qZ2xW7mN4pR6tY1vB'").is_empty());
}

#[test]
fn words_that_merely_contain_sk_are_not_keys() {
    assert!(scan("a.py", "task-manager-for-teams-and-friends-and-more").is_empty());
}

#[test]
fn a_password_beside_a_remote_host_is_live_but_a_local_one_is_not() {
    let remote = "conn = connect(\n    host=\"db4.cm0trrj52t1s.us-east-1.rds.amazonaws.com\",\n    user=\"admin\",\n    passwd=\"s3cr3t-Pass\",\n)\n";
    let hits = scan("db.py", remote);
    assert_eq!(
        hits.iter().map(|h| (h.line, h.kind)).collect::<Vec<_>>(),
        vec![(4, "database_password")]
    );
    let local = "conn = connect(host=\"localhost\", user=\"root\", password=\"root1234\")\n";
    assert!(scan("db.py", local).is_empty());
    let service = "conn = connect(host=\"db\", password=\"postgres\")\n";
    assert!(scan("db.py", service).is_empty());
    let from_env =
        "conn = connect(host=\"db.internal.io\", password=os.environ[\"DB_PASSWORD\"])\n";
    assert!(scan("db.py", from_env).is_empty());
}

#[test]
fn scikit_learns_html_is_not_a_key_but_a_real_sk_key_is() {
    // A notebook's estimator view: CSS classes, not an OpenAI key.
    let html = r#"<style>#sk-container-id-1 .sk-estimator-doc-link-fitted { color: red }</style><div class="sk-toggleable__content-fitted">"#;
    assert!(scan("analysis.ipynb", html).is_empty());
    let key = format!(
        "OPENAI_API_KEY = \"sk-proj-{}\"",
        "Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF"
    );
    assert_eq!(scan("app.py", &key)[0].kind, "api_secret_key");
}

#[test]
fn a_provider_key_in_an_example_file_is_live() {
    // A template is meant to be shared; a real key in it is shared too.
    let google = format!(
        "GOOGLE_API_KEY=AIza{}\n",
        "Sy9xQ2w3E4r5T6y7U8i9O0pA1s2D3f4G5hJ"
    );
    assert_eq!(scan(".env.example", &google)[0].kind, "google_api_key");
    let github = format!("token: ghp_{}\n", "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8");
    assert_eq!(scan("config.sample.yaml", &github)[0].kind, "github_token");
    // But its placeholders are not.
    assert!(scan(".env.example", "GOOGLE_API_KEY=your-google-key-here\n").is_empty());
}

#[test]
fn one_value_gives_one_fingerprint_wherever_its_line_is() {
    let first = scan(".env", "API_KEY=live-3f9a2c1b7d\n");
    let moved = scan(".env", "DEBUG=1\nAPI_KEY=live-3f9a2c1b7d\n");
    let changed = scan(".env", "API_KEY=live-0000000000\n");
    assert_eq!(first[0].fingerprint, moved[0].fingerprint);
    assert_ne!(first[0].fingerprint, changed[0].fingerprint);
}

#[test]
fn history_also_reads_keys_written_into_settings() {
    let settings = "SECRET_KEY = 'django-insecure-8f#k2l$x9q!w7e3r5t1y6u0i4o'\n";
    assert_eq!(
        scan_history("project/settings.py", settings)[0].kind,
        "hardcoded_key"
    );
    assert!(scan_history("tests/settings.py", settings).is_empty());
}

#[test]
fn a_password_constant_with_a_real_value_is_a_credential() {
    let text = "class Rest:\n    # PASSWORD = 'old one 123'\n    PASSWORD = '6gP7 hmbq UsET twiT ezIW C8rR'\n";
    let hits = scan("src/storage/rest_adapter.py", text);
    assert_eq!(
        hits.iter().map(|h| (h.line, h.kind)).collect::<Vec<_>>(),
        vec![(3, "hardcoded_password")]
    );
}
