//! Cache keys: a 128-bit digest over a canonical, length-prefixed encoding.
//!
//! BuildKit's keys are SHA-256 digests of protobuf ops; Layerlab only needs
//! keys that are equal exactly when the simulated inputs are equal, and
//! cheap enough to recompute on every keystroke. The digest is built from
//! two independently seeded 64-bit multiply-fold hashes (the `mum` mixing of
//! wyhash); it is not cryptographic and never has to be. Everything that is
//! hashed goes through [`Encoder`], which prefixes every field with its
//! length, so no two different inputs share an encoding.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Bumped whenever the encoding of any key changes, so keys stored by an
/// older version can never match by accident.
pub const KEY_VERSION: u32 = 1;

const P0: u64 = 0xa076_1d64_78bd_642f;
const P1: u64 = 0xe703_7ed1_a0b4_28db;
const P2: u64 = 0x8ebc_6af0_9c88_c6e3;
const P3: u64 = 0x5899_65cc_7537_4cc3;
const SEED_LOW: u64 = 0x2d35_8dcc_aa6c_78a5;
const SEED_HIGH: u64 = 0x1d8e_4e27_c47d_124f;

fn mum(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

fn read_u64(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word[..bytes.len().min(8)].copy_from_slice(&bytes[..bytes.len().min(8)]);
    u64::from_le_bytes(word)
}

fn hash64(data: &[u8], seed: u64) -> u64 {
    let mut state = seed ^ P0;
    let mut chunks = data.chunks_exact(16);
    for chunk in &mut chunks {
        state = mum(read_u64(&chunk[..8]) ^ P1, read_u64(&chunk[8..]) ^ state);
    }
    let rest = chunks.remainder();
    let (a, b) = if rest.len() > 8 {
        (read_u64(&rest[..8]), read_u64(&rest[8..]))
    } else {
        (read_u64(rest), 0)
    };
    state = mum(a ^ P2, b ^ state ^ (data.len() as u64));
    mum(state ^ P3, (data.len() as u64) ^ P1 ^ seed)
}

/// A cache key (or any digest the simulator compares).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(pub u128);

impl Key {
    /// The digest of raw bytes.
    pub fn of_bytes(data: &[u8]) -> Key {
        let low = hash64(data, SEED_LOW);
        let high = hash64(data, SEED_HIGH);
        Key((u128::from(high) << 64) | u128::from(low))
    }

    /// 32 lower-case hex digits.
    pub fn hex(self) -> String {
        format!("{:032x}", self.0)
    }

    /// The first 12 hex digits, for explanations.
    pub fn short(self) -> String {
        self.hex()[..12].to_string()
    }

    pub fn parse(text: &str) -> Option<Key> {
        if text.len() != 32 {
            return None;
        }
        u128::from_str_radix(text, 16).ok().map(Key)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

impl Serialize for Key {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.hex())
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Key::parse(&text).ok_or_else(|| serde::de::Error::custom("a key is 32 hex digits"))
    }
}

/// Builds the canonical encoding of a key's inputs.
#[derive(Clone, Debug, Default)]
pub struct Encoder {
    bytes: Vec<u8>,
}

impl Encoder {
    /// Start an encoding in a domain (`"exec"`, `"file"`, …).
    pub fn new(domain: &str) -> Encoder {
        let mut encoder = Encoder {
            bytes: Vec::with_capacity(256),
        };
        encoder.u64(u64::from(KEY_VERSION));
        encoder.str(domain);
        encoder
    }

    pub fn str(&mut self, value: &str) -> &mut Self {
        self.u64(value.len() as u64);
        self.bytes.extend_from_slice(value.as_bytes());
        self
    }

    pub fn u64(&mut self, value: u64) -> &mut Self {
        self.bytes.extend_from_slice(&value.to_le_bytes());
        self
    }

    pub fn key(&mut self, key: Key) -> &mut Self {
        self.bytes.extend_from_slice(&key.0.to_le_bytes());
        self
    }

    pub fn opt_key(&mut self, key: Option<Key>) -> &mut Self {
        match key {
            Some(key) => self.u64(1).key(key),
            None => self.u64(0),
        }
    }

    pub fn finish(&self) -> Key {
        Key::of_bytes(&self.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_inputs_equal_keys_and_fields_do_not_run_together() {
        let a = Encoder::new("x").str("ab").str("c").finish();
        let b = Encoder::new("x").str("ab").str("c").finish();
        let c = Encoder::new("x").str("a").str("bc").finish();
        let d = Encoder::new("y").str("ab").str("c").finish();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }

    #[test]
    fn every_byte_and_the_length_count() {
        let base = Key::of_bytes(b"0123456789abcdefXYZ");
        for i in 0..19 {
            let mut changed = b"0123456789abcdefXYZ".to_vec();
            changed[i] ^= 1;
            assert_ne!(Key::of_bytes(&changed), base, "byte {i}");
        }
        assert_ne!(Key::of_bytes(b"abc"), Key::of_bytes(b"abc\0"));
        assert_ne!(Key::of_bytes(b""), Key::of_bytes(b"\0"));
    }

    #[test]
    fn hex_round_trip() {
        let key = Key::of_bytes(b"layerlab");
        assert_eq!(key.hex().len(), 32);
        assert_eq!(Key::parse(&key.hex()), Some(key));
        assert_eq!(Key::parse("zz"), None);
        let json = serde_json::to_string(&key).unwrap();
        assert_eq!(serde_json::from_str::<Key>(&json).unwrap(), key);
    }
}
