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

/// Markup built as text (`html`, whose text parts went through [`esc`]) as one node: far
/// smaller in the download than the same elements written with `html!`, for parts of a page
/// that hold no listeners and no state a reader changes (an open `<details>`, a focused
/// control), since a change replaces them whole.
#[inline(never)]
pub fn raw(html: String) -> Html {
    Html::from_html_unchecked(AttrValue::from(html))
}

/// `text` safe inside markup built for [`raw`], as text or as a quoted attribute's value.
pub fn esc(text: &str) -> String {
    crate::shell::text::escape_html(text)
}
