//! The figures: one fold over the period's complaints with their stored outcomes (see
//! [`super::outcome`]), and the stored deadlines not met on time.

use super::outcome::{kind_index, Miss, KINDS};
use super::*;
use crate::deadline::DeadlinePolicy;
use crate::model::{Channel, ComplaintState, Severity};
use crate::storage::db::{Db, Store};
use crate::storage::reference::{self, Category, Department};
use crate::storage::stats::{self as sql, PeriodRow};
use crate::storage::{users, StorageError};
use chrono::{NaiveDate, Utc};
use chrono_tz::Tz;
use std::collections::{BTreeMap, HashMap};

type Result<T> = std::result::Result<T, StorageError>;
/// Hot spots listed per table.
const TOP: u32 = 10;

/// Names and policies, read once per call.
struct Reference {
    departments: Vec<Department>,
    categories: Vec<Category>,
    users: HashMap<i64, String>,
}

impl Reference {
    fn load(conn: &dyn Db) -> Result<Self> {
        Ok(Self {
            departments: reference::departments(conn)?,
            categories: reference::categories(conn)?,
            users: users::all(conn)?
                .into_iter()
                .map(|u| (u.user.id, u.user.display_name))
                .collect(),
        })
    }

    fn department(&self, id: i64) -> String {
        self.departments
            .iter()
            .find(|d| d.id == id)
            .map_or_else(|| format!("#{id}"), |d| d.name.clone())
    }
}

/// Every figure of `period` and the comparison with the period before, at `now`.
/// `policy` is the one in force: its zone defines the local dates.
pub fn statistics(
    conn: &dyn Db,
    period: Period,
    policy: &DeadlinePolicy,
    now: DateTime<Utc>,
) -> Result<Statistics> {
    let names = Reference::load(conn)?;
    let current = figures(conn, &names, period, policy, now, Lists::Kept)?;
    // Only its counts and rates are compared.
    let previous = figures(conn, &names, period.previous(), policy, now, Lists::Left)?;
    let comparison = compare(&current, &previous);
    let targets = stored_targets(conn)?;
    Ok(Statistics {
        checks: super::checks(&current, &targets),
        failing: super::failing_departments(&current, &targets),
        figures: current,
        comparison,
        targets,
    })
}

/// The targets the settings hold (the defaults until an administrator saves some, or
/// when the stored ones cannot be read).
pub fn stored_targets(conn: &dyn Db) -> Result<super::Targets> {
    Ok(crate::storage::reference::setting(conn, "targets")?
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default())
}

/// The counts of the `months` months ending with the month of `last`, oldest first.
pub fn trend(
    conn: &dyn Db,
    last: NaiveDate,
    months: u32,
    policy: &DeadlinePolicy,
) -> Result<Vec<TrendPoint>> {
    Period::months_to(last, months)
        .into_iter()
        .map(|period| {
            let (start, end) = period.bounds(policy);
            let t = sql::trend_counts(conn, start, end)?;
            Ok(TrendPoint {
                period,
                received: t.received,
                valid: t.valid,
                invalid: t.received - t.valid,
                voided: t.voided,
                major: t.major,
                important: t.important,
                minor: t.received - t.major - t.important,
                returned: t.returned,
                reopened: t.reopened,
                callbacks: t.callbacks,
            })
        })
        .collect()
}

/// Complaints rewritten per transaction when outcomes are filled in bulk.
const RESTATE_BATCH: i64 = 20_000;

