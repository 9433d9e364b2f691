//! `banli bench`: what a clerk feels on a ledger of any size, measured (issue 19).
//!
//! `banli bench LEDGER…` runs each measurement in a child process of its own (so each
//! peak memory is its own) and prints one table, a column per ledger:
//!
//! - **open**: start-up to the first ledger page drawn, until the search index is ready,
//!   peak resident memory (`VmHWM`) once it is; then every query of [`QUERIES`] typed one key
//!   at a time into the search box: time per key press (the query and the results the box
//!   shows), time of the frame drawn after it, and bytes written to the terminal for it
//!   (the frames go through the app's backend, [`crate::tui::backend`], into a counting
//!   writer: the diff a real terminal would receive); last, a tick with nothing changed.
//! - **csv**, **xlsx**: exporting the whole ledger: time and peak memory.
//! - **search**: `banli search` as a whole process, per query (median of 3).
//! - **keys** (not in the default set): the search index alone: its build step by step,
//!   its memory, and each key of the query set typed into a search session, the fastest
//!   of `BANLI_BENCH_REPEAT` runs.
//!
//! - **lists** (not in the default set): each list screen opened on the ledger
//!   ([`lists`]).
//!
//! Ledgers come from `banli gen --items N --db FILE`. Times are wall-clock on this machine;
//! nothing here is asserted anywhere.
use crate::cli::Cli;
use crate::tui::backend::Lean;
use crate::tui::{Options, Session};
use anyhow::{bail, Context, Result};
use clap::Args;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod lists;

/// The typed query set: initials, names, numbers, two words, full pinyin, one letter, one
/// character, Chinese fragments, a unit's prefix.
pub const QUERIES: &[&str] = &[
    "ljxq",
    "马均",
    "25",
    "住建 老旧",
    "yshj",
    "zhujian",
    "老",
    "营商环境",
    "0025",
    "zj",
    "chongqing",
    "老旧 住建局",
    "l",
    "z",
];

/// The terminal the frames are drawn for (columns, rows).
const SIZE: (u16, u16) = (120, 40);

/// `banli bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Generated ledgers (`banli gen`), one table column each [default: --db]
    pub ledgers: Vec<PathBuf>,
    /// What to measure: open, csv, xlsx, search, keys, lists (comma-separated)
    #[arg(long, default_value = "open,csv,xlsx,search")]
    pub what: String,
    /// Runs of the start-up measurement; the median is shown
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Internal: run one measurement in this process and print its figures
    #[arg(long, hide = true)]
    pub child: Option<String>,
}

/// Runs `banli bench`.
pub fn run(cli: &Cli, args: &BenchArgs) -> Result<()> {
    if let Some(what) = &args.child {
        let db = args.ledgers.first().cloned().or_else(|| cli.db.clone()).context("no ledger")?;
        let figures = match what.as_str() {
            "open" => open(cli, &db)?,
            "csv" | "xlsx" => export(cli, &db, what)?,
            "search" => search(&db)?,
            "keys" => keys(cli, &db)?,
            w if w.starts_with("lists:") => lists::measure(cli, &db, &w["lists:".len()..])?,
            other => bail!("unknown measurement {other}"),
        };
        for (k, v) in figures {
            println!("{k}\t{v}");
        }
        return Ok(());
    }
    let ledgers: Vec<PathBuf> =
        if args.ledgers.is_empty() { cli.db.clone().into_iter().collect() } else { args.ledgers.clone() };
    if ledgers.is_empty() {
        bail!("banli bench LEDGER… (make one with banli gen --items 100000 --db FILE)");
    }
    let mut columns = Vec::new();
    for db in &ledgers {
        let mut col: Vec<(String, String)> = Vec::new();
        for what in args.what.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            if what == "lists" {
                for (name, _) in lists::SCREENS {
                    col.extend(child(db, &format!("lists:{name}"))?);
                }
                continue;
            }
            let runs = if what == "open" { args.runs.max(1) } else { 1 };
            let mut all = Vec::new();
            for _ in 0..runs {
                all.push(child(db, what)?);
            }
            col.extend(median_of_runs(all));
        }
        eprintln!("{}: done", db.display());
        columns.push((db.display().to_string(), col));
    }
    print!("{}", table(&columns));
    Ok(())
}

/// Runs one measurement in a fresh process.
fn child(db: &Path, what: &str) -> Result<Vec<(String, String)>> {
    let exe = std::env::current_exe()?;
    let out = std::process::Command::new(exe)
        .args(["bench", "--child", what])
        .arg(db)
        .stderr(std::process::Stdio::inherit())
        .output()?;
    if !out.status.success() {
        bail!("bench {what} on {} failed", db.display());
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once('\t').map(|(k, v)| (k.to_string(), v.to_string())))
        .collect())
}

