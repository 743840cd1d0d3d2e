//! Writing results: names that cannot leave the output folder, and files
//! that appear whole or not at all.
//!
//! Every file is first written to a temporary of its own, named
//! `.NAME.PID-N.regflow-tmp` and created exclusively (`create_new`: an
//! existing name, a symbolic link included, is never opened or followed),
//! then renamed over `NAME`. Two runs writing into one folder at once thus
//! never share a temporary; each file ends whole, from one run or the other.
//! A run killed between the two steps leaves its temporaries; the next
//! render into that folder removes those whose process is gone
//! ([`clean_stale`]).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// How a temporary's name ends; [`clean_stale`] looks for nothing else.
const TMP_SUFFIX: &str = ".regflow-tmp";

/// The number of the next temporary this process creates.
static NEXT: AtomicU64 = AtomicU64::new(0);

/// A file name made from a model's name: letters of any script (Cyrillic
/// stays Cyrillic), digits, `-`, `_` and `.` kept, anything else (spaces,
/// separators, quotes, controls) as `_`; never empty, never `..`. Two names
/// can still meet (`a b`, `a;b`): the CLI refuses such a batch before it
/// writes anything.
pub fn safe_stem(stem: &str) -> String {
    let s: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
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
    let tmp = write_temporary(path, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    Ok(path.to_path_buf())
}

/// Writes every file of one model into `dir`: all temporaries first, then
/// the renames one after the other, so the files are replaced together
/// unless the disk fails between two renames (a file system offers no
/// rename of several names at once). On an error nothing of this call is
/// left behind but the files already renamed.
pub fn write_all_atomic(dir: &Path, files: &[(&str, &[u8])]) -> std::io::Result<Vec<PathBuf>> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let remove_staged = |staged: &[(PathBuf, PathBuf)]| {
        for (tmp, _) in staged {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for (name, bytes) in files {
        let path = dir.join(safe_stem(name));
        match write_temporary(&path, bytes) {
            Ok(tmp) => staged.push((tmp, path)),
            Err(e) => {
                remove_staged(&staged);
                return Err(e);
            }
        }
    }
    let mut done = Vec::new();
    for (i, (tmp, path)) in staged.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp, path) {
            remove_staged(&staged[i..]);
            return Err(e);
        }
        done.push(path.clone());
    }
    Ok(done)
}

/// Creates a temporary beside `path` that no other writer can share, and
/// fills it; returns its name.
fn write_temporary(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"))?;
    let pid = std::process::id();
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let tmp = path.with_file_name(format!(".{name}.{pid}-{n}{TMP_SUFFIX}"));
        // `create_new` is O_CREAT|O_EXCL: it fails on any existing name,
        // and a symbolic link planted there is not followed.
        let mut f = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        let written = f.write_all(bytes).and_then(|_| f.sync_all());
        if let Err(e) = written {
            drop(f);
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        return Ok(tmp);
    }
}

/// Removes the temporaries an interrupted run left in `dir`: those of a
/// process that no longer runs (where the system says which run, as Linux
/// does in `/proc`), or else those older than an hour. Returns how many
/// it removed; a folder it cannot read has none.
pub fn clean_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let proc_known = Path::new("/proc/self").exists();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = temporary_pid(&name) else {
            continue;
        };
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let stale = if proc_known {
            pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()
        } else {
            meta.modified()
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600)
        };
        if stale && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The process that wrote a temporary named `.NAME.PID-N.regflow-tmp`.
fn temporary_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(TMP_SUFFIX)?;
    let (_, tail) = rest.rsplit_once('.')?;
    let (pid, n) = tail.split_once('-')?;
    n.parse::<u64>().ok()?;
    pid.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_climb_out_of_the_folder() {
        assert_eq!(safe_stem("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_stem(".."), "model");
        assert_eq!(safe_stem("s000-r1.svg"), "s000-r1.svg");
        assert_eq!(safe_stem("Процесс 1"), "Процесс_1");
        assert_eq!(safe_stem("Қызмет"), "Қызмет");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_the_next_temporary_names_is_not_followed() {
        let dir = std::env::temp_dir().join(format!("regflow-output-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let victim = dir.join("victim");
        std::fs::write(&victim, "keep").unwrap();
        let next = NEXT.load(Ordering::Relaxed);
        let pid = std::process::id();
        for n in next..next + 50 {
            let link = dir.join(format!(".x.svg.{pid}-{n}{TMP_SUFFIX}"));
            std::os::unix::fs::symlink(&victim, link).unwrap();
        }
        write_file_atomic(&dir.join("x.svg"), b"<svg/>").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
        assert_eq!(std::fs::read(dir.join("x.svg")).unwrap(), b"<svg/>");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_temporary_name_gives_its_process() {
        assert_eq!(temporary_pid(".x.svg.4242-7.regflow-tmp"), Some(4242));
        assert_eq!(temporary_pid(".x.svg.tmp"), None);
        assert_eq!(temporary_pid("x.svg"), None);
    }
}
