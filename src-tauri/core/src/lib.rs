//! ComplaintDesk's domain: the 物业住户投诉处理作业规程 as a library over one SQLite file.
//!
//! Nothing here knows the window: no tauri, no dialogs, no globals, and no clock — every
//! call that depends on time takes the current instant as an argument.
#![deny(missing_docs)]

pub mod attachments;
pub mod auth;
pub mod backup;
pub mod calendar;
pub mod complaint;
pub mod deadline;
pub mod desk;
pub mod detail;
pub mod event;
pub mod excel;
pub mod model;
pub mod pdf;
pub mod privacy;
pub mod roles;
pub mod seal;
pub mod seed;
pub mod stats;
pub mod storage;
pub mod validation;
pub mod workflow;

pub use desk::{Desk, DeskError};
