//! The shape of the code: floors that import downward only, no import cycles between files, and
//! no function in `src/` longer than [`LONGEST_FUNCTION_LINES`].
//!
//! * `src/sim/` — the engine core: imports nothing of the crate above it, and no web crate;
//! * `src/tour/` — tours: the core and itself;
//! * `src/shell/` — what every lesson shares: the core, tours and itself, never a lesson;
//! * `src/lessons/<name>/` — one lesson: the floors below and its own folder, never another
//!   lesson; its `model/` names no web crate. `src/lessons/mod.rs` is where lessons are
//!   registered, the one file that names them all.
//!
//! Every `use` and every path in code (`crate::…`, `super::…`, a child module's name) is an
//! edge from its file to the file that defines the module it names; test modules
//! (`#[cfg(test)] mod … { … }`) are left out of the cycle check, not of the floors.

#![cfg(not(target_arch = "wasm32"))]

mod source;

use source::rust_files;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use petgraph::algo::tarjan_scc;
use petgraph::graph::DiGraph;

/// A source file: its module path (`["lessons", "network", "world"]`) and its code, in
/// pieces by the inline module they are in.
struct File {
    module: Vec<String>,
    pieces: Vec<Piece>,
}

/// Code inside one inline module (`mod limits { … }`; none for the file's own level).
struct Piece {
    /// The inline modules it is nested in.
    inline: Vec<String>,
    /// Inside a test module.
    test: bool,
    code: String,
}

/// The line without its comment and string contents (so paths in prose and messages do not
/// count).
fn strip(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    let mut in_str = false;
    while let Some(c) = chars.next() {
        if in_str {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => {
                    in_str = false;
                    out.push('"');
                }
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push('"');
            }
            '/' if chars.peek() == Some(&'/') => break,
            _ => out.push(c),
        }
    }
    out
}

/// Splits a file's code by the inline module each line is in (`mod tests { … }`,
/// `pub mod limits { … }`), marking what is inside a `#[cfg(test)]` module.
fn pieces(text: &str) -> Vec<Piece> {
    let mut out: Vec<Piece> = vec![Piece {
        inline: Vec::new(),
        test: false,
        code: String::new(),
    }];
    // Open inline modules: (name, brace depth at which it closes, test).
    let mut open: Vec<(String, i32, bool)> = Vec::new();
    let mut depth = 0i32;
    let mut armed = false;
    for raw in text.lines() {
        let line = strip(raw);
        let t = line.trim();
        if t.starts_with("#[cfg(test)]") {
            armed = true;
        }
        let opens = t
            .trim_start_matches("pub ")
            .trim_start_matches("pub(crate) ")
            .strip_prefix("mod ")
            .and_then(|r| r.strip_suffix('{'))
            .map(|n| n.trim().to_string());
        if let Some(name) = opens {
            let test = armed || open.last().is_some_and(|o| o.2);
            open.push((name, depth, test));
            out.push(Piece {
                inline: open.iter().map(|o| o.0.clone()).collect(),
                test,
                code: String::new(),
            });
            armed = false;
        } else if !t.starts_with("#[") && !t.is_empty() {
            armed = false;
        }
        out.last_mut().expect("one piece").code.push_str(&line);
        out.last_mut().expect("one piece").code.push('\n');
        depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
        if let Some(&(_, at, _)) = open.last()
            && depth <= at
        {
            open.pop();
            out.push(Piece {
                inline: open.iter().map(|o| o.0.clone()).collect(),
                test: open.last().is_some_and(|o| o.2),
                code: String::new(),
            });
        }
    }
    out
}

/// A file's code outside test modules, and inside them (for the parser's own test).
fn split_tests(text: &str) -> (String, String) {
    let (mut code, mut tests) = (String::new(), String::new());
    for p in pieces(text) {
        if p.test {
            tests.push_str(&p.code);
        } else {
            code.push_str(&p.code);
        }
    }
    (code, tests)
}

fn load() -> Vec<File> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter(|p| !p.starts_with(src.join("bin")))
        .map(|p| {
            let rel: Vec<String> = p
                .strip_prefix(&src)
                .unwrap()
                .iter()
                .map(|c| c.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            let folder = matches!(rel.last().map(String::as_str), Some("mod" | "lib"));
            let module = if folder {
                rel[..rel.len() - 1].to_vec()
            } else {
                rel
            };
            let pieces = pieces(&std::fs::read_to_string(&p).unwrap());
            File { module, pieces }
        })
        .collect()
}

