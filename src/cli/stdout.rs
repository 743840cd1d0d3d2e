//! Standard output that a reader may close early (`regflow metrics models |
//! head -3`). `println!` panics on the closed pipe («failed printing to
//! stdout: Broken pipe»); here the rest of the output is dropped quietly,
//! and a command that only prints can ask [`closed`] and stop.

use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

static CLOSED: AtomicBool = AtomicBool::new(false);

/// Whether the reader has closed standard output.
pub fn closed() -> bool {
    CLOSED.load(Ordering::Relaxed)
}

/// Writes `bytes` to standard output whole. A closed pipe is the reader's
/// choice: it is remembered and not reported; any other failure is printed
/// once to standard error.
pub fn write(bytes: &[u8]) {
    if closed() {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(bytes).and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write to standard output: {e}");
        }
        CLOSED.store(true, Ordering::Relaxed);
    }
}

/// `println!` that never panics: see [`write`].
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::stdout::write(format!("{}\n", format_args!($($arg)*)).as_bytes())
    };
}
pub(crate) use say;
