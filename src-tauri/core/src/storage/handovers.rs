//! 月度归档移交: the hand-overs and the complaints each took (never deleted).

use super::db::{args, Db, Dialect};
use super::{ms, Result};
use chrono::{DateTime, Utc};

/// A recorded hand-over: `(month, at, by user, receiver)`.
pub type Stored = (String, DateTime<Utc>, i64, String);

/// Complaints waiting for `awaiting` received in `[from, to)`, by case number.
pub fn awaiting_received(
    conn: &dyn Db,
    awaiting: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<i64>> {
    conn.all(
        "SELECT id FROM complaints WHERE awaiting = ?1 AND received_at >= ?2 AND received_at < ?3
         ORDER BY case_no",
        args![awaiting, ms(from), ms(to)],
        |r| r.get::<i64>(0),
    )
}

/// Records a hand-over of `complaint_ids` and returns its id.
pub fn insert(
    conn: &dyn Db,
    (month, at, by, receiver): (&str, DateTime<Utc>, i64, &str),
    complaint_ids: &[i64],
) -> Result<i64> {
    let id = conn.scalar::<i64>(
        "INSERT INTO handovers (month, at, by_user, receiver) VALUES (?1, ?2, ?3, ?4)
         RETURNING id",
        args![month, ms(at), by, receiver],
    )?;
    for &complaint_id in complaint_ids {
        conn.execute(
            "INSERT INTO handover_items (handover_id, complaint_id) VALUES (?1, ?2)",
            args![id, complaint_id],
        )?;
    }
    Ok(id)
}

/// The hand-overs of a month, oldest first.
pub fn of_month(conn: &dyn Db, month: &str) -> Result<Vec<i64>> {
    conn.all(
        "SELECT id FROM handovers WHERE month = ?1 ORDER BY id",
        args![month],
        |r| r.get::<i64>(0),
    )
}

/// One hand-over, and the how-manieth of its month it is.
pub fn get(conn: &dyn Db, id: i64) -> Result<Option<(Stored, i64)>> {
    let stored: Option<Stored> = conn.opt(
        "SELECT month, at, by_user, receiver FROM handovers WHERE id = ?1",
        args![id],
        |r| {
            Ok((
                r.get::<String>(0)?,
                super::from_ms(r.get::<i64>(1)?),
                r.get::<i64>(2)?,
                r.get::<String>(3)?,
            ))
        },
    )?;
    let Some(stored) = stored else {
        return Ok(None);
    };
    let number = conn.scalar::<i64>(
        "SELECT count(*) FROM handovers WHERE month = ?1 AND id <= ?2",
        args![&stored.0, id],
    )?;
    Ok(Some((stored, number)))
}

/// The complaints a hand-over took, by case number.
pub fn items(conn: &dyn Db, id: i64) -> Result<Vec<i64>> {
    conn.all(
        "SELECT i.complaint_id FROM handover_items i JOIN complaints c ON c.id = i.complaint_id
         WHERE i.handover_id = ?1 ORDER BY c.case_no",
        args![id],
        |r| r.get::<i64>(0),
    )
}

/// The pages of a complaint's form as last printed (from its audit entry), if ever.
/// The entry's `after` is JSON text: read with `json_extract` on SQLite, cast to `jsonb`
/// on the server.
pub fn last_printed_pages(conn: &dyn Db, complaint_id: i64) -> Result<Option<i64>> {
    let pages = match conn.dialect() {
        Dialect::Sqlite => "json_extract(after, '$.pages')",
        Dialect::Postgres => "CAST(after::jsonb ->> 'pages' AS BIGINT)",
    };
    Ok(conn
        .opt(
            &format!(
                "SELECT {pages} FROM audit_log
                 WHERE entity = 'complaint' AND entity_id = ?1 AND action = 'complaint.print'
                 ORDER BY id DESC LIMIT 1"
            ),
            args![complaint_id],
            |r| r.get::<Option<i64>>(0),
        )?
        .flatten())
}
