//! A fast generator of many complaints with consistent event histories, for benchmarks and
//! `seed-demo --complaints N`: prepared statements, one transaction per batch, direct
//! inserts (no audit entries, no workflow checks), the demo's Chinese texts, names, rooms
//! and phones. Never for a desk's real data.

use super::{ms, Result, StorageError};
use crate::deadline::DeadlinePolicy;
use crate::event::EventData;
use crate::model::{CallbackMethod, Channel, NotifyMethod, Satisfaction, Severity};
use crate::seed::{CASES, DETAILS, GIVEN, SURNAMES};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};

/// Complaints per transaction.
/// Complaints a transaction of the generator writes (and a summary audit entry covers).
pub const BATCH: u64 = 20_000;

struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// The id of a named row, or 1 (a set-up desk has departments 1–5 and categories 1–9).
fn id_of(conn: &Connection, table: &str, name: &str) -> Result<i64> {
    let found: Option<i64> = conn
        .prepare(&format!("SELECT id FROM {table} WHERE name = ?1"))?
        .query_row([name], |r| r.get(0))
        .ok();
    Ok(found.unwrap_or(1))
}

/// Counts the complaints generated from id `first` on under policy `version` (their
/// outcomes and standing are restated afterwards).
pub fn count_under(conn: &Connection, first: i64, version: i64) -> Result<()> {
    conn.execute(
        "UPDATE complaints SET policy_version = ?1 WHERE id >= ?2",
        params![version, first],
    )?;
    Ok(())
}

/// Inserts `n` complaints received evenly over `[start, end)` (their outcomes for the
/// statistics are left to be filled: see [`super::stats::outcomes_stale`]), each with the
/// events of a whole procedure (some late, reopened, returned, unreachable, excluded, voided or still
/// open), on a desk that is set up (departments 1–5, categories 1–9, policy 1, users).
/// `heads[d - 1]` handles department `d`; `desk_user` acts at the desk. The days' case
/// counters are brought up to the numbers used, so that the desk numbers on after them.
pub fn generate(
    conn: &mut Connection,
    n: u64,
    span: (DateTime<Utc>, DateTime<Utc>),
    desk_user: i64,
    heads: [i64; 5],
) -> Result<()> {
    // Below this, keeping the indexes costs less than building them again.
    const DEFER_INDEXES_FROM: u64 = 100_000;
    generate_in(conn, n, span, desk_user, heads, n >= DEFER_INDEXES_FROM)
}