/// Every path a piece of code names, as written: `crate::a::b`, `super::c`, `d::e`, and the
/// items of `use` groups (`use super::{a::X, b}` names `super::a::X` and `super::b`).
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = String::new();
    // `use` statements, with their groups spelled out; the rest of the code is read below.
    for stmt in code.replace(['\n', '\t'], " ").split(';') {
        let s = stmt.trim();
        let body = s
            .strip_prefix("pub use ")
            .or_else(|| s.strip_prefix("pub(crate) use "))
            .or_else(|| s.strip_prefix("use "))
            .or_else(|| s.rsplit_once(" use ").map(|(_, b)| b));
        match body {
            Some(body) => expand(body.replace(' ', "").as_str(), &mut Vec::new(), &mut out),
            None => {
                rest.push_str(stmt);
                rest.push(';');
            }
        }
    }
    let flat = rest;
    // Paths in code.
    let bytes: Vec<char> = flat.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let starts = i == 0
            || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_' || bytes[i - 1] == ':');
        if starts && (bytes[i].is_ascii_lowercase() || bytes[i] == '_') {
            let mut j = i;
            while j < bytes.len()
                && (bytes[j].is_alphanumeric() || bytes[j] == '_' || bytes[j] == ':')
            {
                j += 1;
            }
            let word: String = bytes[i..j].iter().collect();
            if word.contains("::") {
                out.push(
                    word.split("::")
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect(),
                );
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Spells out a `use` tree (`a::{b, c::{d, e}}`) into its paths.
fn expand(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim_matches(',');
    if tree.is_empty() {
        return;
    }
    if let Some(open) = tree.find('{') {
        let head: Vec<String> = tree[..open]
            .split("::")
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let n = prefix.len();
        prefix.extend(head);
        let mut depth = 0;
        let mut start = 0;
        for (k, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&inner[start..k], prefix, out);
                    start = k + 1;
                }
                _ => {}
            }
        }
        expand(&inner[start..], prefix, out);
        prefix.truncate(n);
    } else {
        let mut p = prefix.clone();
        p.extend(
            tree.split(" as ")
                .next()
                .unwrap_or(tree)
                .split("::")
                .filter(|s| !s.is_empty())
                .map(String::from),
        );
        out.push(p);
    }
}

/// The module a path names from `file`, as an absolute module path: its longest prefix that
/// is a module of the crate. `None` for paths outside the crate (`std::…`, `yew::…`).
fn resolve(
    here: &[String],
    path: &[String],
    modules: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    let here = here.to_vec();
    let mut abs: Vec<String> = match path.first().map(String::as_str) {
        Some("crate") | Some("archsim") => Vec::new(),
        Some("super") => {
            let mut base = here.clone();
            let mut rest = path;
            while rest.first().map(String::as_str) == Some("super") {
                base.pop();
                rest = &rest[1..];
            }
            base.extend(rest.iter().cloned());
            return longest(&base, modules);
        }
        Some("self") => here.clone(),
        Some(first) => {
            // A child module of this one, named without a prefix.
            let mut child = here.clone();
            child.push(first.to_string());
            if !modules.contains(&child) {
                return None;
            }
            here.clone()
        }
        None => return None,
    };
    let skip = usize::from(matches!(
        path.first().map(String::as_str),
        Some("crate" | "archsim" | "self")
    ));
    abs.extend(path[skip..].iter().cloned());
    longest(&abs, modules)
}

fn longest(abs: &[String], modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    (0..=abs.len())
        .rev()
        .map(|k| abs[..k].to_vec())
        .find(|m| modules.contains(m))
}

/// The floor of a module: `sim`, `tour`, `shell`, `lessons` (the registration file), or the
/// lesson's name.
fn floor(module: &[String]) -> String {
    match module {
        [] => "crate".into(),
        [l, name, ..] if l == "lessons" => format!("lessons::{name}"),
        [first, ..] => first.clone(),
    }
}

fn allowed(from: &str, to: &str) -> bool {
    if from == to || to == "crate" {
        return true;
    }
    match from {
        "sim" => false,
        "tour" => to == "sim",
        "shell" => matches!(to, "sim" | "tour"),
        "lessons" => true,
        "crate" => true,
        lesson if lesson.starts_with("lessons::") => {
            matches!(to, "sim" | "tour" | "shell")
        }
        _ => false,
    }
}

/// Every module of the crate — files and the inline modules in them — with the file that
/// holds it.
fn modules(files: &[File]) -> BTreeMap<Vec<String>, Vec<String>> {
    let mut out = BTreeMap::new();
    for f in files {
        out.insert(f.module.clone(), f.module.clone());
        for p in &f.pieces {
            let mut m = f.module.clone();
            m.extend(p.inline.iter().cloned());
            out.insert(m, f.module.clone());
        }
    }
    out
}

