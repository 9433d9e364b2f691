use clap::{CommandFactory, FromArgMatches};

fn main() {
    let matches = banli::cli::Cli::command().get_matches();
    let mut cli = banli::cli::Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let result = banli::cli::configure(&mut cli, &matches).and_then(|()| banli::cli::run(cli));
    if let Err(e) = result {
        eprintln!("banli: {e:#}");
        std::process::exit(1);
    }
}
