//! What one complaint adds to the statistics, derived from the complaint and its events.
//!
//! The desk stores it beside the complaint and rewrites it in the transaction of every
//! event (tables `complaint_outcomes` and `deadline_outcomes`), so that a month's figures
//! fold about 10,000 stored rows instead of replaying every history. Only the part that
//! moves with the clock (is an open deadline overdue yet?) is decided when asked.

use crate::deadline::{self, Deadline, DeadlineKind, DeadlinePolicy};
use crate::event::{Event, EventData};
use crate::model::{Complaint, Satisfaction};
use chrono::{DateTime, Utc};

/// Deadline kinds in procedure order: the order of [`Tally::on_time`].
pub const KINDS: [DeadlineKind; 8] = [
    DeadlineKind::Dispatch,
    DeadlineKind::Forward,
    DeadlineKind::FirstReply,
    DeadlineKind::Handling,
    DeadlineKind::Return,
    DeadlineKind::SignOff,
    DeadlineKind::Notify,
    DeadlineKind::Callback,
];

/// The position of `kind` in [`KINDS`].
pub fn kind_index(kind: DeadlineKind) -> usize {
    KINDS.iter().position(|k| *k == kind).unwrap_or(0)
}

/// The facts of one complaint that do not move with the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Deadlines met on time, per kind in [`KINDS`] order (a restarted clock counts again).
    pub on_time: [i64; 8],
    /// 回退 at least once.
    pub returned: bool,
    /// Reopened at least once.
    pub reopened: bool,
    /// Marked handled at least once.
    pub handled: bool,
    /// From registration to the first 处理完毕.
    pub handling_ms: Option<i64>,
    /// Who marked it handled last.
    pub handler_id: Option<i64>,
    /// Callbacks that reached the resident (excluded ones too).
    pub reached: i64,
    /// Callbacks that did not.
    pub unreachable: i64,
    /// Reached callbacks left out: force majeure or an unreasonable demand.
    pub excluded: i64,
    /// Counted callbacks satisfied (满意 or 一般) on all three aspects.
    pub satisfied: i64,
    /// Counted callbacks per aspect (attitude, conduct, result): 满意, 一般, other.
    pub aspects: [[i64; 3]; 3],
}

/// How many numbers [`Tally::to_bytes`] writes.
const TALLY_NUMBERS: usize = 26;
/// An absent time or handler in [`Tally::to_bytes`].
const NONE: i64 = i64::MIN;

impl Tally {
    /// Reached callbacks that count for satisfaction.
    pub fn counted(&self) -> i64 {
        self.reached - self.excluded
    }

    /// The stored form: 26 little-endian `i64`, in field order (`on_time` by [`KINDS`],
    /// flags as 0/1, an absent value as `i64::MIN`, `aspects` row by row). One column read
    /// per complaint instead of 26 keeps a month's figures within budget.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut numbers = Vec::with_capacity(TALLY_NUMBERS);
        numbers.extend(self.on_time);
        numbers.extend([
            i64::from(self.returned),
            i64::from(self.reopened),
            i64::from(self.handled),
            self.handling_ms.unwrap_or(NONE),
            self.handler_id.unwrap_or(NONE),
            self.reached,
            self.unreachable,
            self.excluded,
            self.satisfied,
        ]);
        numbers.extend(self.aspects.iter().flatten());
        numbers.iter().flat_map(|n| n.to_le_bytes()).collect()
    }

    /// Reads [`Tally::to_bytes`]; `None` for anything of another length.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        if bytes.len() != TALLY_NUMBERS * 8 {
            return None;
        }
        let mut numbers = bytes
            .chunks_exact(8)
            .map(|c| i64::from_le_bytes(c.try_into().unwrap_or_default()));
        let mut next = || numbers.next().unwrap_or_default();
        let some = |n: i64| (n != NONE).then_some(n);
        let mut t = Tally::default();
        for slot in &mut t.on_time {
            *slot = next();
        }
        t.returned = next() != 0;
        t.reopened = next() != 0;
        t.handled = next() != 0;
        t.handling_ms = some(next());
        t.handler_id = some(next());
        t.reached = next();
        t.unreachable = next();
        t.excluded = next();
        t.satisfied = next();
        for slot in t.aspects.iter_mut().flatten() {
            *slot = next();
        }
        Some(t)
    }
}

