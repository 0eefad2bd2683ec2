//! The command line: clap types, and the dispatch from a parsed command to
//! `commands::<verb>::run`. Nothing else lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::commands::{self, Context, GlobalOptions};
use crate::error::Result;

/// Schema migrations for Rust projects, in the style of Alembic.
#[derive(Debug, Parser)]
#[command(name = "revise", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct Global {
    /// Config file.
    #[arg(short = 'c', long = "config", global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Database URL; overrides [database] url.
    #[arg(
        long,
        global = true,
        value_name = "URL",
        env = "REVISE_URL",
        hide_env_values = true
    )]
    url: Option<String>,
    /// Print every SQL statement as it runs.
    #[arg(long, global = true)]
    echo: bool,
    /// Print only data and errors.
    #[arg(short = 'q', long, global = true)]
    quiet: bool,
    /// Never prompt; take the default answers.
    #[arg(long, global = true)]
    no_input: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a migration environment (DIR, default "migrations") and alembic.toml.
    Init {
        /// Directory of the new environment.
        #[arg(default_value = "migrations")]
        dir: PathBuf,
    },
    /// Write a new, empty revision file.
    Revision {
        /// Message (also the file name's slug).
        #[arg(short, long)]
        message: String,
        /// Revision to build on (default: the single head); `base` starts a new root.
        #[arg(long)]
        head: Option<String>,
        /// Allow --head to name a revision that is not a head (start a branch).
        #[arg(long)]
        splice: bool,
        /// Label the new revision's branch.
        #[arg(long = "branch-label")]
        branch_label: Vec<String>,
        /// Revisions that must be applied first, without being parents.
        #[arg(long = "depends-on")]
        depends_on: Vec<String>,
        /// Use this id instead of a random one.
        #[arg(long = "rev-id")]
        rev_id: Option<String>,
        /// Fill the revision from a comparison of the database with the models.
        #[arg(long)]
        autogenerate: bool,
        /// With --autogenerate: decide a rename (old=new or table.old=new).
        #[arg(long = "rename", requires = "autogenerate")]
        rename: Vec<String>,
        /// With --autogenerate: print the revision instead of writing it.
        #[arg(long, requires = "autogenerate")]
        sql: bool,
    },
    /// Compare the database with the models and write a revision for the difference.
    Autogenerate {
        /// Message (also the file name's slug).
        #[arg(short, long)]
        message: String,
        /// Revision to build on (default: the single head).
        #[arg(long)]
        head: Option<String>,
        /// Allow --head to name a revision that is not a head.
        #[arg(long)]
        splice: bool,
        /// Label the new revision's branch.
        #[arg(long = "branch-label")]
        branch_label: Vec<String>,
        /// Use this id instead of a random one.
        #[arg(long = "rev-id")]
        rev_id: Option<String>,
        /// Treat a disappearing table or column as renamed: old=new or table.old=new.
        #[arg(long = "rename")]
        rename: Vec<String>,
        /// Print the revision instead of writing it.
        #[arg(long)]
        sql: bool,
    },
    /// Exit 0 if the database matches the models, 1 (with a diff) if it drifts.
    Check,
    /// Print the database's schema as DDL, or with --json in the JSON model format.
    Schema {
        /// Print the JSON model format.
        #[arg(long)]
        json: bool,
    },
    /// Apply revisions up to TARGET (default: head).
    Upgrade {
        /// head, heads, an id or prefix, +N, REV+N, label@head, label@REV, label@+N; FROM:TO with --sql.
        #[arg(default_value = "head", allow_hyphen_values = true)]
        target: String,
        /// Print the SQL instead of running it (no connection).
        #[arg(long)]
        sql: bool,
    },
    /// Take revisions away down to TARGET.
    Downgrade {
        /// base, an id or prefix, -N, REV-N, head-N, label@base, label@REV, label@head-N, label@-N; FROM:TO with --sql.
        #[arg(allow_hyphen_values = true)]
        target: String,
        /// Print the SQL instead of running it (no connection).
        #[arg(long)]
        sql: bool,
    },
    /// Show the database's current revision(s).
    Current {
        /// Show paths and when each was applied.
        #[arg(short, long)]
        verbose: bool,
        /// Exit 1 unless the database is at the script heads.
        #[arg(long)]
        check: bool,
    },
    /// List revisions, newest first.
    History {
        /// Range FROM:TO (either side optional).
        #[arg(short = 'r', long, allow_hyphen_values = true)]
        rev_range: Option<String>,
        /// Show every field.
        #[arg(short, long)]
        verbose: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Read the database and mark applied revisions, when, and failures.
        #[arg(short = 'i', long = "indicate-current")]
        indicate_current: bool,
    },
    /// List the script heads.
    Heads {
        /// Show parents and paths.
        #[arg(short, long)]
        verbose: bool,
    },
    /// List branch points and their branches.
    Branches {
        /// Show parents.
        #[arg(short, long)]
        verbose: bool,
    },
    /// Show one revision.
    Show {
        /// Revision id, prefix or label.
        rev: String,
    },
    /// Record revisions as current without running SQL (also after repairing a failure).
    Stamp {
        /// Revisions (or base, head, heads); FROM:TO as the first with --sql.
        /// (No hyphen values: a relative target cannot be stamped, and flags
        /// such as -q may follow the list.)
        #[arg(required = true)]
        revisions: Vec<String>,
        /// Replace every row, including ones no file defines.
        #[arg(long)]
        purge: bool,
        /// Print the SQL instead of running it.
        #[arg(long)]
        sql: bool,
    },
    /// Write a revision that joins two or more heads.
    Merge {
        /// Revisions to join (e.g. `heads`).
        #[arg(required = true)]
        revisions: Vec<String>,
        /// Message.
        #[arg(short, long)]
        message: String,
        /// Label the merge revision.
        #[arg(long = "branch-label")]
        branch_label: Vec<String>,
        /// Use this id instead of a random one.
        #[arg(long = "rev-id")]
        rev_id: Option<String>,
    },
    /// Accept edited revision files: record their current checksums.
    Rehash {
        /// Revisions (default: every applied revision whose file changed).
        revisions: Vec<String>,
    },
}

