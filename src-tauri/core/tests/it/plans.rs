//! Query plans of the screens that must stay instant at a million complaints: every
//! dashboard queue and the list's filters and orders use an index on `complaints`, never a
//! scan of the table (SQLite's `EXPLAIN QUERY PLAN`, on generated data after `ANALYZE`).

use super::fixture::{t0, Fixture};
use chrono::Duration;
use complaint_core::model::{Channel, ComplaintState, Role, Severity};
use complaint_core::storage::complaints::{
    list_statements, queue_args, queue_statements, ListQuery, Queue, QueueScope, SortKey,
};
use complaint_core::storage::db::Value;
use complaint_core::storage::stats::PeriodColumns;
use rusqlite::{params_from_iter, Connection};

/// The plan's lines, as `EXPLAIN QUERY PLAN` words them.
fn plan(conn: &Connection, sql: &str, args: &[Value]) -> Vec<String> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let rows = stmt
        .query_map(params_from_iter(args.iter()), |r| r.get::<_, String>(3))
        .unwrap();
    rows.map(Result::unwrap).collect()
}

/// The plan's lines that read `complaints` (aliased `c` or not).
fn on_complaints(lines: &[String]) -> Vec<&String> {
    lines
        .iter()
        .filter(|l| matches!(l.split(' ').nth(1), Some("c" | "complaints")))
        .collect()
}

/// Whether the plan reads the whole table (not an index, not by key).
fn scans_table(lines: &[String]) -> bool {
    on_complaints(lines)
        .iter()
        .any(|l| l.starts_with("SCAN") && !l.contains(" USING "))
}

fn desk_with_history() -> Fixture {
    let mut f = Fixture::demo();
    complaint_core::seed::seed_many(&mut f.desk, 20_000, t0()).unwrap();
    f
}

#[test]
fn every_dashboard_queue_walks_an_index_range_in_due_order() {
    crate::file_only!();
    let f = desk_with_history();
    let conn = f.file();
    let scopes = [
        QueueScope::default(),
        QueueScope {
            department: Some(1),
            approver: None,
        },
        QueueScope {
            department: None,
            approver: Some(Role::Manager),
        },
        QueueScope {
            department: None,
            approver: Some(Role::GeneralManager),
        },
    ];
    for queue in Queue::ALL {
        for scope in scopes {
            let department = scope.department;
            let args = queue_args(department, t0());
            for part in queue_statements(queue, scope, 20) {
                for sql in part.into_iter().flatten() {
                    let lines = plan(conn, &sql, &args);
                    let reads = on_complaints(&lines);
                    assert!(
                        !reads.is_empty() && reads.iter().all(|l| l.starts_with("SEARCH c USING")),
                        "{queue:?} ({department:?}) reads the table without an index:\n{sql}\n{lines:#?}"
                    );
                    // The first rows come in the index's order: no sort of the whole queue.
                    assert!(
                        !lines.iter().any(|l| l.contains("TEMP B-TREE")),
                        "{queue:?} ({department:?}) sorts the queue:\n{sql}\n{lines:#?}"
                    );
                }
            }
        }
    }
}

/// A month's statistics read the month's complaints from one index alone, then each
/// outcome by its key: a column read that the index lacks costs a table look-up per
/// complaint (at 1,000,000 complaints, a month's statistics went from 35 to 66 ms).
#[test]
fn a_periods_statistics_read_only_their_covering_index() {
    crate::file_only!();
    let f = desk_with_history();
    let conn = f.file();
    conn.execute_batch("ANALYZE").unwrap();
    let args = [Value::Int(0), Value::Int(i64::MAX)];
    for columns in [PeriodColumns::All, PeriodColumns::Counts] {
        let sql = &complaint_core::storage::stats::period_sql(columns, false);
        let lines = plan(conn, sql, &args);
        let reads = on_complaints(&lines);
        assert!(
            reads.len() == 1
                && reads[0].starts_with("SEARCH c USING COVERING INDEX complaints_period"),
            "the period is not read from its covering index:\n{sql}\n{lines:#?}"
        );
    }
}

