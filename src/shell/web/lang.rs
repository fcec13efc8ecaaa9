//! The page's language: which one (the link's `?lang=`, else the reader's last choice, else
//! the browser's languages, else English) and its messages, as the page's start script picked
//! and fetched them before the wasm started (`i18n/<code>/<page>.msg`: the shell's messages
//! and the page's, compiled from the `.ftl` files and aligned with the built-in English);
//! numbers and plurals by the browser's `Intl`; `<html lang dir>`; and the way to open the
//! page again in another language.

use std::cell::RefCell;

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use crate::shell::messages::{self, LANGUAGES, Locale, Plain};

thread_local! {
    /// What choosing the language could not do, for the page's notice.
    static PROBLEMS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Keeps `problem` for the page's notice.
pub fn tell(problem: Option<String>) {
    if let Some(p) = problem {
        PROBLEMS.with(|v| v.borrow_mut().push(p));
    }
}

/// What choosing the language could not do, once.
pub fn take_problems() -> Vec<String> {
    PROBLEMS.with(|v| std::mem::take(&mut *v.borrow_mut()))
}

/// Where the reader's choice is remembered, so the other lessons open in it too.
const STORED: &str = "archsim-lang";

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `Intl.NumberFormat` for the language, `digits` after the point, as the start script
    /// keeps it (`window.archsimNumber`).
    #[wasm_bindgen(js_namespace = window, js_name = archsimNumber, catch)]
    fn browser_number(code: &str, v: f64, digits: u8) -> Result<String, JsValue>;
    /// `Intl.PluralRules` likewise (`window.archsimPlural`).
    #[wasm_bindgen(js_namespace = window, js_name = archsimPlural, catch)]
    fn browser_plural(code: &str, v: f64, digits: u8) -> Result<String, JsValue>;
}

/// Numbers and plurals as the browser writes them in one language (as [`Plain`] without the
/// start script, in a test).
struct Browser(Plain);

impl Locale for Browser {
    fn number(&self, v: f64, digits: u8) -> String {
        browser_number(&self.0.0, v, digits).unwrap_or_else(|_| self.0.number(v, digits))
    }

    fn plural(&self, v: f64, digits: u8) -> String {
        browser_plural(&self.0.0, v, digits).unwrap_or_else(|_| self.0.plural(v, digits))
    }
}

/// A shipped language's code matching `asked` ("es-MX" → "es"), if any.
fn shipped(asked: &str) -> Option<&'static str> {
    let base = asked.split(['-', '_']).next()?.to_ascii_lowercase();
    LANGUAGES.iter().map(|l| l.0).find(|c| *c == base)
}

/// Sets `<html lang dir>` for `code`.
fn mark_document(code: &str) {
    let rtl = LANGUAGES.iter().any(|l| l.0 == code && l.2);
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", code);
        let _ = root.set_attribute("dir", if rtl { "rtl" } else { "ltr" });
    }
}

/// A text field of the start script's `window.archsimLanguage`.
fn field(lang: &JsValue, name: &str) -> Option<String> {
    Reflect::get(lang, &name.into()).ok()?.as_string()
}

/// Uses the language the page's start script picked and fetched (the link's `?lang=`, else
/// the reader's last choice, else the browser's, else English), and marks the document. A
/// language asked for but not shipped, or whose file did not load or was made for another
/// version of the page (its fingerprint is not `mark`), leaves the page in English, and the
/// page's notice says why.
pub fn start(mark: &str) {
    let lang = web_sys::window()
        .and_then(|w| Reflect::get(&w, &"archsimLanguage".into()).ok())
        .unwrap_or(JsValue::UNDEFINED);
    if let Some(asked) = field(&lang, "asked")
        && shipped(&asked).is_none()
    {
        let names: Vec<&str> = LANGUAGES.iter().map(|l| l.0).collect();
        tell(Some(crate::shell::link::ignored(
            "lang",
            &asked,
            &format!("not one of {}", names.join(", ")),
        )));
    }
    let code = field(&lang, "code")
        .as_deref()
        .and_then(shipped)
        .unwrap_or("en");
    let text = field(&lang, "text").filter(|t| messages::fits(t, mark));
    let code = match (code, text) {
        ("en", _) => "en",
        (code, Some(text)) => {
            messages::choose(code, Some(text), locale(code));
            mark_document(code);
            return;
        }
        (code, None) => {
            let why = field(&lang, "error").unwrap_or_else(|| {
                format!("i18n/{code}: not messages for this version of the page")
            });
            let name = LANGUAGES.iter().find(|l| l.0 == code).map_or(code, |l| l.1);
            tell(Some(crate::t!(
                "language-unavailable",
                language = messages::text(name),
                why = messages::text(why)
            )));
            "en"
        }
    };
    messages::choose(code, None, locale(code));
    mark_document(code);
}

fn locale(code: &str) -> Box<Browser> {
    Box::new(Browser(Plain(code.to_string())))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Opens the page again in `code`, at `fragment`, remembering the choice.
pub fn switch_to(code: &str, fragment: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORED, code);
    }
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    let mut query: Vec<String> = loc
        .search()
        .unwrap_or_default()
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("lang="))
        .map(str::to_string)
        .collect();
    query.push(format!("lang={code}"));
    let page = format!("{}?{}", super::stage::base_url(), query.join("&"));
    let now = loc.href().unwrap_or_default();
    if now.split('#').next() == Some(page.as_str()) {
        // Only the fragment would change, which reloads nothing.
        let _ = loc.set_hash(fragment);
        let _ = loc.reload();
    } else {
        let _ = loc.assign(&format!("{page}#{fragment}"));
    }
}

/// `?lang=<code>&` (or `?`) for a link or embed that keeps the language in use, when it is
/// not English.
pub fn query() -> String {
    match messages::language().as_str() {
        "en" => String::new(),
        code => format!("lang={code}"),
    }
}
