//! Commands that run without a window: `seed-demo`.

use crate::clock::Clock;
use chrono::NaiveDate;
use complaint_core::backup::{RestoreRequest, Restorer};
use complaint_core::model::{Role, User, SYSTEM_USER_ID};
use complaint_core::seal::{AnchorCheck, Keys, SealCheck};
use complaint_core::storage::DB_FILE;
use complaint_core::Desk;
use std::path::PathBuf;

const USAGE: &str = "用法：
  complaint-desk                          启动物业投诉处理台
  complaint-desk seed-demo [--months N] [--data-dir DIR]
                                          生成演示数据（各状态的投诉）
  complaint-desk seed-demo --complaints N [--data-dir DIR]
                                          生成大量演示数据（每月约一万件，如 1000000）
  complaint-desk print form 投诉编号 OUT.pdf [--data-dir DIR]
                                          打印《住户投诉意见表》
  complaint-desk print register 开始日期 结束日期 OUT.pdf [--data-dir DIR]
                                          打印《投诉处置记录表》（日期如 2026-11-01）
  complaint-desk print receipt 投诉编号 OUT.pdf [--data-dir DIR]
                                          打印投诉受理回执
  complaint-desk print blank OUT.pdf [--data-dir DIR]
                                          打印空白《住户投诉意见表》（停电或系统故障时手工登记）
  complaint-desk print handover 月份(2026-11) OUT.pdf [--data-dir DIR]
                                          打印该月最近一次的《投诉档案移交清单》
  complaint-desk report 2026-11 OUT.pdf|OUT.xlsx [--data-dir DIR]
                                          月度投诉统计分析（PDF）或统计表（Excel）
  complaint-desk backup OUT.db [--data-dir DIR]   备份数据库
  complaint-desk restore IN.db [--admin 用户名] [--data-dir DIR]
                                          从备份恢复（原数据库另存，不覆盖）：本安装备份文件夹中的
                                          备份可直接恢复；其他文件须给出该文件的管理员用户名，
                                          密码从标准输入读取
  complaint-desk verify [--data-dir DIR]          检查数据库完整性与审计链，有问题时返回非零
  complaint-desk server-setup 连接串              在中心服务器的 PostgreSQL 数据库上建立或升级投诉台的
                                          结构、角色与权限（以超级用户连接，如
                                          postgres://postgres@服务器/complaintdesk）；终端账号的密码
                                          取自环境变量 COMPLAINTDESK_APP_PASSWORD，未给出时新建账号
                                          会生成一个并显示一次
  complaint-desk migrate --to 连接串 [--from FILE.db] [--data-dir DIR]
                                          把本机数据文件（或 --from 给出的备份文件）整体迁移到刚用
                                          server-setup 建立的中心服务器（投诉、处理记录、审计链、
                                          账号、设置、附件）；先核对审计链，文件本身不改动
  以上命令均可加 --database 连接串，作用于中心服务器上的数据（backup 写出服务器某一时刻的
  一致副本；演示数据只写入尚未使用的服务器；restore 只适用于本机数据文件）；未加时，与窗口一样使用本机设置的
  中心服务器或数据目录中的文件";

fn data_dir(flag: Option<String>) -> Option<PathBuf> {
    flag.map(PathBuf::from)
        .or_else(|| std::env::var_os("COMPLAINTDESK_DATA_DIR").map(PathBuf::from))
        .or_else(|| {
            // Same folder as the window's app_data_dir on Linux (identifier in tauri.conf.json).
            let base = std::env::var_os("XDG_DATA_HOME")
                .map(PathBuf::from)
                .or_else(|| {
                    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share"))
                })?;
            Some(base.join("cn.complaintdesk.desk"))
        })
}

/// The folder of the audit key files: the same as the window's app_config_dir on Linux.
pub fn keys_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("cn.complaintdesk.desk"))
}

