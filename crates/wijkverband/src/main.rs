//! The `wijkverband` binary: the command-line interface (import, regio,
//! buurten, ...) and, later, `serve`, the web app.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_on_a_closed_pipe();
    let args = cli::Args::from_env();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("fout: kan niet starten: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fout: {}", message(&e));
            ExitCode::FAILURE
        }
    }
}

/// Output piped into a reader that stops early (`| head`) ends the program silently, as Unix
/// tools do, instead of a panic with a backtrace at the next write: Rust ignores SIGPIPE and turns
/// the write into an error that `println!` panics on.
fn quiet_on_a_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restoring the default action of a signal at start-up, before any other thread
    // exists, has no preconditions.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// The error and its causes, leaving out causes that only repeat what was said.
fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !out.contains(&text) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&text);
        }
    }
    out
}
