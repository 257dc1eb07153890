//! The full-text search (FTS5 trigram over the five text columns, facets intersected in
//! the index) and the upkeep of its index.

use super::*;
use crate::storage::db::{args, Db, Dialect, Row as DbRow};

/// The columns a typed text is searched in (not `facets`).
const TEXT_COLUMNS: &str = "{resident_name room phone description resident_request}";

/// An FTS5 query for any substring of the five text columns, quotes doubled.
///
/// Every trigram of `facets` is made of private-use characters only, so a text with any
/// other character cannot match there: only a text of such characters is held to the
/// text columns, which costs the index a look at each hit's positions.
pub(super) fn fts_phrase(text: &str) -> String {
    let phrase = format!("\"{}\"", text.replace('"', "\"\""));
    if text.chars().any(|c| FACET_CHARS.contains(&c)) {
        format!("{TEXT_COLUMNS} : {phrase}")
    } else {
        phrase
    }
}

/// The characters the facet tokens are spelled with (kind and value characters).
const FACET_CHARS: std::ops::RangeInclusive<char> = '\u{E000}'..='\u{E1FF}';

/// The codes of the state, severity and channel facets, in the order of the generated
/// column `facets` (migration 008): a code's value is its 1-based place here.
const STATE_CODES: &str = "|registered|dispatched|inHandling|waitingOnResident|handled|awaitingSignOff|signedOff|notified|calledBack|archived|voided|";
const SEVERITY_CODES: &str = "|major|important|minor|";
const CHANNEL_CODES: &str = "|visit|phone|letter|other|";

/// One of a complaint's five facets (the kind character of its token).
#[derive(Debug, Clone, Copy)]
enum Facet {
    Department = 1,
    Category = 2,
    State = 3,
    Severity = 4,
    Channel = 5,
}

impl Facet {
    /// The three-character token of this facet with `value`, as the generated column
    /// `facets` spells it; none for a value it cannot spell (the filter is then checked
    /// on the complaint).
    pub(super) fn token(self, value: i64) -> Option<String> {
        let v = u32::try_from(value).ok().filter(|v| *v <= 0xFFFF)?;
        [0xE000 + self as u32, 0xE100 + (v >> 8), 0xE100 + (v & 0xFF)]
            .into_iter()
            .map(char::from_u32)
            .collect()
    }

    /// The token of a code (a state, severity or channel).
    pub(super) fn code_token(self, codes: &str, code: &str) -> Option<String> {
        let at = codes.find(&format!("|{code}|"))?;
        self.token(at as i64 + 1)
    }
}

/// The facets a complaint with these values is found by, in the order of the column.
#[cfg(test)]
fn facets_of(c: &Complaint) -> String {
    [
        Facet::Department.token(c.department_id),
        Facet::Category.token(c.category_id),
        Facet::State.code_token(STATE_CODES, c.state.code()),
        Facet::Severity.code_token(SEVERITY_CODES, c.severity.code()),
        Facet::Channel.code_token(CHANNEL_CODES, c.channel.code()),
    ]
    .into_iter()
    .map(Option::unwrap_or_default)
    .collect()
}

/// The text searched through the full-text index (three characters or more), if any.
pub(super) fn fts_text(q: &ListQuery) -> Option<&str> {
    q.text
        .as_deref()
        .map(str::trim)
        .filter(|t| t.chars().count() >= 3)
}

/// A full-text search and the list's other filters, as statements driven by the hits.
///
/// Department, category, state, severity and channel are tokens of the index (`facets`,
/// migration 008): the index intersects them with the text's hits. Dates and "overdue"
/// are checked on each hit's complaint.
pub(super) struct Search {
    /// Other filters than the text: the hits are collected, not only counted.
    pub(super) filtered: bool,
    /// The hits' ids up to a limit (the last value), or their count for the text alone.
    pub(super) hits: String,
    /// The hits' statement's values, without the limit.
    pub(super) hits_args: Vec<Value>,
    /// The complaint whose case number was typed, when it matches the other filters and
    /// is not also a hit of the text.
    pub(super) numbered: String,
    pub(super) numbered_args: Vec<Value>,
    /// The matching hits from the last registered down, with their receipt and bound
    /// (the hits' values).
    pub(super) walk: String,
}

