//! This page's words in English (`i18n/en/network.ftl`, compiled), built in; the other languages
//! are fetched beside the page.

/// The compiled English messages of this page.
pub const ENGLISH: &str = include_str!(concat!(env!("OUT_DIR"), "/en/network.msg"));
