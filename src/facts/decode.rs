//! Turning the bytes of an untrusted file into text.

/// How a file's bytes were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    Text(String),
    /// Text, but some bytes were not valid UTF-8 and were replaced.
    Lossy(String),
    Binary,
}

/// How many leading bytes are inspected for a NUL to call a file binary.
const BINARY_SNIFF_BYTES: usize = 8000;

/// Decodes UTF-8 (with or without a BOM) and UTF-16 with a BOM; a NUL byte in
/// the first few kilobytes of anything else marks it binary.
pub fn decode(mut bytes: Vec<u8>) -> Decoded {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
        return utf8(bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
    if sniff.contains(&0) {
        return Decoded::Binary;
    }
    utf8(bytes)
}

fn utf8(bytes: Vec<u8>) -> Decoded {
    match String::from_utf8(bytes) {
        Ok(text) => Decoded::Text(text),
        Err(err) => Decoded::Lossy(String::from_utf8_lossy(err.as_bytes()).into_owned()),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Decoded {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| unit([pair[0], pair[1]]))
        .collect();
    match String::from_utf16(&units) {
        Ok(text) if bytes.len().is_multiple_of(2) => Decoded::Text(text),
        _ => Decoded::Lossy(String::from_utf16_lossy(&units)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_with_and_without_bom() {
        assert_eq!(
            decode(b"flask==3.0\n".to_vec()),
            Decoded::Text("flask==3.0\n".into())
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFflask\n".to_vec()),
            Decoded::Text("flask\n".into())
        );
    }

    #[test]
    fn reads_utf16_both_byte_orders() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("numpy\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("numpy\n".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(le), Decoded::Text("numpy\n".into()));
        assert_eq!(decode(be), Decoded::Text("numpy\n".into()));
    }

    #[test]
    fn latin1_is_lossy_and_nul_is_binary() {
        assert!(matches!(decode(b"caf\xE9".to_vec()), Decoded::Lossy(_)));
        assert_eq!(decode(b"\x7fELF\x00\x01".to_vec()), Decoded::Binary);
    }
}
