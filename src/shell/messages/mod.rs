//! Every word a page shows, from message files: Fluent (`.ftl`) files under `i18n/<language>/`,
//! one for the shell and one per page. English is built into each page; another language is
//! fetched when chosen, and any message it lacks falls back to English.
//!
//! The pages never parse Fluent: the files are checked and compiled at build time ([`ftl`]; the
//! build script for the built-in English, `archsim messages` for the others), and a page only
//! looks messages up and fills them in ([`render`]). A choice picks the variant with the
//! exact number, else the plural category of the number as the language writes it (the
//! browser's `Intl.PluralRules`), else the default; on a text argument, by its value.
//!
//! Numbers are arguments ([`Arg::Num`]) with the digits they are shown with, so the language
//! writes them (decimal comma, grouping) and picks their plural form.

#[cfg(not(target_arch = "wasm32"))]
pub mod ftl;
#[cfg(not(target_arch = "wasm32"))]
pub use ftl::{Catalog, fingerprint};
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
pub mod tours;

use std::cell::RefCell;

use crate::sim::small::Dec;

/// A value a message shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Text, shown as it is.
    Str(String),
    /// A number shown with `digits` digits after the point.
    Num(f64, u8),
}

/// A whole number as an argument.
pub fn int(v: impl Into<f64>) -> Arg {
    Arg::Num(v.into(), 0)
}

/// A number with `digits` digits after the point.
pub fn dec(v: f64, digits: u8) -> Arg {
    Arg::Num(v, digits)
}

/// A number shown with at most `digits` digits after the point, and no trailing zeros
/// ("12.5", "12").
pub fn num(v: f64, digits: u8) -> Arg {
    let scale = |d: u8| 10f64.powi(i32::from(d));
    let at_most = (v * scale(digits)).round() / scale(digits);
    let d = (0..digits)
        .find(|&d| ((at_most * scale(d)).round() / scale(d) - at_most).abs() < 1e-9 * scale(digits))
        .unwrap_or(digits);
    Arg::Num(at_most, d)
}

/// Text as an argument.
pub fn text(s: impl Into<String>) -> Arg {
    Arg::Str(s.into())
}

/// How a language writes numbers and picks plural forms.
pub trait Locale {
    /// `v` with `digits` digits after the point.
    fn number(&self, v: f64, digits: u8) -> String;
    /// The plural category (`zero`, `one`, `two`, `few`, `many`, `other`) of `v` written with
    /// `digits` digits.
    fn plural(&self, v: f64, digits: u8) -> String;
}

/// The rules without a browser (the runner, the tests): a point, no grouping, and the plural
/// rules of the shipped languages (any other language says `other`).
pub struct Plain(pub String);

impl Locale for Plain {
    fn number(&self, v: f64, digits: u8) -> String {
        format!("{:.*}", usize::from(digits), Dec(v))
    }

    #[cfg(target_arch = "wasm32")]
    fn plural(&self, v: f64, digits: u8) -> String {
        // (In a page the browser's rules apply: this stand-in, English's, serves only a page
        // started without its start script.)
        if digits == 0 && v == 1.0 {
            "one"
        } else {
            "other"
        }
        .to_string()
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn plural(&self, v: f64, digits: u8) -> String {
        let whole = digits == 0 && v.fract() == 0.0 && v.abs() < 1e15;
        let n = v.abs() as u64;
        let lang = self.0.split('-').next().unwrap_or("");
        let cat = match lang {
            "en" | "es" | "de" | "it" | "nl" | "pt" if whole && n == 1 => "one",
            "ar" if whole => match (n, n % 100) {
                (0, _) => "zero",
                (1, _) => "one",
                (2, _) => "two",
                (_, 3..=10) => "few",
                (_, 11..=99) => "many",
                _ => "other",
            },
            _ => "other",
        };
        cat.to_string()
    }
}

/// A language the pages ship: its code, its name in itself, and whether it is written right
/// to left. A new language is one line here and its files under `i18n/<code>/`.
pub const LANGUAGES: &[(&str, &str, bool)] = &[
    ("en", "English", false),
    ("es", "Español", false),
    ("ja", "日本語", false),
    ("ar", "العربية", true),
];

/// The shell's English, compiled, built into every page and the runner.
pub const SHELL_ENGLISH: &str = include_str!(concat!(env!("OUT_DIR"), "/en/shell.msg"));

/// The body of message `key` in compiled messages `cat`.
fn find<'a>(cat: &'a str, key: &str) -> Option<&'a str> {
    cat.split('\x1E').find_map(|m| {
        let (k, body) = m.split_once('\x1F')?;
        (k == key).then_some(body)
    })
}

