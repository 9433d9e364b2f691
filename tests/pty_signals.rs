//! The real binary in a pseudo-terminal ended by SIGTERM, SIGHUP or SIGQUIT: the terminal
//! comes back as the shell had it (canonical mode and echo on, the alternate screen left,
//! the cursor shown) and the process ends by the signal.
use nix::sys::signal::{kill, Signal};
use nix::sys::termios::{tcgetattr, LocalFlags};
use nix::unistd::Pid;
use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::Read;
use std::os::fd::BorrowedFd;
use std::sync::mpsc;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(20);

fn run_and_signal(sig: Signal) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let pair = native_pty_system()
        .openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_banli"));
    cmd.args(["--demo", "--db", db.to_str().unwrap()]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    cmd.env("BANLI_LOG", "off");
    cmd.cwd(dir.path());
    let mut child = pair.slave.spawn_command(cmd).expect("banli starts");
    drop(pair.slave);
    let fd = pair.master.as_raw_fd().expect("a unix pty");
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut out = Vec::new();
    let start = Instant::now();
    // The ledger is drawn (its status bar names the database) once the terminal is raw.
    while !String::from_utf8_lossy(&out).contains("d.db") {
        match rx.recv_timeout(TIMEOUT.saturating_sub(start.elapsed())) {
            Ok(c) => out.extend(c),
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "no ledger within {TIMEOUT:?}: {}",
                    String::from_utf8_lossy(&out[out.len().saturating_sub(300)..])
                );
            }
        }
    }
    let flags = |fd| tcgetattr(unsafe { BorrowedFd::borrow_raw(fd) }).unwrap().local_flags;
    assert!(!flags(fd).contains(LocalFlags::ICANON), "the app runs in raw mode");
    let pid = child.process_id().expect("a pid") as i32;
    kill(Pid::from_raw(pid), sig).unwrap();
    let (done_tx, done_rx) = mpsc::channel();
    let waiter = std::thread::spawn(move || {
        let status = child.wait();
        let _ = done_tx.send(());
        status
    });
    done_rx.recv_timeout(TIMEOUT).unwrap_or_else(|_| panic!("banli did not end on {sig:?}"));
    let status = waiter.join().unwrap().unwrap();
    assert!(status.signal().is_some() || status.exit_code() == 128 + sig as u32, "{sig:?}: {status:?}");
    let local = flags(fd);
    assert!(local.contains(LocalFlags::ICANON) && local.contains(LocalFlags::ECHO), "{sig:?} left the terminal raw");
    while let Ok(c) = rx.recv_timeout(Duration::from_millis(300)) {
        out.extend(c);
    }
    let tail = String::from_utf8_lossy(&out[out.len().saturating_sub(200)..]).into_owned();
    assert!(tail.contains("\x1b[?1049l"), "{sig:?}: the alternate screen was not left: {tail:?}");
    assert!(tail.contains("\x1b[?25h"), "{sig:?}: the cursor was not shown: {tail:?}");
}

#[test]
fn sigterm_restores_the_terminal() {
    run_and_signal(Signal::SIGTERM);
}

#[test]
fn sighup_restores_the_terminal() {
    run_and_signal(Signal::SIGHUP);
}

#[test]
fn sigquit_restores_the_terminal() {
    run_and_signal(Signal::SIGQUIT);
}
