//! Guided tours: a lesson told step by step, where every claim a step makes about the model is
//! a predicate on measured values that `archsim tour check` evaluates by running the model.
//!
//! A tour is a small TOML file (the subset [`parse`] reads: `key = value` lines, `[[step]]`
//! tables, strings, whole numbers and arrays of strings):
//!
//! ```toml
//! lesson = "network"            # or "consensus"
//! title = "Why distributed systems are hard"
//!
//! [[step]]
//! title = "The server goes down"
//! text = "Fail the server and watch every client lose the others."
//! link = "#v=1&seed=1&n=24&t=3000"           # the state the step opens (optional)
//! highlight = "client-server S0"             # a node, or "#element-id" (optional)
//! action = "cxS0"                            # as in the link's a= list, without "@time"
//! until = "client-server.reachable_fraction = 0"
//! done = "Every client is cut off."
//! claims = ["p2p.worst_single_failure_fraction = 0"]
//! ```
//!
//! A step's state is its own link, or the nearest earlier step's; then its action (which the
//! page's "Show me" takes); then up to `within_ms` of virtual time until `until` holds. The
//! claims are checked at that moment (at once when the step has neither action nor `until`).

pub mod chain;
pub mod network;

use crate::sim::small::parse_decimal;

/// Most steps in a tour.
pub const MAX_STEPS: usize = 40;
/// Longest tour text read, bytes (the same bound as any link).
pub const MAX_TOUR_BYTES: usize = crate::link::MAX_LINK_BYTES;
/// Virtual time a step waits for its `until` when it does not say, ms.
pub const DEFAULT_WITHIN_MS: u64 = 10_000;
/// Longest `within_ms`.
pub const MAX_WITHIN_MS: u64 = 120_000;

/// Which lesson a tour walks through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lesson {
    /// The first page: three architectures.
    Network,
    /// The second page: a blockchain on peer-to-peer.
    Consensus,
}

impl Lesson {
    /// Its name in a tour file.
    pub const fn name(self) -> &'static str {
        match self {
            Lesson::Network => "network",
            Lesson::Consensus => "consensus",
        }
    }
}

/// A tour.
#[derive(Clone, Debug, PartialEq)]
pub struct Tour {
    /// Which lesson.
    pub lesson: Lesson,
    /// Its title.
    pub title: String,
    /// Its steps, at least one.
    pub steps: Vec<Step>,
}

/// One step.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Step {
    /// A few words.
    pub title: String,
    /// A few lines.
    pub text: String,
    /// The scenario the step opens, as a link.
    pub link: Option<String>,
    /// What to look at: a node (`client-server S0`, `P3`) or an element (`#ratings`).
    pub highlight: Option<String>,
    /// What the student is asked to do, as an item of the lesson's `a=` link list without its
    /// time.
    pub action: Option<String>,
    /// The state the step waits for.
    pub until: Option<Claim>,
    /// What to say when it is reached.
    pub done: Option<String>,
    /// Virtual time allowed for `until`, ms.
    pub within_ms: u64,
    /// What the step's text says about the model.
    pub claims: Vec<Claim>,
}

impl Tour {
    /// The link step `k` opens with: its own, or the nearest earlier step's.
    pub fn link_for(&self, k: usize) -> Option<&str> {
        self.steps[..=k.min(self.steps.len() - 1)]
            .iter()
            .rev()
            .find_map(|s| s.link.as_deref())
    }
}

/// A comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `=` (or `==`): equal within 1e-9.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

/// The right-hand side of a claim.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// A number (`low`, `medium`, `high` read as 0, 1, 2).
    Number(f64),
    /// No value (a measurement not made yet).
    None,
    /// Another measured value.
    Name(String),
}

/// A predicate on measured values: `<name> <op> <number | low | medium | high | none | name>`.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// As written.
    pub text: String,
    /// The measured value.
    pub name: String,
    /// The comparison.
    pub op: Op,
    /// What it is compared with.
    pub rhs: Operand,
}

/// A name that is not one of the lesson's measured values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unknown;

