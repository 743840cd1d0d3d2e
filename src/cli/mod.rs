//! The command line's own parts: where models come from, running a batch,
//! where `render` writes, and watch mode. The library does the work.

pub mod batch;
pub mod input;
pub mod render;
pub mod site;
pub mod stdout;
pub mod text_import;
pub mod watch;
