//! One way to speak to either store: a desk's SQLite file or the center's PostgreSQL
//! server. A storage function written against [`Db`] runs on both: it writes its SQL
//! once, with `?1`, `?2` … placeholders (given to PostgreSQL as `$1`, `$2` …), passes its
//! values as [`Value`]s ([`args!`]) and reads columns through [`Row`], which converts
//! what each store returns (SQLite's dynamic types; PostgreSQL's `int8`, `int4`, `bool`,
//! `text`, `bytea`) to the Rust type asked for. Where the dialects differ, the function
//! asks [`Db::dialect`].
//!
//! A `&rusqlite::Connection` (or a transaction on one) is a `&dyn Db`, so functions move
//! to this interface one by one while their callers stay as they are.

use super::{Result, StorageError};
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::ControlFlow;

/// Which store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// A desk's own file.
    Sqlite,
    /// The center's server.
    Postgres,
}

/// A value bound to a placeholder.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// NULL.
    Null,
    /// An integer (also flags, as 0 / 1, and times, as milliseconds).
    Int(i64),
    /// A float.
    Real(f64),
    /// Text.
    Text(String),
    /// Bytes.
    Blob(Vec<u8>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Self::Int(v)
    }
}

impl From<i32> for Value {
    fn from(v: i32) -> Self {
        Self::Int(i64::from(v))
    }
}

impl From<u32> for Value {
    fn from(v: u32) -> Self {
        Self::Int(i64::from(v))
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Self::Int(i64::from(v))
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Self::Real(v)
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Self::Text(v)
    }
}

impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Self {
        Self::Blob(v)
    }
}

/// What can be bound, read by reference (so that `args![c.room]` borrows the field).
pub trait ToValue {
    /// The value bound.
    fn to_value(&self) -> Value;
}

macro_rules! to_value_via_from {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::from(self.clone())
            }
        }
    )*};
}
to_value_via_from!(i64, i32, u32, bool, f64, String, Vec<u8>, Value);

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_owned())
    }
}

impl ToValue for [u8] {
    fn to_value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

/// The values of a statement's placeholders, in order: `args![id, name, active]` (each
/// read by reference).
#[macro_export]
macro_rules! args {
    () => { &[] as &[$crate::storage::db::Value] };
    ($($v:expr),+ $(,)?) => { &[$($crate::storage::db::ToValue::to_value(&$v)),+][..] };
}
pub use crate::args;

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Self::Null => ValueRef::Null,
            Self::Int(v) => ValueRef::Integer(*v),
            Self::Real(v) => ValueRef::Real(*v),
            Self::Text(v) => ValueRef::Text(v.as_bytes()),
            Self::Blob(v) => ValueRef::Blob(v),
        }))
    }
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match (self, ty) {
            (Self::Null, _) => Ok(IsNull::Yes),
            (Self::Int(v), &Type::INT8) => v.to_sql(ty, out),
            (Self::Int(v), &Type::INT4) => i32::try_from(*v)?.to_sql(ty, out),
            (Self::Int(v), &Type::INT2) => i16::try_from(*v)?.to_sql(ty, out),
            (Self::Int(v), &Type::BOOL) => (*v != 0).to_sql(ty, out),
            (Self::Int(v), &Type::FLOAT8) => (*v as f64).to_sql(ty, out),
            (Self::Real(v), _) => v.to_sql(ty, out),
            (Self::Text(v), _) => v.to_sql(ty, out),
            (Self::Blob(v), _) => v.to_sql(ty, out),
            (Self::Int(_), _) => Err(format!("an integer bound to a {ty} placeholder").into()),
        }
    }

    fn accepts(ty: &Type) -> bool {
        matches!(
            *ty,
            Type::INT8
                | Type::INT4
                | Type::INT2
                | Type::BOOL
                | Type::FLOAT8
                | Type::TEXT
                | Type::VARCHAR
                | Type::BPCHAR
                | Type::NAME
                | Type::UNKNOWN
                | Type::BYTEA
        )
    }

    to_sql_checked!();
}

/// One row of a result, from either store.
pub enum Row<'a> {
    /// SQLite's.
    Sqlite(&'a rusqlite::Row<'a>),
    /// PostgreSQL's.
    Postgres(&'a postgres::Row),
}

