//! Quick search benchmark (issue 5): `cargo bench --bench search`.
//!
//! Ledgers of 10k, 100k and 1M items are generated once with `Store::generate` (seed 1)
//! and cached under `target/bench-data/`. For each size it measures, with criterion:
//! index build (`build/N`), one-shot search per query (`oneshot/N/query`), and the mean
//! time per key press when a query is typed one character at a time in a narrowing
//! session (`keystroke/N/query`). It also prints a table per size: every key press of
//! every query timed on its own (median, 95th percentile, worst), and the index memory
//! (the index's own count of its bytes, and the process RSS growth while building).
//!
//! `BANLI_BENCH_SIZES=10000,100000` limits the sizes (1M takes a minute to generate).
use banli::search::{self, Index, Query, SearchDocs, Session};
use banli::store::Store;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Every case of the issue: initials, names, numbers, two words, full pinyin, one
/// character, Chinese fragments, a polyphonic override, a prefix of a unit.
const QUERIES: &[&str] =
    &["ljxq", "马均", "25", "住建 老旧", "yshj", "zhujian", "老", "营商环境", "0025", "zj", "chongqing", "老旧 住建局"];

fn sizes() -> Vec<usize> {
    std::env::var("BANLI_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000, 1_000_000])
}

/// The generated ledger of `n` items, built on first use.
fn ledger(n: usize) -> Store {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("target/bench-data");
    let path = dir.join(format!("gen-{n}.db"));
    let data = banli::data::load(None).expect("shipped data");
    if path.exists() {
        let s = Store::open(&path, "bench", data.clone()).expect("open cached ledger");
        if s.item_count().unwrap_or(0) == n as i64 {
            return s;
        }
        drop(s);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    let started = Instant::now();
    let mut s = Store::open(&path, "bench", data).expect("create ledger");
    s.generate(n, 1).expect("generate");
    eprintln!("generated {n} items in {:.1} s", started.elapsed().as_secs_f64());
    s
}

/// The resident set size of this process, in bytes (Linux; 0 elsewhere).
fn rss() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1).and_then(|x| x.parse::<usize>().ok()))
        .map(|pages| pages * 4096)
        .unwrap_or(0)
}

/// Every prefix of `q`, one more character each: what the box holds after each key press.
fn keystrokes(q: &str) -> Vec<String> {
    let chars: Vec<char> = q.chars().collect();
    (1..=chars.len()).map(|i| chars[..i].iter().collect()).collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Times every key press of every query on its own and prints the distribution.
fn keystroke_table(n: usize, index: &Index) {
    let mut all = Vec::new();
    // The very first search after a build touches the index's memory for the first time;
    // it is reported on its own, not mixed into the key presses.
    let t = Instant::now();
    black_box(Session::new().results(index, "zz", 50));
    println!("\n{n} items: first search after the build {:.1} ms", ms(t.elapsed()));
    println!("\n{n} items: key press to results (narrowing session, top 50 with highlights)");
    println!("{:<14} {:>6} {:>9} {:>9} {:>9}", "query", "keys", "median", "worst", "hits");
    for q in QUERIES {
        let mut times = Vec::new();
        let mut hits = 0;
        for _ in 0..7 {
            let mut s = Session::new();
            for k in keystrokes(q) {
                let t = Instant::now();
                let r = s.results(index, &k, 50);
                times.push(t.elapsed());
                black_box(r);
            }
            hits = s.search(index, q, 50).len();
        }
        if std::env::var_os("BANLI_BENCH_VERBOSE").is_some() {
            // The last run, key by key.
            let per: Vec<String> =
                times[times.len() - q.chars().count()..].iter().map(|t| format!("{:.1}", ms(*t))).collect();
            println!("  {q}: {}", per.join(" "));
        }
        times.sort();
        println!(
            "{:<14} {:>6} {:>7.2}ms {:>7.2}ms {:>9}",
            q,
            q.chars().count(),
            ms(percentile(&times, 0.5)),
            ms(*times.last().unwrap_or(&Duration::ZERO)),
            hits
        );
        all.extend(times);
    }
    all.sort();
    println!(
        "ALL {n}: median {:.2} ms, p95 {:.2} ms, worst {:.2} ms over {} key presses",
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.95)),
        ms(*all.last().unwrap_or(&Duration::ZERO)),
        all.len()
    );
}

fn bench(c: &mut Criterion) {
    for n in sizes() {
        let store = ledger(n);
        let t = Instant::now();
        let docs: SearchDocs = store.search_docs().expect("load");
        let load = t.elapsed();
        let copy = docs.clone();
        let before = rss();
        let t = Instant::now();
        let index = Index::build(copy);
        let build = t.elapsed();
        let grown = rss().saturating_sub(before);
        println!(
            "\n{n} items: load from SQLite {:.0} ms, index build {:.0} ms, index memory {:.1} MB counted ({:.1} MB RSS growth)",
            ms(load),
            ms(build),
            index.memory_bytes() as f64 / 1e6,
            grown as f64 / 1e6
        );
        keystroke_table(n, &index);

        let big = n >= 1_000_000;
        let mut g = c.benchmark_group(format!("build/{n}"));
        g.sample_size(10).warm_up_time(Duration::from_millis(500));
        g.measurement_time(Duration::from_secs(if big { 20 } else { 4 }));
        g.bench_function("index", |b| {
            b.iter_batched(|| docs.clone(), |d| black_box(Index::build(d)), criterion::BatchSize::LargeInput)
        });
        g.finish();

        let mut g = c.benchmark_group(format!("oneshot/{n}"));
        g.sample_size(if big { 10 } else { 20 }).warm_up_time(Duration::from_millis(300));
        g.measurement_time(Duration::from_secs(if big { 3 } else { 1 }));
        for q in QUERIES {
            g.bench_with_input(BenchmarkId::from_parameter(q), q, |b, q| {
                b.iter(|| {
                    let query = Query::parse(q);
                    let top = index.search(&query, None, 50).top(50);
                    black_box(index.results(&query, &top))
                })
            });
        }
        g.finish();

        let mut g = c.benchmark_group(format!("keystroke/{n}"));
        g.sample_size(if big { 10 } else { 20 }).warm_up_time(Duration::from_millis(300));
        g.measurement_time(Duration::from_secs(if big { 3 } else { 1 }));
        for q in QUERIES {
            let keys = keystrokes(q);
            g.bench_with_input(BenchmarkId::from_parameter(q), &keys, |b, keys| {
                // Mean time per key press: type the whole query in a fresh session.
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let mut s = Session::new();
                        let t = Instant::now();
                        for k in keys {
                            black_box(s.results(&index, k, 50));
                        }
                        total += t.elapsed() / keys.len() as u32;
                    }
                    total
                })
            });
        }
        g.finish();
        black_box(search::search(&index, "老", 1));
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