/// What a lesson can measure, by name. `Err`: no such name; `Ok(None)`: not measured yet.
pub trait Measured {
    /// The value called `name`.
    fn value(&self, name: &str) -> Result<Option<f64>, Unknown>;
    /// Every name, for messages.
    fn names(&self) -> Vec<String>;
}

impl Claim {
    /// Reads `a.b >= 3`.
    pub fn parse(text: &str) -> Result<Claim, String> {
        let t = text.trim();
        let ops: [(&str, Op); 8] = [
            ("<=", Op::Le),
            (">=", Op::Ge),
            ("!=", Op::Ne),
            ("==", Op::Eq),
            ("≤", Op::Le),
            ("≥", Op::Ge),
            ("<", Op::Lt),
            (">", Op::Gt),
        ];
        let found = ops
            .iter()
            .filter_map(|&(s, op)| t.find(s).map(|i| (i, s, op)))
            .min_by_key(|&(i, s, _)| (i, usize::MAX - s.len()))
            .or_else(|| t.find('=').map(|i| (i, "=", Op::Eq)));
        let Some((i, s, op)) = found else {
            return Err(format!(
                "claim “{t}” has no comparison (=, !=, <, <=, >, >=)"
            ));
        };
        let name = t[..i].trim();
        let rhs = t[i + s.len()..].trim();
        if name.is_empty() || !name.chars().all(is_name_char) {
            return Err(format!(
                "claim “{t}” does not start with a measured value's name"
            ));
        }
        let rhs = match rhs {
            "low" => Operand::Number(0.0),
            "medium" => Operand::Number(1.0),
            "high" => Operand::Number(2.0),
            "none" => Operand::None,
            r if !r.is_empty()
                && r.chars().all(is_name_char)
                && !r.starts_with(|c: char| c.is_ascii_digit() || c == '-') =>
            {
                Operand::Name(r.to_string())
            }
            r => Operand::Number(
                parse_decimal(r)
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| format!("claim “{t}”: “{r}” is not a number"))?,
            ),
        };
        Ok(Claim {
            text: t.to_string(),
            name: name.to_string(),
            op,
            rhs,
        })
    }

    /// Whether the claim holds for `m`, with the measured value; `Err` names an unknown value.
    pub fn check(&self, m: &dyn Measured) -> Result<(bool, Option<f64>), String> {
        let unknown = |n: &str| {
            format!(
                "“{n}” is not a measured value of this lesson (known: {})",
                m.names().join(", ")
            )
        };
        let lhs = m.value(&self.name).map_err(|Unknown| unknown(&self.name))?;
        let rhs = match &self.rhs {
            Operand::Number(v) => Some(*v),
            Operand::None => None,
            Operand::Name(n) => m.value(n).map_err(|Unknown| unknown(n))?,
        };
        let holds = match (lhs, rhs) {
            (Some(a), Some(b)) => {
                let eq = (a - b).abs() <= 1e-9 * b.abs().max(1.0);
                match self.op {
                    Op::Eq => eq,
                    Op::Ne => !eq,
                    Op::Lt => a < b && !eq,
                    Op::Le => a <= b || eq,
                    Op::Gt => a > b && !eq,
                    Op::Ge => a >= b || eq,
                }
            }
            (None, None) => matches!(self.op, Op::Eq | Op::Le | Op::Ge),
            _ => self.op == Op::Ne,
        };
        Ok((holds, lhs))
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// A value in the file.
#[derive(Debug)]
enum Value {
    Text(String),
    Whole(u64),
    List(Vec<String>),
}

/// Reads a tour; the error names the line.
pub fn parse(text: &str) -> Result<Tour, String> {
    if text.len() > MAX_TOUR_BYTES {
        return Err(format!(
            "the tour is too long ({} bytes; at most {MAX_TOUR_BYTES})",
            text.len()
        ));
    }
    let mut lesson = None;
    let mut title = String::new();
    let mut steps: Vec<Step> = Vec::new();
    // The keys set in the table being read, with their lines: a key set twice is an error (a
    // forgotten [[step]] would otherwise merge two steps silently).
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((i, raw)) = lines.next() {
        let at = |why: String| format!("line {}: {why}", i + 1);
        // A multi-line string's first line is not cut at a `#` (its quotes do not pair up).
        let opens_text = raw
            .split_once('=')
            .is_some_and(|(_, v)| v.trim_start().starts_with("\"\"\""));
        let line = if opens_text { raw } else { strip_comment(raw) }.trim();
        if line.is_empty() {
            continue;
        }
        if line == "[[step]]" {
            if steps.len() == MAX_STEPS {
                return Err(at(format!("a tour has at most {MAX_STEPS} steps")));
            }
            steps.push(Step {
                within_ms: DEFAULT_WITHIN_MS,
                ..Step::default()
            });
            seen.clear();
            continue;
        }
        if line.starts_with('[') {
            return Err(at(format!(
                "“{line}”: the only table a tour has is [[step]]"
            )));
        }
        let (key, rest) = line
            .split_once('=')
            .ok_or_else(|| at(format!("“{line}” is not “key = value”")))?;
        let key = key.trim();
        if let Some((_, first)) = seen.iter().find(|(k, _)| k == key) {
            return Err(at(format!("{key} is already set, at line {first}")));
        }
        seen.push((key.to_string(), i + 1));
        let value = read_value(rest.trim(), &mut lines).map_err(&at)?;
        let text = |v: Value| match v {
            Value::Text(s) => Ok(s),
            _ => Err(at(format!("{key} must be a string in quotes"))),
        };
        let Some(step) = steps.last_mut() else {
            match key {
                "lesson" => {
                    let name = text(value)?;
                    lesson = Some(match name.as_str() {
                        "network" => Lesson::Network,
                        "consensus" => Lesson::Consensus,
                        _ => {
                            return Err(at(format!(
                                "lesson “{name}” is not “network” or “consensus”"
                            )));
                        }
                    });
                }
                "title" => title = text(value)?,
                _ => {
                    return Err(at(format!(
                        "unknown key “{key}” before the first [[step]] (lesson, title)"
                    )));
                }
            }
            continue;
        };
        let claim = |s: String| Claim::parse(&s).map_err(&at);
        match key {
            "title" => step.title = text(value)?,
            "text" => step.text = text(value)?,
            "link" => step.link = Some(text(value)?),
            "highlight" => step.highlight = Some(text(value)?),
            "action" => step.action = Some(text(value)?),
            "until" => step.until = Some(claim(text(value)?)?),
            "done" => {
                step.done = Some(text(value)?).filter(|d| !d.trim().is_empty());
                if step.done.is_none() {
                    return Err(at("done is empty".into()));
                }
            }
            "within_ms" => match value {
                Value::Whole(ms) if ms <= MAX_WITHIN_MS => step.within_ms = ms,
                _ => {
                    return Err(at(format!(
                        "within_ms must be a whole number of ms, at most {MAX_WITHIN_MS}"
                    )));
                }
            },
            "claims" => match value {
                Value::List(items) => {
                    step.claims = items.into_iter().map(claim).collect::<Result<_, _>>()?;
                }
                _ => return Err(at("claims must be a list of strings".into())),
            },
            _ => {
                return Err(at(format!(
                    "unknown key “{key}” (title, text, link, highlight, action, until, done, within_ms, claims)"
                )));
            }
        }
    }
    let lesson =
        lesson.ok_or("the tour does not say its lesson (lesson = \"network\" or \"consensus\")")?;
    if steps.is_empty() {
        return Err("the tour has no [[step]]".into());
    }
    for (k, s) in steps.iter().enumerate() {
        if s.title.is_empty() || s.text.is_empty() {
            return Err(format!("step {} needs a title and a text", k + 1));
        }
    }
    if let Some(k) = steps
        .iter()
        .position(|s| s.done.is_some() && s.until.is_none())
    {
        return Err(format!(
            "step {} says what is done but has no until: the state that shows it",
            k + 1
        ));
    }
    if let Some(k) = steps
        .iter()
        .position(|s| s.action.is_some() && s.until.is_none())
    {
        return Err(format!(
            "step {} asks for an action but has no until: the state that shows it is done",
            k + 1
        ));
    }
    if steps[0].link.is_none() {
        return Err("step 1 needs a link: the state the tour starts from".into());
    }
    Ok(Tour {
        lesson,
        title,
        steps,
    })
}

/// Where the first `stop` outside quotes is in `s`.
fn unquoted(s: &str, stop: char) -> Option<usize> {
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some('"'), '\\') if !escaped => {
                escaped = true;
                continue;
            }
            (Some(q), c) if c == q && !escaped => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, c) if c == stop => return Some(i),
            _ => {}
        }
        escaped = false;
    }
    None
}