/// Recomputes and stores the outcome (see [`super::outcome`]) of every complaint from its
/// history, as of its latest event, in transactions of [`RESTATE_BATCH`]; then clears the
/// flag a schema upgrade set. For files from before the outcomes were kept, and for
/// generated demo data. Returns how many complaints were restated.
pub fn restate_outcomes(conn: &mut Store) -> Result<i64> {
    let policies: HashMap<i64, DeadlinePolicy> = reference::policies(conn)?
        .into_iter()
        .map(|(v, _, p)| (v, p))
        .collect();
    let fallback = DeadlinePolicy::default();
    let last = sql::last_complaint_id(conn)?;
    // The per-day duty totals are counted once at the end, not at each credit.
    sql::pause_credit_days(conn)?;
    let mut done = 0;
    let mut first = 1;
    while first <= last {
        let upto = first + RESTATE_BATCH - 1;
        let tx = conn.write()?;
        for (c, events) in sql::histories(&tx, first, upto)? {
            let policy = policies.get(&c.policy_version).unwrap_or(&fallback);
            let at = events
                .last()
                .map_or(c.received_at, |e| e.at)
                .max(c.received_at);
            let outcome = super::outcome(&c, &events, policy, at);
            sql::write_outcome(&tx, c.id, &outcome, policy.tz(), sql::Kept::Replaced)?;
            done += 1;
        }
        if upto >= last {
            sql::recount_credit_days(&tx)?;
            sql::outcomes_filled(&tx)?;
        }
        tx.commit()?;
        first = upto + 1;
    }
    if last == 0 {
        sql::recount_credit_days(conn)?;
        sql::outcomes_filled(conn)?;
    }
    Ok(done)
}

/// What one complaint adds to a scorecard line.
#[derive(Debug, Clone, Copy, Default)]
struct Score {
    received: i64,
    dispatch_on_time: i64,
    dispatch_decided: i64,
    returned: i64,
    handled: i64,
    reopened: i64,
    handling_on_time: i64,
    handling_decided: i64,
    satisfied: i64,
    counted: i64,
    handling_ms: i64,
}

impl Score {
    fn add(&mut self, o: &Score) {
        self.received += o.received;
        self.dispatch_on_time += o.dispatch_on_time;
        self.dispatch_decided += o.dispatch_decided;
        self.returned += o.returned;
        self.handled += o.handled;
        self.reopened += o.reopened;
        self.handling_on_time += o.handling_on_time;
        self.handling_decided += o.handling_decided;
        self.satisfied += o.satisfied;
        self.counted += o.counted;
        self.handling_ms += o.handling_ms;
    }

    fn line(&self, key: String, name: String) -> Scorecard {
        Scorecard {
            key,
            name,
            received: self.received,
            dispatched_on_time: Rate::new(self.dispatch_on_time, self.dispatch_decided),
            returned: Rate::new(self.returned, self.received),
            reopened: Rate::new(self.reopened, self.handled),
            handled_on_time: Rate::new(self.handling_on_time, self.handling_decided),
            satisfaction: Rate::new(self.satisfied, self.counted),
            average_handling_hours: (self.handled > 0)
                .then(|| self.handling_ms as f64 / self.handled as f64 / 3_600_000.0),
        }
    }
}

/// Whether a period's figures include their lists (breaches, excluded callbacks, hot
/// spots) or only the counts and rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lists {
    Kept,
    Left,
}