/// [`generate`], building the secondary indexes after the rows when `defer_indexes`.
pub(crate) fn generate_in(
    conn: &mut Connection,
    n: u64,
    span: (DateTime<Utc>, DateTime<Utc>),
    desk_user: i64,
    heads: [i64; 5],
    defer_indexes: bool,
) -> Result<()> {
    let deferred: Vec<(String, String)> = if defer_indexes {
        let mut stmt = conn.prepare(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'index' AND tbl_name IN ('complaints', 'events') AND sql IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    } else {
        Vec::new()
    };
    // The secondary indexes of a large batch are built once, after it, from sorted keys,
    // instead of taking a million random inserts each; they are built again also when
    // generating fails. The unique case number index stays.
    for (name, _) in &deferred {
        conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    let generated = insert_all(conn, n, span, desk_user, heads);
    for (_, sql) in &deferred {
        conn.execute_batch(sql)?;
    }
    generated?;
    // The search index grew by a segment per batch: merged into one, a search within a
    // department reads one list per term instead of merging dozens (1,000,000
    // complaints: 6 s, and such a search about a third faster).
    if defer_indexes {
        conn.execute_batch("INSERT INTO complaints_fts (complaints_fts) VALUES ('optimize')")?;
    }
    Ok(())
}

fn insert_all(
    conn: &mut Connection,
    n: u64,
    (start, end): (DateTime<Utc>, DateTime<Utc>),
    desk_user: i64,
    heads: [i64; 5],
) -> Result<()> {
    let policy = DeadlinePolicy::default();
    let tz = policy.tz();
    let step = (end - start).num_milliseconds() / n.max(1) as i64;
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15);
    let mut day = String::new();
    let mut seq = 0u32;
    let mut done = 0u64;
    // The demo's complaints, with their category and department as stored.
    let cases: Vec<(i64, i64, &str, &str)> = CASES
        .iter()
        .map(|&(category, department, what, ask)| {
            Ok((
                id_of(conn, "categories", category)?,
                id_of(conn, "departments", department)?.clamp(1, 5),
                what,
                ask,
            ))
        })
        .collect::<Result<_>>()?;
    let mut description = String::new();
    // Every index and the search index take random inserts: with SQLite's 2 MB page cache
    // they are read back from the OS at every batch. 256 MB while generating (restored
    // after) keeps them in memory: 1,000,000 complaints in about half the time.
    let cache_size: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", -262_144)?;
    let json = |d: &EventData| {
        serde_json::to_string(d).map_err(|e| StorageError::Unreadable(e.to_string()))
    };
    while done < n {
        let tx = conn.transaction()?;
        {
            let mut complaint = tx.prepare(
                "INSERT INTO complaints (case_no, received_at, channel, receptionist_id, resident_name,
                    room, phone, contact_method, location, department_id, description, resident_request,
                    category_id, severity, valid, invalid_reason, ongoing_harm, state, policy_version,
                    next_due_at, next_due_kind, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?16, ?5, ?17, 'phone', ?6, ?7, ?8, ?18, ?9,
                    ?10, ?11, ?12, 0, ?13, 1, ?14, ?15, ?2)",
            )?;
            let mut event = tx.prepare(
                "INSERT INTO events (complaint_id, at, actor_id, kind, data) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut counter = tx.prepare(
                "INSERT INTO case_counters (day, last) VALUES (?1, ?2)
                 ON CONFLICT (day) DO UPDATE SET last = max(last, excluded.last)",
            )?;
            let upto = (done + BATCH).min(n);
            for i in done..upto {
                let r = start + Duration::milliseconds(step * i as i64);
                let local = r.with_timezone(&tz).format("%Y%m%d").to_string();
                if local != day {
                    if seq > 0 {
                        counter.execute(params![day, seq])?;
                    }
                    // Numbers on after what the day already has (earlier demo data).
                    let used: Option<u32> = tx
                        .prepare_cached("SELECT last FROM case_counters WHERE day = ?1")?
                        .query_row([&local], |r| r.get(0))
                        .optional()?;
                    (day, seq) = (local, used.unwrap_or(0));
                }
                seq += 1;
                let case_no = format!("TS-{day}-{seq:03}");
                let roll = dice.below(100);
                let severity = match dice.below(100) {
                    0..=4 => Severity::Major,
                    5..=19 => Severity::Important,
                    _ => Severity::Minor,
                };
                let &(category, dept, what, ask) = dice.pick(&cases);
                description.clear();
                description.push_str(what);
                for (detail, per_mille) in DETAILS {
                    if dice.below(1000) < *per_mille {
                        description.push_str(detail);
                    }
                }
                let name = format!("{}{}", dice.pick(SURNAMES), dice.pick(GIVEN));
                let phone = format!("13{}{:08}", 5 + dice.below(5), dice.below(100_000_000));
                let building = dice.below(20) + 1;
                let room = format!(
                    "{building}-{}-{}",
                    dice.below(4) + 1,
                    101 + dice.below(18) * 100 + dice.below(4)
                );
                let valid = dice.below(100) >= 5;
                let voided = roll < 2;
                let open = (2..3).contains(&roll);
                let state = if voided {
                    "voided"
                } else if open {
                    "inHandling"
                } else if roll < 60 {
                    "archived"
                } else {
                    "calledBack"
                };
                let (due, due_kind) = if open {
                    (Some(ms(r + Duration::days(2))), Some("handling"))
                } else {
                    (None, None)
                };
                complaint.execute(params![
                    case_no,
                    ms(r),
                    Channel::ALL[dice.below(4) as usize].code(),
                    desk_user,
                    room,
                    format!("{building}号楼"),
                    dept,
                    description,
                    category,
                    severity.code(),
                    valid,
                    (!valid).then_some("非物业服务范围"),
                    state,
                    due,
                    due_kind,
                    name,
                    phone,
                    ask,
                ])?;
                let id = tx.last_insert_rowid();
                let head = heads[dept as usize - 1];
                // Minutes after registration; a late path stretches every step.
                let late = dice.below(10) == 0;
                let k: i64 = if late { 3 } else { 1 };
                let mut evs: Vec<(i64, i64, EventData)> = vec![(
                    0,
                    desk_user,
                    EventData::Registered {
                        backfilled_at: None,
                    },
                )];
                if voided {
                    evs.push((
                        30,
                        desk_user,
                        EventData::Voided {
                            reason: "重复登记".into(),
                        },
                    ));
                } else {
                    let mut t = 5 * k;
                    if roll == 3 {
                        evs.push((
                            t,
                            desk_user,
                            EventData::Dispatched {
                                department_id: dept,
                                recipient: "吴涛".into(),
                            },
                        ));
                        evs.push((
                            t + 15,
                            head,
                            EventData::DispatchReturned {
                                reason: "非本部门".into(),
                            },
                        ));
                        t += 30;
                    }
                    evs.push((
                        t,
                        desk_user,
                        EventData::Dispatched {
                            department_id: dept,
                            recipient: "吴涛".into(),
                        },
                    ));
                    if let Some(to_role) = severity.forward_to() {
                        evs.push((
                            30 * k,
                            desk_user,
                            EventData::Forwarded {
                                to_role,
                                to_name: None,
                            },
                        ));
                    }
                    evs.push((
                        60,
                        head,
                        EventData::HandlingNote {
                            note: "已到现场".into(),
                        },
                    ));
                    if !open {
                        let cycles = if (4..12).contains(&roll) { 2 } else { 1 };
                        let mut t = 1440 * k;
                        for cycle in 0..cycles {
                            evs.push((
                                t,
                                head,
                                EventData::Handled {
                                    result: "已处理".into(),
                                },
                            ));
                            evs.push((t + 30 * k * k, desk_user, EventData::FormReturned));
                            let mut n_at = t + 60 * k * k;
                            if severity != Severity::Minor {
                                evs.push((
                                    t + 40,
                                    head,
                                    EventData::CorrectiveRecorded {
                                        cause: "巡检不到位".into(),
                                        corrective_action: "整改".into(),
                                        preventive_action: "巡检".into(),
                                        verified_by: "周明".into(),
                                        verified_on: None,
                                    },
                                ));
                                evs.push((
                                    t + 50 * k * k,
                                    heads[0],
                                    EventData::SignedOff {
                                        approved: true,
                                        comment: "同意".into(),
                                    },
                                ));
                                n_at += 30;
                            }
                            evs.push((
                                n_at,
                                desk_user,
                                EventData::ResidentNotified {
                                    method: NotifyMethod::Phone,
                                    // What was told: a notification with content is the
                                    // major complaint's clear first answer (1.10.3).
                                    response: "已告知处理结果，住户表示知悉。".into(),
                                    done_by: None,
                                    done_at: None,
                                },
                            ));
                            let unhappy = cycle == 0 && cycles == 2;
                            let reached = !(12..16).contains(&roll);
                            let excluded = (16..18).contains(&roll);
                            let answer = |bad: bool| {
                                Some(if bad {
                                    Satisfaction::Dissatisfied
                                } else {
                                    Satisfaction::Satisfied
                                })
                            };
                            evs.push((
                                n_at + 1440 * k,
                                desk_user,
                                EventData::CalledBack {
                                    reached,
                                    method: CallbackMethod::Phone,
                                    attitude: reached.then_some(Satisfaction::Satisfied),
                                    conduct: if reached { answer(false) } else { None },
                                    result: if reached {
                                        answer(unhappy || excluded)
                                    } else {
                                        None
                                    },
                                    remarks: String::new(),
                                    exclusion: excluded
                                        .then_some(crate::model::Exclusion::ForceMajeure),
                                    exclusion_reason: excluded.then(|| "台风".to_owned()),
                                    done_by: None,
                                    done_at: None,
                                },
                            ));
                            if unhappy {
                                evs.push((
                                    n_at + 1500 * k,
                                    desk_user,
                                    EventData::Reopened {
                                        reason: "不满意".into(),
                                    },
                                ));
                                t = n_at + 2880 * k;
                            }
                        }
                        if state == "archived" {
                            evs.push((t + 5760 * k, desk_user, EventData::Archived));
                        }
                    }
                }
                evs.sort_by_key(|e| e.0);
                for (minutes, actor, data) in &evs {
                    event.execute(params![
                        id,
                        ms(r + Duration::minutes(*minutes)),
                        actor,
                        data.kind(),
                        json(data)?
                    ])?;
                }
            }
            if seq > 0 {
                counter.execute(params![day, seq])?;
            }
            done = upto;
        }
        tx.commit()?;
    }
    conn.pragma_update(None, "cache_size", cache_size)?;
    // Their outcomes for the statistics are derived from these histories by the next
    // open (or `stats::restate_outcomes`).
    super::stats::outcomes_stale(conn)?;
    Ok(())
}

/// The generated complaints still being worked on (neither called back, archived nor
/// voided): those whose derived next deadline is rewritten from their histories.
pub fn unfinished(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare(
        "SELECT id FROM complaints WHERE state NOT IN ('archived', 'calledBack', 'voided')",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Planner statistics after generating, sampled (`analysis_limit`): seconds, not minutes,
/// at a million complaints.
pub fn analyze(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA analysis_limit = 1000; ANALYZE")?;
    Ok(())
}
