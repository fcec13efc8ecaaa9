//! Fluent (`.ftl`) message files read, checked and compiled into the form the pages read
//! (see [`Catalog::compile`]). Native only (the runner, the tests and the build script, which
//! compiles the built-in English): the pages never parse Fluent.
//!
//! The subset of Fluent:
//! - `key = text`, continued on indented lines; `key.attr = text` for an attribute;
//! - `{ $name }` for an argument, `{ other-key }` and `{ -term }` for another message;
//! - `{ "text" }` for literal text (braces, leading spaces);
//! - a choice `{ $n -> [one] … [2] … *[other] … }`, one variant a line (no choice inside one).

#[derive(Clone, Debug, PartialEq)]
enum VariantKey {
    Num(f64),
    Name(String),
}

/// A piece of a message.
#[derive(Clone, Debug, PartialEq)]
enum Part {
    Text(String),
    Arg(String),
    Ref(String),
    Choice {
        on: String,
        variants: Vec<(VariantKey, Vec<Part>)>,
        default: usize,
    },
}

/// The messages of one or more files of one language.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// Sorted by key.
    entries: Vec<(String, Vec<Part>)>,
}

impl Catalog {
    /// Reads `src` (a file's text) into the catalog; a key read again replaces the earlier
    /// one. Errors name the line.
    pub fn add(&mut self, src: &str) -> Result<(), Vec<String>> {
        let mut errors = Vec::new();
        for (line, key, value) in entries(src, &mut errors) {
            match pattern(&value) {
                Ok(parts) => match self.entries.binary_search_by(|(k, _)| k.as_str().cmp(&key)) {
                    Ok(i) => self.entries[i].1 = parts,
                    Err(i) => self.entries.insert(i, (key, parts)),
                },
                Err(e) => errors.push(format!("line {line}: {key}: {e}")),
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// A catalog of `files`.
    pub fn of(files: &[&str]) -> Result<Catalog, Vec<String>> {
        let mut c = Catalog::default();
        for f in files {
            c.add(f)?;
        }
        Ok(c)
    }

    /// The keys, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    /// The arguments `key` names (`$name`), sorted, without repeats.
    pub fn args_of(&self, key: &str) -> Vec<String> {
        fn walk(parts: &[Part], out: &mut Vec<String>) {
            for p in parts {
                match p {
                    Part::Arg(a) => out.push(a.clone()),
                    Part::Choice { on, variants, .. } => {
                        out.push(on.clone());
                        for (_, v) in variants {
                            walk(v, out);
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        if let Some(parts) = self.get(key) {
            walk(parts, &mut out);
        }
        out.sort();
        out.dedup();
        out
    }

    /// The variant keys of the choices in `key`.
    pub fn variants_of(&self, key: &str) -> Vec<String> {
        let mut out = Vec::new();
        for p in self.get(key).unwrap_or(&[]) {
            if let Part::Choice { variants, .. } = p {
                for (k, _) in variants {
                    out.push(match k {
                        VariantKey::Num(n) => format!("{n}"),
                        VariantKey::Name(s) => s.clone(),
                    });
                }
            }
        }
        out
    }

    fn get(&self, key: &str) -> Option<&[Part]> {
        self.entries
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|i| self.entries[i].1.as_slice())
    }

    /// The catalog in the form pages read ([`super::render`]): each message `\x1E` key `\x1F`
    /// body, where a body is text with `\x02`name`\x03` for an argument and
    /// `\x04`selector`\x05` (`\x06`key`\x07`text)… `\x08` for a choice (a default variant's
    /// key starts with `*`). References to other messages are written out in place.
    pub fn compile(&self) -> Result<String, Vec<String>> {
        let mut out = String::new();
        let mut errors = Vec::new();
        for (key, parts) in &self.entries {
            if key.starts_with('-') {
                continue;
            }
            out.push('\x1E');
            out.push_str(key);
            out.push('\x1F');
            if let Err(e) = self.compile_parts(parts, &mut out, 0, false) {
                errors.push(format!("{key}: {e}"));
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    fn compile_parts(
        &self,
        parts: &[Part],
        out: &mut String,
        depth: u8,
        in_choice: bool,
    ) -> Result<(), String> {
        for p in parts {
            match p {
                Part::Text(t) => {
                    if t.chars()
                        .any(|c| ('\x01'..='\x08').contains(&c) || ('\x1A'..='\x1F').contains(&c))
                    {
                        return Err("a control character in the text".into());
                    }
                    out.push_str(t);
                }
                Part::Arg(name) => {
                    out.push('\x02');
                    out.push_str(name);
                    out.push('\x03');
                }
                Part::Ref(key) => {
                    let parts = self
                        .get(key)
                        .ok_or_else(|| format!("`{key}` is not a message"))?;
                    if depth >= 8 {
                        return Err(format!("`{key}` refers to itself"));
                    }
                    self.compile_parts(parts, out, depth + 1, in_choice)?;
                }
                Part::Choice {
                    on,
                    variants,
                    default,
                } => {
                    if in_choice {
                        return Err("a choice inside a choice".into());
                    }
                    out.push('\x04');
                    out.push_str(on);
                    out.push('\x05');
                    for (i, (k, v)) in variants.iter().enumerate() {
                        out.push('\x06');
                        if i == *default {
                            out.push('*');
                        }
                        match k {
                            VariantKey::Num(n) => out.push_str(&format!("{n}")),
                            VariantKey::Name(s) => out.push_str(s),
                        }
                        out.push('\x07');
                        self.compile_parts(v, out, depth, true)?;
                    }
                    out.push('\x08');
                }
            }
        }
        Ok(())
    }
}

/// The entries of a file: (line, key, value text with continuation lines joined by `\n`).
fn entries(src: &str, errors: &mut Vec<String>) -> Vec<(usize, String, String)> {
    let mut out: Vec<(usize, String, String)> = Vec::new();
    // The message the next attribute belongs to.
    let mut parent: Option<String> = None;
    for (i, line) in src.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            if let Some(last) = out.last_mut() {
                // A blank line inside a value is kept only if more of it follows.
                if !last.2.is_empty() && parent.is_some() {
                    last.2.push('\n');
                }
            }
            continue;
        }
        if line.starts_with('#') {
            parent = None;
            continue;
        }
        // A choice's closing `}` may start a line.
        let indented = line.starts_with(' ') || line.starts_with('}');
        let body = line.trim_start();
        if indented && body.starts_with('.') {
            let Some((name, value)) = body[1..].split_once('=') else {
                errors.push(format!("line {n}: an attribute needs `= text`"));
                continue;
            };
            let Some(p) = parent.clone() else {
                errors.push(format!("line {n}: an attribute outside a message"));
                continue;
            };
            let name = name.trim();
            if !is_name(name) {
                errors.push(format!("line {n}: `.{name}` is not an attribute name"));
                continue;
            }
            let key = format!("{p}.{name}");
            if out.iter().any(|(_, k, _)| *k == key) {
                errors.push(format!("line {n}: `{key}` is defined twice"));
            }
            out.push((n, key, value.trim().to_string()));
            continue;
        }
        if indented {
            match out.last_mut() {
                Some(last) if parent.is_some() => {
                    // (Blank lines before this one stay, as `\n`s already pushed.)
                    if !last.2.is_empty() {
                        last.2.push('\n');
                    }
                    last.2.push_str(body);
                }
                _ => errors.push(format!("line {n}: indented text outside a message")),
            }
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            errors.push(format!("line {n}: expected `key = text`"));
            continue;
        };
        let key = key.trim();
        let ok = key
            .strip_prefix('-')
            .unwrap_or(key)
            .chars()
            .enumerate()
            .all(|(i, c)| {
                c.is_ascii_alphabetic() || (i > 0 && (c.is_ascii_digit() || c == '-' || c == '_'))
            });
        if !ok || key.is_empty() {
            errors.push(format!("line {n}: `{key}` is not a message name"));
            parent = None;
            continue;
        }
        if out.iter().any(|(_, k, _)| k == key) {
            errors.push(format!("line {n}: `{key}` is defined twice"));
        }
        parent = Some(key.to_string());
        out.push((n, key.to_string(), value.trim_start().to_string()));
    }
    for e in &mut out {
        trim_blank_tail(&mut e.2);
    }
    out
}

/// Whether `s` is a name: a letter, then letters, digits, `-` and `_`.
fn is_name(s: &str) -> bool {
    s.chars().enumerate().all(|(i, c)| {
        c.is_ascii_alphabetic() || (i > 0 && (c.is_ascii_digit() || c == '-' || c == '_'))
    }) && !s.is_empty()
}

fn trim_blank_tail(s: &mut String) {
    while s.ends_with('\n') {
        s.pop();
    }
}

/// A value's text as parts.
fn pattern(src: &str) -> Result<Vec<Part>, String> {
    let mut p = Reader { s: src, at: 0 };
    let parts = p.parts(false)?;
    if p.at < src.len() {
        return Err(format!("unexpected `{}`", &src[p.at..]));
    }
    Ok(parts)
}

struct Reader<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.at..]
    }

    fn skip_space(&mut self) {
        let r = self.rest();
        self.at += r.len() - r.trim_start().len();
    }

    fn eat(&mut self, c: char) -> bool {
        if self.rest().starts_with(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn name(&mut self) -> String {
        let r = self.rest();
        let len = r
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
            .unwrap_or(r.len());
        self.at += len;
        r[..len].to_string()
    }

    /// Text and placeables up to the end, or, in a variant, to the end of its line.
    fn parts(&mut self, variant: bool) -> Result<Vec<Part>, String> {
        let mut parts = Vec::new();
        let mut text = String::new();
        while let Some(c) = self.rest().chars().next() {
            if variant && c == '\n' {
                break;
            }
            if c == '}' {
                if variant {
                    break;
                }
                return Err("a `}` with no `{`".into());
            }
            if c == '{' {
                self.at += 1;
                if !text.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut text)));
                }
                parts.push(self.placeable()?);
                continue;
            }
            text.push(c);
            self.at += c.len_utf8();
        }
        if variant {
            let trimmed = text.trim_end().len();
            text.truncate(trimmed);
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(parts)
    }

    /// After a `{`: through its `}`.
    fn placeable(&mut self) -> Result<Part, String> {
        self.skip_space();
        let part = if self.eat('"') {
            Part::Text(self.literal()?)
        } else if self.eat('$') {
            let name = self.name();
            if name.is_empty() {
                return Err("`$` with no name".into());
            }
            self.skip_space();
            if self.rest().starts_with("->") {
                self.at += 2;
                self.choice(name)?
            } else {
                Part::Arg(name)
            }
        } else {
            let term = self.eat('-');
            let name = self.name();
            if name.is_empty() {
                return Err(format!(
                    "unexpected `{}`",
                    self.rest().chars().next().unwrap_or(' ')
                ));
            }
            Part::Ref(if term { format!("-{name}") } else { name })
        };
        self.skip_space();
        if !self.eat('}') {
            return Err("a `{` with no `}`".into());
        }
        Ok(part)
    }

    /// After a `"`: a text literal through its closing `"`, with `\\`, `\"`, `\uXXXX` and
    /// `\UXXXXXX` read as the characters they stand for.
    fn literal(&mut self) -> Result<String, String> {
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.at += i + 1;
                    return Ok(out);
                }
                '\n' => break,
                '\\' => match chars.next() {
                    Some((_, e @ ('\\' | '"'))) => out.push(e),
                    Some((j, u @ ('u' | 'U'))) => {
                        let len = if u == 'u' { 4 } else { 6 };
                        let hex = self.rest().get(j + 1..j + 1 + len).unwrap_or("");
                        let c = u32::from_str_radix(hex, 16)
                            .ok()
                            .filter(|_| hex.len() == len)
                            .and_then(char::from_u32)
                            .ok_or_else(|| format!("`\\{u}{hex}` is not a character"))?;
                        out.push(c);
                        for _ in 0..len {
                            chars.next();
                        }
                    }
                    _ => return Err("an unknown escape in a text".into()),
                },
                c => out.push(c),
            }
        }
        Err("a text with no closing `\"`".into())
    }

    /// After `$on ->`: the variants, up to the choice's `}` (left for the caller).
    fn choice(&mut self, on: String) -> Result<Part, String> {
        let mut variants = Vec::new();
        let mut default = None;
        loop {
            self.skip_space();
            if self.rest().starts_with('}') || self.rest().is_empty() {
                break;
            }
            if self.eat('*') {
                if default.is_some() {
                    return Err("two default variants".into());
                }
                default = Some(variants.len());
            }
            if !self.eat('[') {
                return Err("a variant must start with `[key]`".into());
            }
            let r = self.rest();
            let end = r.find(']').ok_or("a `[` with no `]`")?;
            let key = r[..end].trim().to_string();
            self.at += end + 1;
            if self.rest().starts_with(' ') {
                self.at += 1;
            }
            let key = match key
                .parse::<f64>()
                .ok()
                .filter(|_| key.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
            {
                Some(v) => VariantKey::Num(v),
                None if !key.is_empty() => VariantKey::Name(key),
                None => return Err("an empty variant key".into()),
            };
            variants.push((key, self.parts(true)?));
        }
        let default = default.ok_or("a choice needs a `*[default]` variant")?;
        Ok(Part::Choice {
            on,
            variants,
            default,
        })
    }
}

/// A fingerprint of the keys of compiled English catalogues `english`, in order (64-bit
/// FNV-1a, in hex): a translation file opens with the fingerprint of the English it is
/// aligned with, and the build gives each page its own, so a file aligned with other keys
/// (another version of the page: a key renamed, added or dropped) is told apart.
pub fn fingerprint(english: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let keys = english
        .iter()
        .flat_map(|cat| cat.split('\x1E').skip(1))
        .map(|m| m.split('\x1F').next().unwrap_or_default());
    for b in keys.flat_map(|k| k.bytes().chain([0x1E])) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}
