//! The figures: grouped counts and hot spots from SQL, and one pass over the period's
//! complaint histories (loaded in two queries) for deadlines, scorecards and satisfaction.

use super::*;
use crate::deadline::{self, Deadline, DeadlinePolicy, DeadlineStatus};
use crate::event::{Event, EventData};
use crate::model::{Channel, Complaint, ComplaintState, Satisfaction, Severity};
use crate::storage::reference::{self, Category, Department};
use crate::storage::stats::{self as sql, CountRow, Spot};
use crate::storage::{users, StorageError};
use chrono::{NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};

type Result<T> = std::result::Result<T, StorageError>;

/// Deadline kinds in procedure order.
const KINDS: [DeadlineKind; 8] = [
    DeadlineKind::Dispatch,
    DeadlineKind::Forward,
    DeadlineKind::FirstReply,
    DeadlineKind::Handling,
    DeadlineKind::Return,
    DeadlineKind::SignOff,
    DeadlineKind::Notify,
    DeadlineKind::Callback,
];
/// Hot spots listed per table.
const TOP: u32 = 10;

/// Names and policies, read once per call.
struct Reference {
    departments: Vec<Department>,
    categories: Vec<Category>,
    users: HashMap<i64, String>,
    policies: HashMap<i64, DeadlinePolicy>,
}

