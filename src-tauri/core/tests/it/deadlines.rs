//! Every deadline rule, table-driven, with its boundaries. Pure: complaints and events
//! are built by hand, and "now" is whatever the row says.

use super::fixture::sh;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use complaint_core::deadline::{
    deadlines, DeadlineKind as K, DeadlinePolicy, DeadlineStatus as St,
};
use complaint_core::event::{Event, EventData as E};
use complaint_core::model::{
    CallbackMethod, Channel, Complaint, ComplaintState, ContactMethod, NotifyMethod, Role, Severity,
};

fn complaint(
    severity: Severity,
    received_at: DateTime<Utc>,
    resident_deadline: Option<DateTime<Utc>>,
) -> Complaint {
    Complaint {
        id: 1,
        case_no: "TS-20261128-001".into(),
        received_at,
        channel: Channel::Phone,
        receptionist_id: 1,
        resident_name: "张三".into(),
        room: "1-1-101".into(),
        phone: "13800138000".into(),
        contact_method: ContactMethod::Phone,
        occurred_at: None,
        location: String::new(),
        department_id: 1,
        accused_person: None,
        description: "x".into(),
        resident_request: "y".into(),
        resident_deadline,
        category_id: 1,
        severity,
        valid: true,
        invalid_reason: None,
        ongoing_harm: false,
        immediate_measure: None,
        state: ComplaintState::Registered,
        policy_version: 1,
        next_due_at: None,
        next_due_kind: None,
        confidential: false,
        accused_user_id: None,
    }
}

fn events(list: &[(DateTime<Utc>, E)]) -> Vec<Event> {
    list.iter()
        .enumerate()
        .map(|(i, (at, data))| Event {
            id: i as i64 + 1,
            complaint_id: 1,
            at: *at,
            actor_id: 1,
            data: data.clone(),
        })
        .collect()
}

fn dispatched() -> E {
    E::Dispatched {
        department_id: 1,
        recipient: "吴涛".into(),
    }
}
fn handled() -> E {
    E::Handled {
        result: "ok".into(),
    }
}
fn notified() -> E {
    E::ResidentNotified {
        method: NotifyMethod::Phone,
        response: String::new(),
        done_by: None,
        done_at: None,
    }
}
fn signed(approved: bool) -> E {
    E::SignedOff {
        approved,
        comment: "c".into(),
    }
}

/// One row: a complaint, its history, the instant asked, and what one deadline must say.
struct Row {
    name: &'static str,
    c: Complaint,
    ev: Vec<(DateTime<Utc>, E)>,
    now: DateTime<Utc>,
    kind: K,
    due: Option<DateTime<Utc>>,
    status: St,
}

fn check(rows: Vec<Row>, policy: &DeadlinePolicy) {
    for r in rows {
        let mut c = r.c.clone();
        c.state = state_after(&r.ev);
        let all = deadlines(&c, &events(&r.ev), policy, r.now);
        let d = all
            .iter()
            .find(|d| d.kind == r.kind)
            .unwrap_or_else(|| panic!("{}: no {:?} deadline in {all:?}", r.name, r.kind));
        if let Some(due) = r.due {
            assert_eq!(d.due_at, due, "{}: due", r.name);
        }
        assert_eq!(d.status, r.status, "{}: status", r.name);
    }
}

fn state_after(ev: &[(DateTime<Utc>, E)]) -> ComplaintState {
    use ComplaintState as S;
    ev.iter().fold(S::Registered, |s, (_, e)| match e {
        E::Dispatched { .. } => S::Dispatched,
        E::DispatchReturned { .. } => S::Registered,
        E::HandlingNote { .. } | E::WaitEnded | E::Reopened { .. } => S::InHandling,
        E::WaitStarted { .. } => S::WaitingOnResident,
        E::Handled { .. } => S::Handled,
        E::FormReturned => S::AwaitingSignOff,
        E::SignedOff { approved: true, .. } => S::SignedOff,
        E::SignedOff {
            approved: false, ..
        } => S::InHandling,
        E::ResidentNotified { .. } => S::Notified,
        E::CalledBack { .. } => S::CalledBack,
        _ => s,
    })
}

