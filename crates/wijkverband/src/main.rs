//! The `wijkverband` binary: the command-line interface (import, regio,
//! buurten, ...) and, later, `serve`, the web app.

mod cli;

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args = cli::Args::from_env();
    match cli::run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fout: {}", message(&e));
            ExitCode::FAILURE
        }
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
