//! The pool of long-lived Python worker processes: at most `workers` of them, started on
//! demand, each serving one call at a time. A worker that dies, or whose call is cancelled
//! (the execution timed out or its caller went away), is killed and replaced by the next
//! call; only the call it was serving fails.

use rheo_core::cancel;
use rheo_core::ComponentError;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Condvar, Mutex};
use std::time::Duration;
use thiserror::Error;
use tracing::{info, warn};

/// The worker program, run with `python -c`.
const WORKER: &str = include_str!("worker.py");

/// How often a waiting call looks at its cancellation token.
const POLL: Duration = Duration::from_millis(50);

/// Largest answer a worker may send (a frame length beyond it kills the worker).
const MAX_FRAME_BYTES: usize = 1 << 30;

/// How the pool runs Python.
#[derive(Debug, Clone, PartialEq)]
pub struct PythonSettings {
    /// The interpreter (it must import pandas).
    pub interpreter: PathBuf,
    /// Most workers alive at once.
    pub workers: usize,
    /// Address-space limit of each worker (0: none): a component that allocates beyond it
    /// gets a `MemoryError` instead of taking the machine's memory.
    pub memory_limit_bytes: u64,
}

/// Why the pool could not start.
#[derive(Debug, Error)]
pub enum PythonError {
    /// The interpreter could not be started or did not become ready.
    #[error("Python interpreter {interpreter}: {reason}")]
    Start {
        /// The configured interpreter.
        interpreter: String,
        /// What went wrong (its error output, when it wrote one).
        reason: String,
    },
}

/// One worker process and the frames its reader thread hands over.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    frames: Receiver<Option<Vec<u8>>>,
}

impl Worker {
    fn spawn(settings: &PythonSettings, object_key: &str) -> Result<Worker, PythonError> {
        let failed = |reason: String| PythonError::Start {
            interpreter: settings.interpreter.display().to_string(),
            reason,
        };
        let mut child = Command::new(&settings.interpreter)
            .args(["-u", "-c", WORKER])
            .env(
                "RHEO_PYTHON_MEMORY_LIMIT_BYTES",
                settings.memory_limit_bytes.to_string(),
            )
            .env("RHEO_PYTHON_OBJECT_KEY", object_key)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| failed(e.to_string()))?;
        let stdin = child.stdin.take().expect("piped stdin");
        let mut stdout = child.stdout.take().expect("piped stdout");
        let (tx, frames) = mpsc::channel();
        std::thread::Builder::new()
            .name("rheo-python-reader".into())
            .spawn(move || {
                while let Some(frame) = read_frame(&mut stdout) {
                    if tx.send(Some(frame)).is_err() {
                        return;
                    }
                }
                let _ = tx.send(None);
            })
            .map_err(|e| failed(e.to_string()))?;
        let mut worker = Worker {
            child,
            stdin,
            frames,
        };
        match worker.frames.recv_timeout(Duration::from_secs(60)) {
            Ok(Some(_ready)) => Ok(worker),
            _ => {
                worker.kill();
                Err(failed(
                    "the worker did not start (is pandas installed for it? see the log)".into(),
                ))
            }
        }
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Why the worker is gone, for the error message.
    fn death(&mut self) -> String {
        match self.child.wait() {
            Ok(status) => format!("the Python worker died ({status})"),
            Err(e) => format!("the Python worker died ({e})"),
        }
    }
}

fn read_frame(r: &mut impl Read) -> Option<Vec<u8>> {
    let mut head = [0u8; 4];
    r.read_exact(&mut head).ok()?;
    let len = u32::from_be_bytes(head) as usize;
    if len > MAX_FRAME_BYTES {
        return None;
    }
    let mut body = vec![0u8; len];
    r.read_exact(&mut body).ok()?;
    Some(body)
}

/// Idle workers and how many are alive.
#[derive(Default)]
struct State {
    idle: Vec<Worker>,
    live: usize,
}

/// The shared pool.
pub struct PythonPool {
    settings: PythonSettings,
    /// Signs the pickles of Python objects passed between operators (hex, per pool).
    object_key: String,
    state: Mutex<State>,
    freed: Condvar,
    replaced: AtomicU64,
}

