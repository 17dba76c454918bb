//! Cache keys: a 128-bit digest over a canonical, length-prefixed encoding.
//!
//! BuildKit's keys are SHA-256 digests of protobuf ops; Layerlab only needs
//! keys that are equal exactly when the simulated inputs are equal, and
//! cheap enough to recompute on every keystroke. The digest streams the
//! encoding through two differently seeded 64-bit lanes of multiply-fold
//! mixing (wyhash's `mum`), without allocating; it is not cryptographic and
//! never has to be. Everything hashed goes through [`Encoder`], which
//! prefixes every field with its length, so no two different inputs share
//! an encoding.

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
    let n = bytes.len().min(8);
    word[..n].copy_from_slice(&bytes[..n]);
    u64::from_le_bytes(word)
}

/// The streaming state of the two 64-bit lanes. No allocation: keys are
/// computed on every keystroke.
#[derive(Clone, Debug)]
struct State {
    low: u64,
    high: u64,
    buffer: [u8; 16],
    buffered: usize,
    length: u64,
}

impl State {
    fn new() -> State {
        State {
            low: SEED_LOW ^ P0,
            high: SEED_HIGH ^ P0,
            buffer: [0; 16],
            buffered: 0,
            length: 0,
        }
    }

    fn block(&mut self, block: &[u8]) {
        let (a, b) = (read_u64(&block[..8]) ^ P1, read_u64(&block[8..16]));
        self.low = mum(a, b ^ self.low);
        self.high = mum(a, b.rotate_left(29) ^ self.high);
    }

    fn update(&mut self, mut data: &[u8]) {
        self.length = self.length.wrapping_add(data.len() as u64);
        if self.buffered > 0 {
            let take = (16 - self.buffered).min(data.len());
            self.buffer[self.buffered..self.buffered + take].copy_from_slice(&data[..take]);
            self.buffered += take;
            data = &data[take..];
            if self.buffered < 16 {
                return;
            }
            let block = self.buffer;
            self.block(&block);
            self.buffered = 0;
        }
        let mut chunks = data.chunks_exact(16);
        for chunk in &mut chunks {
            self.block(chunk);
        }
        let rest = chunks.remainder();
        self.buffer[..rest.len()].copy_from_slice(rest);
        self.buffered = rest.len();
    }

    fn finish(&self) -> Key {
        let rest = &self.buffer[..self.buffered];
        let (a, b) = if rest.len() > 8 {
            (read_u64(&rest[..8]), read_u64(&rest[8..]))
        } else {
            (read_u64(rest), 0)
        };
        let low = mum(a ^ P2, b ^ self.low ^ self.length);
        let high = mum(a ^ P2, b.rotate_left(29) ^ self.high ^ self.length);
        let low = mum(low ^ P3, self.length ^ P1 ^ SEED_LOW);
        let high = mum(high ^ P3, self.length ^ P1 ^ SEED_HIGH);
        Key((u128::from(high) << 64) | u128::from(low))
    }
}

/// A cache key (or any digest the simulator compares).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(pub u128);

impl Key {
    /// The digest of raw bytes.
    pub fn of_bytes(data: &[u8]) -> Key {
        let mut state = State::new();
        state.update(data);
        state.finish()
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

/// Hashes the canonical encoding of a key's inputs as it is written.
#[derive(Clone, Debug)]
pub struct Encoder {
    state: State,
}

impl Encoder {
    /// Start an encoding in a domain (`"exec"`, `"file"`, …).
    pub fn new(domain: &str) -> Encoder {
        let mut encoder = Encoder {
            state: State::new(),
        };
        encoder.u64(u64::from(KEY_VERSION));
        encoder.str(domain);
        encoder
    }

    pub fn str(&mut self, value: &str) -> &mut Self {
        self.u64(value.len() as u64);
        self.state.update(value.as_bytes());
        self
    }

    pub fn u64(&mut self, value: u64) -> &mut Self {
        self.state.update(&value.to_le_bytes());
        self
    }

    pub fn key(&mut self, key: Key) -> &mut Self {
        self.state.update(&key.0.to_le_bytes());
        self
    }

    pub fn opt_key(&mut self, key: Option<Key>) -> &mut Self {
        match key {
            Some(key) => self.u64(1).key(key),
            None => self.u64(0),
        }
    }

    pub fn finish(&self) -> Key {
        self.state.finish()
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
    fn streaming_equals_one_shot() {
        let data: Vec<u8> = (0..200u32).map(|i| (i * 31 % 251) as u8).collect();
        let whole = Key::of_bytes(&data);
        for split in [0, 1, 7, 15, 16, 17, 31, 32, 33, 199, 200] {
            let mut state = State::new();
            state.update(&data[..split]);
            state.update(&data[split..]);
            assert_eq!(state.finish(), whole, "split at {split}");
        }
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