/// A line without its comment (a `#` outside quotes).
fn strip_comment(line: &str) -> &str {
    unquoted(line, '#').map_or(line, |i| &line[..i])
}

type Lines<'a> = std::iter::Peekable<std::iter::Enumerate<std::str::Lines<'a>>>;

fn read_value(rest: &str, lines: &mut Lines) -> Result<Value, String> {
    if let Some(body) = rest.strip_prefix("\"\"\"") {
        // A multi-line string: up to the closing """, the first newline dropped.
        let mut text = String::new();
        let mut first = body.to_string();
        loop {
            if let Some(end) = first.find("\"\"\"") {
                text.push_str(&first[..end]);
                if !strip_comment(&first[end + 3..]).trim().is_empty() {
                    return Err("text after the closing \"\"\"".into());
                }
                break;
            }
            text.push_str(&first);
            text.push('\n');
            first = match lines.next() {
                Some((_, l)) => l.to_string(),
                None => return Err("a \"\"\" string is not closed".into()),
            };
        }
        let text = text.strip_prefix('\n').unwrap_or(&text);
        return Ok(Value::Text(unescape(text.trim_end())?));
    }
    if rest.starts_with('[') {
        // An array of strings, maybe over several lines.
        let mut all = rest.to_string();
        while !closes_array(&all) {
            match lines.next() {
                Some((_, l)) => {
                    all.push('\n');
                    all.push_str(strip_comment(l));
                }
                None => return Err("a [ list is not closed".into()),
            }
        }
        let inner = all.trim().trim_start_matches('[');
        let inner = inner.strip_suffix(']').ok_or("text after the closing ]")?;
        let mut items = Vec::new();
        let mut rest = inner.trim();
        while !rest.is_empty() {
            let (s, after) = read_string(rest)?;
            items.push(s);
            rest = after.trim_start();
            rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
        }
        return Ok(Value::List(items));
    }
    if rest.starts_with('"') || rest.starts_with('\'') {
        let (s, after) = read_string(rest)?;
        if !after.trim().is_empty() {
            return Err(format!("text after the string: “{}”", after.trim()));
        }
        return Ok(Value::Text(s));
    }
    rest.replace('_', "")
        .parse::<u64>()
        .map(Value::Whole)
        .map_err(|_| format!("“{rest}” is not a string in quotes, a whole number or a list"))
}