#[test]
fn the_list_never_scans_the_table() {
    crate::file_only!();
    let f = desk_with_history();
    let conn = f.file();
    let now = t0();
    let month = (Some(now - Duration::days(30)), Some(now));
    // The check sees a scan where there is one.
    let unindexed = plan(
        conn,
        "SELECT count(*) FROM complaints c WHERE c.description LIKE '%漏水%'",
        &[],
    );
    assert!(scans_table(&unindexed), "{unindexed:?}");
    let base = ListQuery::default();
    let mut queries = vec![
        (base.clone(), (None, None)),
        (base.clone(), month),
        (
            ListQuery {
                text: Some("漏水".into()),
                ..base.clone()
            },
            (None, None),
        ),
        (
            ListQuery {
                text: Some("楼下住户".into()),
                ..base.clone()
            },
            (None, None),
        ),
        (
            ListQuery {
                text: Some("楼下住户".into()),
                department_id: Some(1),
                ..base.clone()
            },
            month,
        ),
        (
            ListQuery {
                state: Some(ComplaintState::InHandling),
                ..base.clone()
            },
            (None, None),
        ),
        (
            ListQuery {
                severity: Some(Severity::Major),
                department_id: Some(1),
                ..base.clone()
            },
            month,
        ),
        (
            ListQuery {
                department_id: Some(2),
                ..base.clone()
            },
            (None, None),
        ),
        (
            ListQuery {
                channel: Some(Channel::Phone),
                category_id: Some(3),
                ..base.clone()
            },
            month,
        ),
        (
            ListQuery {
                overdue_only: true,
                ..base.clone()
            },
            (None, None),
        ),
    ];
    for sort in [
        SortKey::CaseNo,
        SortKey::NextDueAt,
        SortKey::Severity,
        SortKey::State,
    ] {
        queries.push((
            ListQuery {
                sort,
                ..base.clone()
            },
            month,
        ));
    }
    for (q, range) in queries {
        let (statements, args) = list_statements(&q, range, now);
        for sql in statements {
            let lines = plan(conn, &sql, &args);
            assert!(
                !scans_table(&lines),
                "{q:?} scans the complaints table:\n{sql}\n{lines:#?}"
            );
        }
    }
}

/// The statements as they run: ids of the page, or the count.
fn ids(conn: &Connection, sql: &str, args: &[Value]) -> Vec<i64> {
    let mut stmt = conn.prepare(sql).unwrap();
    let rows = stmt
        .query_map(params_from_iter(args.iter()), |r| r.get::<_, i64>(0))
        .unwrap();
    rows.map(Result::unwrap).collect()
}