/// A deadline not met on time: met late, or still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Miss {
    /// Which.
    pub kind: DeadlineKind,
    /// When it is (was) due; for a paused clock, if it ran again at `paused_at`.
    pub due_at: DateTime<Utc>,
    /// When it was met, late.
    pub met_at: Option<DateTime<Utc>>,
    /// The handling clock stopped while waiting on the resident, as of this instant.
    pub paused_at: Option<DateTime<Utc>>,
}

impl Miss {
    /// When it is due at `now`: a paused clock's due time moves on with `now`.
    pub fn due_at(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self.paused_at {
            Some(p) => self.due_at + (now - p).max(chrono::Duration::zero()),
            None => self.due_at,
        }
    }

    /// Met late, or open past due at `now`; `false` for an open one not yet due.
    pub fn missed_at(&self, now: DateTime<Utc>) -> bool {
        self.met_at.is_some() || now > self.due_at(now)
    }
}

/// Everything the complaint adds to the statistics.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// What does not move with the clock.
    pub tally: Tally,
    /// Deadlines met late or still open, in procedure order.
    pub misses: Vec<Miss>,
    /// The public-affairs duties done, and by whom, in recording order.
    pub credits: Vec<Credit>,
}

/// A duty of the public-affairs staff that the scorecard credits to whoever did it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Duty {
    /// 登记 (1.2).
    Register,
    /// 派发 (1.3).
    Dispatch,
    /// 转呈 (1.2.2).
    Forward,
    /// 回复住户 (1.5).
    Notify,
    /// 回访 (1.6), reached or not.
    Callback,
    /// 意见表返回 logged at the desk (1.4.1).
    FormReturn,
}

impl Duty {
    /// Every duty.
    pub const ALL: [Duty; 6] = [
        Duty::Register,
        Duty::Dispatch,
        Duty::Forward,
        Duty::Notify,
        Duty::Callback,
        Duty::FormReturn,
    ];

    /// The deadline the duty meets, if it has one.
    pub fn deadline(self) -> Option<DeadlineKind> {
        match self {
            Duty::Register => None,
            Duty::Dispatch => Some(DeadlineKind::Dispatch),
            Duty::Forward => Some(DeadlineKind::Forward),
            Duty::Notify => Some(DeadlineKind::Notify),
            Duty::Callback => Some(DeadlineKind::Callback),
            Duty::FormReturn => Some(DeadlineKind::Return),
        }
    }

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Duty::Register => "register",
            Duty::Dispatch => "dispatch",
            Duty::Forward => "forward",
            Duty::Notify => "notify",
            Duty::Callback => "callback",
            Duty::FormReturn => "formReturn",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.code() == code)
    }
}

/// Who did a duty and when: for a notification or callback entered for someone else, the
/// person who did it (an account, or a typed name) and when they did it, not who typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credit {
    /// Which duty.
    pub duty: Duty,
    /// The account, when the person has one.
    pub user_id: Option<i64>,
    /// The typed name of someone without an account.
    pub name: Option<String>,
    /// When it was done.
    pub at: DateTime<Utc>,
    /// Whether the deadline it met was met on time; `None` when it met none (a
    /// registration, a forward of a minor complaint, a second callback).
    pub on_time: Option<bool>,
    /// Who entered it at the desk (the supervisor who arranged a patrol's callback).
    pub entered_by: i64,
}