#[test]
fn dispatch_within_ten_minutes() {
    let r = sh(2026, 11, 28, 10, 0, 0);
    let minor = complaint(Severity::Minor, r, None);
    let row = |name, ev: Vec<(DateTime<Utc>, E)>, now, status| Row {
        name,
        c: minor.clone(),
        ev,
        now,
        kind: K::Dispatch,
        due: Some(sh(2026, 11, 28, 10, 10, 0)),
        status,
    };
    check(
        vec![
            row("fresh", vec![(r, E::REGISTERED)], r, St::Pending),
            row(
                "2 min left is due soon",
                vec![(r, E::REGISTERED)],
                sh(2026, 11, 28, 10, 8, 0),
                St::DueSoon,
            ),
            row(
                "exactly 10 min is not yet late",
                vec![(r, E::REGISTERED)],
                sh(2026, 11, 28, 10, 10, 0),
                St::DueSoon,
            ),
            row(
                "10 min 1 s is overdue",
                vec![(r, E::REGISTERED)],
                sh(2026, 11, 28, 10, 10, 1),
                St::Overdue,
            ),
            row(
                "dispatched at exactly 10 min",
                vec![
                    (r, E::REGISTERED),
                    (sh(2026, 11, 28, 10, 10, 0), dispatched()),
                ],
                sh(2026, 11, 29, 0, 0, 0),
                St::MetOnTime,
            ),
            row(
                "dispatched at 10 min 1 s",
                vec![
                    (r, E::REGISTERED),
                    (sh(2026, 11, 28, 10, 10, 1), dispatched()),
                ],
                sh(2026, 11, 29, 0, 0, 0),
                St::MetLate,
            ),
        ],
        &DeadlinePolicy::default(),
    );
    // 回退 restarts the clock.
    check(
        vec![Row {
            name: "after a return",
            c: minor.clone(),
            ev: vec![
                (r, E::REGISTERED),
                (sh(2026, 11, 28, 10, 5, 0), dispatched()),
                (
                    sh(2026, 11, 28, 11, 0, 0),
                    E::DispatchReturned {
                        reason: "非本部门".into(),
                    },
                ),
            ],
            now: sh(2026, 11, 28, 11, 9, 0),
            kind: K::Dispatch,
            due: Some(sh(2026, 11, 28, 11, 10, 0)),
            status: St::DueSoon,
        }],
        &DeadlinePolicy::default(),
    );
}

#[test]
fn forward_major_same_local_day_and_important_within_an_hour() {
    let p = DeadlinePolicy::default();
    let late_evening = sh(2026, 11, 28, 23, 59, 0);
    let major = complaint(Severity::Major, late_evening, None);
    let fwd = |role| E::Forwarded {
        to_role: role,
        to_name: None,
    };
    let midnight = sh(2026, 11, 29, 0, 0, 0);
    check(
        vec![
            Row {
                name: "major at 23:59 is due at midnight",
                c: major.clone(),
                ev: vec![(late_evening, E::REGISTERED)],
                now: sh(2026, 11, 28, 23, 59, 50),
                kind: K::Forward,
                due: Some(midnight),
                status: St::DueSoon,
            },
            Row {
                name: "forwarded 23:59:59",
                c: major.clone(),
                ev: vec![
                    (late_evening, E::REGISTERED),
                    (sh(2026, 11, 28, 23, 59, 59), fwd(Role::GeneralManager)),
                ],
                now: midnight,
                kind: K::Forward,
                due: Some(midnight),
                status: St::MetOnTime,
            },
            Row {
                name: "forwarded 00:01 next day",
                c: major.clone(),
                ev: vec![
                    (late_evening, E::REGISTERED),
                    (sh(2026, 11, 29, 0, 1, 0), fwd(Role::GeneralManager)),
                ],
                now: midnight,
                kind: K::Forward,
                due: Some(midnight),
                status: St::MetLate,
            },
            Row {
                name: "forward to the wrong role does not count",
                c: major.clone(),
                ev: vec![
                    (late_evening, E::REGISTERED),
                    (sh(2026, 11, 28, 23, 59, 30), fwd(Role::Manager)),
                ],
                now: sh(2026, 11, 29, 0, 1, 0),
                kind: K::Forward,
                due: Some(midnight),
                status: St::Overdue,
            },
            Row {
                name: "major at 00:01 has the whole day",
                c: complaint(Severity::Major, sh(2026, 11, 29, 0, 1, 0), None),
                ev: vec![(sh(2026, 11, 29, 0, 1, 0), E::REGISTERED)],
                now: sh(2026, 11, 29, 12, 0, 0),
                kind: K::Forward,
                due: Some(sh(2026, 11, 30, 0, 0, 0)),
                status: St::Pending,
            },
            Row {
                name: "important: one hour",
                c: complaint(Severity::Important, sh(2026, 11, 28, 10, 0, 0), None),
                ev: vec![(sh(2026, 11, 28, 10, 0, 0), E::REGISTERED)],
                now: sh(2026, 11, 28, 11, 0, 1),
                kind: K::Forward,
                due: Some(sh(2026, 11, 28, 11, 0, 0)),
                status: St::Overdue,
            },
        ],
        &p,
    );
}

