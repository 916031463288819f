//! The progress bar of `extract` and `ingest` on a terminal: documents done, input bytes read
//! out of the inputs' total, MB/s and the time left. When standard error is not a terminal
//! (a log file, a pipe, the tests) nothing is drawn, so logs stay clean.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sitrep_input::BytesRead;
use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

/// Progress over the inputs of one command, input after input.
pub struct Progress {
    bar: ProgressBar,
    /// Bytes read from the inputs already finished.
    done: u64,
    /// The count of the input being read.
    current: BytesRead,
}

/// The bytes the inputs hold, when every input is a local file or directory (URLs and
/// standard input have no size known in advance).
pub fn total_size(inputs: &[impl AsRef<Path>]) -> Option<u64> {
    inputs
        .iter()
        .map(|i| {
            let p = i.as_ref();
            if crate::source::is_url(p) {
                None
            } else {
                sitrep_input::input_size(p)
            }
        })
        .sum()
}

impl Progress {
    /// A bar on standard error when it is a terminal and `show` holds; else one that draws
    /// nothing. `total`: the input bytes to read, for the bar and the time left.
    pub fn on_stderr(show: bool, total: Option<u64>) -> Progress {
        if show && std::io::stderr().is_terminal() {
            let p = Progress::with_target(ProgressDrawTarget::stderr(), total);
            p.bar.enable_steady_tick(Duration::from_millis(200));
            p
        } else {
            Progress::with_target(ProgressDrawTarget::hidden(), total)
        }
    }

    fn with_target(target: ProgressDrawTarget, total: Option<u64>) -> Progress {
        let bar = ProgressBar::with_draw_target(total, target);
        let template = match total {
            Some(_) => "{spinner} {prefix} documents{msg} [{wide_bar}] {decimal_bytes}/{decimal_total_bytes}, {decimal_bytes_per_sec}, ETA {eta}",
            None => "{spinner} {prefix} documents{msg}; {decimal_bytes} read, {decimal_bytes_per_sec}",
        };
        // The templates are constants: a bad one is a bug caught by the tests below.
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix("0");
        Progress {
            bar,
            done: 0,
            current: BytesRead::default(),
        }
    }

    /// The next input is read through `read`.
    pub fn start_input(&mut self, read: BytesRead) {
        self.done += self.current.get();
        self.current = read;
    }

    /// Moves the bar to the bytes read so far (called when a batch is done: the reader is
    /// then at most a buffer ahead of the documents done).
    fn update_read(&self) {
        self.bar.set_position(self.done + self.current.get());
    }

    /// `documents` documents done; `msg` follows the count (", 12 stored").
    pub fn documents(&self, documents: u64, msg: String) {
        self.update_read();
        self.bar.set_prefix(documents.to_string());
        self.bar.set_message(msg);
    }

    /// Runs `f` (which prints a diagnostic) with the bar out of the way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    /// Says what is happening after the inputs are read ("updating sites").
    pub fn status(&self, msg: &str) {
        self.bar.set_message(format!(", {msg}"));
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use indicatif::TermLike;
    use std::sync::{Arc, Mutex};

    /// A terminal that keeps what is written to it.
    #[derive(Debug, Clone, Default)]
    struct Screen(Arc<Mutex<Vec<String>>>);

    impl TermLike for Screen {
        fn width(&self) -> u16 {
            100
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.write_str(s)
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            if !s.trim().is_empty() {
                self.0.lock().unwrap().push(s.to_string());
            }
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn last_line(screen: &Screen) -> String {
        screen.0.lock().unwrap().last().cloned().unwrap_or_default()
    }

    #[test]
    fn the_bar_shows_documents_bytes_rate_and_time_left() {
        let screen = Screen::default();
        let target = ProgressDrawTarget::term_like_with_hz(Box::new(screen.clone()), 1);
        let mut p = Progress::with_target(target, Some(3_000_000));
        let first = BytesRead::default();
        p.start_input(first.clone());
        first.add(1_000_000);
        p.documents(120, ", 118 stored".into());
        let second = BytesRead::default();
        p.start_input(second.clone());
        second.add(500_000);
        p.documents(180, ", 170 stored".into());
        p.bar.abandon(); // draws the bar as it stands
        let line = last_line(&screen);
        assert!(line.contains("180 documents, 170 stored ["), "{line}");
        assert!(line.contains("1.50 MB/3.00 MB, "), "{line}");
        assert!(line.contains("B/s, ETA "), "{line}");
        assert!(line.chars().count() <= 100, "{line}");
    }

    #[test]
    fn without_a_total_the_bar_counts_what_was_read() {
        let screen = Screen::default();
        let target = ProgressDrawTarget::term_like_with_hz(Box::new(screen.clone()), 1);
        let mut p = Progress::with_target(target, None);
        let read = BytesRead::default();
        p.start_input(read.clone());
        read.add(2_500_000);
        p.documents(7, String::new());
        p.bar.abandon(); // draws the bar as it stands
        let line = last_line(&screen);
        assert!(line.contains("7 documents; 2.50 MB read, "), "{line}");
        assert!(!line.contains("ETA"), "{line}");
    }

    #[test]
    fn total_size_needs_every_input_local() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.txt");
        std::fs::write(&f, "Troops withdrew.").unwrap();
        assert_eq!(total_size(&[&f, &f]), Some(32));
        let url = Path::new("https://example.org/rss");
        assert_eq!(total_size(&[f.as_path(), url]), None);
        assert_eq!(total_size(&[Path::new("-")]), None);
    }
}
