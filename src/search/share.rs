//! The item pass's work shared between the calling thread and one helper thread that
//! lives as long as the process, in chunks taken from a common counter.
//!
//! Why not a thread per search, each taking half: a thread just made is often placed on
//! the CPU of the thread that made it, and moved to the idle one only when the scheduler
//! next balances (on this 2-core machine often after the caller's half was done: the two
//! halves then ran one after the other). A helper that already ran on the other CPU is
//! woken there. And in chunks, whichever thread is earlier or faster takes more of them:
//! a helper that starts late, or not at all, costs the caller nothing but its own chunks.
use rayon::{ThreadPool, ThreadPoolBuilder};
use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// The helper's state and the chunks it did, by number.
type Helped<T, R> = (T, Vec<(usize, R)>);

/// The helper, started on first use; `None` on a single CPU (or when no thread starts).
pub(crate) fn helper() -> Option<&'static ThreadPool> {
    static POOL: OnceLock<Option<ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        if cpus < 2 {
            return None;
        }
        ThreadPoolBuilder::new().num_threads(1).thread_name(|_| "banli-search".into()).build().ok()
    })
    .as_ref()
}

/// Starts the helper now (off the first key press's clock).
pub fn start() {
    helper();
}

/// Runs the chunks of `0..n`, `chunk` at a time: `here` on this thread, `there` on the
/// helper with the state `theirs` makes there (a matcher, a connection). Returns the
/// helper's state, if it ran, and the chunks' outputs in order. A chunk the helper took
/// and did not finish (a panic there) is done `here`.
pub fn share<T: Send, R: Send>(
    n: usize,
    chunk: usize,
    mut here: impl FnMut(Range<usize>) -> R,
    theirs: impl FnOnce() -> T + Send,
    there: impl Fn(&mut T, Range<usize>) -> R + Sync,
) -> (Option<T>, Vec<R>) {
    let chunk = chunk.max(1);
    let chunks = n.div_ceil(chunk);
    let range = |k: usize| k * chunk..((k + 1) * chunk).min(n);
    let next = AtomicUsize::new(0);
    let claim = || Some(next.fetch_add(1, Ordering::Relaxed)).filter(|&k| k < chunks);
    let mut done = Vec::with_capacity(chunks);
    let mut mine = |done: &mut Vec<(usize, R)>| {
        while let Some(k) = claim() {
            done.push((k, here(range(k))));
        }
    };
    let helped: Mutex<Option<Helped<T, R>>> = Mutex::new(None);
    match helper() {
        Some(pool) if chunks > 1 => pool.in_place_scope(|scope| {
            scope.spawn(|_| {
                let ran = catch_unwind(AssertUnwindSafe(|| {
                    let (mut t, mut out) = (theirs(), Vec::new());
                    while let Some(k) = claim() {
                        out.push((k, there(&mut t, range(k))));
                    }
                    (t, out)
                }));
                if let (Ok(v), Ok(mut slot)) = (ran, helped.lock()) {
                    *slot = Some(v);
                }
            });
            mine(&mut done);
        }),
        _ => mine(&mut done),
    }
    let state = helped.into_inner().ok().flatten().map(|(t, out)| {
        done.extend(out);
        t
    });
    let mut by_chunk: Vec<Option<R>> = (0..chunks).map(|_| None).collect();
    for (k, r) in done {
        by_chunk[k] = Some(r);
    }
    let outputs = by_chunk.into_iter().enumerate().map(|(k, r)| r.unwrap_or_else(|| here(range(k)))).collect();
    (state, outputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chunk_once_and_in_order() {
        const CHUNK: usize = 100;
        for n in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 100 * CHUNK + 7] {
            let mut mine = 0;
            let (theirs, outs) = share(
                n,
                CHUNK,
                |r| {
                    mine += r.len();
                    r.collect::<Vec<_>>()
                },
                || 0usize,
                |t, r| {
                    *t += r.len();
                    r.collect::<Vec<_>>()
                },
            );
            let all: Vec<usize> = outs.into_iter().flatten().collect();
            assert_eq!(all, (0..n).collect::<Vec<_>>(), "n = {n}");
            assert_eq!(mine + theirs.unwrap_or(0), n, "each item worked on once, n = {n}");
        }
    }

    #[test]
    fn a_panic_on_the_helper_loses_no_chunk() {
        use std::sync::atomic::AtomicBool;
        use std::time::{Duration, Instant};
        // This thread waits (a second at most) until the helper took a chunk and failed.
        let failed = AtomicBool::new(false);
        let here = |r: Range<usize>| {
            let t = Instant::now();
            while !failed.load(Ordering::SeqCst) && t.elapsed() < Duration::from_secs(1) {
                std::thread::sleep(Duration::from_millis(1));
            }
            r.len()
        };
        let there = |_: &mut (), _: Range<usize>| -> usize {
            failed.store(true, Ordering::SeqCst);
            panic!("the helper fails on purpose")
        };
        let (theirs, outs) = share(1000, 10, here, || (), there);
        assert_eq!(outs, vec![10; 100]);
        if failed.load(Ordering::SeqCst) {
            assert!(theirs.is_none(), "a helper that failed hands back no state");
        }
    }
}
