//! Batch closure benchmark (issue 4): `cargo bench --bench closure`.
//!
//! A 3,000-item ledger is generated once (seed 1) under `target/bench-data/`; the first 100
//! entries whose closure checklist is all ticked are closed with one `close_many` (one
//! transaction, every checklist read again inside it, one audit row each). Each sample
//! starts from a fresh copy of the ledger, which is not timed.
use banli::store::Store;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::path::{Path, PathBuf};

const ITEMS: usize = 3_000;
const BATCH: usize = 100;

fn template() -> (PathBuf, Vec<(i64, i64)>) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("target/bench-data");
    let path = dir.join(format!("closure-{ITEMS}.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let mut s = Store::open(&path, "bench", banli::data::load(None).expect("data")).expect("create");
    s.generate(ITEMS, 1).expect("generate");
    let rows = s.ledger(&Default::default(), Default::default()).expect("ledger");
    let eligible: Vec<(i64, i64)> = rows
        .iter()
        .filter(|r| s.closure_checklist(r.id).map(|c| c.iter().all(|l| l.ok)).unwrap_or(false))
        .map(|r| (r.id, r.version))
        .take(BATCH)
        .collect();
    assert_eq!(eligible.len(), BATCH, "the generated ledger has {BATCH} entries ready to close");
    drop(s);
    (path, eligible)
}

fn copy(from: &Path, n: usize) -> PathBuf {
    let to = from.with_file_name(format!("closure-run-{n}.db"));
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", to.display()));
    }
    std::fs::copy(from, &to).expect("copy ledger");
    to
}

fn bench(c: &mut Criterion) {
    let (path, items) = template();
    let data = banli::data::load(None).expect("data");
    let mut n = 0;
    c.bench_function("close_many/100", |b| {
        b.iter_batched(
            || {
                n += 1;
                Store::open(&copy(&path, n % 2), "bench", data.clone()).expect("open copy")
            },
            |mut s| {
                let today = s.today();
                let done = s.close_many(&items, today).expect("close");
                assert_eq!(done.closed.len(), BATCH);
            },
            BatchSize::PerIteration,
        )
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
