//! The command line (`banli --help`).
pub mod audit;
pub mod docs;
pub mod doctor;
pub mod evaluate;
pub mod migrate;
pub mod stress;
pub mod transfer;
pub mod user;

use crate::data::{self, DataSet};
use crate::domain::access::AccountRole;
use crate::store::{self, Store};
use crate::text::Lang;
use anyhow::{bail, Context, Result};
use clap::{CommandFactory, Parser, Subcommand};
use std::path::{Path, PathBuf};

/// banli (办理): the ledger for NPC deputy suggestions (人大代表建议) and CPPCC member
/// proposals (政协提案). Without a command it opens the full-screen ledger.
#[derive(Debug, Parser)]
#[command(name = "banli", version, about, long_about = None)]
pub struct Cli {
    /// Database file / 数据库文件 [default: <user data dir>/banli/banli.db, or $BANLI_DB]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Build a fresh demo database from data/demo/ and open it / 生成演示数据库并打开
    #[arg(long)]
    pub demo: bool,

    /// Enter on behalf of NAME: the audit trail records "ACCOUNT 代 NAME" (office administrators and clerks) / 代录入人
    #[arg(long, global = true, value_name = "NAME")]
    pub operator: Option<String>,

    /// Interface language / 界面语言
    #[arg(long, global = true, value_name = "zh|en", default_value = "zh")]
    pub lang: Lang,

    /// A keymap file whose bindings override the defaults / 自定义键位文件
    #[arg(long, value_name = "FILE")]
    pub keymap: Option<PathBuf>,

    /// Draw borders with plain ASCII (for terminals that draw box lines two cells wide) / ASCII 边框
    #[arg(long)]
    pub ascii: bool,

    /// Folder with the office's own rules.toml and holidays/ [default: the database's folder] / 规则目录
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// The folder the export form offers (the config file's `export_dir`).
    #[arg(skip)]
    pub export_dir: Option<PathBuf>,

    /// The effective settings, after [`configure`].
    #[arg(skip)]
    pub settings: Option<crate::config::Effective>,