/// The center's server named by `--database` for this run.
static DATABASE: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Where this run's data is: `--database`, else as the window finds it (a server in
/// COMPLAINTDESK_DATABASE or the connection file, else the data folder's file).
fn target(dir: &std::path::Path) -> Result<crate::connection::Target, i32> {
    if let Some(url) = DATABASE.get() {
        return Ok(crate::connection::Target::Server(url.clone()));
    }
    let config = keys_dir().unwrap_or_else(|| dir.to_owned());
    crate::connection::target(&config, dir).map_err(|problem| {
        eprintln!("{problem}");
        1
    })
}

/// Says that `what` works on a desk's own file only, and returns the exit code.
fn file_only(what: &str) -> i32 {
    eprintln!("{what}只适用于本机数据文件，不适用于中心服务器上的数据（见 README“Several desks”）");
    1
}

fn keys() -> Result<Keys, i32> {
    keys_dir().map(Keys::new).ok_or_else(|| {
        eprintln!("找不到配置目录（HOME 未设置），无法读取审计密钥");
        2
    })
}

/// Runs a command-line command; `None` means: open the window.
pub fn run(args: &[String]) -> Option<i32> {
    let (cmd, rest) = args.split_first()?;
    let mut months = 3u32;
    let mut complaints = None;
    let mut dir_flag = None;
    let mut admin = None;
    let mut to = None;
    let mut from = None;
    let mut positional = Vec::new();
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--months" => months = it.next().and_then(|v| v.parse().ok()).unwrap_or(0),
            "--complaints" => {
                complaints = Some(it.next().and_then(|v| v.parse().ok()).unwrap_or(0))
            }
            "--data-dir" => dir_flag = it.next().cloned(),
            "--database" => match it.next() {
                Some(url) if crate::connection::is_server_url(url) => {
                    let _ = DATABASE.set(url.clone());
                }
                _ => {
                    eprintln!("--database 须为 PostgreSQL 连接串（如 postgres://complaintdesk_app@服务器/complaintdesk）\n{USAGE}");
                    return Some(2);
                }
            },
            "--admin" if cmd == "restore" => admin = it.next().cloned(),
            "--to" if cmd == "migrate" => to = it.next().cloned(),
            "--from" if cmd == "migrate" => from = it.next().cloned(),
            flag if flag.starts_with("--") => {
                eprintln!("无法识别的参数：{a}\n{USAGE}");
                return Some(2);
            }
            _ => positional.push(a.clone()),
        }
    }
    match cmd.as_str() {
        "seed-demo" if positional.is_empty() => Some(match complaints {
            Some(n) => seed_many(n, dir_flag),
            None => seed_demo(months, dir_flag),
        }),
        "print" => Some(print(&positional, dir_flag)),
        "report" => Some(report(&positional, dir_flag)),
        "backup" | "restore" | "verify" => Some(safety(cmd, &positional, dir_flag, admin)),
        "server-setup" => Some(server_setup(&positional)),
        "migrate" if positional.is_empty() => Some(migrate(to, from, dir_flag)),
        "--help" | "-h" | "help" => {
            println!("{USAGE}");
            Some(0)
        }
        "seed-demo" => {
            eprintln!("{USAGE}");
            Some(2)
        }
        // Anything else (e.g. arguments WebKit or a desktop launcher adds) opens the window.
        _ => None,
    }
}

