//! The real binary in a pseudo-terminal: it starts on a demo database, shows the ledger,
//! quits with the `quit` key of the default keymap, exits with status 0 and leaves the
//! alternate screen.
use banli::tui::{Action, Keymap, Mode};
use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(20);

/// The printable text of terminal output: escape sequences removed.
fn strip_escapes(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        // CSI: parameters, then one final byte in @..~; any other escape is one more
        // character, dropped by the `next()` itself.
        if chars.next() == Some('[') {
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        }
    }
    out
}

/// Reads the pty until `done(output)` or the timeout; returns everything read.
fn read_until(rx: &mpsc::Receiver<Vec<u8>>, out: &mut Vec<u8>, done: impl Fn(&[u8]) -> bool) -> bool {
    let start = Instant::now();
    while !done(out) {
        let left = TIMEOUT.saturating_sub(start.elapsed());
        match rx.recv_timeout(left) {
            Ok(chunk) => out.extend(chunk),
            Err(_) => return false,
        }
    }
    true
}

#[test]
fn starts_shows_the_ledger_and_quits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let pair = native_pty_system()
        .openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_banli"));
    cmd.args(["--demo", "--db", db.to_str().unwrap(), "--operator", "pty"]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    cmd.cwd(dir.path());
    let mut child = pair.slave.spawn_command(cmd).expect("banli starts");
    // Our copy of the slave side must close, or reading never ends.
    drop(pair.slave);

    let mut reader = pair.master.try_clone_reader().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if tx.send(buf[..n].to_vec()).is_err() {
                        break;
                    }
                }
            }
        }
    });

    let mut out = Vec::new();
    let saw_ledger = read_until(&rx, &mut out, |o| strip_escapes(o).contains("编号"));
    if !saw_ledger {
        let _ = child.kill();
        panic!("no ledger header within {TIMEOUT:?}; the screen showed:\n{}", strip_escapes(&out));
    }

    // The quit key as the default keymap has it.
    let map = Keymap::defaults();
    let quit = map.keys_for(Mode::Ledger, &Action::Quit);
    let key = quit.iter().find_map(|seq| seq[0].printable()).expect("a printable quit key");
    let mut writer = pair.master.take_writer().unwrap();
    writer.write_all(key.to_string().as_bytes()).unwrap();
    writer.flush().unwrap();

    let (done_tx, done_rx) = mpsc::channel();
    let waiter = std::thread::spawn(move || {
        let status = child.wait();
        let _ = done_tx.send(());
        status
    });
    if done_rx.recv_timeout(TIMEOUT).is_err() {
        panic!("banli did not quit within {TIMEOUT:?}; the screen showed:\n{}", strip_escapes(&out));
    }
    let status = waiter.join().unwrap().unwrap();
    assert!(status.success(), "exit status {status:?}");

    // Everything written before the exit; the reader ends when the pty closes.
    drop(pair.master);
    while let Ok(chunk) = rx.recv_timeout(Duration::from_millis(500)) {
        out.extend(chunk);
    }
    let leave = b"\x1b[?1049l";
    let trimmed: &[u8] = {
        let mut end = out.len();
        while end > 0 && out[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        &out[..end]
    };
    assert!(
        trimmed.ends_with(leave),
        "the output does not end by leaving the alternate screen; last bytes: {:?}",
        String::from_utf8_lossy(&out[out.len().saturating_sub(80)..])
    );
}