/// The figures of one period.
fn figures(
    conn: &dyn Db,
    names: &Reference,
    period: Period,
    policy: &DeadlinePolicy,
    now: DateTime<Utc>,
    lists: Lists,
) -> Result<Figures> {
    let tz = policy.tz();
    let (start, end) = period.bounds(policy);
    let columns = match lists {
        Lists::Kept => sql::PeriodColumns::All,
        Lists::Left => sql::PeriodColumns::Counts,
    };
    let rows = sql::period(conn, start, end, columns)?;
    let counts = tally(&rows, names);
    // Voided complaints are counted above and served by no one: their deadlines are
    // read but never looked up.
    let served = |r: &&PeriodRow| r.state != ComplaintState::Voided;
    let mut misses: HashMap<i64, Vec<Miss>> = HashMap::new();
    for (id, miss) in sql::period_misses(conn, start, end, sql::IdSpan::of(&rows))? {
        if miss.missed_at(now) {
            misses.entry(id).or_default().push(miss);
        }
    }

    let mut kinds = [[0i64; 3]; 8];
    let mut breaches = Vec::new();
    let mut departments: BTreeMap<i64, Score> = BTreeMap::new();
    let mut employees: HashMap<i64, Score> = HashMap::new();
    let mut aspects = [[0i64; 3]; 3];
    let (mut reached, mut unreachable, mut overall, mut handled, mut covered) = (0, 0, 0, 0, 0);
    let mut excluded = 0;
    let mut excluded_ids = Vec::new();
    let mut excluded_rows: HashMap<i64, &PeriodRow> = HashMap::new();
    for c in rows.iter().filter(served) {
        let t = c.tally.unwrap_or_default();
        let mut one = Score {
            received: 1,
            returned: i64::from(t.returned),
            reopened: i64::from(t.reopened),
            handled: i64::from(t.handled),
            handling_ms: t.handling_ms.unwrap_or(0),
            satisfied: t.satisfied,
            counted: t.counted(),
            ..Score::default()
        };
        for (slot, &n) in kinds.iter_mut().zip(&t.on_time) {
            slot[0] += n;
        }
        one.dispatch_on_time = t.on_time[kind_index(DeadlineKind::Dispatch)];
        one.handling_on_time = t.on_time[kind_index(DeadlineKind::Handling)];
        for m in misses.get(&c.id).into_iter().flatten() {
            kinds[kind_index(m.kind)][if m.met_at.is_some() { 1 } else { 2 }] += 1;
            match m.kind {
                DeadlineKind::Dispatch => one.dispatch_decided += 1,
                DeadlineKind::Handling => one.handling_decided += 1,
                _ => {}
            }
            if lists == Lists::Kept {
                breaches.push(breach(c, m, names, tz, now));
            }
        }
        one.dispatch_decided += one.dispatch_on_time;
        one.handling_decided += one.handling_on_time;
        reached += t.reached;
        unreachable += t.unreachable;
        excluded += t.excluded;
        if t.excluded > 0 && lists == Lists::Kept {
            excluded_ids.push(c.id);
            excluded_rows.insert(c.id, c);
        }
        for (sum, aspect) in aspects.iter_mut().zip(&t.aspects) {
            for (s, n) in sum.iter_mut().zip(aspect) {
                *s += n;
            }
        }
        overall += one.satisfied;
        handled += one.handled;
        covered += i64::from(t.reached > 0 && t.handled);
        if c.valid {
            departments.entry(c.department_id).or_default().add(&one);
            if let Some(who) = t.handler_id {
                employees.entry(who).or_default().add(&one);
            }
        }
    }
    let exclusions: Vec<ExcludedCallback> = sql::exclusions(conn, &excluded_ids)?
        .into_iter()
        .map(|(id, at, exclusion, reason)| {
            let c = excluded_rows[&id];
            ExcludedCallback {
                complaint_id: id,
                case_no: c.case_no.clone(),
                department: names.department(c.department_id),
                exclusion,
                reason,
                at: at.with_timezone(&tz).fixed_offset(),
            }
        })
        .collect();
    let counted: i64 = aspects[0].iter().sum();
    breaches.sort_by(|a: &Breach, b: &Breach| {
        let order = |k: DeadlineKind| kind_index(k);
        (&a.case_no, order(a.kind), a.due_at).cmp(&(&b.case_no, order(b.kind), b.due_at))
    });
    let mut employee_lines: Vec<Scorecard> = employees
        .iter()
        .map(|(id, s)| {
            let name = names.users.get(id).cloned().unwrap_or_default();
            s.line(id.to_string(), name)
        })
        .collect();
    employee_lines.sort_by(|a, b| b.received.cmp(&a.received).then(a.name.cmp(&b.name)));
    let served_rows: Vec<&PeriodRow> = match lists {
        Lists::Kept => rows.iter().filter(served).collect(),
        Lists::Left => Vec::new(),
    };
    Ok(Figures {
        period,
        deadlines: KINDS
            .iter()
            .zip(kinds)
            .map(|(&kind, [on_time, late, overdue])| DeadlineRate {
                kind,
                label: kind.label_zh().to_owned(),
                on_time,
                late,
                overdue,
                rate: Rate::new(on_time, on_time + late + overdue),
            })
            .collect(),
        breaches,
        departments: names
            .departments
            .iter()
            .filter(|d| d.active || departments.contains_key(&d.id))
            .map(|d| {
                let s = departments.get(&d.id).copied().unwrap_or_default();
                s.line(d.id.to_string(), d.name.clone())
            })
            .collect(),
        employees: employee_lines,
        duties: match lists {
            Lists::Kept => duty_lines(sql::period_credits(conn, period.from, period.to)?, names),
            Lists::Left => Vec::new(),
        },
        accused: accused_lines(&served_rows, names),
        satisfaction: SatisfactionFigures {
            reached,
            unreachable,
            excluded,
            aspects: [
                ("attitude", "服务态度"),
                ("conduct", "工作作风"),
                ("result", "处理结果"),
            ]
            .iter()
            .zip(aspects)
            .map(
                |((aspect, label), [satisfied, fair, dissatisfied])| AspectRate {
                    aspect: (*aspect).to_owned(),
                    label: (*label).to_owned(),
                    satisfied,
                    fair,
                    dissatisfied,
                    rate: Rate::new(satisfied + fair, counted),
                },
            )
            .collect(),
            overall: Rate::new(overall, counted),
            coverage: Rate::new(covered, handled),
            exclusions,
        },
        hot_spots: HotSpots {
            categories: match lists {
                Lists::Kept => top_categories(&rows, names),
                Lists::Left => Vec::new(),
            },
            locations: top(served_rows.iter().map(|r| r.location.trim()), 1),
            buildings: top(
                served_rows
                    .iter()
                    .map(|r| r.room.split_once('-').map_or(r.room.as_str(), |(b, _)| b)),
                1,
            ),
            repeat_rooms: top(served_rows.iter().map(|r| r.room.as_str()), 2),
        },
        counts,
    })
}

