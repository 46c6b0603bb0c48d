//! The `brief` command line: parses arguments and calls the library.

#[cfg(feature = "serve")]
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Arg, Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use brief::check::CheckOptions;
use brief::config::ConfigOverrides;
use brief::interrupt::Interrupt;
use brief::site::SiteOptions;
use brief::{BuildOptions, Diagnostics};

/// A build allocates and frees many small strings per page (Markdown
/// events, highlighted tokens, template values); mimalloc does that in
/// about a tenth less time than the system allocator (see README,
/// "Benchmark").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A static-site generator for bilingual (Simplified Chinese + English)
/// policy briefs.
#[derive(Debug, Parser)]
#[command(
    name = "brief",
    version,
    about,
    long_about = None,
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
    /// replaces the output only when every page rendered and every internal
    /// link resolved: a failed build leaves the previous output exactly as
    /// it was.
    Build(BuildArgs),
    /// Check the site without writing anything: broken internal links and
    /// anchors, missing translations, UI strings, images and downloads,
    /// unknown and unused indicators. Every problem is reported in one run.
    ///
    /// External links are listed, not fetched, unless --external is given.
    /// Exits with code 1 when there is any problem.
    Check(CheckArgs),
    /// Start a new brief: write a minimal bilingual site (config, a home
    /// page and one section in each language, a data file, the default
    /// theme) into DIR, which must be empty or not exist yet.
    Init(InitArgs),
    /// Preview the site: build it, serve it at http://127.0.0.1:1111/<base
    /// path>/, rebuild when a source changes and reload the open page.
    ///
    /// The preview is built into a temporary directory (public/ is not
    /// touched) for the local origin, under the base URL's path, exactly as
    /// GitHub Pages will serve it. A failed rebuild keeps serving the last
    /// good build and shows the problems in the terminal and over the page.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

/// The options every command that loads a site takes.
#[derive(Debug, Args)]
struct SiteArgs {
    /// The site root: the directory holding config.toml, content/ and themes/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Use this base URL instead of config.toml's `base_url`, such as
    /// https://user.github.io/repo/ (`serve` keeps only its path).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Also render pages whose front matter says `draft = true`.
    #[arg(long)]
    drafts: bool,
}

impl SiteArgs {
    fn into_options(self) -> SiteOptions {
        SiteOptions {
            root: self.root,
            overrides: ConfigOverrides {
                base_url: self.base_url,
            },
            drafts: self.drafts,
        }
    }
}

#[derive(Debug, Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site [default: public/ under the root].
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Report broken internal links and anchors as warnings instead of
    /// failing the build (while drafting; never for publishing).
    #[arg(long)]
    warn_broken_links: bool,
}

#[derive(Debug, Args)]
struct InitArgs {
    /// The directory to create the brief in (created if missing; must be
    /// empty).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Leave out .github/workflows/pages.yml, the GitHub Pages workflow
    /// that builds the brief with this release of brief.
    #[arg(long)]
    no_workflow: bool,
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Fetch every external link and report those that fail.
    #[arg(long)]
    external: bool,
    /// Seconds to wait for each external link with --external.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    timeout: u64,
}

#[cfg(feature = "serve")]
#[derive(Debug, Args)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The address to listen on. Any other than a loopback address lets
    /// other machines read the preview.
    #[arg(long, value_name = "ADDR", default_value_t = brief::serve::DEFAULT_BIND)]
    bind: IpAddr,
    /// The port to listen on (0 picks a free one).
    #[arg(long, value_name = "PORT", default_value_t = brief::serve::DEFAULT_PORT)]
    port: u16,
    /// Open the preview in the default browser.
    #[arg(long)]
    open: bool,
}

fn main() -> ExitCode {
    no_transparent_huge_pages();
    let cli = parse_arguments();
    match cli.command {
        Command::Build(args) => run_build(args),
        Command::Check(args) => run_check(args),
        Command::Init(args) => match brief::init::init(&brief::init::InitOptions {
            dir: args.dir,
            workflow: !args.no_workflow,
        }) {
            Ok(summary) => {
                println!("{summary}");
                ExitCode::SUCCESS
            }
            Err(problems) => report(&problems),
        },
        #[cfg(feature = "serve")]
        Command::Serve(args) => run_serve(args),
    }
}

/// Turns transparent huge pages off for this process (and what it
/// starts). mimalloc asks the kernel for them (`MADV_HUGEPAGE`) on its
/// arenas, and the kernel then zeroes 2 MiB at the first touch of each,
/// however little of it is used: in a cold build of the shipped brief that
/// zeroing was half of all CPU time (perf: `clear_page_erms` under
/// mimalloc's page faults). This is what mimalloc itself does with
/// `MIMALLOC_ALLOW_THP=0`; see README, "Benchmarks", for the figures.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE reads no memory; a kernel
    // without it returns an error, which leaves things as they were.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Parses the command line; the top-level help ends with every command's
