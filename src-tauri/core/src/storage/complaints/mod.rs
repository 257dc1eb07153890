//! Complaints: case numbers, the registration row, its standing, lists, search,
//! repeat detection and the dashboard queues.

use super::{code, from_ms, ms, Result};
use crate::complaint::Registration;
use crate::deadline::DeadlineKind;
use crate::model::{Channel, Complaint, ComplaintState, ContactMethod, Severity};
use crate::storage::db::Value;
use crate::workflow::Awaiting;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod export;
mod list;
mod queues;
mod record;
mod rows;
mod search;

pub use export::*;
pub use list::*;
pub use queues::*;
pub use record::*;
pub use rows::*;
pub use search::*;