/// One line per person who did a duty, most duties first, ties by name.
fn duty_lines(
    (done, arranged): (Vec<sql::DutyCount>, Vec<sql::DutyCount>),
    names: &Reference,
) -> Vec<DutyLine> {
    let mut lines: BTreeMap<String, DutyLine> = BTreeMap::new();
    let arranged = arranged.into_iter().map(|c| (true, c));
    for (is_arranged, c) in done.into_iter().map(|c| (false, c)).chain(arranged) {
        let (key, name) = match (c.user_id, c.name) {
            (Some(id), _) => (
                id.to_string(),
                names.users.get(&id).cloned().unwrap_or_default(),
            ),
            (None, name) => {
                let name = name.unwrap_or_default();
                (format!("name:{name}"), name)
            }
        };
        let line = lines.entry(key.clone()).or_insert_with(|| DutyLine {
            key,
            name,
            has_account: c.user_id.is_some(),
            registered: 0,
            dispatched: 0,
            dispatched_on_time: Rate::default(),
            returns_logged: 0,
            returns_same_day: Rate::default(),
            forwarded: 0,
            forwarded_on_time: Rate::default(),
            notified: 0,
            notified_same_day: Rate::default(),
            called_back: 0,
            called_back_on_time: Rate::default(),
            arranged: 0,
            arranged_on_time: Rate::default(),
        });
        let (count, rate) = match (is_arranged, c.duty) {
            (true, _) => (&mut line.arranged, Some(&mut line.arranged_on_time)),
            (false, Duty::Register) => (&mut line.registered, None),
            (false, Duty::Dispatch) => (&mut line.dispatched, Some(&mut line.dispatched_on_time)),
            (false, Duty::FormReturn) => {
                (&mut line.returns_logged, Some(&mut line.returns_same_day))
            }
            (false, Duty::Forward) => (&mut line.forwarded, Some(&mut line.forwarded_on_time)),
            (false, Duty::Notify) => (&mut line.notified, Some(&mut line.notified_same_day)),
            (false, Duty::Callback) => (&mut line.called_back, Some(&mut line.called_back_on_time)),
        };
        *count += c.done;
        if let Some(rate) = rate {
            rate.count += c.on_time;
            rate.of += c.decided;
        }
    }
    let mut out: Vec<DutyLine> = lines.into_values().collect();
    let total = |l: &DutyLine| {
        l.registered + l.dispatched + l.returns_logged + l.forwarded + l.notified + l.called_back
    };
    out.sort_by(|a, b| total(b).cmp(&total(a)).then(a.name.cmp(&b.name)));
    out
}

