//! FNV-1a, the one hash the tool uses for names and fingerprints: stable
//! across builds, platforms and runs (unlike `std`'s `DefaultHasher`), so
//! shards hashed on different machines, cache folders and SARIF
//! fingerprints agree. Not for anything an attacker must not collide.

/// An incremental FNV-1a hash.
#[derive(Debug, Clone, Copy)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    pub fn write(&mut self, bytes: &[u8]) -> &mut Self {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    /// Writes `text` and a NUL after it, so that ("ab", "c") and ("a", "bc")
    /// hash differently.
    pub fn field(&mut self, text: &str) -> &mut Self {
        self.write(text.as_bytes()).write(&[0])
    }

    pub fn finish(&self) -> u64 {
        self.0
    }
}

/// The FNV-1a hash of `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    Fnv1a::default().write(bytes).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_published_test_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
        let mut split = Fnv1a::default();
        split.write(b"foo").write(b"bar");
        assert_eq!(split.finish(), fnv1a(b"foobar"));
    }
}
