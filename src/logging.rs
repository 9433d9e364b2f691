//! The log file: SQLite's detail and other failures a clerk is only told the kind of.
//! `tracing` with a daily rolling file in the user's state directory
//! (`~/.local/state/banli/banli.YYYY-MM-DD.log` on Linux), or beside the database when there
//! is none; the level comes from `BANLI_LOG` (error, warn, info, debug, trace, off;
//! default info). Nothing is ever written to the terminal by the log.
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tracing::level_filters::LevelFilter;

static LOG_DIR: OnceLock<PathBuf> = OnceLock::new();

/// The level from `BANLI_LOG`.
fn level() -> LevelFilter {
    match std::env::var("BANLI_LOG").unwrap_or_default().trim().to_ascii_lowercase().as_str() {
        "off" => LevelFilter::OFF,
        "error" => LevelFilter::ERROR,
        "warn" => LevelFilter::WARN,
        "debug" => LevelFilter::DEBUG,
        "trace" => LevelFilter::TRACE,
        _ => LevelFilter::INFO,
    }
}

/// Starts the log for a run on the database at `db`. Returns the folder, or `None` when no
/// folder could be made (banli then runs without a log).
pub fn init(db: &Path) -> Option<PathBuf> {
    let dirs = [
        dirs::state_dir().map(|d| d.join("banli")),
        db.parent().filter(|p| !p.as_os_str().is_empty() && !p.ends_with("banli")).map(Path::to_path_buf),
    ];
    // The database's folder is only used when it exists: a mistyped --db makes nothing.
    let usable = |d: &PathBuf| if d.ends_with("banli") { std::fs::create_dir_all(d).is_ok() } else { d.is_dir() };
    let dir = dirs.into_iter().flatten().find(usable)?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("banli")
        .filename_suffix("log")
        .max_log_files(30)
        .build(&dir)
        .ok()?;
    let subscriber = tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(appender))
        .with_ansi(false)
        .with_max_level(level())
        .finish();
    tracing::subscriber::set_global_default(subscriber).ok()?;
    let _ = LOG_DIR.set(dir.clone());
    tracing::info!(db = %db.display(), account = %crate::store::identity::acting_account(), "banli started");
    Some(dir)
}

/// Today's log file, when the log was started.
pub fn log_file() -> Option<PathBuf> {
    let dir = LOG_DIR.get()?;
    Some(dir.join(format!("banli.{}.log", chrono::Utc::now().format("%Y-%m-%d"))))
}
