//! regflow: the Справочник бизнес-процессов of a state-service regulation,
//! drawn from a process model.
//!
//! One pipeline, one stage per module, plain data between them:
//!
//! 1. [`model`]: RON text → [`model::Process`], then [`model::validate`]
//!    → diagnostics with file, line and column ([`diag`]).
//! 2. [`layout`]: process → one geometry (lanes, shapes, edges, labels).
//! 3. [`render`]: geometry → SVG, PNG, legend.
//!
//! Only the binary touches the file system beyond reading a model.

pub mod bpmnjs_text;
pub mod check;
pub mod diag;
pub mod font;
pub mod generate;
pub mod i18n;
pub mod import;
pub mod layout;
pub mod model;
pub mod output;
pub mod relayout;
pub mod render;
pub mod stamp;
pub mod subset;
