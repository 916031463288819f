//! Running the `sitrep` binary in the CLI tests (`mod common;` in each test file).
#![allow(dead_code)] // each test file uses its own part

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Exit code and output of one run.
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `sitrep ARGS` in `dir`, with `stdin` piped in when given. Fails the test when
/// sitrep panicked or reported an internal error.
pub fn sitrep_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    cmd.args(args)
        .current_dir(dir)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("sitrep starts");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin pipe");
        let data = input.to_vec();
        // Write from a thread so that a large input cannot deadlock against stdout.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&data);
        });
    }
    let out = child.wait_with_output().expect("sitrep runs");
    let o = Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !o.stderr.contains("panicked") && !o.stderr.contains("internal error"),
        "sitrep panicked:\n{}",
        o.stderr
    );
    o
}

/// Runs `sitrep ARGS` in `dir` with no standard input.
pub fn sitrep(dir: &Path, args: &[&str]) -> Out {
    sitrep_in(dir, args, None)
}

/// The documents printed by `extract --format documents`.
pub fn documents(o: &Out) -> Vec<sitrep_model::Document> {
    o.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a document ({e}): {l}")))
        .collect()
}
