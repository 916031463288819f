//! The README's "Using it" block runs as written: every command of its first `sh` block is run
//! from a directory that sees the repository's `data/` and `crates/` (so that the files it
//! writes do not land in the repository), with this build of `sitrep` first on PATH. Commands
//! that need the network, a port or PostgreSQL are not in that block; a line that names a URL
//! is refused here, so that the block stays runnable.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The lines of the first ```sh block after the heading `heading`.
fn sh_block(readme: &str, heading: &str) -> Vec<String> {
    let at = readme
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("README.md has no heading {heading:?}"));
    let rest = &readme[at..];
    let start = rest
        .find("\n```sh\n")
        .expect("an sh block after the heading")
        + "\n```sh\n".len();
    let end = rest[start..].find("\n```").expect("the block's end") + start;
    rest[start..end].lines().map(str::to_string).collect()
}

/// Parses the block into commands (comments and blank lines dropped by the shell itself).
fn commands(block: &[String]) -> Vec<(usize, String)> {
    block
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#')
        })
        .map(|(i, l)| (i + 1, l.clone()))
        .collect()
}

#[test]
fn readme_using_it_block_runs_as_written() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let block = sh_block(&readme, "## Using it");
    let cmds = commands(&block);
    assert!(cmds.len() >= 10, "{block:#?}");
    for (n, line) in &cmds {
        assert!(
            !line.contains("http://") && !line.contains("https://") && !line.contains("postgres://"),
            "line {n} of the block needs the network or PostgreSQL; move it to the next block: {line}"
        );
        assert!(
            line.contains("sitrep "),
            "line {n} runs no sitrep command: {line}"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    for sub in ["data", "crates"] {
        std::os::unix::fs::symlink(
            repo().join(sub).canonicalize().unwrap(),
            dir.path().join(sub),
        )
        .unwrap();
    }
    // One shell runs the block, so that a variable set by one line serves the next; each
    // command's failure is reported with its line.
    let mut script = String::from("set -uo pipefail\n");
    for (n, line) in &cmds {
        script.push_str(&format!(
            "{line}\nstatus=$?; if [ $status -ne 0 ]; then echo \"README block line {n} failed with exit $status\" >&2; exit 1; fi\n"
        ));
    }
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_sitrep"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let out = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(dir.path())
        .env("PATH", path)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("bash runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}\n--- stderr:\n{stderr}\n--- stdout:\n{stdout}",
        stderr
            .lines()
            .find_map(|l| l.strip_prefix("README block line "))
            .and_then(|l| l.split(' ').next()?.parse::<usize>().ok())
            .map(|n| format!("README line: {}", block[n - 1]))
            .unwrap_or_default()
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("internal error"),
        "{stderr}"
    );

    // What the block wrote is there and holds what it says.
    let nonempty = |name: &str| {
        let text = std::fs::read_to_string(dir.path().join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!text.trim().is_empty(), "{name} is empty");
        text
    };
    assert!(nonempty("events.jsonl")
        .lines()
        .all(|l| l.starts_with("{\"doc_id\":")));
    assert!(nonempty("voa-events.jsonl").lines().count() > 100);
    assert!(nonempty("syria.geojson").contains("FeatureCollection"));
    assert!(nonempty("sites.json").contains("prison"));
    assert!(nonempty("sitrep.md").starts_with("# Situation report: Syria"));
    assert!(nonempty("events.csv").starts_with("event_id_cnty,"));
    nonempty("events.geojson");
    assert!(
        stdout.contains("claim 1 ESCAPE"),
        "sitrep event printed:\n{stdout}"
    );
}

#[test]
fn sh_blocks_are_found_and_parsed() {
    let readme = "# x\n\n## Using it\n\ntext\n\n```sh\nsitrep a   # one\n\n# note\nsitrep b\n```\n\n```sh\nsitrep c\n```\n";
    let block = sh_block(readme, "## Using it");
    assert_eq!(block.len(), 4);
    assert_eq!(
        commands(&block),
        [
            (1, "sitrep a   # one".to_string()),
            (4, "sitrep b".to_string())
        ]
    );
}
