//! A cheap pre-scan bounding how deeply the parser (and the AST walk and
//! drop after it) would recurse on a file. Deep nesting overflows the stack,
//! which aborts the whole process: no `catch_unwind` can stop that, so
//! hostile files (`x = a+a+…` with 40,000 operands, a million `(`) are
//! refused before the parser sees them.
//!
//! The estimate is an upper bound, not a parse: brackets open a level;
//! within a level, every operator, attribute dot, call or subscript and
//! nesting keyword (`not`, `lambda`, `if`…) adds one until a comma, `;` or
//! the end of a statement; indentation adds its width. Strings and
//! comments are skipped.

/// Files whose estimate exceeds this are not parsed. CPython itself refuses
/// 200 nested brackets; real code stays far below this in every form.
pub const MAX_DEPTH: usize = 1_000;

const KEYWORDS: [&[u8]; 9] = [
    b"not", b"and", b"or", b"if", b"else", b"lambda", b"await", b"in", b"is",
];

/// The estimated recursion depth of `source`, stopping early once it
/// passes `MAX_DEPTH`.
pub fn estimate(source: &str) -> usize {
    let bytes = source.as_bytes();
    // Counters per open bracket level, innermost last; the first is the statement.
    let mut levels: Vec<usize> = vec![0];
    let mut sum = 0usize;
    let mut deepest = 0usize;
    let mut line_start = true;
    let mut indent = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if line_start {
            if byte == b' ' || byte == b'\t' {
                indent += 1;
                i += 1;
                continue;
            }
            line_start = false;
        }
        match byte {
            b'\n' => {
                line_start = true;
                indent = 0;
                if levels.len() == 1 {
                    sum -= levels[0];
                    levels[0] = 0;
                }
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                i = skip_string(bytes, i);
                continue;
            }
            b'(' | b'[' | b'{' => {
                bump(&mut levels, &mut sum);
                levels.push(0);
            }
            b')' | b']' | b'}' if levels.len() > 1 => {
                sum -= levels.pop().unwrap_or(0);
            }
            b',' | b';' => {
                if let Some(last) = levels.last_mut() {
                    sum -= *last;
                    *last = 0;
                }
            }
            b'+' | b'-' | b'*' | b'/' | b'%' | b'@' | b'&' | b'|' | b'^' | b'~' | b'<' | b'>'
            | b'=' | b'!' => bump(&mut levels, &mut sum),
            b'.' if bytes
                .get(i + 1)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_') =>
            {
                bump(&mut levels, &mut sum);
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let word = &bytes[start..i];
                if KEYWORDS.contains(&word) {
                    bump(&mut levels, &mut sum);
                }
                deepest = deepest.max(sum + levels.len() + indent);
                if deepest > MAX_DEPTH {
                    return deepest;
                }
                continue;
            }
            _ => {}
        }
        deepest = deepest.max(sum + levels.len() + indent);
        if deepest > MAX_DEPTH {
            return deepest;
        }
        i += 1;
    }
    deepest
}

fn bump(levels: &mut [usize], sum: &mut usize) {
    if let Some(last) = levels.last_mut() {
        *last += 1;
        *sum += 1;
    }
}

/// The index just past the string starting at `start` (a quote), triple
/// quotes and backslash escapes included; an unclosed string runs to the
/// end of its line (or of the file, when triple-quoted).
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let triple = bytes.get(start + 1) == Some(&quote) && bytes.get(start + 2) == Some(&quote);
    let mut i = start + if triple { 3 } else { 1 };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' if !triple => return i,
            b if b == quote => {
                if !triple {
                    return i + 1;
                }
                if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                    return i + 3;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_code_is_shallow() {
        let source = r#"
import os

DATA = [1, -2, 3, -4, 5, -6, 7, -8, 9, -10] * 3

class Tides:
    def window(self, margin: int = 2) -> list[int]:
        """Heights (m) within `margin` hours of high water, e.g. "a + b"."""
        # a comment with ((((( brackets
        return [h for h in self.heights if h > margin and not h.is_nan()]

def main():
    print(os.path.join("a", "b").upper().strip())
"#;
        let depth = estimate(source);
        assert!(depth < 40, "{depth}");
    }

    #[test]
    fn hostile_chains_and_brackets_are_deep() {
        let operands = format!("x = {}\n", vec!["a"; 40_000].join("+"));
        assert!(estimate(&operands) > MAX_DEPTH);
        assert!(estimate(&"(".repeat(1_000_000)) > MAX_DEPTH);
        assert!(estimate(&format!("x = {}1\n", "not ".repeat(5_000))) > MAX_DEPTH);
        assert!(estimate(&format!("x = {}1\n", "-".repeat(5_000))) > MAX_DEPTH);
        assert!(estimate(&format!("x = a{}\n", ".b".repeat(5_000))) > MAX_DEPTH);
        assert!(estimate(&format!("x = f{}\n", "()".repeat(5_000))) > MAX_DEPTH);
        assert!(estimate(&format!("x = {}1\n", "lambda: ".repeat(5_000))) > MAX_DEPTH);
        assert!(estimate(&format!("x = {}1\n", "{1: ".repeat(5_000))) > MAX_DEPTH);
    }

    #[test]
    fn long_flat_literals_are_shallow() {
        let list = format!("x = [{}]\n", vec!["-1"; 100_000].join(", "));
        assert!(estimate(&list) < 10);
        let strings = format!("x = '{}'\n", "(".repeat(100_000));
        assert!(estimate(&strings) < 10);
    }
}