impl Search {
    pub(super) fn new(q: &ListQuery, text: &str, range: Range, now: DateTime<Utc>) -> Self {
        let others = ListQuery {
            text: None,
            ..q.clone()
        };
        // The filters the index cannot answer stay in `rest`.
        let mut rest = ListQuery {
            state: None,
            severity: None,
            department_id: None,
            category_id: None,
            channel: None,
            ..others.clone()
        };
        let mut tokens: Vec<String> = Vec::new();
        let mut token = |t: Option<String>| t.map(|t| tokens.push(t)).is_none();
        if q.department_id
            .is_some_and(|d| token(Facet::Department.token(d)))
        {
            rest.department_id = q.department_id;
        }
        if q.category_id
            .is_some_and(|k| token(Facet::Category.token(k)))
        {
            rest.category_id = q.category_id;
        }
        if q.state
            .is_some_and(|s| token(Facet::State.code_token(STATE_CODES, s.code())))
        {
            rest.state = q.state;
        }
        if q.severity
            .is_some_and(|s| token(Facet::Severity.code_token(SEVERITY_CODES, s.code())))
        {
            rest.severity = q.severity;
        }
        if q.channel
            .is_some_and(|c| token(Facet::Channel.code_token(CHANNEL_CODES, c.code())))
        {
            rest.channel = q.channel;
        }
        let phrase = fts_phrase(text);
        let mut matched = phrase.clone();
        for t in &tokens {
            matched.push_str(&format!(" AND facets : \"{t}\""));
        }
        let (rest, mut hits_args) = filter(&rest, range, now);
        let (all, mut numbered_args) = filter(&others, range, now);
        // A filter is " WHERE …" or empty: here it joins the hits' own condition.
        let mut rest = rest.replacen(" WHERE ", " AND ", 1);
        if q.masked_viewer {
            // The text never finds a confidential complaint for this viewer (its case
            // number, in `numbered`, still does).
            rest.push_str(" AND c.confidential = 0");
        }
        let all = all.replacen(" WHERE ", " AND ", 1);
        let (n, m) = (hits_args.len(), numbered_args.len());
        hits_args.push(matched.into());
        numbered_args.extend([Value::from(phrase), Value::from(text.to_uppercase())]);
        let complaint = if rest.is_empty() {
            ""
        } else {
            " JOIN complaints c ON c.id = f.rowid"
        };
        let filtered = !all.is_empty() || q.masked_viewer;
        Self {
            filtered,
            hits: if filtered {
                format!(
                    "SELECT f.rowid FROM complaints_fts f{complaint}
                     WHERE complaints_fts MATCH ?{}{rest} LIMIT ?{}",
                    n + 1,
                    n + 2
                )
            } else {
                // Only the text: counted in the index, without reading a complaint.
                "SELECT count(*) FROM (SELECT 1 FROM complaints_fts WHERE complaints_fts MATCH ?1
                 LIMIT ?2)"
                    .to_owned()
            },
            hits_args,
            numbered: format!(
                "SELECT c.id, c.received_at FROM complaints c WHERE c.case_no = ?{}
                   AND c.id NOT IN (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?{}){all}",
                m + 2,
                m + 1
            ),
            numbered_args,
            walk: format!(
                "SELECT o.complaint_id, o.received_at, o.received_upto
                 FROM complaints_fts f JOIN complaint_order o ON o.complaint_id = f.rowid{complaint}
                 WHERE complaints_fts MATCH ?{}{rest} ORDER BY f.rowid DESC",
                n + 1
            ),
        }
    }
}