#[test]
fn handling_by_severity_and_resident_deadline() {
    let p = DeadlinePolicy::default();
    let r = sh(2026, 11, 28, 10, 0, 0);
    let ev = vec![(r, E::REGISTERED)];
    let row = |name, c: Complaint, kind, due, status| Row {
        name,
        c,
        ev: ev.clone(),
        now: r,
        kind,
        due: Some(due),
        status,
    };
    check(
        vec![
            row(
                "minor: 2 days",
                complaint(Severity::Minor, r, None),
                K::Handling,
                sh(2026, 11, 30, 10, 0, 0),
                St::Pending,
            ),
            row(
                "minor: resident's earlier deadline",
                complaint(Severity::Minor, r, Some(sh(2026, 11, 28, 18, 0, 0))),
                K::Handling,
                sh(2026, 11, 28, 18, 0, 0),
                St::Pending,
            ),
            row(
                "minor: resident's later deadline",
                complaint(Severity::Minor, r, Some(sh(2026, 12, 5, 18, 0, 0))),
                K::Handling,
                sh(2026, 12, 5, 18, 0, 0),
                St::Pending,
            ),
            row(
                "important: 3 days",
                complaint(Severity::Important, r, None),
                K::Handling,
                sh(2026, 12, 1, 10, 0, 0),
                St::Pending,
            ),
            row(
                "major: resolution in 10 days",
                complaint(Severity::Major, r, None),
                K::Handling,
                sh(2026, 12, 8, 10, 0, 0),
                St::Pending,
            ),
            row(
                "major: clear answer in 2 days",
                complaint(Severity::Major, r, None),
                K::FirstReply,
                sh(2026, 11, 30, 10, 0, 0),
                St::Pending,
            ),
        ],
        &p,
    );
    // Exactly at the deadline vs one second past it.
    let minor = complaint(Severity::Minor, r, None);
    check(
        vec![
            Row {
                name: "handled at 2 days",
                c: minor.clone(),
                ev: vec![
                    (r, E::REGISTERED),
                    (r, dispatched()),
                    (sh(2026, 11, 30, 10, 0, 0), handled()),
                ],
                now: sh(2026, 12, 1, 0, 0, 0),
                kind: K::Handling,
                due: None,
                status: St::MetOnTime,
            },
            Row {
                name: "unhandled 1 s past",
                c: minor,
                ev: vec![(r, E::REGISTERED), (r, dispatched())],
                now: sh(2026, 11, 30, 10, 0, 1),
                kind: K::Handling,
                due: None,
                status: St::Overdue,
            },
        ],
        &p,
    );
}

