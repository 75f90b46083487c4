//! ComputeHorde client SDK.
pub mod core;