/// A search with many hits counts in the full-text index alone and may read its page by
/// walking the received-at index: both give what the plain statements give.
#[test]
fn a_search_counts_and_pages_alike_by_every_route() {
    crate::file_only!();
    let f = desk_with_history();
    let conn = f.file();
    let now = t0();
    let case_no: String = conn
        .query_row("SELECT case_no FROM complaints WHERE id = 77", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut searched = 0;
    for text in ["楼下住户", "水管", "住户", case_no.as_str(), "没有这样的话"] {
        for (department_id, range) in [
            (None, (None, None)),
            (Some(1), (None, None)),
            (None, (Some(now - Duration::days(90)), Some(now))),
        ] {
            for (desc, page) in [(true, 1), (true, 3), (false, 2)] {
                let q = ListQuery {
                    text: Some(text.to_lowercase()),
                    department_id,
                    desc,
                    page,
                    page_size: 20,
                    ..ListQuery::default()
                };
                let ([count, plain, walk], args) = list_statements(&q, range, now);
                let plain_ids = ids(conn, &plain, &args);
                assert_eq!(ids(conn, &walk, &args), plain_ids, "{text} {q:?}");
                // The count by the full-text index equals the count of the rows matched.
                let matched = ids(
                    conn,
                    &plain.replace(&format!("LIMIT 20 OFFSET {}", (page - 1) * 20), ""),
                    &args,
                )
                .len() as i64;
                assert_eq!(ids(conn, &count, &args), vec![matched], "{text} {q:?}");
                searched += matched;
            }
        }
    }
    assert!(
        searched > 1000,
        "the searches found too little to compare: {searched}"
    );
}

/// A search with no other filter finds its newest-first page by walking its hits from the
/// last registered down (`received_upto` bounds the rest): the page is the one a full sort
/// gives, also when complaints were registered long after they were received.
#[test]
fn a_search_pages_newest_first_like_a_full_sort_with_backdated_complaints() {
    crate::file_only!();
    use complaint_core::model::Role;
    use complaint_core::storage::complaints::{list, COUNT_CAP, FILTERED_COUNT_CAP};
    let mut f = desk_with_history();
    let clerk = f.user(Role::Receptionist);
    let tz = chrono_tz::Asia::Shanghai;
    // 60 complaints with one unusual phrase, registered now but received at scattered
    // earlier times, some before most of the history, interleaved with others.
    for i in 0..60i64 {
        let received = t0() - Duration::hours((i * 7919) % (24 * 600)) - Duration::minutes(i);
        let mut form = super::fixture::form(Severity::Minor);
        form.received_at = Some(
            received
                .with_timezone(&tz)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
        );
        form.occurred_at = None;
        if i % 3 != 0 {
            form.description = format!("补登：信报箱锈蚀脱落，第 {i} 件。");
        }
        f.desk.register(&clerk, &form, t0()).unwrap();
    }
    let conn = f.file();
    // Each complaint's bound is the latest receipt up to it, as the trigger keeps it.
    let wrong: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT c.id, o.received_at AS kept, o.received_upto,
                c.received_at, max(c.received_at) OVER (ORDER BY c.id) AS upto
                FROM complaints c LEFT JOIN complaint_order o ON o.complaint_id = c.id)
             WHERE received_upto IS NOT upto OR kept IS NOT received_at",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(wrong, 0);
    let now = t0();
    let mut compared = 0;
    let month = (Some(now - Duration::days(60)), Some(now));
    let none = (None, None);
    let only = ListQuery::default();
    // Filters the index answers (department, category, state, severity, channel), and
    // those checked on each hit's complaint (dates, overdue, an id beyond a token).
    let filters = [
        (only.clone(), none),
        (
            ListQuery {
                department_id: Some(1),
                ..only.clone()
            },
            none,
        ),
        (
            ListQuery {
                department_id: Some(2),
                ..only.clone()
            },
            none,
        ),
        (
            ListQuery {
                state: Some(ComplaintState::Registered),
                channel: Some(Channel::Visit),
                ..only.clone()
            },
            none,
        ),
        (
            ListQuery {
                state: Some(ComplaintState::Archived),
                category_id: Some(1),
                ..only.clone()
            },
            none,
        ),
        (
            ListQuery {
                severity: Some(Severity::Minor),
                ..only.clone()
            },
            month,
        ),
        (
            ListQuery {
                department_id: Some(1),
                overdue_only: true,
                ..only.clone()
            },
            none,
        ),
        (
            ListQuery {
                department_id: Some(70_000),
                ..only.clone()
            },
            none,
        ),
    ];
    let mut found = [0; 8];
    for text in ["信报箱锈蚀", "楼下住户", "渗水。", "没有这样的话"] {
        for (i, (filter, range)) in filters.iter().enumerate() {
            let range = *range;
            for (desc, page, size) in [(true, 1, 20), (true, 2, 20), (true, 3, 7), (false, 1, 20)] {
                let q = ListQuery {
                    text: Some(text.into()),
                    desc,
                    page,
                    page_size: size,
                    ..filter.clone()
                };
                let ([count, plain, _], args) = list_statements(&q, range, now);
                let expected = ids(conn, &plain, &args);
                let got = list(conn, &q, range, tz, now).unwrap();
                let got_ids: Vec<i64> = got.rows.iter().map(|r| r.id).collect();
                assert_eq!(got_ids, expected, "{text} {q:?}");
                let matched = ids(conn, &count, &args)[0];
                let cap = if *filter == only && range == none {
                    COUNT_CAP
                } else {
                    FILTERED_COUNT_CAP
                };
                assert_eq!(
                    (got.total, got.more),
                    (matched.min(cap), matched > cap),
                    "{text} {q:?}"
                );
                compared += got_ids.len();
                found[i] += got.total;
            }
        }
    }
    // Each filter finds something to compare, but department 2 (the hits are another
    // department's, as in the benchmark) and the id without a token.
    assert!(
        [0, 1, 3, 4, 5, 6].iter().all(|&i| found[i] > 0),
        "{found:?}"
    );
    assert_eq!((found[2], found[7]), (0, 0));
    assert!(compared > 100, "{compared}");
}

