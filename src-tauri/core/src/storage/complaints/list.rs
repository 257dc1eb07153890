//! The list: its query, filters, order and paging, counted up to a cap.

use super::*;
use crate::storage::db::{Db, Dialect};

/// List order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SortKey {
    /// 受理时间.
    ReceivedAt,
    /// 投诉编号.
    CaseNo,
    /// Earliest open deadline (none last).
    NextDueAt,
    /// 重大 first.
    Severity,
    /// By state.
    State,
}

/// The most rows a list page holds.
pub const PAGE_SIZE_MAX: u32 = 200;

/// A page's size (1–[`PAGE_SIZE_MAX`]) and how many rows come before it.
fn page_bounds(q: &ListQuery) -> (i64, i64) {
    let size = i64::from(q.page_size.clamp(1, PAGE_SIZE_MAX));
    (size, i64::from(q.page.max(1) - 1) * size)
}

/// Filters, search, order and page of the 查询 list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ListQuery {
    /// Free text: any 3+ character substring of name, room, phone, 经过 or 要求; shorter
    /// text matches the start of name, room, phone or case number.
    pub text: Option<String>,
    /// Only this state.
    pub state: Option<ComplaintState>,
    /// Only this severity.
    pub severity: Option<Severity>,
    /// Only this department.
    #[ts(type = "number | null")]
    pub department_id: Option<i64>,
    /// Only this category.
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
    /// Only this channel.
    pub channel: Option<Channel>,
    /// Received on or after this local date (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Received on or before this local date.
    pub to: Option<String>,
    /// Only those past their earliest open deadline.
    pub overdue_only: bool,
    /// Order.
    pub sort: SortKey,
    /// Descending.
    pub desc: bool,
    /// 1-based page.
    pub page: u32,
    /// Rows per page (1–200).
    pub page_size: u32,
    /// Set by the desk for a viewer who sees confidential complainants masked: free text
    /// then never matches a confidential complaint (except by its case number), so a
    /// search cannot tell whose complaint it is.
    #[serde(skip)]
    #[ts(skip)]
    pub masked_viewer: bool,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self {
            text: None,
            state: None,
            severity: None,
            department_id: None,
            category_id: None,
            channel: None,
            from: None,
            to: None,
            overdue_only: false,
            sort: SortKey::ReceivedAt,
            desc: true,
            page: 1,
            page_size: 50,
            masked_viewer: false,
        }
    }
}

/// A page of the list and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ComplaintPage {
    /// The rows of this page.
    pub rows: Vec<ComplaintRow>,
    /// Matching complaints in all, or as far as they were counted (see `more`).
    #[ts(type = "number")]
    pub total: i64,
    /// A search stopped counting at `total` ([`COUNT_CAP`], [`FILTERED_COUNT_CAP`]): there
    /// are more matches ("more than 10,000").
    pub more: bool,
    /// False when the page came before its count ([`first_page`]): `total` is then only
    /// the rows up to this page's last and `more` is true; [`count`] gives the count.
    pub counted: bool,
}

/// How many complaints the list holds: [`count`]'s answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ListCount {
    /// As [`ComplaintPage::total`].
    #[ts(type = "number")]
    pub total: i64,
    /// As [`ComplaintPage::more`].
    pub more: bool,
}

/// How many of the newest complaints [`first_page`] looks through for a search's page on
/// the server before counting its matches instead.
pub const SEARCH_WINDOW: i64 = 2_000;

/// Where a search with no other filter stops counting its hits (in the full-text index).
pub const COUNT_CAP: i64 = 10_000;
/// Where a search with other filters stops counting: each match is an id collected (and,
/// for dates or "overdue", a complaint read).
pub const FILTERED_COUNT_CAP: i64 = 1_000;

/// The upper bound of a prefix range (`x` ≤ v < `x\u{10FFFF}`).
fn prefix_end(text: &str) -> String {
    format!("{text}\u{10FFFF}")
}

