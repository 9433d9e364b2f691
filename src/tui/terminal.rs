//! The real terminal: raw mode, the alternate screen and bracketed paste, restored by a
//! guard on every way out (return, error, panic), and the event loop.
use super::backend::Lean;
use super::session::Session;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use std::io::{self, Stdout};
use std::mem::ManuallyDrop;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How often the app looks for changes committed by other clerks.
const TICK: Duration = Duration::from_millis(250);
/// At most this many pending events are handled before the screen is drawn again (a long
/// paste without bracketed paste still shows progress).
const MAX_BATCH: usize = 256;

/// Whether the terminal has been put back since it was last entered: the panic hook and
/// the guard's drop both restore it, and the second must not write the sequences again.
static RESTORED: AtomicBool = AtomicBool::new(true);

/// Puts the terminal back as the shell had it, once per [`TerminalGuard::enter`]; later
/// calls do nothing.
fn restore() {
    if RESTORED.swap(true, Ordering::SeqCst) {
        return;
    }
    let _ = terminal::disable_raw_mode();
    // Mouse capture is never turned on; turning it off anyway costs nothing and covers a
    // crash of a later version that does. Leaving the alternate screen comes last, so the
    // shell's screen is what remains.
    let out = &mut io::stdout();
    let _ = execute!(out, cursor::Show, event::DisableMouseCapture, DisableBracketedPaste, LeaveAlternateScreen);
}

/// Holds the terminal in full-screen mode; dropping it restores the terminal.
pub struct TerminalGuard {
    /// Never dropped (see the guard's drop).
    pub terminal: ManuallyDrop<Terminal<Lean<Stdout>>>,
}

impl TerminalGuard {
    /// Enters raw mode, the alternate screen and bracketed paste, and installs a panic
    /// hook that restores the terminal before the panic is reported. A panic caught on
    /// purpose (a reader's, see [`crate::caught`]) leaves the terminal alone and prints
    /// nothing. The kitty keyboard protocol stays off: it duplicates the input of Chinese
    /// input methods.
    pub fn enter() -> io::Result<TerminalGuard> {
        install_panic_hook();
        install_signal_handler();
        terminal::enable_raw_mode()?;
        RESTORED.store(false, Ordering::SeqCst);
        // From here on, a failure must undo what was already switched on.
        let enter = || -> io::Result<TerminalGuard> {
            let terminal = Terminal::new(Lean::new(io::stdout()))?;
            let guard = TerminalGuard { terminal: ManuallyDrop::new(terminal) };
            execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste, cursor::Hide)?;
            Ok(guard)
        };
        let guard = enter().inspect_err(|_| restore())?;
        Ok(guard)
    }
}

/// The hook that restores the terminal before a panic is reported, except for a panic
/// caught on purpose ([`crate::caught`]): that one is kept quiet.
fn install_panic_hook() {
    crate::caught::quiet_hook();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if crate::caught::is_catching() {
            return;
        }
        restore();
        previous(info);
    }));
}

/// The signals that end banli from outside (`kill`, a closed ssh session, Ctrl-\\).
const ENDING_SIGNALS: [i32; 3] =
    [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP, signal_hook::consts::SIGQUIT];

/// On SIGTERM, SIGHUP or SIGQUIT: restores the terminal as on a panic, then ends the
/// process by the signal's own default action, so the shell sees the signal's exit status
/// (143, 129, 131). An unsaved form is lost as with any kill; a save in progress is one
/// SQLite transaction and is either whole or absent.
fn install_signal_handler() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(mut signals) = signal_hook::iterator::Signals::new(ENDING_SIGNALS) else { return };
        std::thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                restore();
                tracing::warn!(signal = sig, "ended by a signal; terminal restored");
                let _ = signal_hook::low_level::emulate_default_handler(sig);
                std::process::exit(128 + sig);
            }
        });
    });
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        // Restores once, whether or not a panic hook got there first. The terminal itself
        // is never dropped: ratatui's drop would show the cursor a second time, after the
        // alternate screen is left (or after a panic's message). Its buffers go with the
        // process, which is ending.
        restore();
    }
}

/// Runs the session in the terminal until the clerk quits.
pub fn event_loop(session: &mut Session) -> io::Result<()> {
    // For tests/pty_storm.rs: panic after the first draw, to check the terminal comes back.
    let test_panic = std::env::var_os("BANLI_TEST_PANIC").is_some_and(|v| v == "1");
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    session.dispatch(super::action::Action::Resize(size.width, size.height));
    let mut next_tick = Instant::now() + TICK;
    // Drawn after a key, a paste, a resize, or a tick that changed something: an idle tick
    // costs no frame and writes nothing.
    let mut dirty = true;
    while !session.should_quit() {
        if std::mem::take(&mut dirty) {
            guard.terminal.draw(|f| session.draw(f))?;
        }
        if test_panic {
            panic!("BANLI_TEST_PANIC=1: a forced panic after the first draw");
        }
        let wait = next_tick.saturating_duration_since(Instant::now());
        if event::poll(wait)? {
            // Drain everything pending (an input method commits several characters at
            // once) and handle it as one update: the search box searches once, then the
            // screen is drawn once.
            let mut batch = vec![event::read()?];
            while batch.len() < MAX_BATCH && event::poll(Duration::ZERO)? {
                batch.push(event::read()?);
            }
            session.handle_batch(batch);
            dirty = true;
            if let Some(text) = session.app.clipboard.take() {
                super::clipboard::copy(&mut io::stdout(), &text)?;
            }
        }
        if Instant::now() >= next_tick {
            dirty |= session.tick();
            next_tick = Instant::now() + TICK;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_leaves_the_terminal_alone() {
        install_panic_hook();
        // As if the terminal had been entered (nothing is written unless the hook restores).
        RESTORED.store(false, Ordering::SeqCst);
        let r: Result<(), String> = crate::caught::catch(|| panic!("a reader's panic, on purpose"));
        assert_eq!(r, Err("a reader's panic, on purpose".to_string()));
        let restored = RESTORED.swap(true, Ordering::SeqCst);
        assert!(!restored, "the hook restored the terminal for a caught panic");
    }
}
