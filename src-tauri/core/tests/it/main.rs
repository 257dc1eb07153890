//! complaint-core integration tests: one binary, one module per concern.

mod admin;
mod audit;
mod commands;
mod concurrency;
mod corrections;
mod crash;
mod deadlines;
mod demo;
mod extremes;
mod fixture;
mod handover;
mod input;
mod invariants;
mod month;
mod pdf;
mod plans;
mod privacy;
mod properties;
mod queues;
mod roles;
mod safety;
mod seal;
mod stats;
mod storage;
mod stored_inputs;
mod workflow;
