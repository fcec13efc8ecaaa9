//! This page's words in English (`i18n/en/network.ftl`, compiled), built in; the other languages
//! are fetched beside the page.

/// The compiled English messages of this page.
pub const ENGLISH: &str = include_str!(concat!(env!("OUT_DIR"), "/en/network.msg"));

/// The fingerprint of this page's English keys, which its translations open with (see
/// [`fits`](crate::shell::messages::fits)).
pub const FINGERPRINT: &str = include_str!(concat!(env!("OUT_DIR"), "/en/network.fp"));