/// The complaints' ids with their receipt.
pub(super) fn received(conn: &dyn Db, ids: &[i64]) -> Result<Vec<(i64, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    conn.all(
        &format!(
            "SELECT complaint_id, received_at FROM complaint_order WHERE complaint_id IN ({})",
            ids.join(", ")
        ),
        args![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The `k` hits received last (id and received_at, newest first by received_at then id).
///
/// Hits are walked from the last registered down (the full-text index gives them in id
/// order). A complaint may be received before it is registered, so a later id is not
/// always a later receipt; but no complaint registered before this one was received after
/// its `received_upto` (table `complaint_order`, migration 007). Once the `k` kept are all
/// received at or after it, no hit still to come can be among them: the walk stops after
/// about `k` hits, not 100,000.
pub(super) fn newest_hits(conn: &dyn Db, search: &Search, k: usize) -> Result<Vec<(i64, i64)>> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    // The k best so far, the worst of them on top.
    let mut kept: BinaryHeap<Reverse<(i64, i64)>> = BinaryHeap::with_capacity(k + 1);
    conn.each_until(&search.walk, &search.hits_args, &mut |r: &DbRow| {
        let (id, received, upto): (i64, i64, Option<i64>) = (r.get(0)?, r.get(1)?, r.get(2)?);
        kept.push(Reverse((received, id)));
        if kept.len() > k {
            kept.pop();
        }
        let bound = upto.unwrap_or(i64::MAX);
        // Once no hit still to come can enter, the rest are not read.
        let full = kept.len() == k
            && kept
                .peek()
                .is_some_and(|Reverse((worst, _))| *worst >= bound);
        Ok(if full {
            std::ops::ControlFlow::Break(())
        } else {
            std::ops::ControlFlow::Continue(())
        })
    })?;
    Ok(kept
        .into_iter()
        .map(|Reverse((received, id))| (id, received))
        .collect())
}

/// Segments the search index may hold after the daily upkeep. FTS5 writes each
/// transaction's changes as a segment and merges them by levels, so a desk in use keeps
/// from a few to a few dozen, and a search reads each term from every segment: at
/// 1,000,000 complaints, 水管接 within 秩序维护部 takes 4.3 ms on one segment and 7.3 ms
/// on 11. Merging them all takes a moment at a service center's size (6 s at 1,000,000
/// complaints), once a day.
pub const SEARCH_SEGMENTS_KEPT: i64 = 1;

/// How many segments the search index has (each has at least one entry in FTS5's
/// `_idx` table, keyed by segment).
pub fn search_segments(conn: &dyn Db) -> Result<i64> {
    match conn.dialect() {
        Dialect::Sqlite => conn.scalar(
            "SELECT count(DISTINCT segid) FROM complaints_fts_idx",
            args![],
        ),
        // The server's trigram index keeps itself.
        Dialect::Postgres => Ok(0),
    }
}

/// Merges the search index into one segment when it holds more than
/// [`SEARCH_SEGMENTS_KEPT`], and gives the write-ahead log its space back (the merge
/// rewrites the whole index); whether it merged. One statement: a failure leaves the index
/// as it was.
pub fn tidy_search_index(conn: &dyn Db) -> Result<bool> {
    if search_segments(conn)? <= SEARCH_SEGMENTS_KEPT {
        return Ok(false);
    }
    conn.batch("INSERT INTO complaints_fts (complaints_fts) VALUES ('optimize')")?;
    // The checkpoint answers with a row, read and left.
    conn.each("PRAGMA wal_checkpoint(TRUNCATE)", args![], &mut |_| Ok(()))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rusqlite::{params, Connection};

    /// A desk in a temporary folder with `n` generated complaints, and its clock.
    fn seeded(n: u64) -> (tempfile::TempDir, crate::Desk, DateTime<Utc>) {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = crate::Desk::open(&dir.path().join("complaintdesk.db")).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).unwrap();
        crate::seed::seed_many(&mut desk, n, now).unwrap();
        (dir, desk, now)
    }

    /// How many complaints the search index matches to an FTS5 query (only `rowid`, if
    /// given).
    fn matching(conn: &Connection, query: &str, rowid: Option<i64>) -> i64 {
        conn.query_row(
            "SELECT count(*) FROM complaints_fts
             WHERE complaints_fts MATCH ?1 AND (?2 IS NULL OR rowid = ?2)",
            params![query, rowid],
            |r| r.get(0),
        )
        .unwrap()
    }

    /// A search with no other filter stops counting at the cap and says there are more;
    /// below the cap it counts exactly.
    #[test]
    fn a_search_counts_to_its_cap() {
        let (_dir, desk, now) = seeded(2_000);
        let conn = desk.connection().sqlite().unwrap();
        let tz = chrono_tz::Asia::Shanghai;
        let hits = |text: &str| matching(conn, &fts_phrase(text), None);
        let search = |text: &str, cap| {
            let q = ListQuery {
                text: Some(text.into()),
                ..ListQuery::default()
            };
            list_counting_to(conn, &q, (None, None), tz, now, cap).unwrap()
        };
        // Room numbers: every building's first unit.
        let common = hits("-1-");
        assert!(common > 200, "{common}");
        let page = search("-1-", 100);
        assert_eq!((page.total, page.more, page.rows.len()), (100, true, 50));
        let page = search("-1-", common);
        assert_eq!((page.total, page.more), (common, false));
        let page = search("-1-", common - 1);
        assert_eq!((page.total, page.more), (common - 1, true));
        // With a department, the matches are counted in the index too.
        let in_department: i64 = conn
            .query_row(
                "SELECT count(*) FROM complaints_fts f JOIN complaints c ON c.id = f.rowid
                 WHERE complaints_fts MATCH ?1 AND c.department_id = 1",
                [fts_phrase("-1-")],
                |r| r.get(0),
            )
            .unwrap();
        assert!(in_department > 60, "{in_department}");
        let q = ListQuery {
            text: Some("-1-".into()),
            department_id: Some(1),
            ..ListQuery::default()
        };
        let page = list_counting_to(conn, &q, (None, None), tz, now, 50).unwrap();
        assert_eq!((page.total, page.more), (50, true));
        assert!(page.rows.iter().all(|r| r.department_name == "工程维修部"));
        let page = list_counting_to(conn, &q, (None, None), tz, now, in_department).unwrap();
        assert_eq!((page.total, page.more), (in_department, false));
    }

    /// Every state, severity and channel, and any department and category, has a facet
    /// token; the generated column spells it as [`facets_of`] does, and the index follows
    /// each change: it finds the complaint by its new facets and no longer by the old.
    #[test]
    fn every_value_has_a_facet_and_the_index_follows_changes() {
        use crate::model::{Channel, ComplaintState, Severity};
        let (_dir, desk, _) = seeded(50);
        let conn = desk.connection().sqlite().unwrap();
        let found = |token: &str| matching(conn, &format!("facets : \"{token}\""), Some(7));
        let tokens = |facets: &str| -> Vec<String> {
            let chars: Vec<char> = facets.chars().collect();
            chars.chunks(3).map(|t| t.iter().collect()).collect()
        };
        let mut before: Vec<String> = Vec::new();
        for (i, &state) in ComplaintState::ALL.iter().enumerate() {
            let severity = Severity::ALL[i % Severity::ALL.len()];
            let channel = Channel::ALL[i % Channel::ALL.len()];
            conn.execute(
                "UPDATE complaints SET state = ?2, severity = ?3, channel = ?4,
                    department_id = ?5, category_id = ?6 WHERE id = ?1",
                params![
                    7,
                    state.code(),
                    severity.code(),
                    channel.code(),
                    1 + i as i64 % 5,
                    1 + i as i64 % 9
                ],
            )
            .unwrap();
            let c = get(conn, 7).unwrap().unwrap();
            let stored: String = conn
                .query_row("SELECT facets FROM complaints WHERE id = 7", [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(stored, facets_of(&c), "{state:?} {severity:?} {channel:?}");
            let now_tokens = tokens(&stored);
            assert_eq!(now_tokens.len(), 5);
            for t in &now_tokens {
                assert_eq!(found(t), 1, "{state:?}: {t:?}");
            }
            for t in before.iter().filter(|t| !now_tokens.contains(t)) {
                assert_eq!(found(t), 0, "{state:?}: {t:?} still found");
            }
            before = now_tokens;
        }
        // Text typed with the facets' characters is held to the text columns.
        let facets: String = conn
            .query_row("SELECT facets FROM complaints WHERE id = 7", [], |r| {
                r.get(0)
            })
            .unwrap();
        let count = |query: &str| matching(conn, query, None);
        assert_eq!(count(&format!("\"{facets}\"")), 1);
        assert_eq!(count(&fts_phrase(&facets)), 0);
        assert_eq!(count(&fts_phrase("楼下住户")), count("\"楼下住户\""));
        // The index holds exactly what the complaints' columns give.
        conn.execute(
            "INSERT INTO complaints_fts (complaints_fts, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .unwrap();
        // Codes are told apart, and a value beyond two characters has no token.
        let states: std::collections::HashSet<_> = ComplaintState::ALL
            .iter()
            .map(|s| Facet::State.code_token(STATE_CODES, s.code()).unwrap())
            .collect();
        assert_eq!(states.len(), ComplaintState::ALL.len());
        assert!(Facet::Department.token(0x1_0000).is_none());
        assert!(Facet::Department.token(-1).is_none());
    }
}