impl Reference {
    fn load(conn: &Connection) -> Result<Self> {
        Ok(Self {
            departments: reference::departments(conn)?,
            categories: reference::categories(conn)?,
            users: users::all(conn)?
                .into_iter()
                .map(|u| (u.user.id, u.user.display_name))
                .collect(),
            policies: reference::policies(conn)?
                .into_iter()
                .map(|(v, _, p)| (v, p))
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
    conn: &Connection,
    period: Period,
    policy: &DeadlinePolicy,
    now: DateTime<Utc>,
) -> Result<Statistics> {
    let names = Reference::load(conn)?;
    let current = figures(conn, &names, period, policy, now)?;
    let previous = figures(conn, &names, period.previous(), policy, now)?;
    let comparison = compare(&current, &previous);
    Ok(Statistics {
        figures: current,
        comparison,
    })
}

/// The counts of the `months` months ending with the month of `last`, oldest first.
pub fn trend(
    conn: &Connection,
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

/// Every deadline the complaint has had: the current ones, plus those of earlier clocks
/// that a 回退 (dispatch) or a reopen (handling onwards) restarted.
fn every_deadline(
    c: &Complaint,
    events: &[Event],
    policy: &DeadlinePolicy,
    now: DateTime<Utc>,
) -> Vec<Deadline> {
    let mut out = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let restarted: &[DeadlineKind] = match e.data {
            EventData::DispatchReturned { .. } => &[DeadlineKind::Dispatch],
            EventData::Reopened { .. } => &[
                DeadlineKind::Handling,
                DeadlineKind::Return,
                DeadlineKind::SignOff,
                DeadlineKind::Notify,
                DeadlineKind::Callback,
            ],
            _ => continue,
        };
        out.extend(
            deadline::deadlines(c, &events[..i], policy, e.at)
                .into_iter()
                .filter(|d| restarted.contains(&d.kind) && d.met_at.is_some()),
        );
    }
    out.extend(deadline::deadlines(c, events, policy, now));
    out
}

fn is_ok(s: Option<Satisfaction>) -> bool {
    matches!(s, Some(Satisfaction::Satisfied | Satisfaction::Fair))
}

/// The figures of one period.
fn figures(
    conn: &Connection,
    names: &Reference,
    period: Period,
    policy: &DeadlinePolicy,
    now: DateTime<Utc>,
) -> Result<Figures> {
    let tz = policy.tz();
    let (start, end) = period.bounds(policy);
    let rows = sql::counts(conn, start, end)?;
    let counts = tally(&rows, names);
    let histories = sql::histories(conn, start, end)?;

    let mut kinds: HashMap<DeadlineKind, [i64; 3]> = HashMap::new();
    let mut breaches = Vec::new();
    let mut departments: BTreeMap<i64, Score> = BTreeMap::new();
    let mut employees: HashMap<i64, Score> = HashMap::new();
    let mut aspects = [[0i64; 3]; 3];
    let (mut reached, mut unreachable, mut overall, mut handled, mut covered) = (0, 0, 0, 0, 0);
    let mut exclusions = Vec::new();
    let fallback = DeadlinePolicy::default();
    for (c, events) in &histories {
        let p = names.policies.get(&c.policy_version).unwrap_or(&fallback);
        let mut one = Score {
            received: 1,
            ..Score::default()
        };
        for d in every_deadline(c, events, p, now) {
            let slot = match d.status {
                DeadlineStatus::MetOnTime => 0,
                DeadlineStatus::MetLate => 1,
                DeadlineStatus::Overdue => 2,
                DeadlineStatus::Pending | DeadlineStatus::DueSoon => continue,
            };
            kinds.entry(d.kind).or_default()[slot] += 1;
            let on_time = i64::from(slot == 0);
            match d.kind {
                DeadlineKind::Dispatch => {
                    one.dispatch_decided += 1;
                    one.dispatch_on_time += on_time;
                }
                DeadlineKind::Handling => {
                    one.handling_decided += 1;
                    one.handling_on_time += on_time;
                }
                _ => {}
            }
            if slot != 0 {
                breaches.push(breach(c, &d, names, tz));
            }
        }
        let mut last_handler = None;
        let mut was_reached = false;
        for e in events {
            match &e.data {
                EventData::DispatchReturned { .. } => one.returned = 1,
                EventData::Reopened { .. } => one.reopened = 1,
                EventData::Handled { .. } => {
                    if last_handler.is_none() {
                        one.handling_ms = (e.at - c.received_at).num_milliseconds();
                    }
                    one.handled = 1;
                    last_handler = Some(e.actor_id);
                }
                EventData::CalledBack { reached: false, .. } => unreachable += 1,
                EventData::CalledBack {
                    exclusion: Some(exclusion),
                    exclusion_reason,
                    ..
                } => {
                    reached += 1;
                    was_reached = true;
                    exclusions.push(ExcludedCallback {
                        complaint_id: c.id,
                        case_no: c.case_no.clone(),
                        department: names.department(c.department_id),
                        exclusion: *exclusion,
                        reason: exclusion_reason.clone().unwrap_or_default(),
                        at: e.at.with_timezone(&tz).fixed_offset(),
                    });
                }
                EventData::CalledBack {
                    attitude,
                    conduct,
                    result,
                    ..
                } => {
                    reached += 1;
                    was_reached = true;
                    one.counted += 1;
                    for (tally, answer) in aspects.iter_mut().zip([attitude, conduct, result]) {
                        match answer {
                            Some(Satisfaction::Satisfied) => tally[0] += 1,
                            Some(Satisfaction::Fair) => tally[1] += 1,
                            Some(Satisfaction::Dissatisfied) | None => tally[2] += 1,
                        }
                    }
                    if [attitude, conduct, result].iter().all(|s| is_ok(**s)) {
                        one.satisfied += 1;
                    }
                }
                _ => {}
            }
        }
        overall += one.satisfied;
        handled += one.handled;
        covered += i64::from(was_reached && one.handled == 1);
        if c.valid {
            departments.entry(c.department_id).or_default().add(&one);
            if let Some(who) = last_handler {
                employees.entry(who).or_default().add(&one);
            }
        }
    }
    let counted: i64 = aspects[0].iter().sum();
    breaches.sort_by(|a: &Breach, b: &Breach| {
        let order = |k: DeadlineKind| KINDS.iter().position(|x| *x == k);
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
    let hot = |spot| -> Result<Vec<Count>> {
        Ok(sql::hot_spots(conn, spot, start, end, TOP)?
            .into_iter()
            .map(|(k, n)| Count {
                key: k.clone(),
                label: k,
                count: n,
            })
            .collect())
    };
    Ok(Figures {
        period,
        deadlines: KINDS
            .iter()
            .map(|&kind| {
                let [on_time, late, overdue] = kinds.get(&kind).copied().unwrap_or_default();
                DeadlineRate {
                    kind,
                    label: kind.label_zh().to_owned(),
                    on_time,
                    late,
                    overdue,
                    rate: Rate::new(on_time, on_time + late + overdue),
                }
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
        satisfaction: SatisfactionFigures {
            reached,
            unreachable,
            excluded: exclusions.len() as i64,
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
            categories: top_categories(&rows, names),
            locations: hot(Spot::Location)?,
            buildings: hot(Spot::Building)?,
            repeat_rooms: hot(Spot::RepeatRoom)?,
        },
        counts,
    })
}

fn breach(c: &Complaint, d: &Deadline, names: &Reference, tz: Tz) -> Breach {
    Breach {
        complaint_id: c.id,
        case_no: c.case_no.clone(),
        department: names.department(c.department_id),
        kind: d.kind,
        due_at: d.due_at.with_timezone(&tz).fixed_offset(),
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

fn tally(rows: &[CountRow], names: &Reference) -> Counts {
    let sum = |f: &dyn Fn(&CountRow) -> bool| rows.iter().filter(|r| f(r)).map(|r| r.count).sum();
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
fn top_categories(rows: &[CountRow], names: &Reference) -> Vec<Count> {
    let mut out: Vec<Count> = names
        .categories
        .iter()
        .map(|k| {
            let n = rows
                .iter()
                .filter(|r| r.category_id == k.id && r.state != ComplaintState::Voided)
                .map(|r| r.count)
                .sum();
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