fn closes_array(s: &str) -> bool {
    unquoted(s, ']').is_some()
}

/// One quoted string at the start of `s`, and what follows it.
fn read_string(s: &str) -> Result<(String, &str), String> {
    let q = s.chars().next().filter(|c| *c == '"' || *c == '\'');
    let Some(q) = q else {
        return Err(format!("expected a string in quotes at “{}”", s.trim()));
    };
    let body = &s[1..];
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        if c == '\\' && q == '"' && !escaped {
            escaped = true;
            continue;
        }
        if c == q && !escaped {
            let raw = &body[..i];
            let text = if q == '"' {
                unescape(raw)?
            } else {
                raw.to_string()
            };
            return Ok((text, &body[i + 1..]));
        }
        escaped = false;
    }
    Err("a string is not closed".into())
}

fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                let c = Some(&hex)
                    .filter(|h| h.len() == 4 && h.bytes().all(|b| b.is_ascii_hexdigit()))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("bad escape \\u{hex}"))?;
                out.push(c);
            }
            // A backslash at a line's end joins it to the next, without the spaces.
            Some('\n') => {
                let rest: String = chars.collect();
                out.push_str(&unescape(rest.trim_start())?);
                return Ok(out);
            }
            other => return Err(format!("bad escape \\{}", other.unwrap_or(' '))),
        }
    }
    Ok(out)
}

