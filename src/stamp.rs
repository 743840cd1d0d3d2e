//! Up-to-date stamps: what a render of one model was made from and what it
//! wrote, so that a second run over an unchanged corpus can skip it.
//!
//! A stamp is a small text file (`.regflow-cache/X.stamp` in the output
//! folder, written by the command line). It holds a key over everything the
//! outputs depend on (the model's text, the text of the models it refers to,
//! the options, and the regflow binary that rendered it) and, for each file
//! written, its length and modification time, so that an output deleted or
//! edited since is rendered again. Plain data here; the command line reads
//! and writes the files.

/// What one render wrote, as the stamp records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// [`key`] of the inputs, as 32 hex digits.
    pub key: String,
    /// (file name, length in bytes, modification time in ns since the epoch).
    pub files: Vec<(String, u64, i128)>,
}

const HEADER: &str = "regflow-stamp 1";

/// FNV-1a over 128 bits of every part, each followed by its length so that
/// moving bytes from one part to the next changes the key. Not a defence
/// against someone forging a stamp: only against rendering twice.
pub fn key<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013b;
    let mut h = OFFSET;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u128::from(b);
            h = h.wrapping_mul(PRIME);
        }
    };
    for part in parts {
        eat(part);
        eat(&(part.len() as u64).to_le_bytes());
    }
    format!("{h:032x}")
}

impl Stamp {
    pub fn to_text(&self) -> String {
        let mut s = format!("{HEADER}\nkey {}\n", self.key);
        for (name, len, mtime) in &self.files {
            s.push_str(&format!("file {len} {mtime} {name}\n"));
        }
        s
    }

    /// Reads a stamp back; `None` for anything that is not one this version
    /// wrote (the model is then simply rendered again).
    pub fn parse(text: &str) -> Option<Stamp> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let key = lines.next()?.strip_prefix("key ")?.to_string();
        let mut files = Vec::new();
        for line in lines {
            let mut f = line.strip_prefix("file ")?.splitn(3, ' ');
            let len = f.next()?.parse().ok()?;
            let mtime = f.next()?.parse().ok()?;
            files.push((f.next()?.to_string(), len, mtime));
        }
        Some(Stamp { key, files })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_reads_back_as_written() {
        let s = Stamp {
            key: key([&b"model"[..], b"options"]),
            files: vec![
                ("a b.svg".into(), 12, 1_700_000_000_123_456_789),
                ("a.png".into(), 0, -5),
            ],
        };
        assert_eq!(Stamp::parse(&s.to_text()), Some(s));
        assert_eq!(Stamp::parse("something else\n"), None);
    }

    #[test]
    fn the_key_changes_with_any_part_and_with_where_parts_split() {
        let k = key([&b"ab"[..], b"c"]);
        assert_eq!(k, key([&b"ab"[..], b"c"]));
        assert_ne!(k, key([&b"a"[..], b"bc"]));
        assert_ne!(k, key([&b"ab"[..], b"d"]));
        assert_eq!(k.len(), 32);
    }
}
