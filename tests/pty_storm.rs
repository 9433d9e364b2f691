//! The real binary in a pseudo-terminal under a storm of resizes (down to 20×5 and 1×1)
//! with keys between, then quit: exit status 0 and the terminal restored. And a forced
//! panic (`BANLI_TEST_PANIC=1`): the restore sequences come exactly once, before the
//! panic's message, and the exit status says it failed.
use banli::tui::{Action, Keymap, Mode};
use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(30);
const ENTER: &[u8] = b"\x1b[?1049h";
const LEAVE: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

struct Pty {
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    rx: mpsc::Receiver<Vec<u8>>,
    out: Vec<u8>,
    _dir: tempfile::TempDir,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }
}

fn start(env: &[(&str, &str)]) -> Pty {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let pair = native_pty_system().openpty(size(80, 24)).expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_banli"));
    cmd.args(["--demo", "--db", db.to_str().unwrap(), "--operator", "pty"]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    cmd.env("RUST_BACKTRACE", "0");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.cwd(dir.path());
    let child = pair.slave.spawn_command(cmd).expect("banli starts");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
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
    Pty { master: pair.master, child, rx, out: Vec::new(), _dir: dir }
}

fn find(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    hay.windows(needle.len()).enumerate().filter(|(_, w)| *w == needle).map(|(i, _)| i).collect()
}

impl Pty {
    /// Reads until `done` holds or the timeout.
    fn read_until(&mut self, done: impl Fn(&[u8]) -> bool) -> bool {
        let start = Instant::now();
        while !done(&self.out) {
            match self.rx.recv_timeout(TIMEOUT.saturating_sub(start.elapsed())) {
                Ok(chunk) => self.out.extend(chunk),
                Err(_) => return false,
            }
        }
        true
    }

    /// Takes what is pending without waiting.
    fn drain(&mut self) {
        while let Ok(chunk) = self.rx.try_recv() {
            self.out.extend(chunk);
        }
    }

    /// Waits for the exit, then reads the rest of the output.
    fn finish(mut self) -> (portable_pty::ExitStatus, Vec<u8>) {
        let start = Instant::now();
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("banli did not exit within {TIMEOUT:?}; last output: {:?}", tail(&self.out));
            }
            self.drain();
            std::thread::sleep(Duration::from_millis(20));
        };
        drop(self.master);
        while let Ok(chunk) = self.rx.recv_timeout(Duration::from_millis(500)) {
            self.out.extend(chunk);
        }
        (status, self.out)
    }
}

fn tail(out: &[u8]) -> String {
    String::from_utf8_lossy(&out[out.len().saturating_sub(300)..]).to_string()
}

#[test]
fn a_resize_storm_with_keys_between_ends_with_the_terminal_restored() {
    let mut p = start(&[]);
    assert!(p.read_until(|o| !find(o, ENTER).is_empty()), "never entered the alternate screen: {:?}", tail(&p.out));
    let mut writer = p.master.take_writer().unwrap();
    let keys: &[&[u8]] =
        &[b"j", b"k", b"2", b"1", b"\x1b[B", b"\x1b[A", b"3", b"j", b"4", b"5", b"1", b"\x1b[6~", b"G"];
    let mut seed = 0x2545f4914f6cdd1du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for i in 0..200 {
        let (cols, rows) = match i % 10 {
            0 => (20, 5),
            1 => (1, 1),
            2 => (80, 24),
            _ => (1 + (next() % 200) as u16, 1 + (next() % 60) as u16),
        };
        p.master.resize(size(cols, rows)).unwrap();
        writer.write_all(keys[(next() % keys.len() as u64) as usize]).unwrap();
        writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(3 + next() % 5));
        p.drain();
    }
    p.master.resize(size(80, 24)).unwrap();
    let map = Keymap::defaults();
    let quit = map.keys_for(Mode::Ledger, &Action::Quit);
    let key = quit.iter().find_map(|seq| seq[0].printable()).expect("a printable quit key");
    // Back to the ledger, then quit.
    writer.write_all(b"1").unwrap();
    std::thread::sleep(Duration::from_millis(100));
    writer.write_all(key.to_string().as_bytes()).unwrap();
    writer.flush().unwrap();
    let (status, out) = p.finish();
    assert!(status.success(), "exit status {status:?}; last output: {:?}", tail(&out));
    let last_enter = *find(&out, ENTER).last().unwrap();
    let after = &out[last_enter..];
    assert_eq!(find(after, LEAVE).len(), 1, "left the alternate screen once: {:?}", tail(&out));
    assert_eq!(find(after, SHOW_CURSOR).len(), 1, "showed the cursor once: {:?}", tail(&out));
    let trimmed = String::from_utf8_lossy(&out).trim_end().to_string();
    assert!(trimmed.as_bytes().ends_with(LEAVE), "ends by leaving the alternate screen: {:?}", tail(&out));
}

#[test]
fn a_forced_panic_restores_the_terminal_once_before_its_message() {
    let p = start(&[("BANLI_TEST_PANIC", "1")]);
    let (status, out) = p.finish();
    assert!(!status.success(), "a panic fails the process: {status:?}");
    let leave = find(&out, LEAVE);
    let show = find(&out, SHOW_CURSOR);
    assert_eq!(leave.len(), 1, "left the alternate screen exactly once: {:?}", tail(&out));
    assert_eq!(show.len(), 1, "showed the cursor exactly once: {:?}", tail(&out));
    let message = find(&out, b"BANLI_TEST_PANIC=1: a forced panic");
    assert_eq!(message.len(), 1, "the panic's message is printed: {:?}", tail(&out));
    assert!(message[0] > leave[0] && message[0] > show[0], "the message comes after the restore: {:?}", tail(&out));
    assert!(find(&out, ENTER)[0] < leave[0]);
}
