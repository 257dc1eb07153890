//! Tauri commands: take the state, call the core, map the error.

pub mod complaints;
pub mod print;
pub mod session;
pub mod users;
