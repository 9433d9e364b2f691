//! The terminal app.
pub mod input;
use crate::store::Store;
use crate::text::Lang;
use std::path::PathBuf;

/// How the app was started.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub lang: Lang,
    pub keymap: Option<PathBuf>,
    pub ascii: bool,
}

/// Runs the full-screen app until the clerk quits.
pub fn run(store: Store, opts: Options) -> anyhow::Result<()> {
    let _ = (store, opts);
    anyhow::bail!("the terminal interface is being built")
}