/// A Rust type a column converts to.
pub trait FromColumn: Sized {
    /// From SQLite's dynamic value.
    fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Option<Self>;
    /// From PostgreSQL's column `i` (`None` when its type does not convert).
    fn from_postgres(row: &postgres::Row, i: usize) -> Option<Self>;
    /// Whether a NULL converts (to `None`).
    fn from_null() -> Option<Self> {
        None
    }
}

impl FromColumn for i64 {
    fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        v.as_i64().ok()
    }
    fn from_postgres(row: &postgres::Row, i: usize) -> Option<Self> {
        match *row.columns().get(i)?.type_() {
            Type::INT8 => row.try_get::<_, Option<i64>>(i).ok()?,
            Type::INT4 => row.try_get::<_, Option<i32>>(i).ok()?.map(i64::from),
            Type::INT2 => row.try_get::<_, Option<i16>>(i).ok()?.map(i64::from),
            Type::BOOL => row.try_get::<_, Option<bool>>(i).ok()?.map(i64::from),
            _ => None,
        }
    }
}

impl FromColumn for bool {
    fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        v.as_i64().ok().map(|n| n != 0)
    }
    fn from_postgres(row: &postgres::Row, i: usize) -> Option<Self> {
        i64::from_postgres(row, i).map(|n| n != 0)
    }
}

impl FromColumn for f64 {
    fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        match v {
            rusqlite::types::ValueRef::Real(f) => Some(f),
            rusqlite::types::ValueRef::Integer(n) => Some(n as f64),
            _ => None,
        }
    }
    fn from_postgres(row: &postgres::Row, i: usize) -> Option<Self> {
        match *row.columns().get(i)?.type_() {
            Type::FLOAT8 => row.try_get::<_, Option<f64>>(i).ok()?,
            Type::FLOAT4 => row.try_get::<_, Option<f32>>(i).ok()?.map(f64::from),
            _ => i64::from_postgres(row, i).map(|n| n as f64),
        }
    }
}

impl FromColumn for String {
    fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        v.as_str().ok().map(str::to_owned)
    }
    fn from_postgres(row: &postgres::Row, i: usize) -> Option<Self> {
        row.try_get::<_, Option<String>>(i).ok()?
    }
}

impl FromColumn for Vec<u8> {
    fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        v.as_blob().ok().map(<[u8]>::to_vec)
    }
    fn from_postgres(row: &postgres::Row, i: usize) -> Option<Self> {
        row.try_get::<_, Option<Vec<u8>>>(i).ok()?
    }
}

impl<T: FromColumn> FromColumn for Option<T> {
    fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        T::from_sqlite(v).map(Some)
    }
    fn from_postgres(row: &postgres::Row, i: usize) -> Option<Self> {
        T::from_postgres(row, i).map(Some)
    }
    fn from_null() -> Option<Self> {
        Some(None)
    }
}