impl Credit {
    fn of(e: &Event, deadlines: &[Deadline]) -> Option<Self> {
        let duty = match e.data {
            EventData::Registered { .. } => Duty::Register,
            EventData::FormReturned => Duty::FormReturn,
            EventData::Dispatched { .. } => Duty::Dispatch,
            EventData::Forwarded { .. } => Duty::Forward,
            EventData::ResidentNotified { .. } => Duty::Notify,
            EventData::CalledBack { .. } => Duty::Callback,
            _ => return None,
        };
        let (user_id, name) = match e.done_by() {
            Some(d) if d.user_id.is_some() => (d.user_id, None),
            Some(d) => (None, Some(d.name.clone())),
            None => (Some(e.actor_id), None),
        };
        let at = e.done_at();
        let on_time = duty.deadline().and_then(|kind| {
            deadlines
                .iter()
                .find(|d| d.kind == kind && d.met_at == Some(at))
                .map(|d| at <= d.due_at)
        });
        Some(Self {
            duty,
            user_id,
            name,
            at,
            on_time,
            entered_by: e.actor_id,
        })
    }
}

/// Every deadline the complaint has had at `at`: the current ones, plus those of earlier
/// clocks that a 回退 (dispatch) or a reopen (handling onwards) restarted.
pub fn every_deadline(
    c: &Complaint,
    events: &[Event],
    policy: &DeadlinePolicy,
    at: DateTime<Utc>,
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
    out.extend(deadline::deadlines(c, events, policy, at));
    out
}

fn is_ok(s: Option<Satisfaction>) -> bool {
    matches!(s, Some(Satisfaction::Satisfied | Satisfaction::Fair))
}

/// What the complaint adds to the statistics, as of `at` (the instant of its latest
/// write; no later than any `now` the figures are asked for).
pub fn outcome(
    c: &Complaint,
    events: &[Event],
    policy: &DeadlinePolicy,
    at: DateTime<Utc>,
) -> Outcome {
    let mut out = Outcome::default();
    let t = &mut out.tally;
    let all = every_deadline(c, events, policy, at);
    for d in all.iter().filter(|d| KINDS.contains(&d.kind)) {
        match d.met_at {
            Some(m) if m <= d.due_at => t.on_time[kind_index(d.kind)] += 1,
            met_at => out.misses.push(Miss {
                kind: d.kind,
                due_at: d.due_at,
                met_at,
                paused_at: d.paused.then_some(at),
            }),
        }
    }
    out.credits = events.iter().filter_map(|e| Credit::of(e, &all)).collect();
    let t = &mut out.tally;
    for e in events {
        match &e.data {
            EventData::DispatchReturned { .. } => t.returned = true,
            EventData::Reopened { .. } => t.reopened = true,
            EventData::Handled { .. } => {
                if !t.handled {
                    t.handling_ms = Some((e.at - c.received_at).num_milliseconds());
                }
                t.handled = true;
                t.handler_id = Some(e.actor_id);
            }
            EventData::CalledBack { reached: false, .. } => t.unreachable += 1,
            EventData::CalledBack {
                exclusion: Some(_), ..
            } => {
                t.reached += 1;
                t.excluded += 1;
            }
            EventData::CalledBack {
                attitude,
                conduct,
                result,
                ..
            } => {
                t.reached += 1;
                for (tally, answer) in t.aspects.iter_mut().zip([attitude, conduct, result]) {
                    match answer {
                        Some(Satisfaction::Satisfied) => tally[0] += 1,
                        Some(Satisfaction::Fair) => tally[1] += 1,
                        Some(Satisfaction::Dissatisfied) | None => tally[2] += 1,
                    }
                }
                if [attitude, conduct, result].iter().all(|s| is_ok(**s)) {
                    t.satisfied += 1;
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tally_reads_back_as_stored() {
        let mut t = Tally {
            on_time: [1, 2, 3, 4, 5, 6, 7, 8],
            returned: true,
            reopened: false,
            handled: true,
            handling_ms: Some(-5),
            handler_id: None,
            reached: 3,
            unreachable: 2,
            excluded: 1,
            satisfied: 1,
            aspects: [[1, 0, 1], [0, 2, 0], [2, 0, 0]],
        };
        assert_eq!(Tally::from_bytes(&t.to_bytes()), Some(t));
        (t.handling_ms, t.handler_id) = (None, Some(i64::MAX));
        assert_eq!(Tally::from_bytes(&t.to_bytes()), Some(t));
        assert_eq!(Tally::from_bytes(&t.to_bytes()[1..]), None);
    }
}