/// Runs a parsed command line and returns the exit code for a clean outcome.
pub fn run(cli: Cli) -> Result<u8> {
    let g = cli.global;
    let options = GlobalOptions {
        config: g.config,
        url: g.url,
        echo: g.echo,
        quiet: g.quiet,
        no_input: g.no_input,
    };
    if let Command::Init { dir } = &cli.command {
        return commands::init::run(&options, dir);
    }
    let ctx = match cli.command {
        Command::Schema { .. } => Context::load_or_defaults(options)?,
        _ => Context::load(options)?,
    };
    match cli.command {
        Command::Init { .. } => unreachable!("handled above"),
        Command::Revision {
            message,
            head,
            splice,
            branch_label,
            depends_on,
            rev_id,
            autogenerate,
            rename,
            sql,
        } => {
            let revision = commands::revision::RevisionOptions {
                message,
                head,
                splice,
                branch_labels: branch_label,
                depends_on,
                rev_id,
            };
            if autogenerate {
                commands::autogenerate::run(
                    &ctx,
                    &commands::autogenerate::AutogenerateOptions {
                        revision,
                        sql,
                        renames: rename,
                    },
                )
            } else {
                commands::revision::run(&ctx, &revision)
            }
        }
        Command::Autogenerate {
            message,
            head,
            splice,
            branch_label,
            rev_id,
            rename,
            sql,
        } => commands::autogenerate::run(
            &ctx,
            &commands::autogenerate::AutogenerateOptions {
                revision: commands::revision::RevisionOptions {
                    message,
                    head,
                    splice,
                    branch_labels: branch_label,
                    depends_on: Vec::new(),
                    rev_id,
                },
                sql,
                renames: rename,
            },
        ),
        Command::Check => commands::check::run(&ctx),
        Command::Schema { json } => commands::schema::run(&ctx, json),
        Command::Upgrade { target, sql } => commands::upgrade::run(&ctx, &target, sql),
        Command::Downgrade { target, sql } => commands::downgrade::run(&ctx, &target, sql),
        Command::Current { verbose, check } => commands::current::run(&ctx, verbose, check),
        Command::History {
            rev_range,
            verbose,
            json,
            indicate_current,
        } => commands::history::run(
            &ctx,
            &commands::history::HistoryOptions {
                range: rev_range,
                verbose,
                json,
                indicate_current,
            },
        ),
        Command::Heads { verbose } => commands::heads::run(&ctx, verbose),
        Command::Branches { verbose } => commands::branches::run(&ctx, verbose),
        Command::Show { rev } => commands::show::run(&ctx, &rev),
        Command::Stamp {
            revisions,
            purge,
            sql,
        } => commands::stamp::run(&ctx, &revisions, purge, sql),
        Command::Merge {
            revisions,
            message,
            branch_label,
            rev_id,
        } => commands::merge::run(&ctx, &revisions, &message, &branch_label, rev_id),
        Command::Rehash { revisions } => commands::rehash::run(&ctx, &revisions),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn a_global_flag_may_follow_stamps_revisions() {
        let cli = Cli::try_parse_from(["revise", "stamp", "ab12", "cd34", "-q"]).unwrap();
        let Command::Stamp { revisions, .. } = cli.command else {
            panic!("not stamp")
        };
        assert_eq!(revisions, ["ab12", "cd34"]);
        assert!(cli.global.quiet);
    }
}