impl Row<'_> {
    /// Column `i` as whatever it holds (a copy between stores): PostgreSQL's integers
    /// and flags as integers, text, bytes, floats.
    pub fn value(&self, i: usize) -> Result<Value> {
        match self {
            Self::Sqlite(r) => Ok(match r.get_ref(i)? {
                rusqlite::types::ValueRef::Null => Value::Null,
                rusqlite::types::ValueRef::Integer(n) => Value::Int(n),
                rusqlite::types::ValueRef::Real(f) => Value::Real(f),
                rusqlite::types::ValueRef::Text(t) => {
                    Value::Text(String::from_utf8_lossy(t).into_owned())
                }
                rusqlite::types::ValueRef::Blob(b) => Value::Blob(b.to_vec()),
            }),
            Self::Postgres(r) => {
                let ty = r.columns()[i].type_().clone();
                Ok(match ty {
                    Type::INT8 => r
                        .try_get::<_, Option<i64>>(i)?
                        .map_or(Value::Null, Value::Int),
                    Type::INT4 => r
                        .try_get::<_, Option<i32>>(i)?
                        .map_or(Value::Null, |n| Value::Int(n.into())),
                    Type::INT2 => r
                        .try_get::<_, Option<i16>>(i)?
                        .map_or(Value::Null, |n| Value::Int(n.into())),
                    Type::BOOL => r
                        .try_get::<_, Option<bool>>(i)?
                        .map_or(Value::Null, |b| Value::Int(b.into())),
                    Type::FLOAT8 => r
                        .try_get::<_, Option<f64>>(i)?
                        .map_or(Value::Null, Value::Real),
                    Type::BYTEA => r
                        .try_get::<_, Option<Vec<u8>>>(i)?
                        .map_or(Value::Null, Value::Blob),
                    _ => r
                        .try_get::<_, Option<String>>(i)?
                        .map_or(Value::Null, Value::Text),
                })
            }
        }
    }

    /// Column `i` as `T`; a NULL only as an `Option`.
    pub fn get<T: FromColumn>(&self, i: usize) -> Result<T> {
        let unreadable = |what: &str| {
            StorageError::Unreadable(format!(
                "column {i} ({what}) as {}",
                std::any::type_name::<T>()
            ))
        };
        match self {
            Self::Sqlite(r) => {
                let v = r.get_ref(i)?;
                if v == rusqlite::types::ValueRef::Null {
                    return T::from_null().ok_or_else(|| unreadable("NULL"));
                }
                T::from_sqlite(v).ok_or_else(|| unreadable(&format!("{:?}", v.data_type())))
            }
            Self::Postgres(r) => {
                let column = r
                    .columns()
                    .get(i)
                    .ok_or_else(|| unreadable("no such column"))?;
                let is_null = r
                    .try_get::<_, Option<NullProbe>>(i)
                    .map_err(StorageError::from)?
                    .is_none();
                if is_null {
                    return T::from_null().ok_or_else(|| unreadable("NULL"));
                }
                T::from_postgres(r, i).ok_or_else(|| unreadable(&column.type_().to_string()))
            }
        }
    }

    /// A bytes column read in place (NULL as `None`).
    pub fn blob(&self, i: usize) -> Result<Option<&[u8]>> {
        Ok(match self {
            Self::Sqlite(r) => r
                .get_ref(i)?
                .as_blob_or_null()
                .map_err(rusqlite::Error::from)?,
            Self::Postgres(r) => r.try_get::<_, Option<&[u8]>>(i)?,
        })
    }

    /// A code column (text) parsed by `parse`, read in place.
    pub fn code<T>(&self, i: usize, parse: fn(&str) -> Option<T>) -> Result<T> {
        let raw: &str = match self {
            Self::Sqlite(r) => r.get_ref(i)?.as_str().map_err(rusqlite::Error::from)?,
            Self::Postgres(r) => r.try_get::<_, &str>(i)?,
        };
        parse(raw).ok_or_else(|| StorageError::Unreadable(format!("unknown code {raw:?}")))
    }
}

/// Reads any column only to tell whether it is NULL.
struct NullProbe;

impl<'a> postgres::types::FromSql<'a> for NullProbe {
    fn from_sql(
        _: &Type,
        _: &'a [u8],
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Self)
    }
    fn accepts(_: &Type) -> bool {
        true
    }
}

/// What a storage function needs of a store.
pub trait Db {
    /// Which store this is.
    fn dialect(&self) -> Dialect;
    /// Runs one statement; returns the rows it changed.
    fn execute(&self, sql: &str, args: &[Value]) -> Result<u64>;
    /// Runs statements without values (schema changes, `BEGIN` …).
    fn batch(&self, sql: &str) -> Result<()>;
    /// Runs a query and hands each row to `f`, in order, until `f` says to stop (the rows
    /// left are not read, where the store streams them).
    fn each_until(
        &self,
        sql: &str,
        args: &[Value],
        f: &mut dyn FnMut(&Row<'_>) -> Result<ControlFlow<()>>,
    ) -> Result<()>;
    /// Runs a query and hands every row to `f` as it arrives, never holding the whole
    /// result (a table copied whole). `f` must not use this store meanwhile: the server's
    /// connection is busy with the rows.
    fn stream(
        &self,
        sql: &str,
        args: &[Value],
        f: &mut dyn FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        self.each_until(sql, args, &mut |r| f(r).map(|()| ControlFlow::Continue(())))
    }
}

impl dyn Db + '_ {
    /// Runs a query and hands every row to `f`, in order.
    pub fn each(
        &self,
        sql: &str,
        args: &[Value],
        f: &mut dyn FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        self.each_until(sql, args, &mut |r| f(r).map(|()| ControlFlow::Continue(())))
    }