#[test]
fn waiting_on_the_resident_moves_the_handling_deadline() {
    let p = DeadlinePolicy::default();
    let r = sh(2026, 11, 28, 10, 0, 0);
    let c = complaint(Severity::Minor, r, None);
    let waited = vec![
        (r, E::REGISTERED),
        (r, dispatched()),
        (
            sh(2026, 11, 29, 9, 0, 0),
            E::WaitStarted {
                reason: "住户不在家".into(),
            },
        ),
        (sh(2026, 11, 29, 12, 0, 0), E::WaitEnded),
    ];
    let mut open_wait = waited.clone();
    open_wait.pop();
    check(
        vec![
            Row {
                name: "a closed 3 h pause",
                c: c.clone(),
                ev: waited,
                now: sh(2026, 11, 30, 12, 0, 0),
                kind: K::Handling,
                due: Some(sh(2026, 11, 30, 13, 0, 0)),
                status: St::DueSoon,
            },
            Row {
                name: "an open pause never goes overdue",
                c: c.clone(),
                ev: open_wait.clone(),
                now: sh(2026, 12, 10, 9, 0, 0),
                kind: K::Handling,
                due: Some(sh(2026, 12, 11, 10, 0, 0)),
                status: St::Pending,
            },
        ],
        &p,
    );
    let mut cc = c.clone();
    cc.state = ComplaintState::WaitingOnResident;
    let d = deadlines(&cc, &events(&open_wait), &p, sh(2026, 11, 29, 10, 0, 0));
    assert!(
        d.iter().any(|d| d.kind == K::Handling && d.paused),
        "the pause stays visible"
    );
}

#[test]
fn an_approved_extension_moves_the_handling_deadline() {
    let p = DeadlinePolicy::default();
    let r = sh(2026, 11, 28, 10, 0, 0);
    let new = sh(2026, 12, 6, 18, 0, 0);
    let base = vec![
        (r, E::REGISTERED),
        (r, dispatched()),
        (
            sh(2026, 11, 29, 9, 0, 0),
            E::ExtensionRequested {
                new_deadline: new,
                reason: "等配件".into(),
            },
        ),
    ];
    let mut approved = base.clone();
    approved.push((
        sh(2026, 11, 29, 10, 0, 0),
        E::ExtensionDecided {
            approved: true,
            new_deadline: new,
            reason: "同意".into(),
        },
    ));
    let mut refused = base.clone();
    refused.push((
        sh(2026, 11, 29, 10, 0, 0),
        E::ExtensionDecided {
            approved: false,
            new_deadline: new,
            reason: "不同意".into(),
        },
    ));
    let c = complaint(Severity::Minor, r, None);
    check(
        vec![
            Row {
                name: "requested only",
                c: c.clone(),
                ev: base,
                now: sh(2026, 12, 1, 0, 0, 0),
                kind: K::Handling,
                due: Some(sh(2026, 11, 30, 10, 0, 0)),
                status: St::Overdue,
            },
            Row {
                name: "approved",
                c: c.clone(),
                ev: approved,
                now: sh(2026, 12, 1, 0, 0, 0),
                kind: K::Handling,
                due: Some(new),
                status: St::Pending,
            },
            Row {
                name: "refused",
                c,
                ev: refused,
                now: sh(2026, 12, 1, 0, 0, 0),
                kind: K::Handling,
                due: Some(sh(2026, 11, 30, 10, 0, 0)),
                status: St::Overdue,
            },
        ],
        &p,
    );
}