/// Counts for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// Workers running a call.
    pub busy: u64,
    /// Workers waiting for one.
    pub idle: u64,
    /// Workers killed or died and replaced since start.
    pub replaced: u64,
}

impl PythonPool {
    /// Starts one worker to check the interpreter (fails at start rather than at the first
    /// request); more start on demand.
    pub fn start(settings: PythonSettings) -> Result<PythonPool, PythonError> {
        let object_key = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        let first = Worker::spawn(&settings, &object_key)?;
        info!(interpreter = %settings.interpreter.display(), workers = settings.workers, "Python workers ready for components without a native implementation");
        Ok(PythonPool {
            state: Mutex::new(State {
                idle: vec![first],
                live: 1,
            }),
            settings: PythonSettings {
                workers: settings.workers.max(1),
                ..settings
            },
            object_key,
            freed: Condvar::new(),
            replaced: AtomicU64::new(0),
        })
    }

    /// The pool's counts now.
    pub fn stats(&self) -> PoolStats {
        let s = self.state.lock().expect("pool lock");
        PoolStats {
            busy: (s.live - s.idle.len()) as u64,
            idle: s.idle.len() as u64,
            replaced: self.replaced.load(Relaxed),
        }
    }

    /// Sends one request frame and returns the answer frame. Waits for a free worker; a
    /// cancelled call kills its worker; a dead worker fails only this call.
    pub fn call(&self, request: &[u8]) -> Result<Vec<u8>, ComponentError> {
        let mut worker = self.checkout()?;
        let mut framed = Vec::with_capacity(request.len() + 4);
        framed.extend_from_slice(&(request.len() as u32).to_be_bytes());
        framed.extend_from_slice(request);
        if worker.stdin.write_all(&framed).is_err() {
            let why = worker.death();
            self.retire(worker);
            return Err(died(why));
        }
        loop {
            match worker.frames.recv_timeout(POLL) {
                Ok(Some(answer)) => {
                    self.checkin(worker);
                    return Ok(answer);
                }
                Ok(None) | Err(RecvTimeoutError::Disconnected) => {
                    let why = worker.death();
                    self.retire(worker);
                    return Err(died(why));
                }
                Err(RecvTimeoutError::Timeout) if cancel::requested() => {
                    worker.kill();
                    self.retire(worker);
                    warn!("a Python worker was killed: its execution was cancelled or timed out");
                    return Err(cancel::cancelled_error());
                }
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
    }

    fn checkout(&self) -> Result<Worker, ComponentError> {
        let mut state = self.state.lock().expect("pool lock");
        loop {
            if let Some(w) = state.idle.pop() {
                return Ok(w);
            }
            if state.live < self.settings.workers {
                state.live += 1;
                drop(state);
                return Worker::spawn(&self.settings, &self.object_key).map_err(|e| {
                    self.state.lock().expect("pool lock").live -= 1;
                    self.freed.notify_one();
                    ComponentError::new("RuntimeError", e.to_string())
                });
            }
            cancel::checkpoint()?;
            state = self.freed.wait_timeout(state, POLL).expect("pool lock").0;
        }
    }

    fn checkin(&self, worker: Worker) {
        self.state.lock().expect("pool lock").idle.push(worker);
        self.freed.notify_one();
    }

    fn retire(&self, _worker: Worker) {
        self.state.lock().expect("pool lock").live -= 1;
        self.replaced.fetch_add(1, Relaxed);
        self.freed.notify_one();
    }

    /// Stops every idle worker (at shutdown; busy ones end with their call).
    pub fn shutdown(&self) {
        let idle = std::mem::take(&mut self.state.lock().expect("pool lock").idle);
        for mut w in idle {
            w.kill();
        }
    }
}

impl std::fmt::Debug for PythonPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PythonPool")
            .field("settings", &self.settings)
            .field("stats", &self.stats())
            .finish()
    }
}

fn died(why: String) -> ComponentError {
    ComponentError::new(
        "RuntimeError",
        format!("{why} while running the component; the worker was replaced"),
    )
}