/// A file from before the facets (schema version 7) has its search index rebuilt with
/// them on its first open: a search within a department, state or channel gives what the
/// plain statements give.
#[test]
fn a_file_from_before_the_facets_is_searched_by_them_after_the_upgrade() {
    crate::file_only!();
    use complaint_core::model::Role;
    use complaint_core::storage::complaints::list;
    let mut f = Fixture::demo();
    complaint_core::seed::seed_many(&mut f.desk, 2_000, t0()).unwrap();
    let clerk = f.user(Role::Receptionist);
    f.desk
        .register(&clerk, &super::fixture::form(Severity::Minor), t0())
        .unwrap();
    let copy = tempfile::tempdir().unwrap();
    let path = copy.path().join("complaintdesk.db");
    f.file()
        .execute("VACUUM INTO ?1", [path.to_str().unwrap()])
        .unwrap();
    {
        // As version 7 left it: the search index of the five text columns.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TRIGGER complaints_fts_insert; DROP TRIGGER complaints_fts_update;
             DROP TABLE complaints_fts;
             ALTER TABLE complaints DROP COLUMN facets;
             CREATE VIRTUAL TABLE complaints_fts USING fts5 (
                 resident_name, room, phone, description, resident_request,
                 content = 'complaints', content_rowid = 'id', tokenize = 'trigram');
             INSERT INTO complaints_fts (complaints_fts) VALUES ('rebuild');
             CREATE TRIGGER complaints_fts_insert AFTER INSERT ON complaints BEGIN
                 INSERT INTO complaints_fts (rowid, resident_name, room, phone, description,
                     resident_request)
                 VALUES (new.id, new.resident_name, new.room, new.phone, new.description,
                     new.resident_request);
             END;
             CREATE TRIGGER complaints_fts_update AFTER UPDATE OF resident_name, room, phone,
                 description, resident_request ON complaints BEGIN
                 SELECT 1;
             END;
             DROP TABLE login_throttle;
             DROP TABLE attachment_files;
             DROP TABLE registration_keys;
             DROP TABLE carried_audit_keys;
             DROP INDEX complaints_period;
             CREATE INDEX complaints_period ON complaints (
                 received_at, state, valid, severity, department_id, category_id, channel,
                 policy_version, resident_deadline, room, location, case_no);
             DROP INDEX complaints_next_warn;
             DROP INDEX complaints_after_hours;
             DROP INDEX complaints_dept_after_hours;
             ALTER TABLE complaints DROP COLUMN next_warn_at;
             ALTER TABLE complaints DROP COLUMN after_hours;
             DROP INDEX complaints_forward_due;
             DROP INDEX complaints_dept_forward_due;
             ALTER TABLE complaints DROP COLUMN open_deadlines;
             ALTER TABLE complaints DROP COLUMN forward_due_at;
             DROP INDEX complaints_awaiting;
             DROP INDEX complaints_dept_awaiting;
             DROP INDEX complaints_reply_due;
             DROP INDEX complaints_dept_reply_due;
             ALTER TABLE complaints DROP COLUMN awaiting;
             ALTER TABLE complaints DROP COLUMN reply_due_at;
             DROP TABLE standing_pending;
             DROP TABLE complaint_credits;
             DROP TABLE credit_days;
             DROP TABLE arranged_days;
             DROP TABLE credit_days_paused;
             ALTER TABLE users DROP COLUMN extra_roles;
             ALTER TABLE events DROP COLUMN actor_role;
             DROP TABLE attachments;
             DROP INDEX complaints_accused;
             ALTER TABLE complaints DROP COLUMN accused_user_id;
             ALTER TABLE complaints DROP COLUMN confidential;
             DROP TABLE handover_items;
             DROP TABLE handovers;
             DROP TRIGGER complaint_order_received_at;
             CREATE TRIGGER complaints_received_at_fixed BEFORE UPDATE OF received_at
                 ON complaints WHEN NEW.received_at IS NOT OLD.received_at
                 BEGIN SELECT RAISE(ABORT, 'received_at never changes'); END;
             PRAGMA user_version = 7;",
        )
        .unwrap();
    }
    let desk = complaint_core::Desk::open(&path).unwrap();
    let conn = desk.connection().sqlite().unwrap();
    let tz = chrono_tz::Asia::Shanghai;
    let mut found = 0;
    for q in [
        ListQuery {
            department_id: Some(1),
            ..ListQuery::default()
        },
        ListQuery {
            state: Some(ComplaintState::Registered),
            channel: Some(Channel::Visit),
            ..ListQuery::default()
        },
    ] {
        let q = ListQuery {
            text: Some("楼下住户".into()),
            ..q
        };
        let ([count, plain, _], args) = list_statements(&q, (None, None), t0());
        let got = list(conn, &q, (None, None), tz, t0()).unwrap();
        let got_ids: Vec<i64> = got.rows.iter().map(|r| r.id).collect();
        assert_eq!(got_ids, ids(conn, &plain, &args), "{q:?}");
        assert_eq!(got.total, ids(conn, &count, &args)[0], "{q:?}");
        found += got.rows.len();
    }
    assert!(found > 20, "{found}");
    conn.execute(
        "INSERT INTO complaints_fts (complaints_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .unwrap();
}