/// Whether `text` is compiled messages (what the build makes of English).
pub fn is_compiled(text: &str) -> bool {
    text.starts_with('\x1E') && text.split('\x1E').skip(1).all(|m| m.contains('\x1F'))
}

/// What a translation holds for a message it lacks (English is used).
const LACKING: &str = "\x1A";

/// A language's compiled messages written for the pages: English's keys are not repeated, each
/// body stands at its English message's place (in `english`'s order), and a message the
/// language lacks is marked so the page uses English's. A page fetches this, so keys would be
/// bytes every reader downloads twice.
#[cfg(not(target_arch = "wasm32"))]
pub fn align(english: &str, translated: &str) -> String {
    let mut out = String::new();
    for m in english.split('\x1E').skip(1) {
        let key = m.split_once('\x1F').map_or(m, |(k, _)| k);
        out.push('\x1E');
        out.push_str(find(translated, key).unwrap_or(LACKING));
    }
    out
}

/// The keys of compiled English catalogues `english`, in order (what a translation is
/// aligned with).
fn english_keys<'a>(english: &[&'a str]) -> impl Iterator<Item = &'a str> {
    english
        .iter()
        .flat_map(|cat| cat.split('\x1E').skip(1))
        .map(|m| m.split('\x1F').next().unwrap_or_default())
}

/// Whether `text`, a fetched translation, is aligned with the page's English: its keys'
/// [`fingerprint`](ftl::fingerprint) `mark` (made by the build), then a body for each. (A
/// file from another version of the page, or a host's error page, is not.)
pub fn fits(text: &str, mark: &str) -> bool {
    let mut entries = text.split('\x1E');
    entries.next() == Some("")
        && entries.next() == Some(mark)
        && !text.contains('\x1F')
        && entries.count() == CURRENT.with(|c| english_keys(&c.borrow().english).count())
}

/// Writes message body `body` with `args` as `l` writes them.
pub fn render(body: &str, args: &[(&str, Arg)], l: &dyn Locale, out: &mut String) {
    let arg = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, a)| a);
    let mut rest = body;
    while let Some(i) = rest.find(['\x02', '\x04']) {
        out.push_str(&rest[..i]);
        let code = rest.as_bytes()[i];
        rest = &rest[i + 1..];
        if code == 2 {
            let end = rest.find('\x03').unwrap_or(rest.len());
            let name = &rest[..end];
            match arg(name) {
                Some(Arg::Str(s)) => out.push_str(s),
                Some(Arg::Num(v, d)) => out.push_str(&l.number(*v, *d)),
                None => {
                    out.push_str("{$");
                    out.push_str(name);
                    out.push('}');
                }
            }
            rest = rest.get(end + 1..).unwrap_or("");
            continue;
        }
        // A choice: its selector, then its variants up to its end.
        let end = rest.find('\x08').unwrap_or(rest.len());
        let (choice, after) = (&rest[..end], rest.get(end + 1..).unwrap_or(""));
        let (on, variants) = choice.split_once('\x05').unwrap_or((choice, ""));
        let variants = variants
            .split('\x06')
            .skip(1)
            .filter_map(|v| v.split_once('\x07'));
        let (mut exact, mut named, mut default) = (None, None, None);
        let category = match arg(on) {
            Some(Arg::Num(v, d)) => Some(l.plural(*v, *d)),
            _ => None,
        };
        for (key, text) in variants {
            let key = key
                .strip_prefix('*')
                .inspect(|_| default = Some(text))
                .unwrap_or(key);
            match arg(on) {
                Some(Arg::Num(v, _)) if crate::sim::small::parse_decimal(key) == Some(*v) => {
                    exact = exact.or(Some(text));
                }
                Some(Arg::Str(s)) if key == s => named = named.or(Some(text)),
                _ if category.as_deref() == Some(key) => named = named.or(Some(text)),
                _ => {}
            }
        }
        if let Some(text) = exact.or(named).or(default) {
            render(text, args, l, out);
        }
        rest = after;
    }
    out.push_str(rest);
}

