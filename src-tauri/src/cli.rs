//! Commands that run without a window: `seed-demo`.

use crate::clock::Clock;
use complaint_core::storage::DB_FILE;
use complaint_core::Desk;
use std::path::PathBuf;

const USAGE: &str = "用法：
  complaint-desk                          启动物业投诉处理台
  complaint-desk seed-demo [--months N] [--data-dir DIR]
                                          生成演示数据（各状态的投诉）";

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

/// Runs a command-line command; `None` means: open the window.
pub fn run(args: &[String]) -> Option<i32> {
    let (cmd, rest) = args.split_first()?;
    let mut months = 3u32;
    let mut dir_flag = None;
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--months" => months = it.next().and_then(|v| v.parse().ok()).unwrap_or(0),
            "--data-dir" => dir_flag = it.next().cloned(),
            _ => {
                eprintln!("无法识别的参数：{a}\n{USAGE}");
                return Some(2);
            }
        }
    }
    match cmd.as_str() {
        "seed-demo" => {
            if !(1..=120).contains(&months) {
                eprintln!("--months 须为 1 到 120 之间的整数\n{USAGE}");
                return Some(2);
            }
            let Some(dir) = data_dir(dir_flag) else {
                eprintln!("找不到数据目录，请用 --data-dir 指定");
                return Some(2);
            };
            if let Err(e) = std::fs::create_dir_all(&dir) {
                eprintln!("无法创建数据目录 {}：{e}", dir.display());
                return Some(1);
            }
            let result = Desk::open(&dir.join(DB_FILE)).and_then(|mut desk| {
                complaint_core::seed::seed_demo(&mut desk, months, Clock::from_env().now())
            });
            match result {
                Ok(report) => {
                    println!("已在 {} 生成演示数据：{report}", dir.display());
                    Some(0)
                }
                Err(e) => {
                    eprintln!("生成演示数据失败：{e}");
                    Some(1)
                }
            }
        }
        "--help" | "-h" | "help" => {
            println!("{USAGE}");
            Some(0)
        }
        // Anything else (e.g. arguments WebKit or a desktop launcher adds) opens the window.
        _ => None,
    }
}