/// Every edge of the crate: (file, piece is a test, path as written, file it names).
fn edges(files: &[File]) -> Vec<(Vec<String>, bool, String, Vec<String>)> {
    let owner = modules(files);
    let names: BTreeSet<Vec<String>> = owner.keys().cloned().collect();
    let mut out = Vec::new();
    for f in files {
        for piece in &f.pieces {
            let mut here = f.module.clone();
            here.extend(piece.inline.iter().cloned());
            for p in paths(&piece.code) {
                if let Some(to) = resolve(&here, &p, &names) {
                    out.push((
                        f.module.clone(),
                        piece.test,
                        p.join("::"),
                        owner[&to].clone(),
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn each_floor_imports_only_the_floors_below_it() {
    let files = load();
    assert!(files.len() > 40, "found {} files", files.len());
    let mut wrong = Vec::new();
    for (from, _, path, to) in edges(&files) {
        let (a, b) = (floor(&from), floor(&to));
        if !allowed(&a, &b) {
            wrong.push(format!("{} ({a}) names {path} ({b})", from.join("::")));
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "imports that go up or sideways:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_core_and_the_lessons_models_name_no_web_crate() {
    let web = ["yew", "web_sys", "js_sys", "gloo", "wasm_bindgen"];
    for f in load() {
        let pure = f.module.first().map(String::as_str) == Some("sim")
            || (f.module.first().map(String::as_str) == Some("lessons")
                && f.module.get(2).map(String::as_str) == Some("model"));
        if !pure {
            continue;
        }
        for piece in &f.pieces {
            for word in piece
                .code
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            {
                assert!(
                    !web.contains(&word),
                    "{} names the web crate {word}",
                    f.module.join("::")
                );
            }
        }
    }
}

#[test]
fn no_import_cycles_between_files() {
    let files = load();
    let mut graph = DiGraph::<String, ()>::new();
    let index: BTreeMap<Vec<String>, _> = files
        .iter()
        .map(|f| (f.module.clone(), graph.add_node(f.module.join("::"))))
        .collect();
    for (from, test, _, to) in edges(&files) {
        if !test && to != from {
            graph.update_edge(index[&from], index[&to], ());
        }
    }
    let cycles: Vec<String> = tarjan_scc(&graph)
        .into_iter()
        .filter(|scc| scc.len() > 1)
        .map(|scc| {
            let mut names: Vec<&str> = scc.iter().map(|&n| graph[n].as_str()).collect();
            names.sort();
            names.join(" ↔ ")
        })
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_checker_sees_the_imports_it_checks() {
    // The parser itself: groups, `super`, child modules and inline paths are all read.
    let code = "use super::{a::X, b};\nuse crate::sim::{time::{MS, Micros}, up::Up};\nfn f() { crate::shell::text::seconds(1); link::decode(\"crate::not::this\"); }";
    let (code, _) = split_tests(code);
    let got: BTreeSet<String> = paths(&code).into_iter().map(|p| p.join("::")).collect();
    for want in [
        "super::a::X",
        "super::b",
        "crate::sim::time::MS",
        "crate::sim::up::Up",
        "crate::shell::text::seconds",
        "link::decode",
    ] {
        assert!(got.contains(want), "{want} not in {got:?}");
    }
    assert!(!got.iter().any(|p| p.contains("not::this")), "{got:?}");
    // Test modules are told apart, and an inline module's `super` is the file's module.
    let text = "use a::b;\n#[cfg(test)]\nmod tests {\n    use super::*;\n    fn g() { c::d(); }\n}\npub mod limits {\n    const X: u8 = super::super::y::Z;\n}\nuse e::f;";
    let (code, tests) = split_tests(text);
    assert!(code.contains("a::b") && code.contains("e::f") && !code.contains("c::d"));
    assert!(tests.contains("c::d"));
    let inline: Vec<Vec<String>> = pieces(text).into_iter().map(|p| p.inline).collect();
    assert!(inline.contains(&vec!["tests".to_string()]));
    assert!(inline.contains(&vec!["limits".to_string()]));
    let names: BTreeSet<Vec<String>> = [
        vec!["m".to_string()],
        vec!["m".to_string(), "y".to_string()],
    ]
    .into();
    let here = vec!["m".to_string(), "f".to_string(), "limits".to_string()];
    let p: Vec<String> = ["super", "super", "y", "Z"].map(String::from).to_vec();
    assert_eq!(
        resolve(&here, &p, &names),
        Some(vec!["m".to_string(), "y".to_string()])
    );
}

/// The file's code with comments, string and character contents blanked out, line breaks kept
/// (so a brace in a message or a `'{'` does not count as one).
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                if chars[i] == '\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 2;
        } else if c == 'r' && matches!(next, Some('"' | '#')) && !ident_before(&chars, i) {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            j += 1;
            while j < chars.len() && !chars[j..].starts_with(&close) {
                if chars[j] == '\n' {
                    out.push('\n');
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j + close.len();
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if chars.get(i) == Some(&'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            out.push_str("\"\"");
            i += 1;
        } else if c == '\'' && char_literal_len(&chars[i..]).is_some() {
            out.push_str("' '");
            i += char_literal_len(&chars[i..]).unwrap();
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// The length of a character literal starting here (`'{'`, `'\n'`, `'\u{7f}'`), or none for a
/// lifetime (`'a`).
fn char_literal_len(s: &[char]) -> Option<usize> {
    match s.get(1)? {
        '\\' => s.iter().skip(2).position(|&c| c == '\'').map(|p| p + 3),
        _ if s.get(2) == Some(&'\'') => Some(3),
        _ => None,
    }
}

/// Every function in some code: its name, the line it starts on and how many lines it spans
/// (from `fn` to its closing brace). Declarations without a body are left out.
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        for (at, _) in line.match_indices("fn ") {
            if at > 0 && line[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let name: String = line[at + 3..]
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if name.is_empty() {
                continue;
            }
            // Brackets of the signature (`[u8; 3]`, `(P { a }: P)`) until the body opens, then
            // the body's braces.
            let (mut signature, mut depth, mut opened) = (0i32, 0i32, false);
            let mut end = None;
            'body: for (k, l) in lines.iter().enumerate().skip(start) {
                let from = if k == start { at } else { 0 };
                let mut prev = ' ';
                for c in l[from..].chars() {
                    let arrow = prev == '-';
                    prev = c;
                    match c {
                        '(' | '[' | '<' if !opened => signature += 1,
                        ')' | ']' if !opened => signature -= 1,
                        '>' if !opened && !arrow => signature -= 1,
                        '{' if opened || signature == 0 => {
                            depth += 1;
                            opened = true;
                        }
                        '}' if opened => depth -= 1,
                        ';' if !opened && signature == 0 => break 'body,
                        _ => {}
                    }
                    if opened && depth == 0 {
                        end = Some(k);
                        break 'body;
                    }
                }
            }
            if let Some(end) = end {
                out.push((name, start + 1, end - start + 1));
            }
        }
    }
    out
}

/// The longest a function may be, components included: past it, a function is doing several
/// things that want names of their own.
const LONGEST_FUNCTION_LINES: usize = 150;

#[test]
fn no_function_in_src_is_longer_than_the_limit() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    paths.sort();
    let mut seen = 0;
    let mut long = Vec::new();
    for p in paths {
        let code = code_only(&std::fs::read_to_string(&p).unwrap());
        for (name, line, len) in functions(&code) {
            seen += 1;
            if len > LONGEST_FUNCTION_LINES {
                let rel = p.strip_prefix(&src).unwrap().display();
                long.push(format!("src/{rel}:{line} fn {name}: {len} lines"));
            }
        }
    }
    assert!(seen > 500, "the reader found only {seen} functions in src/");
    assert!(
        long.is_empty(),
        "longer than {LONGEST_FUNCTION_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_function_reader_measures_what_it_reads() {
    let code = code_only(
        "/// fn not_me() {\nfn a(x: u32) -> u32 {\n    let s = \"}}}\";\n    let c = '}';\n    \
         let r = r#\"fn nor_me() { \"#;\n    x\n}\ntrait T { fn decl(&self); fn body<'a>(&'a self) {\n}\n}\n\
         fn arr(x: [u8; 3]) -> [u8; 3] {\n    x\n}\nfn pat(P { a }: P) -> Vec<u8> where P: Into<u8> {\n    a\n}\n\
         fn arrow() -> impl Fn(u8) -> u8 {\n    |x| x\n}\nfn cb(f: impl Fn() -> u8) {\n}\n",
    );
    assert_eq!(
        functions(&code),
        vec![
            ("a".to_string(), 2, 6),
            ("body".to_string(), 8, 2),
            ("arr".to_string(), 11, 3),
            ("pat".to_string(), 14, 3),
            ("arrow".to_string(), 17, 3),
            ("cb".to_string(), 20, 2),
        ]
    );
}