struct Current {
    /// The shell's and the page's English, compiled.
    english: Vec<&'static str>,
    /// The language in use's messages, compiled, if not English.
    chosen: Option<String>,
    code: String,
    locale: Box<dyn Locale>,
}

thread_local! {
    static CURRENT: RefCell<Current> = RefCell::new(Current {
        english: vec![SHELL_ENGLISH],
        chosen: None,
        code: "en".into(),
        locale: Box::new(Plain("en".into())),
    });
}

/// Adds a page's English (its own file, compiled and built in) to the shell's, once.
pub fn ensure(english: &'static str) {
    CURRENT.with(|c| {
        let mut c = c.borrow_mut();
        if !c.english.iter().any(|e| std::ptr::eq(*e, english)) {
            c.english.push(english);
        }
    });
}

/// Message `key` of the page whose English is `english`, with `args`. (In a page, which
/// holds one page's English beside the shell's from the start, as [`tr`].)
#[cfg(target_arch = "wasm32")]
pub fn tr_in(_english: &'static str, key: &str, args: &[(&str, Arg)]) -> String {
    tr(key, args)
}

/// Message `key` of the page whose English is `english`, with `args`.
#[cfg(not(target_arch = "wasm32"))]
pub fn tr_in(english: &'static str, key: &str, args: &[(&str, Arg)]) -> String {
    ensure(english);
    // The chosen language first, then this page's English (before another page's, which a
    // runner may hold too, with keys of the same name).
    let body = CURRENT.with(|c| {
        let c = c.borrow();
        let chosen = c.chosen.as_deref().and_then(|cat| find(cat, key));
        chosen.or_else(|| find(english, key)).map(|b| {
            let mut out = String::new();
            render(b, args, c.locale.as_ref(), &mut out);
            out
        })
    });
    body.unwrap_or_else(|| tr(key, args))
}

/// Uses messages `chosen` (language `code`, written by `locale`; [`align`]ed with the English
/// held, the shell's then the page's, after their [`fingerprint`]) before English; `None` goes
/// back to English alone.
pub fn choose(code: &str, chosen: Option<String>, locale: Box<dyn Locale>) {
    CURRENT.with(|c| {
        let mut c = c.borrow_mut();
        // The keys put back, once, for lookups; a message the language lacks left out.
        c.chosen = chosen.map(|text| {
            let mut out = String::new();
            for (key, body) in english_keys(&c.english).zip(text.split('\x1E').skip(2)) {
                if body != LACKING {
                    out.extend(["\x1E", key, "\x1F", body]);
                }
            }
            out
        });
        c.code = code.to_string();
        c.locale = locale;
    });
}

/// The language in use.
pub fn language() -> String {
    CURRENT.with(|c| c.borrow().code.clone())
}

/// Message `key` with `args` in the language in use (English where it lacks the key; the key
/// itself where English lacks it too, which a test forbids).
pub fn tr(key: &str, args: &[(&str, Arg)]) -> String {
    CURRENT.with(|c| {
        let c = c.borrow();
        let body = c
            .chosen
            .as_deref()
            .and_then(|cat| find(cat, key))
            .or_else(|| c.english.iter().find_map(|cat| find(cat, key)));
        match body {
            Some(body) => {
                let mut out = String::new();
                render(body, args, c.locale.as_ref(), &mut out);
                out
            }
            None => key.to_string(),
        }
    })
}

/// Message `key` with no arguments.
pub fn t(key: &str) -> String {
    tr(key, &[])
}

/// A number as the language in use writes it.
pub fn number(v: f64, digits: u8) -> String {
    CURRENT.with(|c| c.borrow().locale.number(v, digits))
}

/// A number as the language in use writes it, with at most `digits` digits after the point
/// (see [`num`]).
pub fn shortest(v: f64, digits: u8) -> String {
    match num(v, digits) {
        Arg::Num(v, d) => number(v, d),
        Arg::Str(s) => s,
    }
}