/// Received on or after, and before: local dates already resolved to instants.
pub type Range = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// The `WHERE` clause of the list's filters (aliases `c`) and its bound values, for
/// SQLite (a text of three characters or more through the full-text index).
pub(super) fn filter(q: &ListQuery, range: Range, now: DateTime<Utc>) -> (String, Vec<Value>) {
    filter_in(Dialect::Sqlite, q, range, now)
}

/// A typed text as a pattern of `ILIKE` that finds it anywhere, its `%`, `_` and `\`
/// taken literally.
fn contains_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// [`filter`] for either store: on the server a text of three characters or more is
/// looked for in `search_text` (the five text columns joined by U+E000, a trigram index
/// over it, migration 008), so a text typed with that character finds nothing, as in the
/// full-text index.
pub(super) fn filter_in(
    dialect: Dialect,
    q: &ListQuery,
    range: Range,
    now: DateTime<Utc>,
) -> (String, Vec<Value>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    // Each `?` of a clause becomes the number of the value bound for it.
    let mut bind = |clauses: &mut Vec<String>, sql: &str, values: Vec<Value>| {
        let mut parts = sql.split('?');
        let mut numbered = parts.next().unwrap_or_default().to_owned();
        for (part, v) in parts.zip(values) {
            args.push(v);
            numbered.push_str(&format!("?{}{part}", args.len()));
        }
        clauses.push(numbered);
    };
    if let Some(text) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let open = if q.masked_viewer {
            "c.confidential = 0 AND "
        } else {
            ""
        };
        if text.chars().count() >= 3 && dialect == Dialect::Postgres {
            let pattern = if text.contains('\u{E000}') {
                // Never across two fields: matches nothing.
                "\u{E000}%\u{E000}%\u{E000}%\u{E000}%\u{E000}%".to_owned()
            } else {
                contains_pattern(text)
            };
            bind(
                &mut clauses,
                &format!("(({open}c.search_text ILIKE ?) OR c.case_no = ?)"),
                vec![pattern.into(), text.to_uppercase().into()],
            );
        } else if text.chars().count() >= 3 {
            bind(
                &mut clauses,
                &format!("(({open}c.id IN (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?)) OR c.case_no = ?)"),
                vec![fts_phrase(text).into(), text.to_uppercase().into()],
            );
        } else {
            let (lo, hi) = (text.to_owned(), prefix_end(text));
            bind(
                &mut clauses,
                &format!("({open}((c.resident_name >= ? AND c.resident_name < ?) OR (c.room >= ? AND c.room < ?)
                  OR (c.phone >= ? AND c.phone < ?)))"),
                vec![
                    lo.clone().into(),
                    hi.clone().into(),
                    lo.clone().into(),
                    hi.clone().into(),
                    lo.into(),
                    hi.into(),
                ],
            );
        }
    }
    if let Some(s) = q.state {
        bind(
            &mut clauses,
            "c.state = ?",
            vec![s.code().to_owned().into()],
        );
    }
    if let Some(s) = q.severity {
        bind(
            &mut clauses,
            "c.severity = ?",
            vec![s.code().to_owned().into()],
        );
    }
    if let Some(d) = q.department_id {
        bind(&mut clauses, "c.department_id = ?", vec![d.into()]);
    }
    if let Some(k) = q.category_id {
        bind(&mut clauses, "c.category_id = ?", vec![k.into()]);
    }
    if let Some(ch) = q.channel {
        bind(
            &mut clauses,
            "c.channel = ?",
            vec![ch.code().to_owned().into()],
        );
    }
    if let Some(from) = range.0 {
        bind(&mut clauses, "c.received_at >= ?", vec![ms(from).into()]);
    }
    if let Some(to) = range.1 {
        bind(&mut clauses, "c.received_at < ?", vec![ms(to).into()]);
    }
    if q.overdue_only {
        bind(&mut clauses, "c.next_due_at < ?", vec![ms(now).into()]);
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    (filter, args)
}

