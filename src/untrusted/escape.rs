//! Escaping repository-supplied text for each output format. Every string
//! that comes from the audited repository (paths, README text, messages that
//! quote it) goes through one of these before it reaches a terminal, a log
//! or a renderer's output.

/// Characters that change how a terminal, log viewer or browser shows the
/// text around them: control characters and bidirectional overrides.
pub fn is_disruptive(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Text for HTML and XML content and attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_disruptive(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

/// Text for GitHub-flavoured Markdown: HTML is neutralised and Markdown
/// punctuation is backslash-escaped, so repository text can neither open a
/// tag, a link, an emphasis, a table cell nor a new line.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '!' | '|'
            | '~' | '"' => {
                out.push('\\');
                out.push(c);
            }
            c if is_disruptive(c) => {
                out.push_str(&c.escape_unicode().to_string().replace(['{', '}'], ""))
            }
            c => out.push(c),
        }
    }
    out
}

/// Report text for Markdown where `` `…` `` marks code: code spans stay code
/// spans, everything else is [`markdown`]-escaped. A code span's content
/// cannot hold a backtick (the split is on them), a new line or a bare table
/// pipe, so it cannot end early or break a table row.
pub fn markdown_with_code(text: &str) -> String {
    with_code(text, markdown, |code| {
        let code: String = code
            .chars()
            .map(|c| if is_disruptive(c) { ' ' } else { c })
            .collect();
        format!("`{}`", code.replace('|', "\\|"))
    })
}

/// Report text for HTML where `` `…` `` marks code, as `<code>`.
pub fn html_with_code(text: &str) -> String {
    with_code(text, html, |code| format!("<code>{}</code>", html(code)))
}

/// Splits `text` on backtick pairs: `plain` renders what is outside them,
/// `code` what is inside. An unpaired backtick is plain text.
fn with_code(text: &str, plain: fn(&str) -> String, code: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(close) = rest[open + 1..].find('`').map(|c| open + 1 + c) else {
            break;
        };
        out.push_str(&plain(&rest[..open]));
        let inside = &rest[open + 1..close];
        if inside.is_empty() {
            out.push_str(&plain("``"));
        } else {
            out.push_str(&code(inside));
        }
        rest = &rest[close + 1..];
    }
    out.push_str(&plain(rest));
    out
}

/// The message of a GitHub workflow command (after `::`), as
/// `@actions/core` escapes it.
///
/// Other control characters (ESC…) and bidirectional overrides are shown
/// as `\u{…}` so they cannot colour or reorder the log.
pub fn workflow_data(text: &str) -> String {
    let visible: String = text
        .chars()
        .map(|c| match c {
            '\r' | '\n' => c.to_string(),
            c if is_disruptive(c) => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect();
    visible
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value of a GitHub workflow command (`file=…,title=…`).
pub fn workflow_property(text: &str) -> String {
    workflow_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A relative path for a URL (SARIF `uri`, Markdown links): every byte
/// outside the unreserved set and `/` percent-encoded.
pub fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Makes repository-supplied text safe to print: control characters
/// (including ESC) and bidirectional overrides are shown escaped.
pub fn terminal(text: &str) -> String {
    if !text.chars().any(is_disruptive) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if is_disruptive(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_stays_text() {
        let hostile = "<script>alert(1)</script> [x](javascript:1) | a*b*";
        let md = markdown(hostile);
        assert!(
            !md.contains("<script>") && !md.contains("](") && !md.contains(" | "),
            "{md}"
        );
        assert_eq!(html("<a href=\"x\">&"), "&lt;a href=&quot;x&quot;&gt;&amp;");
    }

    #[test]
    fn code_spans_stay_code_and_cannot_escape() {
        assert_eq!(
            markdown_with_code("run `pytest -q` in *tests*"),
            "run `pytest -q` in \\*tests\\*"
        );
        assert_eq!(
            html_with_code("`<b>` & `a`"),
            "<code>&lt;b&gt;</code> &amp; <code>a</code>"
        );
        // A pipe inside code cannot split a table cell; an odd backtick is text.
        assert_eq!(markdown_with_code("`a|b` c`d"), "`a\\|b` c\\`d");
        // A new line inside code cannot end the paragraph.
        assert_eq!(markdown_with_code("`a\n\nb`"), "`a  b`");
    }

    #[test]
    fn workflow_commands_escape_like_the_toolkit() {
        assert_eq!(workflow_data("50%\r\n::error::x"), "50%25%0D%0A::error::x");
        assert_eq!(workflow_data("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(workflow_property("a:b,c\n%"), "a%3Ab%2Cc%0A%25");
    }

    #[test]
    fn escape_sequences_and_bidi_overrides_are_neutralised() {
        let hostile = "ok\u{1b}[31mred\u{202E}txt.py\nnext";
        let shown = terminal(hostile);
        assert!(
            !shown.chars().any(|c| c.is_control() || c == '\u{202E}'),
            "{shown}"
        );
        assert!(shown.contains("\\u{1b}"));
        assert_eq!(terminal("plain"), "plain");
    }
}