#[test]
fn return_sign_off_notify_and_callback_after_handling() {
    let p = DeadlinePolicy::default();
    let r = sh(2026, 11, 28, 10, 0, 0);
    let imp = complaint(Severity::Important, r, None);
    let h = sh(2026, 11, 29, 23, 59, 0);
    let mut ev = vec![(r, E::REGISTERED), (r, dispatched()), (h, handled())];
    check(
        vec![Row {
            name: "return due at midnight of the handling day",
            c: imp.clone(),
            ev: ev.clone(),
            now: sh(2026, 11, 29, 23, 59, 50),
            kind: K::Return,
            due: Some(sh(2026, 11, 30, 0, 0, 0)),
            status: St::DueSoon,
        }],
        &p,
    );
    ev.push((sh(2026, 11, 30, 0, 1, 0), E::FormReturned));
    check(
        vec![Row {
            name: "returned 00:01 is late",
            c: imp.clone(),
            ev: ev.clone(),
            now: sh(2026, 11, 30, 1, 0, 0),
            kind: K::Return,
            due: None,
            status: St::MetLate,
        }],
        &p,
    );
    check(
        vec![Row {
            name: "sign-off the day of return",
            c: imp.clone(),
            ev: ev.clone(),
            now: sh(2026, 11, 30, 1, 0, 0),
            kind: K::SignOff,
            due: Some(sh(2026, 12, 1, 0, 0, 0)),
            status: St::Pending,
        }],
        &p,
    );

    // Rejected once, handled again, then approved: handling is met by the second result.
    ev.push((sh(2026, 11, 30, 9, 0, 0), signed(false)));
    check(
        vec![Row {
            name: "rejected: handling open again",
            c: imp.clone(),
            ev: ev.clone(),
            now: sh(2026, 11, 30, 9, 0, 0),
            kind: K::Handling,
            due: Some(sh(2026, 12, 1, 10, 0, 0)),
            status: St::Pending,
        }],
        &p,
    );
    let h2 = sh(2026, 11, 30, 15, 0, 0);
    ev.push((h2, handled()));
    ev.push((sh(2026, 11, 30, 16, 0, 0), E::FormReturned));
    ev.push((sh(2026, 11, 30, 17, 0, 0), signed(true)));
    let all = deadlines(&imp, &events(&ev), &p, sh(2026, 11, 30, 18, 0, 0));
    let handling = all.iter().find(|d| d.kind == K::Handling).unwrap();
    assert_eq!(
        handling.met_at,
        Some(h2),
        "handling met by the redone result"
    );
    check(
        vec![Row {
            name: "notify the day of the approval",
            c: imp.clone(),
            ev: ev.clone(),
            now: sh(2026, 11, 30, 18, 0, 0),
            kind: K::Notify,
            due: Some(sh(2026, 12, 1, 0, 0, 0)),
            status: St::Pending,
        }],
        &p,
    );
    ev.push((sh(2026, 11, 30, 19, 0, 0), notified()));
    check(
        vec![Row {
            name: "callback 3 days after notification",
            c: imp.clone(),
            ev: ev.clone(),
            now: sh(2026, 12, 3, 19, 0, 1),
            kind: K::Callback,
            due: Some(sh(2026, 12, 3, 19, 0, 0)),
            status: St::Overdue,
        }],
        &p,
    );
    ev.push((
        sh(2026, 12, 2, 10, 0, 0),
        E::CalledBack {
            reached: false,
            method: CallbackMethod::Phone,
            attitude: None,
            conduct: None,
            result: None,
            remarks: String::new(),
            exclusion: None,
            exclusion_reason: None,
            done_by: None,
            done_at: None,
        },
    ));
    check(
        vec![Row {
            name: "an unreachable attempt meets the callback",
            c: imp,
            ev,
            now: sh(2026, 12, 3, 19, 0, 1),
            kind: K::Callback,
            due: None,
            status: St::MetOnTime,
        }],
        &p,
    );

    // Minor: notify the same day as handled, once the form is back.
    let minor = complaint(Severity::Minor, r, None);
    let ev = vec![
        (r, E::REGISTERED),
        (r, dispatched()),
        (sh(2026, 11, 28, 15, 0, 0), handled()),
        (sh(2026, 11, 28, 16, 0, 0), E::FormReturned),
    ];
    check(
        vec![Row {
            name: "minor notify",
            c: minor,
            ev,
            now: sh(2026, 11, 29, 0, 0, 1),
            kind: K::Notify,
            due: Some(sh(2026, 11, 29, 0, 0, 0)),
            status: St::Overdue,
        }],
        &p,
    );
}

