//! The real terminal: raw mode, the alternate screen and bracketed paste, restored by a
//! guard on every way out (return, error, panic), and the event loop.
use super::session::Session;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::{self, Stdout};
use std::time::{Duration, Instant};

/// How often the app looks for changes committed by other clerks.
const TICK: Duration = Duration::from_millis(250);
/// At most this many pending events are handled before the screen is drawn again (a long
/// paste without bracketed paste still shows progress).
const MAX_BATCH: usize = 256;

/// Puts the terminal back as the shell had it. Safe to call more than once.
fn restore() {
    let _ = terminal::disable_raw_mode();
    // Mouse capture is never turned on; turning it off anyway costs nothing and covers a
    // crash of a later version that does. Leaving the alternate screen comes last, so the
    // shell's screen is what remains.
    let out = &mut io::stdout();
    let _ = execute!(out, cursor::Show, event::DisableMouseCapture, DisableBracketedPaste, LeaveAlternateScreen);
}

/// Holds the terminal in full-screen mode; dropping it restores the terminal.
pub struct TerminalGuard {
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl TerminalGuard {
    /// Enters raw mode, the alternate screen and bracketed paste, and installs a panic
    /// hook that restores the terminal before the panic is reported. The kitty keyboard
    /// protocol stays off: it duplicates the input of Chinese input methods.
    pub fn enter() -> io::Result<TerminalGuard> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        terminal::enable_raw_mode()?;
        // From here on, a failure must undo what was already switched on.
        let enter = || -> io::Result<TerminalGuard> {
            let guard = TerminalGuard { terminal: Terminal::new(CrosstermBackend::new(io::stdout()))? };
            execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste, cursor::Hide)?;
            Ok(guard)
        };
        let guard = enter().inspect_err(|_| restore())?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        // Tell ratatui the cursor is back, or its own drop shows it again after we have
        // left the alternate screen.
        let _ = self.terminal.show_cursor();
        restore();
    }
}

/// Runs the session in the terminal until the clerk quits.
pub fn event_loop(session: &mut Session) -> io::Result<()> {
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    session.dispatch(super::action::Action::Resize(size.width, size.height));
    let mut next_tick = Instant::now() + TICK;
    while !session.should_quit() {
        guard.terminal.draw(|f| session.draw(f))?;
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
        }
        if Instant::now() >= next_tick {
            session.tick();
            next_tick = Instant::now() + TICK;
        }
    }
    Ok(())
}