/// The daily upkeep merges the search index's segments (one per write) into one when
/// there are many, and every search gives what it gave before.
#[test]
fn the_daily_upkeep_merges_the_search_index_and_searches_stay_the_same() {
    crate::file_only!();
    use complaint_core::model::Role;
    use complaint_core::storage::complaints::{list, search_segments, SEARCH_SEGMENTS_KEPT};
    let mut f = Fixture::demo();
    complaint_core::seed::seed_many(&mut f.desk, 500, t0()).unwrap();
    // FTS5 merges by levels as it goes; with that off, each registration stays a segment
    // of its own, as many days of use would leave them.
    f.file()
        .execute(
            "INSERT INTO complaints_fts (complaints_fts, rank) VALUES ('automerge', 0)",
            [],
        )
        .unwrap();
    let clerk = f.user(Role::Receptionist);
    for _ in 0..12 {
        f.desk
            .register(&clerk, &super::fixture::form(Severity::Minor), t0())
            .unwrap();
    }
    let tz = chrono_tz::Asia::Shanghai;
    let searches = [
        ListQuery {
            text: Some("楼下住户".into()),
            ..ListQuery::default()
        },
        ListQuery {
            text: Some("楼下住户".into()),
            department_id: Some(1),
            ..ListQuery::default()
        },
    ];
    let pages = |conn: &Connection| -> Vec<(Vec<i64>, i64)> {
        searches
            .iter()
            .map(|q| {
                let page = list(conn, q, (None, None), tz, t0()).unwrap();
                (page.rows.iter().map(|r| r.id).collect(), page.total)
            })
            .collect()
    };
    let before = pages(f.file());
    assert!(before.iter().all(|(ids, _)| !ids.is_empty()), "{before:?}");
    let segments = search_segments(f.file()).unwrap();
    assert!(segments > SEARCH_SEGMENTS_KEPT, "{segments}");
    let upkeep = f
        .desk
        .daily_upkeep(t0())
        .unwrap()
        .expect("a desk that is set up");
    assert!(upkeep.tidy_search_index().unwrap());
    assert_eq!(search_segments(f.file()).unwrap(), 1);
    assert_eq!(pages(f.file()), before);
    // Nothing more to do until the index has grown again.
    assert!(!upkeep.tidy_search_index().unwrap());
}