/// The people complained about in valid, served complaints: accounts by id, typed
/// names by the name (trimmed).
fn accused_lines(rows: &[&PeriodRow], names: &Reference) -> Vec<AccusedLine> {
    let mut lines: BTreeMap<String, AccusedLine> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.valid) {
        let (key, name) = match (
            r.accused_user_id,
            r.accused_person.as_deref().map(str::trim),
        ) {
            (Some(id), typed) => (
                id.to_string(),
                names
                    .users
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| typed.unwrap_or_default().to_owned()),
            ),
            (None, Some(typed)) if !typed.is_empty() => (format!("name:{typed}"), typed.to_owned()),
            _ => continue,
        };
        let line = lines.entry(key.clone()).or_insert_with(|| AccusedLine {
            key,
            name,
            has_account: r.accused_user_id.is_some(),
            total: 0,
            major: 0,
            important: 0,
            minor: 0,
        });
        line.total += 1;
        *match r.severity {
            Severity::Major => &mut line.major,
            Severity::Important => &mut line.important,
            Severity::Minor => &mut line.minor,
        } += 1;
    }
    let mut out: Vec<AccusedLine> = lines.into_values().collect();
    out.sort_by(|a, b| b.total.cmp(&a.total).then(a.name.cmp(&b.name)));
    out
}

/// The most frequent non-empty values seen at least `min` times: most first, ties by
/// value, [`TOP`] at most.
fn top<'a>(values: impl Iterator<Item = &'a str>, min: i64) -> Vec<Count> {
    let mut seen: HashMap<&str, i64> = HashMap::new();
    for v in values.filter(|v| !v.is_empty()) {
        *seen.entry(v).or_default() += 1;
    }
    let mut out: Vec<(&str, i64)> = seen.into_iter().filter(|(_, n)| *n >= min).collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    out.truncate(TOP as usize);
    out.into_iter()
        .map(|(k, n)| Count {
            key: k.to_owned(),
            label: k.to_owned(),
            count: n,
        })
        .collect()
}

fn breach(c: &PeriodRow, d: &Miss, names: &Reference, tz: Tz, now: DateTime<Utc>) -> Breach {
    Breach {
        complaint_id: c.id,
        case_no: c.case_no.clone(),
        department: names.department(c.department_id),
        kind: d.kind,
        due_at: d.due_at(now).with_timezone(&tz).fixed_offset(),
        met_at: d.met_at.map(|m| m.with_timezone(&tz).fixed_offset()),
    }
}

fn count(key: impl ToString, label: &str, n: i64) -> Count {
    Count {
        key: key.to_string(),
        label: label.to_owned(),
        count: n,
    }
}

