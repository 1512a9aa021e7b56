//! A progress bar on a terminal; nothing when piped or with --quiet.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

pub struct Bar(ProgressBar);

impl Bar {
    pub fn new(quiet: bool, message: &str) -> Bar {
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let b = ProgressBar::new_spinner();
            b.enable_steady_tick(std::time::Duration::from_millis(120));
            b
        };
        bar.set_message(message.to_string());
        Bar(bar)
    }

    pub fn set_message(&self, m: &str) {
        self.0.set_message(m.to_string());
    }

    /// Turns the spinner into a bar of `len` steps.
    pub fn start(&self, len: u64) {
        wv_store::Progress::total(self, len);
    }

    pub fn set_position(&self, pos: u64) {
        self.0.set_position(pos);
    }

    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl wv_store::Progress for Bar {
    fn total(&self, steps: u64) {
        self.0.set_length(steps);
        self.0.set_position(0);
        self.0.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {percent}% ({eta})")
                .expect("a valid template")
                .progress_chars("=> "),
        );
    }

    fn advance(&self, steps: u64) {
        self.0.inc(steps);
    }
}