#[test]
fn reopen_starts_a_new_handling_deadline() {
    let p = DeadlinePolicy::default();
    let r = sh(2026, 11, 1, 10, 0, 0);
    let reopen = sh(2026, 11, 10, 9, 0, 0);
    let ev = vec![
        (r, E::REGISTERED),
        (r, dispatched()),
        (sh(2026, 11, 2, 10, 0, 0), handled()),
        (
            reopen,
            E::Reopened {
                reason: "不满意".into(),
            },
        ),
    ];
    check(
        vec![Row {
            name: "reopened minor: 2 days from reopening",
            c: complaint(Severity::Minor, r, Some(sh(2026, 11, 1, 18, 0, 0))),
            ev,
            now: reopen,
            kind: K::Handling,
            due: Some(sh(2026, 11, 12, 9, 0, 0)),
            status: St::Pending,
        }],
        &p,
    );
}

#[test]
fn same_day_is_read_in_the_policy_zone_not_the_machine_zone() {
    // 2026-11-28 23:30 in Shanghai is 10:30 the same day in New York.
    let r = sh(2026, 11, 28, 23, 30, 0);
    let major = complaint(Severity::Major, r, None);
    let ev = vec![(r, E::REGISTERED)];
    let shanghai = DeadlinePolicy::default();
    let new_york = DeadlinePolicy {
        time_zone: "America/New_York".into(),
        ..DeadlinePolicy::default()
    };
    check(
        vec![Row {
            name: "Shanghai midnight",
            c: major.clone(),
            ev: ev.clone(),
            now: r,
            kind: K::Forward,
            due: Some(sh(2026, 11, 29, 0, 0, 0)),
            status: St::Pending,
        }],
        &shanghai,
    );
    // New York midnight after 10:30 on the 28th = 2026-11-29 05:00 UTC = 13:00 Shanghai.
    check(
        vec![Row {
            name: "New York midnight",
            c: major,
            ev,
            now: r,
            kind: K::Forward,
            due: Some(sh(2026, 11, 29, 13, 0, 0)),
            status: St::Pending,
        }],
        &new_york,
    );
    // The machine's zone plays no part: nothing in the core reads it.
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    let mut read = 0;
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(
                    !text.contains("Local::") && !text.contains("Utc::now"),
                    "{} reads the machine clock or zone",
                    path.display()
                );
                read += 1;
            }
        }
    }
    assert!(read > 10, "read only {read} source files");
}

#[test]
fn one_month_raise_date_follows_the_calendar() {
    let p = DeadlinePolicy::default();
    assert_eq!(
        p.raise_at(sh(2026, 1, 31, 10, 0, 0)),
        sh(2026, 2, 28, 10, 0, 0)
    );
    assert_eq!(
        p.raise_at(sh(2026, 11, 28, 10, 0, 0)),
        sh(2026, 12, 28, 10, 0, 0)
    );
    let _ = (Duration::zero(), NaiveDate::MIN);
}

/// A complaint standing in `state` with a history that fits it (for the role tests).
pub fn case_in(
    state: ComplaintState,
    severity: Severity,
) -> (Complaint, Vec<Event>, DeadlinePolicy) {
    use ComplaintState as S;
    let r = sh(2026, 11, 28, 9, 0, 0);
    let mut c = complaint(severity, r, None);
    c.state = state;
    let mut ev = vec![(r, E::REGISTERED)];
    if state != S::Registered {
        ev.push((r, dispatched()));
    }
    if matches!(state, S::WaitingOnResident) {
        ev.push((r, E::WaitStarted { reason: "r".into() }));
    }
    if matches!(state, S::Handled | S::AwaitingSignOff | S::CalledBack) {
        ev.push((r, handled()));
    }
    if matches!(state, S::AwaitingSignOff) {
        ev.push((r, E::FormReturned));
    }
    if state == S::CalledBack {
        ev.push((r, E::FormReturned));
        ev.push((r, notified()));
        ev.push((
            r,
            E::CalledBack {
                reached: true,
                method: CallbackMethod::Phone,
                attitude: Some(complaint_core::model::Satisfaction::Satisfied),
                conduct: Some(complaint_core::model::Satisfaction::Satisfied),
                result: Some(complaint_core::model::Satisfaction::Dissatisfied),
                remarks: String::new(),
                exclusion: None,
                exclusion_reason: None,
                done_by: None,
                done_at: None,
            },
        ));
    }
    (c, events(&ev), DeadlinePolicy::default())
}

