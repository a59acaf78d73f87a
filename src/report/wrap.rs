//! Word wrapping for the terminal, measured in display columns.

use unicode_width::UnicodeWidthStr;

/// The text report's width: `COLUMNS` when it is a sensible number, else 80.
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| (20..=1000).contains(c))
        .unwrap_or(80)
}

/// `text` as lines of at most `width` columns, each after `indent`. A word
/// wider than the line gets a line of its own.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let room = width.saturating_sub(indent.width()).max(10);
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.width() + 1 + word.width() > room {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fit_in_display_columns() {
        let text = "一二三四五 六七八九十 alpha beta gamma delta ███ epsilon";
        let wrapped = wrap(text, 20, "  ");
        for line in wrapped.lines() {
            assert!(line.width() <= 20, "{line:?} is {} wide", line.width());
        }
        assert_eq!(
            wrapped.split_whitespace().count(),
            text.split_whitespace().count()
        );
        // CJK counts two columns a character: two five-character words do
        // not share an 18-column line.
        assert!(
            wrapped
                .lines()
                .next()
                .is_some_and(|l| l.trim() == "一二三四五")
        );
    }
}
