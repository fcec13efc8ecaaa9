//! Messages as Yew text and attribute values, each conversion made once here rather than at
//! every place a page shows a message.

use yew::prelude::*;

/// Message `key` as a text node (the conversion made once here, not at every call site).
#[inline(never)]
pub fn tx(key: &str) -> Html {
    node(crate::shell::messages::t(key))
}

/// Text as a text node.
#[inline(never)]
pub fn node(text: String) -> Html {
    Html::VText(yew::virtual_dom::VText::new(text))
}

/// Message `key` as an attribute's value.
#[inline(never)]
pub fn ta(key: &str) -> AttrValue {
    AttrValue::from(crate::shell::messages::t(key))
}