/// full usage, made from the same definitions as each command's own help.
fn parse_arguments() -> Cli {
    let command = Cli::command();
    let overview = commands_overview(&command);
    let matches = command.after_help(overview).get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// "Commands and their options": a synopsis of each command with every
/// argument spelt out, then each argument with the first line of its help.
fn commands_overview(command: &clap::Command) -> String {
    let mut text = String::from("Commands and their options:\n");
    for sub in command.get_subcommands() {
        let args: Vec<&Arg> = sub.get_arguments().collect();
        let synopsis: Vec<String> = args.iter().map(|a| synopsis(a)).collect();
        text += &format!("  brief {} {}\n", sub.get_name(), synopsis.join(" "));
        for arg in args {
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            let first = help.split(". ").next().unwrap_or_default();
            text += &format!(
                "      {:<20} {}\n",
                spelling(arg),
                first.trim_end_matches('.')
            );
        }
    }
    text + "\nRun `brief <COMMAND> --help` for the details of each."
}

/// `--port PORT`, `--drafts` or `DIR`.
fn spelling(arg: &Arg) -> String {
    let value = arg
        .get_value_names()
        .and_then(|names| names.first())
        .map(|name| name.to_string());
    match (arg.get_long(), value) {
        (Some(long), Some(value)) if arg.get_action().takes_values() => {
            format!("--{long} {value}")
        }
        (Some(long), _) => format!("--{long}"),
        (None, value) => value.unwrap_or_else(|| arg.get_id().to_string().to_uppercase()),
    }
}

/// An argument as it stands in a synopsis: optional ones in brackets.
fn synopsis(arg: &Arg) -> String {
    if arg.is_required_set() || (arg.is_positional() && arg.get_default_values().is_empty()) {
        spelling(arg)
    } else {
        format!("[{}]", spelling(arg))
    }
}

fn run_build(args: BuildArgs) -> ExitCode {
    let options = BuildOptions {
        site: args.site.into_options(),
        output: args.output,
        warn_broken_links: args.warn_broken_links,
        interrupt: interrupt_on_signals(),
    };
    match brief::build(&options) {
        Err(_) if options.interrupt.is_raised() => {
            eprintln!("interrupted; nothing was written");
            ExitCode::from(130)
        }
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

fn run_check(args: CheckArgs) -> ExitCode {
    let options = CheckOptions {
        site: args.site.into_options(),
        external: args.external,
        timeout: Duration::from_secs(args.timeout),
    };
    let report = brief::check::check(&options);
    if !report.external.is_empty() {
        let state = if report.fetched {
            "fetched"
        } else {
            "not fetched; --external fetches them"
        };
        println!("External links ({}, {state}):", report.external.len());
        for link in &report.external {
            println!("  {}  (on {})", link.url, link.page);
        }
    }
    if report.is_ok() {
        println!(
            "Checked {} pages, {} internal and {} external links: no problems found.",
            report.pages,
            report.internal_links,
            report.external.len()
        );
        return ExitCode::SUCCESS;
    }
    println!("{} found:", problems(report.problems.len()));
    for (i, problem) in report.problems.iter().enumerate() {
        println!("{:>3}. {}", i + 1, problem.full_message());
    }
    ExitCode::FAILURE
}

#[cfg(feature = "serve")]
fn run_serve(args: ServeArgs) -> ExitCode {
    let options = brief::serve::ServeOptions {
        site: args.site.into_options(),
        bind: args.bind,
        port: args.port,
        open: args.open,
        interrupt: interrupt_on_signals(),
        ..brief::serve::ServeOptions::default()
    };
    match brief::serve::run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problems) => {
            for problem in problems.iter() {
                eprintln!("error: {}", problem.full_message());
            }
            ExitCode::FAILURE
        }
    }
}

/// Ctrl-C, SIGTERM and SIGHUP as a flag, for the commands that write
/// temporary directories (`build`, `serve`): they stop at their next step
/// and remove what they wrote. (`check` and `init` keep the default: a
/// signal ends them at once, and they have nothing to clean up.)
fn interrupt_on_signals() -> Interrupt {
    Interrupt::on_signals().unwrap_or_else(|e| {
        eprintln!("warning: cannot handle Ctrl-C ({e}); an interrupted build may leave a temporary directory behind");
        Interrupt::never()
    })
}

/// "1 problem", "3 problems".
fn problems(count: usize) -> String {
    if count == 1 {
        "1 problem".to_string()
    } else {
        format!("{count} problems")
    }
}

/// Prints every problem with its cause chain and returns the failure code.
fn report(problems: &Diagnostics) -> ExitCode {
    for problem in problems.iter() {
        eprintln!("error: {}", problem.full_message());
    }
    if problems.len() > 1 {
        eprintln!(
            "{} found; nothing was written",
            self::problems(problems.len())
        );
    } else {
        eprintln!("nothing was written");
    }
    ExitCode::FAILURE
}