    /// The ledger's columns (the config file's `ledger_columns`); empty: the default ones.
    #[arg(skip)]
    pub ledger_columns: Vec<crate::tui::columns::Column>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty database / 新建空数据库
    Init,
    /// Build the demo database at --db and exit / 生成演示数据库
    Demo,
    /// Check or show the audit trail / 审计记录
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Manage users and their roles (administrators) / 用户与角色
    #[command(subcommand)]
    User(UserCommand),
    /// Check the set-up: file and folder modes, locale, integrity, audit chain, backup age / 体检
    Doctor,
    /// Print the effective settings and where each came from (flag, $BANLI_DB, config file, default) / 显示生效的设置及来源
    ///
    /// Config files: $XDG_CONFIG_HOME/banli/config.toml (or ~/.config/banli/config.toml), then
    /// /etc/banli/config.toml; keys db, lang, keymap, ascii, export_dir.
    Config,
    /// Print a shell completion script, e.g. banli completions bash > /etc/bash_completion.d/banli / 生成命令补全脚本
    Completions {
        /// bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. banli man > /usr/local/share/man/man1/banli.1 / 生成手册页
    Man,
    /// Copy the ledger at --db onto an empty PostgreSQL database, then compare rows, the audit chain and the figures / 迁移到 PostgreSQL
    Migrate {
        /// The target: postgres://USER@HOST/DATABASE
        #[arg(long)]
        to: String,
    },
    /// Fault-test helpers (for tests/faults.rs)
    #[command(subcommand, hide = true)]
    Stress(StressCommand),
    /// Search items, deputies and members, and units, print the ranked results and exit / 快速搜索
    ///
    /// Chinese fragments (老旧), names (马均), numbers (25 = 第25号 = 0025), pinyin and its
    /// initials (ljxq, zhujian, zj); several words must all match, in any order (住建 老旧).
    Search {
        /// What to look for / 搜索内容
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// At most this many results / 最多显示条数
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Print JSON instead of tab-separated lines / 输出 JSON
        #[arg(long)]
        json: bool,
    },
    /// Measure start-up, search, frames and exports on generated ledgers (see src/bench.rs) / 性能测量
    #[command(hide = true)]
    Bench(crate::bench::BenchArgs),
    /// Write a synthetic ledger of N items into a new database, for benchmarks and tests / 生成测试台账
    Gen {
        /// How many items / 件数
        #[arg(long, value_name = "N")]
        items: usize,
        /// Seed: the same seed and size give the same ledger / 随机种子
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Import an Excel (.xlsx/.xls) or CSV list or ledger / 导入 Excel 或 CSV 清单、台账
    Import {
        /// The file / 文件
        file: PathBuf,
        /// The meeting every row belongs to, e.g. 区政协十五届二次会议 (else the file's 届次 column) / 会议名称
        #[arg(long, value_name = "NAME")]
        meeting: Option<String>,
        /// Check and report only; change nothing / 只检查,不写入
        #[arg(long)]
        dry_run: bool,
        /// Create units the file names that match no known unit / 新建不认识的单位
        #[arg(long)]
        create_units: bool,
        /// Confirm a guess: the name as written = a unit's name or short name (repeatable) / 确认单位对应
        #[arg(long, value_name = "WRITTEN=UNIT")]
        map_unit: Vec<String>,
    },
    /// Export the ledger, statistics or public replies as .xlsx or .csv / 导出台账、统计表或公开答复
    Export {
        /// xlsx or csv
        #[arg(long, value_name = "xlsx|csv", default_value = "xlsx")]
        format: String,
        /// Only this meeting (by name) / 只导出该会议
        #[arg(long, value_name = "NAME")]
        meeting: Option<String>,
        /// ledger (台账), stats (统计表) or public (公开答复)
        #[arg(long, value_name = "ledger|stats|public", default_value = "ledger")]
        what: String,
        /// The file to write, or - for standard output [default: banli-<what>-<date>.<format> in the export folder] / 输出文件(- 为标准输出)
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
        /// CSV encoding: utf-8 (with BOM) or gbk / CSV 编码
        #[arg(long, value_name = "utf-8|gbk", default_value = "utf-8")]
        encoding: String,
        /// The export folder [default: $BANLI_EXPORT_DIR, else the database's folder] / 导出目录
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
    /// Write the work report's figures section (md or docx) / 生成办理情况报告的数字部分
    Report {
        /// Only this meeting (by name) / 只统计该会议
        #[arg(long, value_name = "NAME")]
        meeting: Option<String>,
        /// md or docx
        #[arg(long, value_name = "md|docx", default_value = "md")]
        format: String,
        /// The file to write [default: stdout for md, banli-report-<date>.docx in the export folder] / 输出文件
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The export folder [default: $BANLI_EXPORT_DIR, else the database's folder] / 导出目录
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
    /// Back up the database with SQLite's online backup (safe while clerks work) / 在线备份数据库
    Backup {
        /// A folder (a dated file is written in it) or a new file / 备份目录或新文件
        dest: PathBuf,
    },
    /// Write the office's documents as .docx in the official layout / 生成公文(交办函、催办通知、排名通报、答复函、告知单)
    ///
    /// assignment-letters: one letter per unit with its items by role and the rules;
    /// reminders: one notice per unit with overdue or due-soon work; ranking: the ranking
    /// notice; reply-draft: a unit's reply-letter frame for --item; proposer-sheets: one
    /// sheet per deputy or member (--person for one), with an index.
    Docs {
        /// assignment-letters | reminders | ranking | reply-draft | proposer-sheets
        kind: String,
        /// Only this meeting (by name) / 只含该会议
        #[arg(long, value_name = "NAME")]
        meeting: Option<String>,
        /// Only this unit (full or short name) / 只含该单位
        #[arg(long, value_name = "UNIT")]
        unit: Option<String>,
        /// One deputy or member (proposer sheets) / 代表或委员姓名
        #[arg(long, value_name = "NAME")]
        person: Option<String>,
        /// The item's number (reply draft; with --meeting when numbers repeat) / 件的编号
        #[arg(long, value_name = "NUMBER")]
        item: Option<String>,
        /// The document's number in the office's sequence (else left blank) / 发文序号
        #[arg(long, value_name = "N")]
        seq: Option<u32>,
        /// The folder to write into / 输出目录
        #[arg(long, short, value_name = "DIR")]
        out: PathBuf,
    },
    /// The units' year-end evaluation, excellent-item candidates and the commendation list
    /// (md, xlsx or docx); `mark` and `commend` record the office's decisions / 办理工作考评
    Evaluate {
        #[command(subcommand)]
        action: Option<EvaluateCommand>,
        /// The year (its meetings' items) [default: the latest meeting's] / 考评年度
        #[arg(long, global = true, value_name = "YEAR")]
        year: Option<i32>,
        /// md, xlsx or docx
        #[arg(long, value_name = "md|xlsx|docx", default_value = "md")]
        format: String,
        /// The file to write [default: stdout for md, banli-evaluation-<year>.<format>] / 输出文件
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The document's number in the office's sequence (docx) / 发文序号
        #[arg(long, value_name = "N")]
        seq: Option<u32>,
    },
    /// The office's order of units (承办单位排序), used wherever units are listed
    #[command(subcommand)]
    Unit(UnitCommand),
    /// Record public replies as published (统一公开): the items named, or every item with an
    /// approved public reply not yet published; ends their publish_reply deadline / 记录答复已公开
    Publish {
        /// Only this meeting (by name) / 只处理该会议
        #[arg(long, value_name = "NAME")]
        meeting: Option<String>,
        /// The day they were published [default: today] / 公开日期
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Item numbers (with --meeting when numbers repeat across meetings) / 编号
        numbers: Vec<String>,
    },
    /// Archive a meeting at year end: its items become read-only (administrators; asks
    /// first, showing how many items are open) / 归档会议(只读;管理员;先确认)
    Archive {
        /// The meeting's name / 会议名称
        #[arg(long, value_name = "NAME")]
        meeting: String,
        /// Do not ask: archive at once (needed when there is no terminal to answer) / 不再询问
        #[arg(long)]
        yes: bool,
        /// Reverse an earlier archiving (needs --reason) / 撤销归档(须 --reason)
        #[arg(long)]
        undo: bool,
        /// Why the archiving is reversed, kept in the audit trail / 撤销归档的理由
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum EvaluateCommand {
    /// Add (or, negative, take off) points to a unit's evaluation, with the reason (office
    /// clerks) / 办公室加减分(须写理由)
    Mark {
        /// The unit (full or short name) / 单位
        #[arg(long, value_name = "UNIT")]
        unit: String,
        /// Points, e.g. 2 or -1.5 / 分值
        #[arg(long, allow_hyphen_values = true, value_name = "POINTS")]
        points: f64,
        /// Why (required; kept with the mark and in the audit trail) / 理由(必填)
        #[arg(long, value_name = "TEXT", default_value = "")]
        reason: String,
    },
    /// Withdraw a mark by hand, by the number `banli evaluate` lists (第N条) / 撤销加减分
    Unmark {
        #[arg(value_name = "N")]
        id: i64,
    },
    /// Put an item (优秀提案/优秀建议) or a unit (先进承办单位) on the commendation list, or
    /// take entry N off it (--remove N) / 表彰名单
    Commend {
        /// The item's number (with --meeting when numbers repeat) / 件的编号
        #[arg(long, value_name = "NUMBER")]
        item: Option<String>,
        #[arg(long, value_name = "NAME")]
        meeting: Option<String>,
        /// A unit (full or short name) / 单位
        #[arg(long, value_name = "UNIT")]
        unit: Option<String>,
        /// A note on the list (required for an item the rule does not propose) / 备注
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
        /// Take entry N (第N条 in `banli evaluate`) off the list instead / 撤出表彰名单
        #[arg(long, value_name = "N")]
        remove: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UnitCommand {
    /// Set the order: the units named (full or short names) come first, in this order; the
    /// others follow by pinyin / 设定单位顺序
    Order {
        /// Units in the office's order
        #[arg(num_args = 0..)]
        units: Vec<String>,
        /// The office's unit list (.xlsx, .xls, .csv: a 单位名称 column, in the order of its 排序/序号
        /// column or of its rows) or a .txt file with one unit a line / 单位名单
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// List the units in the office's order / 按顺序列出单位
    List,
}

#[derive(Debug, Subcommand)]
pub enum StressCommand {
    /// Read-then-save contact logs on the first N items; prints the counts as JSON
    Edit {
        #[arg(long, default_value_t = 50)]
        items: usize,
        #[arg(long, default_value_t = 1000)]
        edits: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Assign every unassigned item in one transaction
    AssignAll,
    /// Close every qualifying entry in one transaction
    CloseAll,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user, or change a user's role / 添加用户或修改角色
    Add {
        /// The OS account name
        account: String,
        /// admin | clerk | unit_clerk | leader
        #[arg(long, value_parser = user::parse_role)]
        role: AccountRole,
        /// A unit a unit clerk works for (name or short name); repeat for several
        #[arg(long = "unit", value_name = "UNIT")]
        units: Vec<String>,
        /// On a PostgreSQL ledger: read the login's password from standard input (without it,
        /// the login has no password: peer or certificate authentication)
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the users / 列出用户
    List,
    /// Remove a user (the record is kept) / 移除用户
    Remove { account: String },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the hash chain and check it against the anchor file and any --head; name the first broken row, a cut tail or a rewrite / 校验审计链
    Verify {
        /// A chain head noted earlier (from a backup, report or export foot): ROW:HASH; repeatable / 之前记下的链头
        #[arg(long = "head", value_name = "N:HASH")]
        heads: Vec<String>,
    },
    /// Write the chain head into the anchor file beside the database (DB.anchor) / 锚定审计链头
    Anchor,
    /// Print one item's history / 显示某件的历史记录
    Show {
        /// The item's number (编号), e.g. 25 or 025
        item: String,
    },
}

/// Who is acting: the real OS account ([`store::identity::acting_account`]); `--operator`
/// and `$USER` do not change it.
pub fn account() -> String {
    store::identity::acting_account()
}

/// Fills in what the command line left out from the config files ([`crate::config`]): the
/// flags win, then `$BANLI_DB` for the database, then the user's file, then the system's.
pub fn configure(cli: &mut Cli, matches: &clap::ArgMatches) -> Result<()> {
    use crate::config::{self, Effective, Files, Flags, Source};
    let given = |id: &str| matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine);
    let flags = Flags {
        db: cli.db.clone(),
        lang: given("lang").then_some(cli.lang),
        keymap: cli.keymap.clone(),
        ascii: given("ascii").then_some(cli.ascii),
    };
    let files = Files::load(&config::places(), cli.lang).map_err(|e| anyhow::anyhow!(e))?;
    let e = Effective::resolve(&flags, std::env::var_os("BANLI_DB").map(PathBuf::from), &files);
    if matches!(e.db.from, Source::File(_)) {
        cli.db = Some(e.db.value.clone());
    }
    cli.lang = e.lang.value;
    cli.keymap.clone_from(&e.keymap.value);
    cli.ascii = e.ascii.value;
    cli.export_dir.clone_from(&e.export_dir.value);
    cli.ledger_columns.clone_from(&e.ledger_columns.value);
    cli.settings = Some(e);
    Ok(())
}

/// The database path: `--db`, else `$BANLI_DB`, else the default under the user's data dir.
pub fn db_path(cli: &Cli) -> PathBuf {
    cli.db.clone().or_else(|| std::env::var_os("BANLI_DB").map(PathBuf::from)).unwrap_or_else(store::default_path)
}

/// The rules and calendar for a database: the shipped ones, overridden from `--data` or
/// the database's own folder.
pub fn load_data(cli: &Cli, db: &Path) -> Result<DataSet> {
    let beside = || if store::server_url(db).is_some() { None } else { db.parent().map(Path::to_path_buf) };
    let dir = cli.data.clone().or_else(beside);
    data::load(dir.as_deref()).map_err(|e| anyhow::anyhow!("{e}"))
}

/// Creates (or opens) the database at `path`, making its folder: `init`, `demo` and `gen` only.
pub fn create(cli: &Cli, path: &Path) -> Result<Store> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty() && store::server_url(path).is_none());
    if let Some(dir) = folder {
        std::fs::create_dir_all(dir).with_context(|| crate::text::say::cannot_create(cli.lang, dir.display()))?;
    }
    open_store(cli, path, Store::open)
}

/// Opens an existing database: every command but `init`, `demo` and `gen`, and the TUI. A
/// missing path is an error that names it; nothing is created.
pub fn open_existing(cli: &Cli, path: &Path) -> Result<Store> {
    if store::server_url(path).is_none() && !path.is_file() {
        bail!(crate::text::say::no_database(cli.lang, path.display()));
    }
    open_store(cli, path, Store::open_existing)
}

type Opener = fn(&Path, &str, DataSet) -> store::Result<Store>;

/// Opens as the real account; then `BANLI_ACT_AS` (administrators only) and `--operator`.
fn open_store(cli: &Cli, path: &Path, opener: Opener) -> Result<Store> {
    let data = load_data(cli, path)?;
    let fail = |e: store::StoreError| anyhow::anyhow!("{}: {}", path.display(), e.message(cli.lang));
    // On a server who acts is the session's login; on a file, the OS account.
    let acting = if store::server_url(path).is_some() { String::new() } else { account() };
    let mut store = opener(path, &acting, data).map_err(fail)?;
    if let Some(other) = std::env::var(store::identity::ACT_AS_VAR).ok().filter(|s| !s.trim().is_empty()) {
        store.act_as(&other).map_err(fail)?;
    }
    if let Some(name) = cli.operator.as_deref() {
        store.set_on_behalf(name).map_err(fail)?;
    }
    Ok(store)
}

/// Removes a database file and its WAL and shared-memory files (only when no SQLite
/// connection of ours has it open).
fn remove_db_files(path: &Path, lang: Lang) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", path.display()));
        if p.exists() {
            std::fs::remove_file(&p).with_context(|| crate::text::say::cannot_remove(lang, p.display()))?;
        }
    }
    Ok(())
}

/// Builds the demo at `path`, replacing an older demo there; refuses to replace a real ledger.
pub fn build_demo(cli: &Cli, path: &Path) -> Result<Store> {
    if store::server_url(path).is_some() {
        // A server's ledger is never dropped by banli: the demo goes into an empty one only.
        let mut store = create(cli, path)?;
        if store.item_count()? > 0 {
            bail!(crate::text::say::demo_server_not_empty(cli.lang, store::server::shown(&path.to_string_lossy())));
        }
        store.load_demo().map_err(|e| anyhow::anyhow!("{}", e.message(cli.lang)))?;
        return Ok(store);
    }
    if path.exists() {
        let old = open_existing(cli, path)?;
        let is_demo = old.meta("demo_built_on").ok().flatten().is_some() || old.item_count().unwrap_or(0) == 0;
        drop(old);
        if !is_demo {
            bail!(crate::text::say::real_ledger(cli.lang, path.display()));
        }
        remove_db_files(path, cli.lang)?;
    }
    let mut store = create(cli, path)?;
    store.load_demo().map_err(|e| anyhow::anyhow!("{}", e.message(cli.lang)))?;
    Ok(store)
}

/// Whether a ledger is already at `path`: the file, or banli's tables on the server.
fn exists(cli: &Cli, path: &Path) -> Result<bool> {
    match store::server_url(path) {
        Some(url) => store::server::has_ledger(url).map_err(|e| anyhow::anyhow!("{}", e.message(cli.lang))),
        None => Ok(path.exists()),
    }
}

/// Runs the command line.
pub fn run(cli: Cli) -> Result<()> {
    // `banli search` starts reading first: its log begins while its store opens.
    if !matches!(cli.command, Some(Command::Search { .. })) {
        crate::logging::init(&db_path(&cli));
    }
    match &cli.command {
        Some(Command::Init) => {
            let path = db_path(&cli);
            if exists(&cli, &path)? {
                bail!(crate::text::say::already_exists(cli.lang, path.display()));
            }
            create(&cli, &path)?;
            println!("{}", path.display());
            Ok(())
        }
        Some(Command::Demo) => {
            let path = db_path(&cli);
            let store = build_demo(&cli, &path)?;
            println!("{} ({} items)", path.display(), store.item_count()?);
            Ok(())
        }
        Some(Command::Audit(cmd)) => audit::run(&cli, cmd),
        Some(Command::Doctor) => {
            let path = db_path(&cli);
            doctor::run(&path, cli.lang, load_data(&cli, &path).map(|d| d.rules.backup.warn_after_days))
        }
        Some(Command::User(cmd)) => user::run(&cli, cmd),
        Some(Command::Migrate { to }) => migrate::run(&cli, to),
        Some(Command::Config) => {
            let flags = crate::config::Flags { db: cli.db.clone(), ..Default::default() };
            let e = match &cli.settings {
                Some(e) => e.clone(),
                None => crate::config::Effective::resolve(&flags, None, &Default::default()),
            };
            print!("{}", e.report(&crate::config::places(), cli.lang));
            Ok(())
        }
        Some(Command::Completions { shell }) => {
            clap_complete::generate(*shell, &mut Cli::command(), "banli", &mut std::io::stdout());
            Ok(())
        }
        Some(Command::Man) => {
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            Ok(())
        }
        Some(Command::Stress(cmd)) => stress::run(&cli, cmd),
        Some(Command::Search { query, limit, json }) => {
            let path = db_path(&cli);
            let results = store::quick_search::search_file(
                &path,
                &query.join(" "),
                *limit,
                || {
                    crate::logging::init(&path);
                    open_existing(&cli, &path)
                },
                |e| anyhow::anyhow!("{}", e.message(cli.lang)),
            )?;
            print!("{}", crate::search::print::format(&results, *json, cli.lang));
            Ok(())
        }
        Some(Command::Bench(args)) => crate::bench::run(&cli, args),
        Some(Command::Gen { items, seed }) => {
            let path = db_path(&cli);
            if exists(&cli, &path)? {
                bail!(crate::text::say::exists_for_gen(cli.lang, path.display()));
            }
            let mut store = create(&cli, &path)?;
            let started = std::time::Instant::now();
            let n = store.generate(*items, *seed).map_err(|e| anyhow::anyhow!("{}", e.message(cli.lang)))?;
            println!(
                "{} ({} items, {} people, {} units, {:.1}s)",
                path.display(),
                n.items,
                n.people,
                n.units,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Some(Command::Import { .. })
        | Some(Command::Export { .. })
        | Some(Command::Report { .. })
        | Some(Command::Backup { .. })
        | Some(Command::Archive { .. })
        | Some(Command::Publish { .. }) => transfer::run(&cli),
        Some(Command::Docs { .. }) | Some(Command::Unit(_)) => docs::run(&cli),
        Some(Command::Evaluate { .. }) => evaluate::run(&cli),
        None => {
            let store = if cli.demo {
                let path = cli.db.clone().unwrap_or_else(|| store::default_path().with_file_name("demo.db"));
                build_demo(&cli, &path)?
            } else {
                open_existing(&cli, &db_path(&cli))?
            };
            let opts = crate::tui::Options {
                lang: cli.lang,
                keymap: cli.keymap.clone(),
                ascii: cli.ascii,
                export_dir: cli.export_dir.clone(),
                ledger_columns: cli.ledger_columns.clone(),
            };
            crate::tui::run(store, opts)
        }
    }
}
