//! Panics caught on purpose. A library reading a broken file may panic (calamine on an
//! absurd cell reference); the reader catches it with [`catch`] and reports a clear error.
//! While it does, a thread-local flag is set: the panic hooks ([`quiet_hook`] and the
//! terminal's, `tui::terminal`) see it and stay quiet, so a caught panic neither prints a
//! backtrace note nor restores the terminal under the running app.
use std::cell::Cell;
use std::panic::{catch_unwind, UnwindSafe};
use std::sync::Once;

thread_local! {
    static CATCHING: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread is inside [`catch`]: a panic now is caught and reported as an error.
pub fn is_catching() -> bool {
    CATCHING.with(Cell::get)
}

/// Installs, once per process, a hook that keeps quiet about caught panics and hands every
/// other panic to the hook that was there before.
pub fn quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !is_catching() {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic into `Err` with the panic's message.
pub fn catch<R>(f: impl FnOnce() -> R + UnwindSafe) -> Result<R, String> {
    quiet_hook();
    let was = CATCHING.with(|c| c.replace(true));
    let out = catch_unwind(f);
    CATCHING.with(|c| c.set(was));
    out.map_err(|p| {
        p.downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_is_an_error_and_the_flag_is_cleared() {
        assert!(!is_catching());
        let r: Result<(), String> = catch(|| {
            assert!(is_catching());
            panic!("boom {}", 1)
        });
        assert_eq!(r, Err("boom 1".to_string()));
        assert!(!is_catching());
        assert_eq!(catch(|| 5), Ok(5));
    }
}
