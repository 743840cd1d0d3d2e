//! Writing results: names that cannot leave the output folder, and files
//! that appear whole or not at all.

use std::io::Write;
use std::path::{Path, PathBuf};

/// A file name made from a model's name: ASCII letters, digits, `-`, `_`
/// and `.` kept, anything else as `_`; never empty, never `..`.
pub fn safe_stem(stem: &str) -> String {
    let s: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() {
        "model".to_string()
    } else {
        s
    }
}

/// Writes `bytes` to `dir/name` through a temporary file and a rename, so
/// a reader never sees a half-written file.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    write_file_atomic(&dir.join(safe_stem(name)), bytes)
}

/// Writes `bytes` to exactly `path` (a name the user chose, not one made
/// from a model), through a temporary file beside it and a rename.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let path = path.to_path_buf();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"))?;
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, &path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_climb_out_of_the_folder() {
        assert_eq!(safe_stem("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_stem(".."), "model");
        assert_eq!(safe_stem("s000-r1.svg"), "s000-r1.svg");
        assert_eq!(safe_stem("Процесс"), "_______");
    }
}