/// The list's `ORDER BY`.
pub(super) fn order(q: &ListQuery) -> String {
    let dir = if q.desc { "DESC" } else { "ASC" };
    match q.sort {
        SortKey::ReceivedAt => format!("c.received_at {dir}, c.id {dir}"),
        SortKey::CaseNo => format!("c.case_no {dir}"),
        SortKey::NextDueAt => format!("c.next_due_at IS NULL, c.next_due_at {dir}, c.id"),
        SortKey::Severity => format!(
            "CASE c.severity WHEN 'major' THEN 0 WHEN 'important' THEN 1 ELSE 2 END {dir}, c.received_at DESC"
        ),
        SortKey::State => format!("c.state {dir}, c.received_at DESC"),
    }
}

/// Above this many matches, a page in date order walks the received-at index and keeps
/// the matches (each a look-up in the list of hits) until the page is full, instead of
/// reading and sorting every match: 24 ms instead of 200 ms for 116,000 hits, and the
/// same answer.
const WALK_DATES_ABOVE: i64 = 20_000;

/// The statements of one list page, count first, then the page, with their values: what
/// [`list`] runs, and what the query-plan checks explain. A third statement reads the same
/// page by walking the received-at index, for a date-ordered page of many matches
/// ([`WALK_DATES_ABOVE`]).
pub fn list_statements(
    q: &ListQuery,
    range: Range,
    now: DateTime<Utc>,
) -> ([String; 3], Vec<Value>) {
    let (filter, args) = filter(q, range, now);
    let order = order(q);
    let (size, offset) = page_bounds(q);
    let count = format!("SELECT count(*) FROM complaints c{filter}");
    let page = |hint: &str| {
        picked_rows(
            &format!("complaints c{hint}{filter}"),
            &order,
            &format!("LIMIT {size} OFFSET {offset}"),
        )
    };
    (
        [count, page(""), page(" INDEXED BY complaints_received")],
        args,
    )
}