/// A tour's text for a link fragment (`tour=…`): every byte but letters, digits and `-_.~`
/// percent-encoded.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The tour text a fragment's `tour=` field carries.
pub fn decode(field: &str) -> Result<String, String> {
    if field.len() > crate::link::MAX_LINK_BYTES {
        return Err(format!(
            "The tour in this link is too long ({} characters; at most {}).",
            field.len(),
            crate::link::MAX_LINK_BYTES
        ));
    }
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = field
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                out.push(hex.ok_or("The tour in this link is not encoded properly.")?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| "The tour in this link is not text.".into())
}

/// Whether a step's highlight names a node (`client-server S0`, `P3`) rather than a part of
/// the page (a CSS selector: `#ratings`, `tr[data-challenge=timing]`).
pub fn is_node(lesson: Lesson, highlight: &str) -> bool {
    let h = highlight.trim();
    match lesson {
        Lesson::Network => h
            .split_once(' ')
            .is_some_and(|(arch, _)| crate::sim::Arch::parse(arch).is_some()),
        Lesson::Consensus => {
            h.len() > 1 && h.starts_with('P') && h[1..].bytes().all(|b| b.is_ascii_digit())
        }
    }
}

/// An action as a tour writes it, timed `now_ms` as a link's action list needs.
pub(crate) fn with_time(action: &str, now_ms: u64) -> String {
    format!("{}@{now_ms}", action.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake;
    impl Measured for Fake {
        fn value(&self, name: &str) -> Result<Option<f64>, Unknown> {
            match name {
                "a.x" => Ok(Some(0.25)),
                "a.y" => Ok(Some(2.0)),
                "a.none" => Ok(None),
                _ => Err(Unknown),
            }
        }
        fn names(&self) -> Vec<String> {
            vec!["a.x".into(), "a.y".into(), "a.none".into()]
        }
    }

    fn holds(text: &str) -> bool {
        Claim::parse(text).unwrap().check(&Fake).unwrap().0
    }

    #[test]
    fn claims_compare_measured_values() {
        assert!(holds("a.x = 0.25"));
        assert!(holds("a.x == 0.25"));
        assert!(!holds("a.x = 0.3"));
        assert!(holds("a.x < 1"));
        assert!(!holds("a.x < 0.25"));
        assert!(holds("a.x <= 0.25"));
        assert!(holds("a.y >= 2"));
        assert!(holds("a.y ≥ 2"));
        assert!(!holds("a.y > 2"));
        assert!(holds("a.y = high"));
        assert!(holds("a.y > a.x"));
        assert!(holds("a.none = none"));
        assert!(!holds("a.none > 0"));
        assert!(holds("a.x != none"));
        assert!(holds("a.x != 1"));
        let err = Claim::parse("a.zz = 1").unwrap().check(&Fake).unwrap_err();
        assert!(
            err.contains("“a.zz” is not a measured value") && err.contains("a.x"),
            "{err}"
        );
        for bad in ["a.x", "= 3", "a.x = 1.2.3", "a x = 1", "a.x = "] {
            assert!(Claim::parse(bad).is_err(), "{bad}");
        }
    }

    const TOUR: &str = r##"
# a comment
lesson = "network"
title = "A tour"   # trailing comment

[[step]]
title = "One"
text = """Two lines, "quoted", "#not" a comment,
and a # that is not a comment."""
link = "#v=1&t=3000"
highlight = "client-server S0"
action = "cxS0"
until = "client-server.reachable_fraction = 0"
within_ms = 5_000
claims = [
  "p2p.worst_single_failure_fraction = 0",  # why
  'client-server.rating.network >= medium',
]

[[step]]
title = "Two"
text = "Escapes: \u00e9 \"q\"\n"
"##;

    #[test]
    fn reads_the_documented_format() {
        let t = parse(TOUR).unwrap();
        assert_eq!(t.lesson, Lesson::Network);
        assert_eq!(t.title, "A tour");
        assert_eq!(t.steps.len(), 2);
        let s = &t.steps[0];
        assert_eq!(
            s.text,
            "Two lines, \"quoted\", \"#not\" a comment,\nand a # that is not a comment."
        );
        assert_eq!(s.link.as_deref(), Some("#v=1&t=3000"));
        assert_eq!(s.action.as_deref(), Some("cxS0"));
        assert_eq!(s.within_ms, 5_000);
        assert_eq!(s.claims.len(), 2);
        assert_eq!(s.claims[1].rhs, Operand::Number(1.0));
        assert_eq!(t.steps[1].text, "Escapes: é \"q\"\n");
        assert_eq!(t.steps[1].within_ms, DEFAULT_WITHIN_MS);
        assert_eq!(t.link_for(1), Some("#v=1&t=3000"));
    }

    #[test]
    fn bad_tours_say_which_line() {
        let cases = [
            (
                "lesson = \"network\"\n[[step]]\ntitle = \"a\"\ntext = \"b\"\nhightlight = \"x\"",
                "line 5: unknown key “hightlight”",
            ),
            (
                "lesson = \"network\"\n[[step]]\ntitle = \"a\n",
                "line 3: a string is not closed",
            ),
            ("lesson = \"chess\"", "line 1: lesson “chess”"),
            (
                "lesson = \"network\"\n[[step]]\ntitle = \"a\"\ntext = \"b\"\nclaims = [\"x ~ 1\"]",
                "line 5: claim “x ~ 1” has no comparison",
            ),
            (
                "lesson = \"network\"\n[[step]]\ntitle = \"a\"\ntext = \"b\"\nwithin_ms = 999999999",
                "line 5: within_ms",
            ),
            (
                "lesson = \"network\"\n[[step]]\ntitle = \"a\"\ntext = \"b\"",
                "step 1 needs a link",
            ),
            ("title = \"t\"", "does not say its lesson"),
            ("lesson = \"network\"\n[table]", "line 2: “[table]”"),
            (
                "lesson = \"network\"\nclaims = [\"a = 1\"",
                "a [ list is not closed",
            ),
            (
                "lesson = \"network\"\n[[step]]\ntitle = \"a\"\ntext = \"b\"\n\ntitle = \"c\"",
                "line 6: title is already set, at line 3",
            ),
            (
                "lesson = \"network\"\n[[step]]\ntitle = \"a\"\ntext = \"\\u41\"",
                "line 4: bad escape \\u41",
            ),
            (
                "lesson = \"network\"\n[[step]]\ntitle = \"a\"\ntext = \"\\u+041\"",
                "bad escape",
            ),
            (
                "lesson = \"network\"\n[[step]]\ntitle = \"a\"\ntext = \"b\"\ndone = \" \"",
                "line 5: done is empty",
            ),
            (
                "lesson = \"network\"\n[[step]]\ntitle = \"a\"\ntext = \"b\"\nlink = \"#v=1\"\ndone = \"d\"",
                "step 1 says what is done but has no until",
            ),
        ];
        for (text, want) in cases {
            let err = parse(text).unwrap_err();
            assert!(err.contains(want), "{text:?}: {err}");
        }
        assert!(
            parse(&"#".repeat(MAX_TOUR_BYTES + 1))
                .unwrap_err()
                .contains("too long")
        );
    }

    #[test]
    fn a_tour_travels_in_a_fragment_unchanged() {
        let enc = encode(TOUR);
        assert!(
            enc.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b))
        );
        assert_eq!(decode(&enc).unwrap(), TOUR);
        assert!(decode("%G1").is_err());
        assert!(decode("%FF").is_err());
        assert!(decode(&"a".repeat(crate::link::MAX_LINK_BYTES + 1)).is_err());
    }
}