/// `server-setup URL`: the center's PostgreSQL database made ready for the desks.
fn server_setup(args: &[String]) -> i32 {
    use complaint_core::storage::server;
    let [url] = args else {
        eprintln!("{USAGE}");
        return 2;
    };
    let given = std::env::var("COMPLAINTDESK_APP_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty());
    let mut client = match server::connect(url) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    // A new app role gets a generated password unless one is given; an existing one keeps
    // its password unless one is given.
    let generated = server::new_password();
    let password = given.as_deref().unwrap_or(&generated);
    let exists = match server::app_role_exists(&mut client) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let chosen = if exists {
        given.as_deref()
    } else {
        Some(password)
    };
    match server::setup(&mut client, chosen) {
        Ok(report) => {
            println!(
                "服务器设置完成：数据库结构版本 {}（本次升级 {} 步）。",
                report.version, report.applied
            );
            if report.created_app_role && given.is_none() {
                println!(
                    "已新建终端账号 {}，密码：{generated}\n请妥善保存，此密码只显示这一次；各终端连接时使用该账号。",
                    server::APP_ROLE
                );
            } else {
                println!("终端账号：{}", server::APP_ROLE);
            }
            0
        }
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}

/// `migrate --to URL [--from FILE]`: a desk's file moved whole onto a fresh server.
fn migrate(to: Option<String>, from: Option<String>, dir_flag: Option<String>) -> i32 {
    let Some(url) = to.filter(|u| crate::connection::is_server_url(u)) else {
        eprintln!("--to 须为中心服务器的 PostgreSQL 连接串（如 postgres://complaintdesk_app@服务器/complaintdesk）\n{USAGE}");
        return 2;
    };
    let file = match from {
        Some(f) => PathBuf::from(f),
        None => match data_dir(dir_flag) {
            Some(dir) => dir.join(DB_FILE),
            None => {
                eprintln!("找不到数据目录，请用 --data-dir 指定");
                return 2;
            }
        },
    };
    if !file.is_file() {
        eprintln!("找不到数据文件 {}", file.display());
        return 1;
    }
    let keys = keys().ok();
    let now = Clock::from_env().now();
    match complaint_core::backup::move_to_server(&file, keys.as_ref(), &url, now) {
        Ok(moved) => {
            println!(
                "已将 {} 迁移到中心服务器 {}：{} 件投诉、{} 条处理记录、{} 个账号、{} 条审计记录（审计链两边一致），{} 个附件文件。",
                file.display(),
                crate::connection::shown(&url),
                moved.of("complaints"),
                moved.of("events"),
                moved.of("users"),
                moved.entries,
                moved.files
            );
            println!("原数据文件未改动。请在各工作台用“连接中心服务器”连接该服务器，本机不要再在原文件上登记。");
            0
        }
        Err(e) => {
            if let complaint_core::storage::moving::MoveError::FileCheck(check) = &e {
                print_check(check);
            }
            eprintln!("迁移失败：{e}");
            1
        }
    }
}

fn open_desk(dir_flag: Option<String>) -> Result<Desk, i32> {
    let Some(dir) = data_dir(dir_flag) else {
        eprintln!("找不到数据目录，请用 --data-dir 指定");
        return Err(2);
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("无法创建数据目录 {}：{e}", dir.display());
        return Err(1);
    }
    let keys = keys()?;
    crate::connection::open(&target(&dir)?, keys, Clock::from_env().now()).map_err(|e| {
        eprintln!("无法打开数据库：{e}");
        1
    })
}

/// Where demo data goes.
enum Demo {
    /// The data folder's file, opened: a new desk or a demo desk.
    File(Box<Desk>),
    /// The center's server this run names.
    Server(String),
}

/// The center's server this run names, else the data folder's desk when demo data may go
/// into it (see [`demo_allowed`]), opened.
fn demo_desk(dir_flag: Option<String>) -> Result<Demo, i32> {
    let Some(dir) = data_dir(dir_flag.clone()) else {
        eprintln!("找不到数据目录，请用 --data-dir 指定");
        return Err(2);
    };
    if let Some(url) = target(&dir)?.server() {
        return Ok(Demo::Server(url.to_owned()));
    }
    demo_allowed(dir_flag.clone())?;
    open_desk(dir_flag).map(|desk| Demo::File(Box::new(desk)))
}

/// Demo data for a center's server: made in a scratch file as on a single desk, then moved
/// onto the server by `migrate`'s own code, so only a server not yet in use takes it.
fn seed_server(
    url: &str,
    make: impl FnOnce(&mut Desk, chrono::DateTime<chrono::Utc>) -> complaint_core::desk::Result<String>,
) -> i32 {
    let scratch = std::env::temp_dir().join(format!("complaintdesk-demo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let path = scratch.join(DB_FILE);
    let now = Clock::from_env().now();
    let made = std::fs::create_dir_all(&scratch)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            let mut desk = Desk::open(&path).map_err(|e| e.to_string())?;
            make(&mut desk, now).map_err(|e| e.to_string())
        })
        .and_then(|report| {
            complaint_core::backup::move_to_server(&path, None, url, now)
                .map(|_| report)
                .map_err(|e| e.to_string())
        });
    let _ = std::fs::remove_dir_all(&scratch);
    match made {
        Ok(report) => {
            println!(
                "已在中心服务器 {} 生成演示数据：{report}",
                crate::connection::shown(url)
            );
            0
        }
        Err(e) => {
            eprintln!("生成演示数据失败：{e}");
            1
        }
    }
}

/// Refuses, before opening it (which could change it), a data folder whose database is a
/// center's own desk.
fn demo_allowed(dir_flag: Option<String>) -> Result<(), i32> {
    let Some(dir) = data_dir(dir_flag) else {
        eprintln!("找不到数据目录，请用 --data-dir 指定");
        return Err(2);
    };
    match complaint_core::seed::demo_allowed(&dir.join(DB_FILE)) {
        Ok(true) => Ok(()),
        Ok(false) => {
            eprintln!("{}", complaint_core::DeskError::NotADemoDesk);
            Err(1)
        }
        Err(e) => {
            eprintln!("无法读取 {}：{e}", dir.join(DB_FILE).display());
            Err(1)
        }
    }
}

/// Most complaints `seed-demo --complaints` makes: ten years of a large company.
const MAX_COMPLAINTS: u64 = 2_000_000;

fn seed_many(n: u64, dir_flag: Option<String>) -> i32 {
    if !(1..=MAX_COMPLAINTS).contains(&n) {
        eprintln!("--complaints 须为 1 到 {MAX_COMPLAINTS} 之间的整数\n{USAGE}");
        return 2;
    }
    let mut desk = match demo_desk(dir_flag.clone()) {
        Ok(Demo::File(desk)) => *desk,
        Ok(Demo::Server(url)) => {
            return seed_server(&url, |desk, now| {
                complaint_core::seed::seed_many(desk, n, now)
            })
        }
        Err(code) => return code,
    };
    let started = std::time::Instant::now();
    match complaint_core::seed::seed_many(&mut desk, n, Clock::from_env().now()) {
        Ok(report) => {
            let dir = data_dir(dir_flag).unwrap_or_default();
            println!(
                "已在 {} 生成演示数据（用时 {:.0} 秒）：{report}",
                dir.display(),
                started.elapsed().as_secs_f64()
            );
            0
        }
        Err(e) => {
            eprintln!("生成演示数据失败：{e}");
            1
        }
    }
}

fn seed_demo(months: u32, dir_flag: Option<String>) -> i32 {
    if !(1..=120).contains(&months) {
        eprintln!("--months 须为 1 到 120 之间的整数\n{USAGE}");
        return 2;
    }
    let mut desk = match demo_desk(dir_flag.clone()) {
        Ok(Demo::File(desk)) => *desk,
        Ok(Demo::Server(url)) => {
            return seed_server(&url, |desk, now| {
                complaint_core::seed::seed_demo(desk, months, now)
            })
        }
        Err(code) => return code,
    };
    match complaint_core::seed::seed_demo(&mut desk, months, Clock::from_env().now()) {
        Ok(report) => {
            let dir = data_dir(dir_flag).unwrap_or_default();
            println!("已在 {} 生成演示数据：{report}", dir.display());
            0
        }
        Err(e) => {
            eprintln!("生成演示数据失败：{e}");
            1
        }
    }
}

/// The command line acts as the system (audited as such).
fn system_user() -> User {
    User {
        id: SYSTEM_USER_ID,
        username: "system".into(),
        display_name: "系统（命令行）".into(),
        role: Role::Admin,
        department_id: None,
        // It prints what the desk hands out (the receipt) and what the quality department
        // signs for (the hand-over list), beside the administrator's own work.
        roles: vec![Role::Admin, Role::Receptionist, Role::Quality],
    }
}

/// `backup OUT`, `restore IN`, `verify`.
fn safety(cmd: &str, args: &[String], dir_flag: Option<String>, admin: Option<String>) -> i32 {
    let Some(dir) = data_dir(dir_flag.clone()) else {
        eprintln!("找不到数据目录，请用 --data-dir 指定");
        return 2;
    };
    let live = dir.join(DB_FILE);
    let now = Clock::from_env().now();
    let on_server = match target(&dir) {
        Ok(t) => t.server().is_some(),
        Err(code) => return code,
    };
    match (cmd, args) {
        ("backup", [out]) if on_server => match open_desk(dir_flag) {
            // One consistent moment of the server, as a file a single desk opens.
            Ok(desk) => match complaint_core::storage::moving::server_snapshot(
                desk.connection(),
                std::path::Path::new(out),
            ) {
                Ok(()) => {
                    println!("已将中心服务器的数据备份到 {out}");
                    0
                }
                Err(e) => {
                    eprintln!("备份失败：{e}");
                    1
                }
            },
            Err(code) => code,
        },
        ("restore", _) if on_server => file_only("restore（本机恢复）"),
        ("verify", []) if on_server => match open_desk(dir_flag).and_then(|desk| {
            desk.check().map_err(|e| {
                eprintln!("无法检查中心服务器上的数据库：{e}");
                1
            })
        }) {
            Ok(check) => {
                print_check(&check);
                i32::from(!check.usable())
            }
            Err(code) => code,
        },
        ("backup", [out]) => {
            let desk = match open_desk(dir_flag) {
                Ok(d) => d,
                Err(code) => return code,
            };
            let Some(file) = desk.connection().sqlite() else {
                eprintln!("此命令只适用于本机数据文件");
                return 1;
            };
            match complaint_core::backup::copy_to(file, std::path::Path::new(out)) {
                Ok(()) => {
                    println!("已备份到 {out}");
                    0
                }
                Err(e) => {
                    eprintln!("备份失败：{e}");
                    1
                }
            }
        }
        ("restore", [from]) => {
            let keys = match keys() {
                Ok(k) => k,
                Err(code) => return code,
            };
            let password = match &admin {
                Some(_) => {
                    let mut line = String::new();
                    if std::io::stdin().read_line(&mut line).is_err() {
                        eprintln!("无法读取密码");
                        return 2;
                    }
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
                None => String::new(),
            };
            let by = match &admin {
                Some(username) => Restorer::FileAdministrator {
                    username,
                    password: &password,
                },
                None => Restorer::Nobody,
            };
            let request = RestoreRequest {
                live: &live,
                from: std::path::Path::new(from),
                backups_dir: &dir.join("backups"),
                keys: &keys,
                by,
                now,
                tz: complaint_core::deadline::DeadlinePolicy::default().tz(),
            };
            match complaint_core::backup::restore(&request) {
                Ok(report) => {
                    println!("已从 {from} 恢复（{} 件投诉）", report.check.complaints);
                    if let Some(aside) = report.replaced_kept_at {
                        println!("原数据库已另存为 {aside}");
                    }
                    0
                }
                Err(e) => {
                    eprintln!("恢复失败：{e}");
                    1
                }
            }
        }
        ("verify", []) => match keys().map_err(|_| ()).and_then(|k| {
            complaint_core::backup::check_file(&live, Some(&k)).map_err(|e| {
                eprintln!("无法检查 {}：{e}", live.display());
            })
        }) {
            Ok(check) => {
                print_check(&check);
                let files = complaint_core::storage::backup::open_read_only(&live)
                    .map_err(|e| e.to_string())
                    .and_then(|conn| {
                        complaint_core::attachments::verify(
                            &conn,
                            &complaint_core::attachments::Store::beside(&live),
                        )
                        .map_err(|e| e.to_string())
                    });
                let files_ok = match &files {
                    Ok(problems) if problems.is_empty() => {
                        println!("附件文件：通过");
                        true
                    }
                    Ok(problems) => {
                        println!("附件文件：{} 个有问题", problems.len());
                        for p in problems {
                            let what = match p.state {
                                complaint_core::attachments::FileState::Missing => "缺失",
                                _ => "已被改动",
                            };
                            println!("  {} {}（{}）{what}", p.case_no, p.name, &p.sha256[..12]);
                        }
                        false
                    }
                    Err(e) => {
                        println!("附件文件：无法检查（{e}）");
                        false
                    }
                };
                if check.usable() && files_ok {
                    0
                } else {
                    1
                }
            }
            Err(()) => 1,
        },
        _ => {
            eprintln!("{USAGE}");
            2
        }
    }
}

/// The seal and anchor of a checked file, in one line.
fn seal_line(seal: &SealCheck) -> String {
    match seal {
        SealCheck::Unsealed => "审计密钥：旧版本文件，未加密钥".into(),
        SealCheck::KeyMissing { installation } => format!(
            "审计密钥：本机没有该安装（{installation}）的密钥，无法证明审计日志未被重新计算"
        ),
        SealCheck::Keyed { anchor, .. } => match anchor {
            AnchorCheck::Holds => "锚点：一致".into(),
            AnchorCheck::Missing => "锚点：缺少锚点文件，无法确认审计日志末尾是否被截去".into(),
            AnchorCheck::Truncated { anchored, found } => {
                format!("锚点：审计日志末尾被截去（锚点 {anchored} 条，文件 {found} 条）")
            }
            AnchorCheck::Rewritten { entry } => {
                format!("锚点：审计日志被改写（第 {entry} 条与锚点不符）")
            }
            AnchorCheck::OtherInstallation => "锚点：数据库文件来自另一套安装，可能被替换过".into(),
        },
    }
}

/// `report MONTH OUT.pdf|OUT.xlsx`.
fn report(args: &[String], dir_flag: Option<String>) -> i32 {
    let [month, out] = args else {
        eprintln!("{USAGE}");
        return 2;
    };
    let mut desk = match open_desk(dir_flag) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let now = Clock::from_env().now();
    let Some(period) = complaint_core::stats::Period::parse_month(month) else {
        eprintln!("月份格式不正确：{month}（应为 2026-11）");
        return 2;
    };
    let bytes = if out.ends_with(".xlsx") {
        desk.export_statistics(&system_user(), period, now)
            .map_err(|e| e.to_string())
    } else {
        match crate::printing::font(None) {
            Ok(font) => desk
                .print_report(&system_user(), month, font, now)
                .map(|p| p.bytes)
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        }
    };
    match bytes.and_then(|b| std::fs::write(out, b).map_err(|e| e.to_string())) {
        Ok(()) => {
            println!("已生成 {out}");
            0
        }
        Err(e) => {
            eprintln!("生成失败：{e}");
            1
        }
    }
}

/// Prints without a window, as the system (audited as such).
fn print(args: &[String], dir_flag: Option<String>) -> i32 {
    let clerk = system_user();
    let mut desk = match open_desk(dir_flag) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let font = match crate::printing::font(None) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let now = Clock::from_env().now();
    let day = |raw: &str| {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .map_err(|_| format!("日期格式不正确：{raw}（应为 2026-11-01）"))
    };
    let (printed, out) = match args {
        [what, case_no, out] if what == "form" => {
            let found = complaint_core::storage::complaints::by_case_no(desk.connection(), case_no);
            match found {
                Ok(Some(c)) => (
                    desk.print_form(&clerk, c.id, font, now)
                        .map_err(|e| e.to_string()),
                    out,
                ),
                Ok(None) => (Err(format!("找不到投诉编号 {case_no}")), out),
                Err(e) => (Err(e.to_string()), out),
            }
        }
        [what, case_no, out] if what == "receipt" => {
            let found = complaint_core::storage::complaints::by_case_no(desk.connection(), case_no);
            match found {
                Ok(Some(c)) => (
                    desk.print_receipt(&clerk, c.id, font, now)
                        .map_err(|e| e.to_string()),
                    out,
                ),
                Ok(None) => (Err(format!("找不到投诉编号 {case_no}")), out),
                Err(e) => (Err(e.to_string()), out),
            }
        }
        [what, out] if what == "blank" => (
            desk.print_blank_form(&clerk, font, now)
                .map_err(|e| e.to_string()),
            out,
        ),
        [what, month, out] if what == "handover" => {
            let last = desk
                .handovers(&clerk, month)
                .map_err(|e| e.to_string())
                .and_then(|all| {
                    all.last()
                        .map(|h| h.id)
                        .ok_or_else(|| format!("{month} 没有移交记录"))
                });
            let printed = last.and_then(|id| {
                let job = desk
                    .handover_job(&clerk, id, now)
                    .map_err(|e| e.to_string())?;
                let printed = job.render(font).map_err(|e| e.to_string())?;
                desk.record_print(&clerk, &job, &printed, now)
                    .map_err(|e| e.to_string())?;
                Ok(printed)
            });
            (printed, out)
        }
        [what, from, to, out] if what == "register" => match (day(from), day(to)) {
            (Ok(from), Ok(to)) => (
                desk.print_register(&clerk, (from, to), font, now)
                    .map_err(|e| e.to_string()),
                out,
            ),
            (Err(e), _) | (_, Err(e)) => (Err(e), out),
        },
        _ => {
            eprintln!("{USAGE}");
            return 2;
        }
    };
    let printed = match printed {
        Ok(p) => p,
        Err(e) => {
            eprintln!("打印失败：{e}");
            return 1;
        }
    };
    if let Err(e) = crate::printing::write(std::path::Path::new(out), &printed) {
        eprintln!("无法写入 {out}：{e}");
        return 1;
    }
    println!("已生成 {out}（{} 页）", printed.pages);
    if !printed.missing.is_empty() {
        let chars: String = printed.missing.iter().collect();
        eprintln!("以下字符字体中没有，已印为 □：{chars}");
    }
    0
}

/// What `verify` prints of a check.
fn print_check(check: &complaint_core::storage::backup::FileCheck) {
    println!(
        "完整性检查：{}",
        if check.integrity_ok {
            "通过"
        } else {
            "未通过"
        }
    );
    if let Some(m) = &check.integrity_message {
        println!("  {m}");
    }
    println!(
        "结构版本：{}（本程序 {}）",
        check.schema_version, check.expected_version
    );
    match &check.audit {
        Some(a) if a.first_broken.is_none() => {
            println!("审计链：通过（{} 条）", a.entries)
        }
        Some(a) => println!(
            "审计链：第 {} 条记录被改动或重新计算过",
            a.first_broken.unwrap_or_default()
        ),
        None => println!("审计链：无法检查"),
    }
    if !check.schema_ok {
        println!(
            "数据库结构：与本程序不符（{}）",
            check.schema_message.as_deref().unwrap_or("")
        );
    }
    println!("{}", seal_line(&check.seal));
    println!("投诉：{} 件", check.complaints);
}