/// `t!("key")`, `t!("key", n = int(3), who = text("P0"))`: a message in the language in use;
/// `t!(ENGLISH; "key", …)` for a page's own message, whose English is `ENGLISH`.
#[macro_export]
macro_rules! t {
    ($src:expr; $key:expr) => { $crate::shell::messages::tr_in($src, $key, &[]) };
    ($src:expr; $key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::shell::messages::tr_in($src, $key, &[$((stringify!($name), $value)),+])
    };
    ($key:expr) => { $crate::shell::messages::t($key) };
    ($key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::shell::messages::tr($key, &[$((stringify!($name), $value)),+])
    };
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn fmt(src: &str, key: &str, args: &[(&str, Arg)], lang: &str) -> String {
        let compiled = Catalog::of(&[src]).unwrap().compile().unwrap();
        assert!(is_compiled(&compiled));
        let mut out = String::new();
        render(
            find(&compiled, key).unwrap(),
            args,
            &Plain(lang.into()),
            &mut out,
        );
        out
    }

    const BLOCKS: &str = "blocks = { $n ->\n    [0] no blocks\n    [one] { $n } block\n   *[other] { $n } blocks\n}\n";

    #[test]
    fn plurals_come_from_the_file_and_the_language() {
        assert_eq!(fmt(BLOCKS, "blocks", &[("n", int(1))], "en"), "1 block");
        assert_eq!(fmt(BLOCKS, "blocks", &[("n", int(2))], "en"), "2 blocks");
        assert_eq!(fmt(BLOCKS, "blocks", &[("n", int(0))], "en"), "no blocks");
        // "1.0 blocks": a number written with a decimal is not singular in English.
        assert_eq!(
            fmt(BLOCKS, "blocks", &[("n", dec(1.0, 1))], "en"),
            "1.0 blocks"
        );
        // Japanese has one form.
        assert_eq!(fmt(BLOCKS, "blocks", &[("n", int(1))], "ja"), "1 blocks");
        let ar = "k = { $n ->\n [zero] z\n [one] o\n [two] t\n [few] f\n [many] m\n *[other] x\n}";
        let cats: String = [0, 1, 2, 3, 10, 11, 99, 100, 102, 103]
            .iter()
            .map(|&n| fmt(ar, "k", &[("n", int(n))], "ar"))
            .collect();
        assert_eq!(cats, "zotffmmxxf");
    }

    #[test]
    fn numbers_drop_their_trailing_zeros() {
        let l = Plain("en".into());
        let show = |a: Arg| match a {
            Arg::Num(v, d) => l.number(v, d),
            Arg::Str(s) => s,
        };
        assert_eq!(show(num(12.34, 1)), "12.3");
        assert_eq!(show(num(12.04, 1)), "12");
        assert_eq!(show(num(0.25, 2)), "0.25");
        assert_eq!(show(num(0.5, 2)), "0.5");
        assert_eq!(show(num(3.0, 3)), "3");
    }

    #[test]
    fn arguments_references_attributes_and_literals() {
        let src = "-brand = archsim\nhello = { -brand } says { $who }{ \" \" }to { $n } peers\n    and more\nbutton = Go\n    .aria-label = Start the run\nwho = { $k ->\n    [cs] client-server\n   *[other] { $k }\n}\n";
        assert_eq!(
            fmt(
                src,
                "hello",
                &[("who", text("hi")), ("n", dec(2.5, 1))],
                "en"
            ),
            "archsim says hi to 2.5 peers\nand more"
        );
        assert_eq!(fmt(src, "button.aria-label", &[], "en"), "Start the run");
        assert_eq!(fmt(src, "button", &[], "en"), "Go");
        assert_eq!(fmt(src, "who", &[("k", text("cs"))], "en"), "client-server");
        assert_eq!(fmt(src, "who", &[("k", text("p2p"))], "en"), "p2p");
        // A missing argument shows its name, never a panic.
        assert_eq!(
            fmt(src, "hello", &[], "en"),
            "archsim says {$who} to {$n} peers\nand more"
        );
    }

    #[test]
    fn blank_lines_stay_and_literals_read_their_escapes() {
        let src = "a = one\n\n    two\nb = { \"\\u00A0\" }x{ \"\\\\\" }{ \"\\\"\" }\n";
        assert_eq!(fmt(src, "a", &[], "en"), "one\n\ntwo");
        assert_eq!(fmt(src, "b", &[], "en"), "\u{a0}x\\\"");
        for bad in [
            "a = { \"\\u12\" }\n",
            "a = { \"\\q\" }\n",
            "a = x\n    .9 = y\n",
            "a = x\n    .t = y\n    .t = z\n",
        ] {
            assert!(Catalog::of(&[bad]).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn broken_files_say_which_line() {
        for (src, line) in [
            ("ok = fine\nbad = { $n\n", "line 2"),
            ("ok = fine\n\nk = { $n ->\n [one] x\n}\n", "line 3"),
            ("a = x\nnot a message\n", "line 2"),
            ("a = x\na = y\n", "line 2"),
            ("  .attr = x\n", "line 1"),
            ("a = }\n", "line 1"),
        ] {
            let e = Catalog::of(&[src]).unwrap_err();
            assert!(e.iter().any(|e| e.starts_with(line)), "{src:?}: {e:?}");
        }
    }

    #[test]
    fn a_language_lacking_a_key_falls_back_to_english() {
        let es = Catalog::of(&["copy-link = Copiar enlace\n"])
            .unwrap()
            .compile()
            .unwrap();
        let mark = fingerprint(&[SHELL_ENGLISH]);
        let es = format!("\x1E{mark}{}", align(SHELL_ENGLISH, &es));
        assert!(fits(&es, &mark), "{es:?}");
        // One body short, or aligned with other keys (as many), or not messages at all: no.
        let short = &es[..es.rfind('\x1E').unwrap()];
        let renamed = SHELL_ENGLISH.replacen("\x1Ecopy-link\x1F", "\x1Ecopy-url\x1F", 1);
        let other = format!("\x1E{}{}", fingerprint(&[&renamed]), &es[17..]);
        assert_eq!(other.matches('\x1E').count(), es.matches('\x1E').count());
        assert!(!fits(short, &mark) && !fits(&other, &mark) && !fits("copy-link", &mark));
        // Keys are not repeated: only the one translated body, and a mark for each other.
        assert!(!es.contains("copy-link") && es.matches(LACKING).count() > 10);
        choose("es", Some(es), Box::new(Plain("es".into())));
        assert_eq!(t("copy-link"), "Copiar enlace");
        // Another shell message, which the planted Spanish lacks: English.
        assert_eq!(t("copy-embed"), "Copy embed code");
        assert_eq!(language(), "es");
        choose("en", None, Box::new(Plain("en".into())));
        assert_eq!(t("copy-link"), "Copy link");
        assert_eq!(t("no-such-key"), "no-such-key");
    }

    #[test]
    fn a_pages_own_message_wins_over_another_pages_of_the_same_name() {
        // A runner holds several pages' English at once, and every page has a `title`.
        let compile =
            |src: &str| -> &'static str { Catalog::of(&[src]).unwrap().compile().unwrap().leak() };
        let (one, two) = (compile("title = first\n"), compile("title = second\n"));
        assert_eq!(tr_in(one, "title", &[]), "first");
        assert_eq!(tr_in(two, "title", &[]), "second");
        assert_eq!(tr_in(one, "title", &[]), "first");
    }

    #[test]
    fn compiling_writes_references_out_and_refuses_what_pages_cannot_read() {
        let c = Catalog::of(&["-brand = archsim\na = { -brand } { b }\nb = B\n"]).unwrap();
        let compiled = c.compile().unwrap();
        assert_eq!(find(&compiled, "a"), Some("archsim B"));
        assert_eq!(find(&compiled, "-brand"), None, "terms are not messages");
        for bad in [
            "a = { nope }\n",
            "a = { a }\n",
            "a = { $n ->\n [one] { $m ->\n *[other] x\n }\n *[other] y\n}\n",
        ] {
            let c = Catalog::of(&[bad]).unwrap_or_default();
            assert!(c.keys().next().is_none() || c.compile().is_err(), "{bad:?}");
        }
        assert!(!is_compiled("a = b"));
    }
}
