//! Why a config, a fault or a topology was refused. A leaf module: the config, the faults and
//! the topology all report through it without depending on each other.

use std::fmt;

/// Why a config (or a fault in it) was refused. Every message names the field and the limit.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigError {
    /// A number outside its allowed range.
    OutOfRange {
        /// The field.
        field: &'static str,
        /// What was given.
        value: String,
        /// What is allowed.
        allowed: String,
    },
    /// A float that is NaN or infinite.
    NotANumber {
        /// The field.
        field: &'static str,
    },
    /// Two fields that contradict each other.
    Inconsistent(String),
    /// A fault names a node this architecture does not have.
    UnknownNode(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::OutOfRange {
                field,
                value,
                allowed,
            } => write!(f, "{field} = {value} is out of range (allowed: {allowed})"),
            ConfigError::NotANumber { field } => write!(f, "{field} must be a finite number"),
            ConfigError::Inconsistent(msg) => f.write_str(msg),
            ConfigError::UnknownNode(label) => write!(f, "unknown node id '{label}'"),
        }
    }
}

impl std::error::Error for ConfigError {}
