use clap::Parser;

fn main() {
    let cli = banli::cli::Cli::parse();
    if let Err(e) = banli::cli::run(cli) {
        eprintln!("banli: {e:#}");
        std::process::exit(1);
    }
}
