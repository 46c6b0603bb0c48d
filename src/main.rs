//! The `brief` command line: parses arguments and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use brief::config::ConfigOverrides;
use brief::site::SiteOptions;
use brief::{BuildOptions, Diagnostics};

/// A static-site generator for bilingual (Simplified Chinese + English)
/// policy briefs.
#[derive(Debug, Parser)]
#[command(
    name = "brief",
    version,
    about,
    long_about = None,
    after_help = concat!(
        "Commands and their options:\n",
        "  brief build [--root DIR] [--output DIR] [--base-url URL] [--drafts]\n",
        "    --root DIR        the site root holding config.toml (default: the current directory)\n",
        "    --output DIR      where to write the site (default: public/ under the root)\n",
        "    --base-url URL    override config.toml's base_url for one build\n",
        "    --drafts          also render pages marked `draft = true`\n",
        "    --warn-broken-links  report broken internal links as warnings\n",
        "\nRun `brief build --help` for details.",
    )
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render the site into the output directory (public/ by default).
    ///
    /// The build writes into a temporary directory beside the output and
    /// replaces the output only when every page rendered: a failed build
    /// leaves the previous output exactly as it was.
    Build(BuildArgs),
}

#[derive(Debug, Args)]
struct BuildArgs {
    /// The site root: the directory holding config.toml, content/ and themes/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Where to write the site [default: public/ under the root].
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Use this base URL instead of config.toml's `base_url` for this build,
    /// e.g. https://user.github.io/repo/.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Also render pages whose front matter says `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Report broken internal links and anchors as warnings instead of
    /// failing the build (while drafting; never for publishing).
    #[arg(long)]
    warn_broken_links: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => run_build(args),
    }
}

fn run_build(args: BuildArgs) -> ExitCode {
    let options = BuildOptions {
        site: SiteOptions {
            root: args.root,
            overrides: ConfigOverrides {
                base_url: args.base_url,
            },
            drafts: args.drafts,
        },
        output: args.output,
        warn_broken_links: args.warn_broken_links,
    };
    match brief::build(&options) {
        Ok(summary) => {
            for warning in &summary.warnings {
                eprintln!("warning: {}", warning.full_message());
            }
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(problems) => report(&problems),
    }
}

/// Prints every problem with its cause chain and returns the failure code.
fn report(problems: &Diagnostics) -> ExitCode {
    for problem in problems.iter() {
        eprintln!("error: {}", problem.full_message());
    }
    if problems.len() > 1 {
        eprintln!("{} problems found; nothing was written", problems.len());
    } else {
        eprintln!("nothing was written");
    }
    ExitCode::FAILURE
}