/// The filtered, sorted page. `from`/`to` are local dates already resolved to instants.
pub fn list(
    conn: &dyn Db,
    q: &ListQuery,
    range: Range,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<ComplaintPage> {
    list_counting_to(conn, q, range, tz, now, COUNT_CAP)
}

/// [`list`], where a page can come before its count: on the server, a search in date
/// order (newest first) whose page lies among the [`SEARCH_WINDOW`] newest complaints is
/// read from them alone, uncounted (`counted: false`; [`count`] counts it). Counting a
/// common word's hits needs every one of them from the trigram index and read again
/// (31 ms for 77,000 hits in a million complaints), its newest 50 a short walk (1 ms).
/// A rarer word, whose page the window does not fill, is counted first as in [`list`]:
/// its hits are few, so its count is quick. On a file, always [`list`].
pub fn first_page(
    conn: &dyn Db,
    q: &ListQuery,
    range: Range,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<ComplaintPage> {
    let windowed = conn.dialect() == Dialect::Postgres
        && fts_text(q).is_some()
        && q.sort == SortKey::ReceivedAt
        && q.desc;
    if !windowed {
        return list(conn, q, range, tz, now);
    }
    let (size, offset) = page_bounds(q);
    if offset + size <= SEARCH_WINDOW {
        let (filter, args) = filter_in(Dialect::Postgres, q, range, now);
        let order = order(q);
        // The newest complaints, in the list's own order.
        let newest = format!(
            "(SELECT * FROM complaints c ORDER BY {order} LIMIT {SEARCH_WINDOW}) c{filter}"
        );
        // A full page from them: the page's last hit is among them, so is every hit
        // before it, and the page is the list's page.
        let rows = conn.all(
            &picked_rows(&newest, &order, &format!("LIMIT {size} OFFSET {offset}")),
            &args,
            |r| read_row(r, tz, now),
        )?;
        if rows.len() as i64 == size {
            return Ok(ComplaintPage {
                total: offset + size,
                rows,
                more: true,
                counted: false,
            });
        }
    }
    list(conn, q, range, tz, now)
}

/// How many complaints match `q` (a search up to [`COUNT_CAP`], or [`FILTERED_COUNT_CAP`]
/// with other filters), and whether a search has more: the count [`first_page`] left.
pub fn count(
    conn: &dyn Db,
    q: &ListQuery,
    range: Range,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<ListCount> {
    let (total, more) = if conn.dialect() == Dialect::Postgres {
        server_count(conn, q, range, now, COUNT_CAP)?
    } else {
        // A file counts as it lists, in a millisecond or two.
        let page = list(conn, q, range, tz, now)?;
        (page.total, page.more)
    };
    Ok(ListCount { total, more })
}

/// [`list`], a search counting its matches up to `cap` (and [`FILTERED_COUNT_CAP`] with
/// other filters).
pub(crate) fn list_counting_to(
    conn: &dyn Db,
    q: &ListQuery,
    range: Range,
    tz: Tz,
    now: DateTime<Utc>,
    cap: i64,
) -> Result<ComplaintPage> {
    if conn.dialect() == Dialect::Postgres {
        return server_page(conn, q, range, tz, now, cap);
    }
    let ([count, page, walk], args) = list_statements(q, range, now);
    let searched = fts_text(q).map(|text| Search::new(q, text, range, now));
    // A search with other filters collects its matches' ids as it counts them: when they
    // are few, the page is picked from them instead of walking the hits again.
    let (total, more, numbered, known) = if let Some(search) = &searched {
        let cap = if search.filtered {
            cap.min(FILTERED_COUNT_CAP)
        } else {
            cap
        };
        let mut values = search.hits_args.clone();
        values.push((cap + 1).into());
        let (hits, known) = if search.filtered {
            let ids: Vec<i64> = conn.all(&search.hits, &values, |r| r.get(0))?;
            (ids.len() as i64, Some(ids))
        } else {
            (conn.scalar(&search.hits, &values)?, None)
        };
        let numbered: Option<(i64, i64)> =
            conn.opt(&search.numbered, &search.numbered_args, |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let counted = hits + i64::from(numbered.is_some());
        let known = known.filter(|ids| ids.len() as i64 <= cap);
        (counted.min(cap), counted > cap, numbered, known)
    } else if args.is_empty() {
        // Nothing filtered: complaints are never deleted (a trigger refuses it) and SQLite
        // gives each new row the highest id + 1, so the highest id is the count, read in
        // one step instead of counting a million index entries.
        let total = conn.scalar("SELECT coalesce(max(id), 0) FROM complaints", &[])?;
        (total, false, None, None)
    } else {
        let total = conn.scalar(&count, &args)?;
        (total, false, None, None)
    };
    let rows = match &searched {
        Some(search) if q.sort == SortKey::ReceivedAt && q.desc => {
            let (size, offset) = page_bounds(q);
            if offset >= total.max(0) {
                // Past the last counted hit: an empty page with the total, and no walk
                // that keeps `offset` hits in memory.
                return Ok(ComplaintPage {
                    rows: Vec::new(),
                    total,
                    more,
                    counted: true,
                });
            }
            // Below the total, which is at most the cap: small.
            let (size, offset) = (size as usize, offset as usize);
            let mut best = match known {
                Some(ids) => received(conn, &ids)?,
                None => newest_hits(conn, search, offset + size)?,
            };
            best.extend(numbered);
            best.sort_by_key(|&(id, received)| std::cmp::Reverse((received, id)));
            let ids: Vec<String> = best
                .iter()
                .skip(offset)
                .take(size)
                .map(|(id, _)| id.to_string())
                .collect();
            conn.all(
                &format!(
                    "{ROW_SELECT} WHERE c.id IN ({}) ORDER BY {}",
                    ids.join(", "),
                    order(q)
                ),
                &[],
                |r| read_row(r, tz, now),
            )?
        }
        _ => {
            let many = more || total > WALK_DATES_ABOVE;
            let page = if searched.is_some() && q.sort == SortKey::ReceivedAt && many {
                walk
            } else {
                page
            };
            conn.all(&page, &args, |r| read_row(r, tz, now))?
        }
    };
    Ok(ComplaintPage {
        rows,
        total,
        more,
        counted: true,
    })
}

/// [`list_counting_to`] on the server: the text is one more filter (see [`filter_in`]),
/// counted up to `cap` (to [`FILTERED_COUNT_CAP`] with other filters) as on a file; the
/// page is one statement, PostgreSQL choosing between the filters' indexes and the
/// trigram index.
fn server_page(
    conn: &dyn Db,
    q: &ListQuery,
    range: Range,
    tz: Tz,
    now: DateTime<Utc>,
    cap: i64,
) -> Result<ComplaintPage> {
    let (filter, args) = filter_in(Dialect::Postgres, q, range, now);
    let (total, more) = server_count(conn, q, range, now, cap)?;
    let (size, offset) = page_bounds(q);
    if offset >= total.max(0) {
        return Ok(ComplaintPage {
            rows: Vec::new(),
            total,
            more,
            counted: true,
        });
    }
    let order = order(q);
    let rows = conn.all(
        &picked_rows(
            &format!("complaints c{filter}"),
            &order,
            &format!("LIMIT {size} OFFSET {offset}"),
        ),
        &args,
        |r| read_row(r, tz, now),
    )?;
    Ok(ComplaintPage {
        rows,
        total,
        more,
        counted: true,
    })
}

/// How many match `q` on the server, a search up to `cap` (to [`FILTERED_COUNT_CAP`] with
/// other filters), and whether a search has more.
fn server_count(
    conn: &dyn Db,
    q: &ListQuery,
    range: Range,
    now: DateTime<Utc>,
    cap: i64,
) -> Result<(i64, bool)> {
    let (filter, mut args) = filter_in(Dialect::Postgres, q, range, now);
    Ok(if fts_text(q).is_some() {
        let others = ListQuery {
            text: None,
            ..q.clone()
        };
        let alone = filter_in(Dialect::Postgres, &others, range, now)
            .1
            .is_empty();
        let cap = if alone {
            cap
        } else {
            cap.min(FILTERED_COUNT_CAP)
        };
        args.push((cap + 1).into());
        let counted: i64 = conn.scalar(
            &if alone {
                format!(
                    "SELECT count(*) FROM (SELECT 1 FROM complaints c{filter} LIMIT ?{}) AS hits",
                    args.len()
                )
            } else {
                // With another filter, under a plain LIMIT PostgreSQL walks the table
                // expecting the hits early, and read all of it for a word a department
                // never has (a second for a million complaints). A materialized CTE is
                // planned to be read whole (the indexes' bitmaps intersected) and is read
                // only as far as the LIMIT asks: 33 ms instead of 160 for a department
                // with 77,000 hits counted whole.
                format!(
                    "WITH hits AS MATERIALIZED (SELECT c.id FROM complaints c{filter})
                     SELECT count(*) FROM (SELECT 1 FROM hits LIMIT ?{}) AS capped",
                    args.len()
                )
            },
            &args,
        )?;
        (counted.min(cap), counted > cap)
    } else if args.is_empty() {
        // Ids are handed out gap-free (`record::insert`) and complaints never deleted.
        (
            conn.scalar("SELECT coalesce(max(id), 0) FROM complaints", &[])?,
            false,
        )
    } else {
        (
            conn.scalar(&format!("SELECT count(*) FROM complaints c{filter}"), &args)?,
            false,
        )
    })
}
