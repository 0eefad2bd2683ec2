//! `revise`: schema migrations for Rust projects, in the style of Alembic.
//!
//! The crate has two halves that meet at the revision file. The **runner**
//! ([`script`], [`runner`]) applies hand-written or generated revisions in order,
//! recording state in a version table. The library layers, from the bottom:
//! [`error`], [`url`] < [`config`] < [`script`] < [`dialect`] < [`runner`] <
//! [`commands`], [`ui`] < [`cli`]. A module imports only from layers below it.

pub mod autogen;
pub mod cli;
pub mod commands;
pub mod config;
pub mod dialect;
pub mod diff;
pub mod env_file;
pub mod error;
pub mod migrate;
pub mod ops;
pub mod runner;
pub mod schema;
pub mod script;
pub mod source;
pub mod ui;
pub mod url;

pub use error::{Error, Result};
pub use migrate::upgrade;
