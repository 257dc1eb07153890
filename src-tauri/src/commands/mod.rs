//! Tauri commands: take the state, call the core, map the error.

pub mod attachments;
pub mod complaints;
pub mod print;
pub mod safety;
pub mod session;
pub mod stats;
pub mod users;
