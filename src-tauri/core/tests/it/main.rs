//! complaint-core integration tests: one binary, one module per concern.

mod admin;
mod audit;
mod concurrency;
mod crash;
mod deadlines;
mod fixture;
mod input;
mod pdf;
mod roles;
mod safety;
mod storage;
mod workflow;