/// Per figure, the median over the runs (figures are numbers with a unit suffix or text).
fn median_of_runs(runs: Vec<Vec<(String, String)>>) -> Vec<(String, String)> {
    let Some(first) = runs.first() else { return Vec::new() };
    first
        .iter()
        .enumerate()
        .map(|(i, (k, v))| {
            let mut vals: Vec<(f64, String)> = runs
                .iter()
                .filter_map(|r| r.get(i))
                .map(|(_, v)| (v.split_whitespace().next().and_then(|x| x.parse().ok()).unwrap_or(0.0), v.clone()))
                .collect();
            vals.sort_by(|a, b| a.0.total_cmp(&b.0));
            let v = if runs.len() > 1 {
                let lo = vals.first().map(|x| x.0).unwrap_or(0.0);
                let hi = vals.last().map(|x| x.0).unwrap_or(0.0);
                let mid = &vals[vals.len() / 2].1;
                if lo != hi {
                    format!("{mid} ({}–{})", trim(lo), trim(hi))
                } else {
                    mid.clone()
                }
            } else {
                v.clone()
            };
            (k.clone(), v)
        })
        .collect()
}

fn trim(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// The table: a row per figure, a column per ledger.
fn table(columns: &[(String, Vec<(String, String)>)]) -> String {
    let mut keys: Vec<String> = Vec::new();
    for (_, col) in columns {
        for (k, _) in col {
            if !keys.contains(k) {
                keys.push(k.clone());
            }
        }
    }
    let mut out = format!(
        "| |{}|\n|---|{}\n",
        columns.iter().map(|c| c.0.as_str()).collect::<Vec<_>>().join("|"),
        "---|".repeat(columns.len())
    );
    for k in keys {
        let cells: Vec<&str> = columns
            .iter()
            .map(|(_, col)| col.iter().find(|(x, _)| *x == k).map(|(_, v)| v.as_str()).unwrap_or(""))
            .collect();
        out.push_str(&format!("| {k} | {} |\n", cells.join(" | ")));
    }
    out
}

/// Peak resident memory of this process so far (`VmHWM`), in MB.
pub fn peak_mb() -> f64 {
    status_kb("VmHWM:") as f64 / 1024.0
}

fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

/// A writer that counts what would reach the terminal (and keeps it, with
/// `BANLI_BENCH_DUMP=FILE`, to see what the bytes are).
#[derive(Clone, Default)]
struct Counter(Arc<AtomicU64>, Option<Arc<std::sync::Mutex<Vec<u8>>>>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.fetch_add(buf.len() as u64, Ordering::Relaxed);
        if let Some(kept) = &self.1 {
            kept.lock().map_err(|_| std::io::Error::other("poisoned"))?.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// Opens the ledger as the app does and types the query set into the search box.
fn open(cli: &Cli, db: &Path) -> Result<Vec<(String, String)>> {
    let started = Instant::now();
    let store = crate::cli::open_existing(cli, db)?;
    let dump = std::env::var_os("BANLI_BENCH_DUMP").map(PathBuf::from);
    let count = Counter(Arc::default(), dump.as_ref().map(|_| Arc::default()));
    let area = Rect::new(0, 0, SIZE.0, SIZE.1);
    let mut term =
        Terminal::with_options(Lean::new(count.clone()), TerminalOptions { viewport: Viewport::Fixed(area) })?;
    let mut s = Session::open(store, &Options { lang: cli.lang, keymap: None, ascii: false, ..Options::default() });
    s.handle_event(Event::Resize(SIZE.0, SIZE.1));
    term.draw(|f| s.draw(f))?;
    let first_frame = started.elapsed();
    let rows = s.app.ledger.len();
    while !s.search_ready() {
        std::thread::sleep(Duration::from_millis(1));
    }
    let ready = started.elapsed();
    // The whole ledger too (it may come after the index).
    s.wait_ready();
    let mem_open = peak_mb();
    // The first tick after the warm-up sweeps the queue; the idle tick below is the next one.
    s.tick();

    let (mut keys, mut frames, mut bytes) = (Vec::new(), Vec::new(), Vec::new());
    let verbose = std::env::var_os("BANLI_BENCH_VERBOSE").is_some();
    for q in QUERIES {
        s.handle_event(key('/'));
        term.draw(|f| s.draw(f))?;
        let mut per = Vec::new();
        for c in q.chars() {
            let t = Instant::now();
            s.handle_event(key(c));
            keys.push(ms(t.elapsed()));
            per.push(format!("{:.1}", ms(t.elapsed())));
            let before = count.0.load(Ordering::Relaxed);
            let t = Instant::now();
            term.draw(|f| s.draw(f))?;
            frames.push(ms(t.elapsed()));
            bytes.push((count.0.load(Ordering::Relaxed) - before) as f64);
            if let (Some(path), Some(kept)) = (&dump, &count.1) {
                let kept = kept.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
                let mut f = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
                write!(f, "\n=== {q} {c} ===\n")?;
                f.write_all(&kept[kept.len() - (bytes.last().copied().unwrap_or(0.0) as usize)..])?;
            }
        }
        if verbose {
            eprintln!("{q}: {} ms", per.join(" "));
        }
        s.handle_event(Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
        term.draw(|f| s.draw(f))?;
    }
    let before = count.0.load(Ordering::Relaxed);
    let t = Instant::now();
    // As the event loop does: a tick that changed nothing is not drawn.
    if s.tick() {
        term.draw(|f| s.draw(f))?;
    }
    let tick = ms(t.elapsed());
    let tick_bytes = count.0.load(Ordering::Relaxed) - before;
    for v in [&mut keys, &mut frames, &mut bytes] {
        v.sort_by(f64::total_cmp);
    }
    Ok(vec![
        ("items".into(), s.store().item_count()?.to_string()),
        ("ledger rows at the first frame".into(), rows.to_string()),
        ("ledger ids held".into(), s.app.ledger.len().to_string()),
        ("ledger rows held".into(), s.app.ledger.window_rows.len().to_string()),
        ("first frame".into(), format!("{:.0} ms", ms(first_frame))),
        ("search ready".into(), format!("{:.0} ms", ms(ready))),
        ("peak memory after opening".into(), format!("{mem_open:.0} MB")),
        ("key press, median".into(), format!("{:.2} ms", pct(&keys, 0.5))),
        ("key press, p99".into(), format!("{:.2} ms", pct(&keys, 0.99))),
        ("key press, worst".into(), format!("{:.2} ms", pct(&keys, 1.0))),
        ("frame after a key, median".into(), format!("{:.2} ms", pct(&frames, 0.5))),
        ("frame after a key, p99".into(), format!("{:.2} ms", pct(&frames, 0.99))),
        ("bytes per key press, median".into(), format!("{:.0} B", pct(&bytes, 0.5))),
        ("bytes per key press, worst".into(), format!("{:.0} B", pct(&bytes, 1.0))),
        ("idle tick + frame".into(), format!("{tick:.2} ms, {tick_bytes} B")),
        ("peak memory after typing".into(), format!("{:.0} MB", peak_mb())),
    ])
}

/// The search index alone: its build, step by step, its memory, and the query set typed
/// into a search session `BANLI_BENCH_REPEAT` times (default 5), each key's fastest time
/// kept (on a busy machine the fastest is the one least disturbed).
fn keys(cli: &Cli, db: &Path) -> Result<Vec<(String, String)>> {
    let store = crate::cli::open_existing(cli, db)?;
    let base = peak_mb();
    let mut spans = Vec::new();
    let t = Instant::now();
    let c = store.open_reader().map_err(|e| anyhow::anyhow!("{}", e.message(cli.lang)))?;
    let index = crate::store::search_docs::build_index_timed(&c, store.open_reader().ok(), &mut |_, _| {}, &mut spans)
        .map_err(|e| anyhow::anyhow!("{}", e.message(cli.lang)))?;
    let mut out = vec![("index build".to_string(), format!("{:.0} ms", ms(t.elapsed())))];
    for (name, d) in spans {
        out.push((format!("index build: {name}"), format!("{:.0} ms", ms(d))));
    }
    crate::search::share::start();
    out.push(("index memory (own count)".into(), format!("{:.1} MB", index.memory_bytes() as f64 / 1e6)));
    out.push(("peak memory growth while building".into(), format!("{:.0} MB", peak_mb() - base)));
    if let Ok(q) = std::env::var("BANLI_BENCH_PROFILE") {
        // One query searched afresh, over and over: for a profiler (perf stat, perf record).
        // `ch>cho`: cho narrowed from the hits of ch, over and over.
        let within = q.split_once('>').map(|(a, _)| index.search(&crate::search::Query::parse(a), None, 50));
        let q = q.split_once('>').map_or(q.as_str(), |(_, b)| b);
        for _ in 0..300 {
            match &within {
                Some(w) => std::hint::black_box(index.search(&crate::search::Query::parse(q), Some(w), 50).len()),
                None => std::hint::black_box(crate::search::Session::new().results_and_total(&index, q, 50).1),
            };
        }
        return Ok(out);
    }
    let reps: usize = std::env::var("BANLI_BENCH_REPEAT").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let mut best: Vec<Vec<f64>> = QUERIES.iter().map(|q| vec![f64::MAX; q.chars().count()]).collect();
    for _ in 0..reps.max(1) {
        for (q, best) in QUERIES.iter().zip(best.iter_mut()) {
            let mut session = crate::search::Session::new();
            let mut typed = String::new();
            for (c, b) in q.chars().zip(best.iter_mut()) {
                typed.push(c);
                let t = Instant::now();
                std::hint::black_box(session.results_and_total(&index, &typed, 50));
                *b = b.min(ms(t.elapsed()));
            }
        }
    }
    if std::env::var_os("BANLI_BENCH_VERBOSE").is_some() {
        for (q, b) in QUERIES.iter().zip(&best) {
            eprintln!("{q}: {} ms", b.iter().map(|x| format!("{x:.1}")).collect::<Vec<_>>().join(" "));
        }
        for q in QUERIES {
            eprintln!("{q}: {}", key_phases(&index, q).join(" · "));
        }
    }
    let mut all: Vec<f64> = best.into_iter().flatten().collect();
    all.sort_by(f64::total_cmp);
    out.push(("search key, median (fastest of runs)".into(), format!("{:.2} ms", pct(&all, 0.5))));
    out.push(("search key, p99 (fastest of runs)".into(), format!("{:.2} ms", pct(&all, 0.99))));
    out.push(("search key, worst (fastest of runs)".into(), format!("{:.2} ms", pct(&all, 1.0))));
    Ok(out)
}

/// Each key of `q` typed into a search session, split into its phases: the search (matching
/// and scoring), the ranking of the top 50, the shown results (highlights); and the hits.
fn key_phases(index: &crate::search::Index, q: &str) -> Vec<String> {
    let mut session = crate::search::Session::new();
    let mut typed = String::new();
    q.chars()
        .map(|c| {
            typed.push(c);
            let t = Instant::now();
            let hits = session.search(index, &typed, 50);
            let searched = ms(t.elapsed());
            let t = Instant::now();
            let top = hits.top(50);
            let ranked = ms(t.elapsed());
            let n = hits.len();
            let t = Instant::now();
            std::hint::black_box(index.results(&crate::search::Query::parse(&typed), &top));
            format!("{typed} {searched:.1}+{ranked:.1}+{:.1} ms {n}", ms(t.elapsed()))
        })
        .collect()
}

/// Exports the whole ledger as `format` into a temporary folder.
fn export(cli: &Cli, db: &Path, format: &str) -> Result<Vec<(String, String)>> {
    let store = crate::cli::open_existing(cli, db)?;
    let dir = std::env::temp_dir().join(format!("banli-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("ledger.{format}"));
    let t = Instant::now();
    crate::transfer::export::export(&store, crate::transfer::export::What::Ledger, None, format, &path, cli.lang)
        .map_err(|e| anyhow::anyhow!("{}", e.message(cli.lang)))?;
    let took = t.elapsed();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(vec![
        (format!("{format} export"), format!("{:.2} s", took.as_secs_f64())),
        (format!("{format} export peak memory"), format!("{:.0} MB", peak_mb())),
        (format!("{format} file"), format!("{:.1} MB", size as f64 / 1e6)),
    ])
}

/// `banli search` as a whole process, per query.
fn search(db: &Path) -> Result<Vec<(String, String)>> {
    let exe = std::env::current_exe()?;
    let mut out = Vec::new();
    let mut all = Vec::new();
    for q in ["ljxq", "老", "住建 老旧", "25", "z"] {
        let mut times = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            let st = std::process::Command::new(&exe)
                .arg("search")
                .arg("--db")
                .arg(db)
                .arg(q)
                .stdout(std::process::Stdio::null())
                .status()?;
            if !st.success() {
                bail!("banli search {q} failed");
            }
            times.push(ms(t.elapsed()));
        }
        times.sort_by(f64::total_cmp);
        all.push(times[1]);
        out.push((format!("banli search {q}"), format!("{:.0} ms", times[1])));
    }
    all.sort_by(f64::total_cmp);
    out.push(("banli search, median".into(), format!("{:.0} ms", pct(&all, 0.5))));
    Ok(out)
}
