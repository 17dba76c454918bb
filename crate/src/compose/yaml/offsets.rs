//! saphyr reports positions as *character* indices; everything in Layerlab
//! works in *byte* offsets. This converts one to the other.
//!
//! For ASCII text the two are equal. Otherwise a checkpoint table records the
//! byte offset of every `STRIDE`-th character, so a lookup walks at most
//! `STRIDE - 1` characters and the table costs `4 / STRIDE` bytes per character.

const STRIDE: usize = 64;

/// Converts character indices into byte offsets of one text.
#[derive(Debug)]
pub struct CharOffsets<'a> {
    text: &'a str,
    /// Byte offset of character `i * STRIDE`; empty for ASCII text.
    checkpoints: Vec<u32>,
    ascii: bool,
}

impl<'a> CharOffsets<'a> {
    pub fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let mut checkpoints = Vec::new();
        if !ascii {
            for (count, (byte, _)) in text.char_indices().enumerate() {
                if count % STRIDE == 0 {
                    checkpoints.push(byte as u32);
                }
            }
        }
        CharOffsets {
            text,
            checkpoints,
            ascii,
        }
    }

    /// Byte offset of the character with index `char_index`; indices past the
    /// end map to the text length.
    pub fn byte_of(&self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        let slot = char_index / STRIDE;
        let Some(&start) = self.checkpoints.get(slot) else {
            return self.text.len();
        };
        let skip = char_index % STRIDE;
        let rest = &self.text[start as usize..];
        match rest.char_indices().nth(skip) {
            Some((offset, _)) => start as usize + offset,
            None => self.text.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_identity() {
        let offsets = CharOffsets::new("abc");
        assert_eq!(offsets.byte_of(2), 2);
        assert_eq!(offsets.byte_of(10), 3);
    }

    #[test]
    fn multibyte_characters_are_counted_once() {
        let text = "é: 😀 x";
        let offsets = CharOffsets::new(text);
        assert_eq!(offsets.byte_of(1), 2); // ':'
        assert_eq!(offsets.byte_of(3), 4); // emoji
        assert_eq!(offsets.byte_of(5), text.find('x').unwrap());
        assert_eq!(offsets.byte_of(6), text.len());
    }

    #[test]
    fn long_text_uses_checkpoints() {
        let text: String = "ü".repeat(1000) + "end";
        let offsets = CharOffsets::new(&text);
        assert_eq!(offsets.byte_of(1000), 2000);
        assert_eq!(offsets.byte_of(129), 258);
        assert_eq!(offsets.byte_of(1003), text.len());
    }
}