fn tally(rows: &[PeriodRow], names: &Reference) -> Counts {
    let sum = |f: &dyn Fn(&PeriodRow) -> bool| rows.iter().filter(|r| f(r)).count() as i64;
    let total: i64 = sum(&|_| true);
    let valid: i64 = sum(&|r| r.valid);
    Counts {
        total,
        valid,
        invalid: total - valid,
        voided: sum(&|r| r.state == ComplaintState::Voided),
        by_severity: Severity::ALL
            .iter()
            .map(|&s| count(s.code(), s.label_zh(), sum(&|r| r.severity == s)))
            .collect(),
        by_department: names
            .departments
            .iter()
            .map(|d| (d, sum(&|r| r.department_id == d.id)))
            .filter(|(d, n)| d.active || *n > 0)
            .map(|(d, n)| count(d.id, &d.name, n))
            .collect(),
        by_category: names
            .categories
            .iter()
            .map(|k| (k, sum(&|r| r.category_id == k.id)))
            .filter(|(k, n)| k.active || *n > 0)
            .map(|(k, n)| count(k.id, &k.name, n))
            .collect(),
        by_channel: Channel::ALL
            .iter()
            .map(|&ch| count(ch.code(), ch.label_zh(), sum(&|r| r.channel == ch)))
            .collect(),
        by_state: ComplaintState::ALL
            .iter()
            .map(|&s| count(s.code(), s.label_zh(), sum(&|r| r.state == s)))
            .collect(),
    }
}

/// Categories by complaints not voided, most first (ties in display order).
fn top_categories(rows: &[PeriodRow], names: &Reference) -> Vec<Count> {
    let mut out: Vec<Count> = names
        .categories
        .iter()
        .map(|k| {
            let n = rows
                .iter()
                .filter(|r| r.category_id == k.id && r.state != ComplaintState::Voided)
                .count() as i64;
            count(k.id, &k.name, n)
        })
        .filter(|c| c.count > 0)
        .collect();
    out.sort_by_key(|c| std::cmp::Reverse(c.count));
    out.truncate(TOP as usize);
    out
}

fn changes(current: &[Count], previous: &[Count]) -> Vec<Change> {
    let mut out: Vec<Change> = current
        .iter()
        .map(|c| {
            let before = previous
                .iter()
                .find(|p| p.key == c.key)
                .map_or(0, |p| p.count);
            change(&c.key, &c.label, c.count, before)
        })
        .collect();
    for p in previous {
        if !current.iter().any(|c| c.key == p.key) {
            out.push(change(&p.key, &p.label, 0, p.count));
        }
    }
    out
}

fn change(key: &str, label: &str, current: i64, previous: i64) -> Change {
    Change {
        key: key.to_owned(),
        label: label.to_owned(),
        current,
        previous,
        delta: current - previous,
    }
}

fn rate_change(key: &str, label: &str, current: Rate, previous: Rate) -> RateChange {
    RateChange {
        key: key.to_owned(),
        label: label.to_owned(),
        current,
        previous,
        points: current
            .percent()
            .zip(previous.percent())
            .map(|(c, p)| c - p),
    }
}

fn compare(cur: &Figures, prev: &Figures) -> Comparison {
    let (c, p) = (&cur.counts, &prev.counts);
    let mut rates: Vec<RateChange> = cur
        .deadlines
        .iter()
        .zip(&prev.deadlines)
        .map(|(a, b)| rate_change(a.kind.code(), &format!("{}按时率", a.label), a.rate, b.rate))
        .collect();
    let (cs, ps) = (&cur.satisfaction, &prev.satisfaction);
    rates.push(rate_change(
        "satisfaction",
        "满意率",
        cs.overall,
        ps.overall,
    ));
    rates.push(rate_change("coverage", "回访率", cs.coverage, ps.coverage));
    Comparison {
        previous: prev.period,
        headline: vec![
            change("total", "投诉总数", c.total, p.total),
            change("valid", "有效投诉", c.valid, p.valid),
            change("invalid", "无效投诉", c.invalid, p.invalid),
            change("voided", "已作废", c.voided, p.voided),
        ],
        by_severity: changes(&c.by_severity, &p.by_severity),
        by_department: changes(&c.by_department, &p.by_department),
        by_category: changes(&c.by_category, &p.by_category),
        by_channel: changes(&c.by_channel, &p.by_channel),
        rates,
    }
}