/// The statistics keep each complaint's outcome as of its last event. Whatever instant is
/// asked later, a stored deadline counts as missed exactly when `deadlines` says it is met
/// late or overdue, with the same due time (also while the handling clock is paused), and
/// the on-time ones are those `deadlines` finds on time.
#[test]
fn stored_outcomes_decide_like_deadlines_at_any_later_instant() {
    use complaint_core::stats::{every_deadline, kind_index, outcome};
    let p = DeadlinePolicy::default();
    let r = sh(2026, 12, 1, 9, 0, 0);
    let m = |minutes: i64| r + Duration::minutes(minutes);
    let dispatched = || E::Dispatched {
        department_id: 1,
        recipient: "吴涛".into(),
    };
    let wait = || E::WaitStarted {
        reason: "住户出差".into(),
    };
    let handled = || E::Handled {
        result: "已修复".into(),
    };
    type History = Vec<(DateTime<Utc>, E)>;
    let cases: [(ComplaintState, History); 5] = [
        // Waiting since before the handling due time: not overdue while it waits.
        (
            ComplaintState::WaitingOnResident,
            vec![(r, E::REGISTERED), (m(3), dispatched()), (m(1440), wait())],
        ),
        // Waiting since after it: overdue all along.
        (
            ComplaintState::WaitingOnResident,
            vec![
                (r, E::REGISTERED),
                (m(3), dispatched()),
                (m(14_400), wait()),
            ],
        ),
        // Dispatched late, in handling: overdue once the handling time is up.
        (
            ComplaintState::InHandling,
            vec![(r, E::REGISTERED), (m(30), dispatched())],
        ),
        // Handled after a wait that ended: the form's return still open.
        (
            ComplaintState::Handled,
            vec![
                (r, E::REGISTERED),
                (m(3), dispatched()),
                (m(60), wait()),
                (m(1500), E::WaitEnded),
                (m(2940), handled()),
            ],
        ),
        // Never dispatched, voided: the open deadlines go with it.
        (
            ComplaintState::Voided,
            vec![
                (r, E::REGISTERED),
                (
                    m(30),
                    E::Voided {
                        reason: "重复登记".into(),
                    },
                ),
            ],
        ),
    ];
    for (state, list) in cases {
        let mut c = complaint(Severity::Minor, r, None);
        c.state = state;
        let evs = events(&list);
        let at = evs.last().unwrap().at;
        let stored = outcome(&c, &evs, &p, at);
        for hours in (0..24 * 40).step_by(5) {
            let now = at + Duration::hours(hours);
            let all = every_deadline(&c, &evs, &p, now);
            let missed: Vec<_> = all
                .iter()
                .filter(|d| matches!(d.status, St::MetLate | St::Overdue))
                .map(|d| (d.kind, d.met_at, d.due_at))
                .collect();
            let kept: Vec<_> = stored
                .misses
                .iter()
                .filter(|s| s.missed_at(now))
                .map(|s| (s.kind, s.met_at, s.due_at(now)))
                .collect();
            assert_eq!(kept, missed, "{state:?}, {hours} h after the last event");
            let mut on_time = [0; 8];
            for d in all.iter().filter(|d| d.status == St::MetOnTime) {
                on_time[kind_index(d.kind)] += 1;
            }
            assert_eq!(stored.tally.on_time, on_time, "{state:?}, {hours} h");
        }
    }
}
