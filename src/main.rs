//! The `revise` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = revise::cli::Cli::parse();
    match revise::cli::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            revise::ui::Ui::new(false).error(&e.to_string());
            ExitCode::from(e.exit_code())
        }
    }
}