    /// Every row, read by `f`.
    pub fn all<T>(
        &self,
        sql: &str,
        args: &[Value],
        mut f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.each(sql, args, &mut |r| {
            out.push(f(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row, if any, read by `f`.
    pub fn opt<T>(
        &self,
        sql: &str,
        args: &[Value],
        mut f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut out = None;
        self.each_until(sql, args, &mut |r| {
            out = Some(f(r)?);
            Ok(ControlFlow::Break(()))
        })?;
        Ok(out)
    }

    /// The first row, read by `f`; no row is an error (an aggregate's, say, always has one).
    pub fn one<T>(
        &self,
        sql: &str,
        args: &[Value],
        f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.opt(sql, args, f)?
            .ok_or_else(|| StorageError::Unreadable(format!("no row from: {sql}")))
    }

    /// The first column of the first row.
    pub fn scalar<T: FromColumn>(&self, sql: &str, args: &[Value]) -> Result<T> {
        self.one(sql, args, |r| r.get(0))
    }
}

fn sqlite_each(
    conn: &rusqlite::Connection,
    sql: &str,
    args: &[Value],
    f: &mut dyn FnMut(&Row<'_>) -> Result<ControlFlow<()>>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
    while let Some(r) = rows.next()? {
        if f(&Row::Sqlite(r))?.is_break() {
            break;
        }
    }
    Ok(())
}

impl Db for rusqlite::Connection {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }
    fn execute(&self, sql: &str, args: &[Value]) -> Result<u64> {
        let changed = self
            .prepare_cached(sql)?
            .execute(rusqlite::params_from_iter(args))?;
        Ok(changed as u64)
    }
    fn batch(&self, sql: &str) -> Result<()> {
        Ok(self.execute_batch(sql)?)
    }
    fn each_until(
        &self,
        sql: &str,
        args: &[Value],
        f: &mut dyn FnMut(&Row<'_>) -> Result<ControlFlow<()>>,
    ) -> Result<()> {
        sqlite_each(self, sql, args, f)
    }
}

/// `Db` for a type that is a store by way of another, which `$through` gives: every call
/// goes to it.
#[macro_export]
#[doc(hidden)]
macro_rules! db_through {
    ($ty:ty, |$s:ident| $through:expr) => {
        impl $crate::storage::db::Db for $ty {
            fn dialect(&$s) -> $crate::storage::db::Dialect {
                $crate::storage::db::Db::dialect($through)
            }
            fn execute(
                &$s,
                sql: &str,
                args: &[$crate::storage::db::Value],
            ) -> $crate::storage::Result<u64> {
                $crate::storage::db::Db::execute($through, sql, args)
            }
            fn batch(&$s, sql: &str) -> $crate::storage::Result<()> {
                $crate::storage::db::Db::batch($through, sql)
            }
            fn each_until(
                &$s,
                sql: &str,
                args: &[$crate::storage::db::Value],
                f: &mut dyn FnMut(
                    &$crate::storage::db::Row<'_>,
                ) -> $crate::storage::Result<std::ops::ControlFlow<()>>,
            ) -> $crate::storage::Result<()> {
                $crate::storage::db::Db::each_until($through, sql, args, f)
            }
            fn stream(
                &$s,
                sql: &str,
                args: &[$crate::storage::db::Value],
                f: &mut dyn FnMut(
                    &$crate::storage::db::Row<'_>,
                ) -> $crate::storage::Result<()>,
            ) -> $crate::storage::Result<()> {
                $crate::storage::db::Db::stream($through, sql, args, f)
            }
        }
    };
}
pub use db_through;

// A transaction on a file is its connection, as far as statements go.
db_through!(rusqlite::Transaction<'_>, |self| &**self
    as &rusqlite::Connection);

/// A statement as PostgreSQL takes it: `?N` placeholders as `$N` (the storage functions'
/// SQL has no `?` inside a string literal), and without SQLite's planner hints, which
/// PostgreSQL has no use for: `CROSS JOIN … ON` (SQLite keeps the left table the outer
/// loop) is a plain `JOIN`, `INDEXED BY name` goes.
pub fn for_postgres(sql: &str) -> String {
    let mut out = sql.replace('?', "$").replace("CROSS JOIN", "JOIN");
    while let Some(at) = out.find(" INDEXED BY ") {
        let name_end = out[at + 12..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(out.len(), |n| at + 12 + n);
        out.replace_range(at..name_end, "");
    }
    out
}

/// A connection to the center's server, with its prepared statements kept by their text.
/// One opened from a URL connects again by itself, outside a transaction, once the
/// connection was lost (the server restarted, the network came back).
pub struct Server {
    client: RefCell<postgres::Client>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    url: Option<String>,
    in_write: std::cell::Cell<bool>,
    /// A statement found the connection gone: connect again before the next one, even
    /// before the client has noticed the closed socket itself.
    lost: std::cell::Cell<bool>,
}

impl Server {
    /// Wraps a connected client (see `storage::server::connect`).
    pub fn new(client: postgres::Client) -> Self {
        Self {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            url: None,
            in_write: std::cell::Cell::new(false),
            lost: std::cell::Cell::new(false),
        }
    }

    /// Wraps a client connected to `url`, connecting again to it after a loss.
    pub fn reconnecting(client: postgres::Client, url: &str) -> Self {
        Self {
            url: Some(url.to_owned()),
            ..Self::new(client)
        }
    }

    /// Connects again when the connection was lost, unless a write is under way (its
    /// transaction died with the connection: it fails, and is rolled back whole).
    fn live(&self) -> Result<()> {
        let gone = self.lost.get() || self.client.borrow().is_closed();
        if !gone || self.in_write.get() {
            return Ok(());
        }
        let Some(url) = &self.url else {
            return Ok(());
        };
        // Not connecting again is the server still out of reach, whatever it answered.
        let fresh = postgres::Client::connect(url, postgres::NoTls)
            .map_err(|e| StorageError::ServerLost(super::server_says(&e)))?;
        *self.client.borrow_mut() = fresh;
        self.statements.borrow_mut().clear();
        self.lost.set(false);
        Ok(())
    }

    /// A client's result as the store's, noting a lost connection for [`Server::live`].
    fn noted<T>(&self, r: std::result::Result<T, postgres::Error>) -> Result<T> {
        r.map_err(|e| {
            let e = StorageError::from(e);
            if matches!(e, StorageError::ServerLost(_)) {
                self.lost.set(true);
            }
            e
        })
    }

    fn statement(&self, sql: &str) -> Result<postgres::Statement> {
        self.live()?;
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let prepared = self.noted(self.client.borrow_mut().prepare(&for_postgres(sql)))?;
        self.statements
            .borrow_mut()
            .insert(sql.to_owned(), prepared.clone());
        Ok(prepared)
    }

    fn params(args: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
        args.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
    }
}

impl Db for Server {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
    fn execute(&self, sql: &str, args: &[Value]) -> Result<u64> {
        let stmt = self.statement(sql)?;
        let changed = self.client.borrow_mut().execute(&stmt, &Self::params(args));
        self.noted(changed)
    }
    fn batch(&self, sql: &str) -> Result<()> {
        self.live()?;
        let done = self.client.borrow_mut().batch_execute(sql);
        self.noted(done)
    }
    fn each_until(
        &self,
        sql: &str,
        args: &[Value],
        f: &mut dyn FnMut(&Row<'_>) -> Result<ControlFlow<()>>,
    ) -> Result<()> {
        let stmt = self.statement(sql)?;
        let rows = self.client.borrow_mut().query(&stmt, &Self::params(args));
        let rows = self.noted(rows)?;
        for r in &rows {
            if f(&Row::Postgres(r))?.is_break() {
                break;
            }
        }
        Ok(())
    }
    fn stream(
        &self,
        sql: &str,
        args: &[Value],
        f: &mut dyn FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        use postgres::fallible_iterator::FallibleIterator;
        let stmt = self.statement(sql)?;
        let mut client = self.client.borrow_mut();
        let rows = client.query_raw(&stmt, Self::params(args));
        let mut rows = self.noted(rows)?;
        loop {
            let next = rows.next();
            match self.noted(next)? {
                Some(r) => f(&Row::Postgres(&r))?,
                None => return Ok(()),
            }
        }
    }
}

/// The key of the advisory lock a write to the server holds until it commits: one
/// writer at a time across the center's desks, as `BEGIN IMMEDIATE` is on a file. It keeps
/// the audit chain one chain, case numbers and ids gap-free and in commit order.
pub const WRITER_LOCK: i64 = 0x436F_6D70_6C61_696E; // "Complain"

impl Server {
    /// Begins a write: a transaction holding the center's writer lock (waiting for
    /// another desk's write for up to 10 s).
    fn begin_write(&self) -> Result<()> {
        self.live()?;
        self.in_write.set(true);
        let begun = self.client.borrow_mut().batch_execute(&format!(
            "BEGIN; SET LOCAL lock_timeout = '10s'; SELECT pg_advisory_xact_lock({WRITER_LOCK})"
        ));
        if begun.is_err() {
            self.in_write.set(false);
        }
        self.noted(begun)
    }
}

/// The channel on which a write to the server is announced to the other desks
/// (`LISTEN`), so that their windows show it within a moment.
pub const CHANGES_CHANNEL: &str = "complaintdesk_changes";

/// A second connection to the server that hears the desks' writes.
pub struct Listener {
    client: postgres::Client,
}

impl Listener {
    /// Listens on `client` (a connection of its own: it waits in [`Listener::wait`]).
    pub fn new(mut client: postgres::Client) -> Result<Self> {
        client.batch_execute(&format!("LISTEN {CHANGES_CHANNEL}"))?;
        Ok(Self { client })
    }

    /// Waits up to `timeout` for a write; true when one (or several) came. An error
    /// means the connection is gone: connect again.
    pub fn wait(&mut self, timeout: std::time::Duration) -> Result<bool> {
        use postgres::fallible_iterator::FallibleIterator;
        let heard = {
            let mut notes = self.client.notifications();
            let heard = notes.timeout_iter(timeout).next()?.is_some();
            if heard {
                // Several writes in a burst are one refresh.
                while notes.iter().next()?.is_some() {}
            }
            heard
        };
        if self.client.is_closed() {
            // Says why, as an error.
            self.client.simple_query("SELECT 1")?;
        }
        Ok(heard)
    }
}

/// What a desk works on: its own file, or the center's server.
pub enum Store {
    /// A desk's SQLite file (or an in-memory database).
    File(rusqlite::Connection),
    /// The center's PostgreSQL server.
    Server(Box<Server>),
}

impl Store {
    /// The SQLite connection of a file store: for what only a file has (backups of the
    /// file, its planner, its pragmas).
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Store::File(c) => Some(c),
            Store::Server(_) => None,
        }
    }

    /// The same, to write through (the demo generator).
    pub fn sqlite_mut(&mut self) -> Option<&mut rusqlite::Connection> {
        match self {
            Store::File(c) => Some(c),
            Store::Server(_) => None,
        }
    }

    /// Begins a write: `BEGIN IMMEDIATE` on a file, the writer lock on the server. It is
    /// rolled back unless committed.
    pub fn write(&mut self) -> Result<Tx<'_>> {
        Ok(match self {
            Store::File(c) => {
                Tx::File(c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
            }
            Store::Server(s) => {
                let s: &Server = s;
                s.begin_write()?;
                Tx::Server(ServerTx {
                    server: s,
                    open: true,
                })
            }
        })
    }
}

db_through!(Store, |self| self.db());

impl Store {
    fn db(&self) -> &dyn Db {
        match self {
            Store::File(c) => c,
            Store::Server(s) => &**s,
        }
    }
}

/// A transaction on the server; rolled back when dropped uncommitted.
pub struct ServerTx<'a> {
    server: &'a Server,
    open: bool,
}

impl Drop for ServerTx<'_> {
    fn drop(&mut self) {
        self.server.in_write.set(false);
        if self.open {
            // A broken connection has no transaction left to roll back.
            let _ = self.server.client.borrow_mut().batch_execute("ROLLBACK");
        }
    }
}

/// One write on either store, rolled back unless [`Tx::commit`]ted.
pub enum Tx<'a> {
    /// On a file.
    File(rusqlite::Transaction<'a>),
    /// On the server.
    Server(ServerTx<'a>),
}

impl Tx<'_> {
    /// Commits.
    pub fn commit(self) -> Result<()> {
        match self {
            Tx::File(t) => Ok(t.commit()?),
            Tx::Server(mut t) => {
                t.open = false;
                // Every other desk listening hears of it once it is committed.
                let committed = t
                    .server
                    .client
                    .borrow_mut()
                    .batch_execute(&format!("NOTIFY {CHANGES_CHANNEL}; COMMIT"));
                t.server.noted(committed)
            }
        }
    }

    fn db(&self) -> &dyn Db {
        match self {
            Tx::File(t) => t,
            Tx::Server(t) => t.server,
        }
    }

    /// Streams rows into the server with `COPY … FROM STDIN` (`sql`), in PostgreSQL's
    /// text format as `fill` writes it: many rows at the cost of one statement. Refused on
    /// a file, whose writes are local.
    pub fn copy_in(
        &self,
        sql: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> Result<()>,
    ) -> Result<u64> {
        let Tx::Server(t) = self else {
            return Err(StorageError::Unreadable("COPY is the server's".into()));
        };
        let mut client = t.server.client.borrow_mut();
        let mut writer = t.server.noted(client.copy_in(sql))?;
        fill(&mut writer)?;
        t.server.noted(writer.finish())
    }
}

db_through!(Tx<'_>, |self| self.db());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_columns_round_trip_through_sqlite() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let db: &dyn Db = &conn;
        db.batch("CREATE TABLE t (n INTEGER, f INTEGER, s TEXT, b BLOB, r REAL)")
            .unwrap();
        let changed = db
            .execute(
                "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5), (?6, ?6, ?6, ?6, ?6)",
                args![-7i64, true, "水管", vec![1u8, 2], 2.5, Option::<i64>::None],
            )
            .unwrap();
        assert_eq!(changed, 2);
        let rows = db
            .all("SELECT n, f, s, b, r FROM t ORDER BY rowid", args![], |r| {
                Ok((
                    r.get::<Option<i64>>(0)?,
                    r.get::<Option<bool>>(1)?,
                    r.get::<Option<String>>(2)?,
                    r.get::<Option<Vec<u8>>>(3)?,
                    r.get::<Option<f64>>(4)?,
                ))
            })
            .unwrap();
        assert_eq!(
            rows,
            [
                (
                    Some(-7),
                    Some(true),
                    Some("水管".into()),
                    Some(vec![1, 2]),
                    Some(2.5)
                ),
                (None, None, None, None, None)
            ]
        );
        // A NULL is refused where no Option was asked for, and a text where a number was.
        assert!(db.one("SELECT NULL", args![], |r| r.get::<i64>(0)).is_err());
        assert!(db.one("SELECT 'x'", args![], |r| r.get::<i64>(0)).is_err());
        assert_eq!(
            db.scalar::<i64>("SELECT count(*) FROM t", args![]).unwrap(),
            2
        );
        assert_eq!(
            db.opt("SELECT n FROM t WHERE n = ?1", args![99], |r| r
                .get::<i64>(0))
                .unwrap(),
            None
        );
    }

    #[test]
    fn statements_are_written_for_postgresql() {
        assert_eq!(
            for_postgres("SELECT a FROM t WHERE a = ?1 AND b IN (?2, ?12)"),
            "SELECT a FROM t WHERE a = $1 AND b IN ($2, $12)"
        );
        assert_eq!(
            for_postgres(
                "SELECT c.id FROM complaints c INDEXED BY complaints_received CROSS JOIN d ON d.id = c.d"
            ),
            "SELECT c.id FROM complaints c JOIN d ON d.id = c.d"
        );
    }
}
