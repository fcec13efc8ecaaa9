//! The message files (`i18n/<language>/<file>.ftl`): every shipped language has every file and
//! every key English has, and no other; a translation uses only the arguments the page passes;
//! every key the code asks for exists; and the translated parts of the pages carry no English
//! of their own.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use archsim::shell::messages::{Catalog, LANGUAGES};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A language's files: the shell's and each page's, then its tours' (`tour/<file>`).
fn files(lang: &str) -> BTreeSet<String> {
    let list = |dir: &Path| -> Vec<String> {
        fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let dir = root().join("i18n").join(lang);
    let mut out = BTreeSet::new();
    for f in list(&dir) {
        if f == "tour" {
            out.extend(
                list(&dir.join("tour"))
                    .into_iter()
                    .map(|t| format!("tour/{t}")),
            );
        } else {
            out.insert(f);
        }
    }
    out
}

/// The files a page's messages come from (the tours' are fetched apart).
fn pages_files(lang: &str) -> BTreeSet<String> {
    files(lang)
        .into_iter()
        .filter(|f| !f.starts_with("tour/"))
        .collect()
}

fn catalog(lang: &str, file: &str) -> Catalog {
    let text = fs::read_to_string(root().join("i18n").join(lang).join(file)).unwrap();
    Catalog::of(&[&text]).unwrap_or_else(|e| panic!("i18n/{lang}/{file}: {e:?}"))
}

/// A language's files: (name, messages).
fn language(lang: &str) -> Vec<(String, Catalog)> {
    files(lang)
        .into_iter()
        .map(|f| (f.clone(), catalog(lang, &f)))
        .collect()
}

/// What is wrong with translation `tr` (of language `lang`) against English `en`.
fn differences(en: &[(String, Catalog)], tr: &[(String, Catalog)], lang: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    let names = |l: &[(String, Catalog)]| l.iter().map(|f| f.0.clone()).collect::<BTreeSet<_>>();
    for f in names(en).symmetric_difference(&names(tr)) {
        wrong.push(format!("{lang}: {f} is in one of en and {lang} only"));
    }
    for (f, en) in en {
        let Some((_, tr)) = tr.iter().find(|t| t.0 == *f) else {
            continue;
        };
        let en_keys: BTreeSet<&str> = en.keys().collect();
        let keys: BTreeSet<&str> = tr.keys().collect();
        for k in en_keys.difference(&keys) {
            wrong.push(format!("{lang}/{f}: lacks `{k}`"));
        }
        for k in keys.difference(&en_keys) {
            wrong.push(format!("{lang}/{f}: has `{k}`, which English lacks"));
        }
        for k in en_keys.intersection(&keys) {
            let given: BTreeSet<String> = en.args_of(k).into_iter().collect();
            for a in tr.args_of(k) {
                if !given.contains(&a) {
                    wrong.push(format!(
                        "{lang}/{f}: `{k}` uses ${a}, which the page never passes"
                    ));
                }
            }
        }
    }
    wrong
}

#[test]
fn every_language_has_every_file_and_key_english_has_and_no_other() {
    let en = language("en");
    assert!(en.len() >= 2, "English has {} files", en.len());
    let mut wrong = Vec::new();
    for &(code, _, _) in LANGUAGES {
        if code != "en" {
            wrong.extend(differences(&en, &language(code), code));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Each shipped language has a folder; each folder is a shipped language.
    let folders: BTreeSet<String> = fs::read_dir(root().join("i18n"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let shipped: BTreeSet<String> = LANGUAGES.iter().map(|l| l.0.to_string()).collect();
    assert_eq!(folders, shipped);
}

#[test]
fn no_page_message_shares_a_name_with_a_shell_message() {
    // A page looks both up by name: one would hide the other.
    let en = language("en");
    let shell: BTreeSet<&str> = en
        .iter()
        .find(|f| f.0 == "shell.ftl")
        .expect("shell.ftl")
        .1
        .keys()
        .collect();
    let mut shared = Vec::new();
    for (f, c) in en
        .iter()
        .filter(|f| f.0 != "shell.ftl" && !f.0.starts_with("tour/"))
    {
        shared.extend(
            c.keys()
                .filter(|k| shell.contains(k))
                .map(|k| format!("{f}: {k}")),
        );
    }
    assert!(shared.is_empty(), "{shared:?}");
}

#[test]
fn the_check_finds_a_missing_file_key_an_extra_key_and_an_invented_argument() {
    let c = |s: &str| Catalog::of(&[s]).unwrap();
    let en = vec![
        ("page.ftl".to_string(), c("a = one { $n }\nb = two\n")),
        ("shell.ftl".to_string(), c("x = y\n")),
    ];
    let tr = vec![("page.ftl".to_string(), c("a = uno { $m }\nc = tres\n"))];
    let wrong = differences(&en, &tr, "xx");
    for expected in [
        "xx: shell.ftl is in one of en and xx only",
        "xx/page.ftl: lacks `b`",
        "xx/page.ftl: has `c`, which English lacks",
        "xx/page.ftl: `a` uses $m, which the page never passes",
    ] {
        assert!(wrong.iter().any(|w| w == expected), "{expected}: {wrong:?}");
    }
    assert_eq!(wrong.len(), 4, "{wrong:?}");
}

#[test]
fn share_titles_go_into_an_embed_code_attribute_as_they_are() {
    // The embed code writes a page's `share-title` into `title="…"` unescaped.
    let mut seen = 0;
    for &(code, _, _) in LANGUAGES {
        for f in files(code) {
            let c = catalog(code, &f);
            if c.keys().any(|k| k == "share-title") {
                let compiled = c.compile().unwrap();
                let body = compiled.split("\x1Eshare-title\x1F").nth(1).unwrap();
                let title = body.split('\x1E').next().unwrap();
                assert!(
                    !title.contains(['"', '<', '&', '\x02', '\x04']),
                    "{code}/{f}: {title}"
                );
                seen += 1;
            }
        }
    }
    assert_eq!(seen, 3 * LANGUAGES.len());
}

#[test]
fn no_page_file_redefines_a_shell_key() {
    let shell = catalog("en", "shell.ftl");
    let shell_keys: BTreeSet<&str> = shell.keys().collect();
    for f in pages_files("en") {
        if f == "shell.ftl" {
            continue;
        }
        let page = catalog("en", &f);
        let clash: Vec<&str> = page.keys().filter(|k| shell_keys.contains(k)).collect();
        assert!(clash.is_empty(), "en/{f} redefines shell keys {clash:?}");
    }
}

/// The plural categories each shipped language uses for whole numbers (CLDR).
fn categories(code: &str) -> &'static [&'static str] {
    match code {
        "ar" => &["zero", "one", "two", "few", "many", "other"],
        "ja" => &["other"],
        _ => &["one", "other"],
    }
}

#[test]
fn plural_choices_give_every_form_the_language_has() {
    let mut missing = Vec::new();
    for &(code, _, _) in LANGUAGES {
        for f in files(code) {
            let c = catalog(code, &f);
            for k in c.keys() {
                let v = c.variants_of(k);
                if !v.iter().any(|x| categories("ar").contains(&x.as_str())) {
                    continue; // not a plural choice
                }
                for cat in categories(code) {
                    if !v.iter().any(|x| x == cat) {
                        missing.push(format!("{code}/{f}: `{k}` has no [{cat}]"));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    // The check sees a missing form.
    let c = Catalog::of(&["k = { $n ->\n [one] a\n *[other] b\n}\n"]).unwrap();
    assert!(
        !categories("ar")
            .iter()
            .all(|cat| c.variants_of("k").iter().any(|x| x == cat))
    );
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The message keys a source file asks for by name: `t("key")`, `tx("key")`, `ta("key")`,
/// `tr("key"`, `t!("key"` and `t!(ENGLISH; "key"`, however rustfmt breaks the lines, and both
/// keys of `t(if … { "a" } else { "b" })`.
fn keys_asked(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for call in ["t(", "tx(", "ta(", "tr(", "t!("] {
        for (i, _) in src.match_indices(call) {
            let word = src[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            if word {
                // `format!(`, `sort(`: not a message.
                continue;
            }
            let mut rest = src[i + call.len()..].trim_start();
            if call == "t!(" {
                // A page's own message: `t!(ENGLISH; "key"`.
                if let Some((name, after)) = rest.split_once(';')
                    && name
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == ':')
                {
                    rest = after.trim_start();
                }
            }
            if let Some(lit) = rest.strip_prefix('"') {
                out.push(lit[..lit.find('"').unwrap_or(0)].to_string());
            } else if let Some(choice) = rest.strip_prefix("if ") {
                let end = choice.find(')').unwrap_or(choice.len());
                for part in choice[..end].split('"').skip(1).step_by(2) {
                    out.push(part.to_string());
                }
            }
        }
    }
    // The plots' words, which the shell looks up: `names: &["plot-cs", …]`, and the keys a
    // plot's title and unit name (all called `plot-…`, or a shell message like `time-ms`).
    for (i, _) in src.match_indices("names: &[") {
        let list = &src[i..i + src[i..].find(']').unwrap_or(0)];
        out.extend(list.split('"').skip(1).step_by(2).map(str::to_string));
    }
    for (i, _) in src.match_indices("\"plot-") {
        let lit = &src[i + 1..];
        out.push(lit[..lit.find('"').unwrap_or(0)].to_string());
    }
    out
}

#[test]
fn every_key_the_code_asks_for_is_in_english() {
    let mut all = Catalog::default();
    for f in pages_files("en") {
        all.add(&fs::read_to_string(root().join("i18n/en").join(&f)).unwrap())
            .unwrap();
    }
    let known: BTreeSet<&str> = all.keys().collect();
    let mut files = Vec::new();
    sources(&root().join("src"), &mut files);
    let mut missing = Vec::new();
    let mut asked = 0;
    for f in files {
        let src = fs::read_to_string(&f).unwrap();
        if f.ends_with("messages/mod.rs") || f.ends_with("messages/ftl.rs") {
            continue;
        }
        for k in keys_asked(&src) {
            asked += 1;
            if !known.contains(k.as_str()) {
                missing.push(format!("{}: {k}", f.display()));
            }
        }
    }
    assert!(asked > 150, "only {asked} keys found: the scan is broken");
    // Keys rustfmt puts on a line of their own are found too.
    assert_eq!(
        keys_asked("crate::t!(\n    \"exchange\",\n    n = int(1)\n)"),
        ["exchange"]
    );
    assert_eq!(
        keys_asked("crate::t!(english; \"status-skew\", v = x)"),
        ["status-skew"]
    );
    assert_eq!(
        keys_asked("names: &[\"rule-arrival\", \"plot-rest\"],"),
        ["rule-arrival", "plot-rest", "plot-rest"]
    );
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// The page files whose words are not yet messages: everything they show is English in any
/// language. Each file moved to messages leaves this list, and the scan below then keeps it
/// free of English.
const NOT_YET: &[&str] = &[
    "lessons/consensus/page/hooks.rs",
    "lessons/consensus/page/view.rs",
    "lessons/network/page/compare.rs",
    "lessons/network/page/controls.rs",
    "lessons/network/page/view.rs",
];

/// A line's words a reader would see that are not messages: a text literal as an element's
/// child, or as an `aria-label`, `title`, `placeholder`, `alt` or `aria-valuetext`.
fn english_on(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [
        "aria-label=\"",
        "title=\"",
        "placeholder=\"",
        "alt=\"",
        "aria-valuetext=\"",
    ] {
        if let Some(i) = line.find(attr) {
            let v = &line[i + attr.len()..];
            let v = &v[..v.find('"').unwrap_or(v.len())];
            if v.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                out.push(v.to_string());
            }
        }
    }
    let mut rest = line;
    while let Some(i) = rest.find("{ \"") {
        let before = &line[..line.len() - rest.len() + i];
        rest = &rest[i + 3..];
        let v = &rest[..rest.find('"').unwrap_or(rest.len())];
        // Class names, ids and message keys in an attribute's or a message's choice.
        let token = v
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        let attribute = ["class=", "data-", "describedby", "set_attribute"]
            .iter()
            .any(|m| line.contains(m));
        // A style's declarations.
        let css = v.contains(':') && !v.contains(' ');
        let message = ["t(", "tx(", "ta("].iter().any(|c| before.contains(c));
        if v.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !(token && (attribute || message))
            && !css
        {
            out.push(v.to_string());
        }
    }
    out
}

#[test]
fn translated_page_code_shows_no_english_of_its_own() {
    // The scan finds English where it is: a file from the list above.
    let waiting = fs::read_to_string(root().join("src").join(NOT_YET[4])).unwrap();
    assert!(waiting.lines().any(|l| !english_on(l).is_empty()));
    assert!(!english_on(r#"<button>{ "Copy link" }</button>"#).is_empty());
    assert!(english_on(r#"<button>{ t("copy-link") }</button>"#).is_empty());
    assert!(!english_on(r#"<ol aria-label="Events, newest first">"#).is_empty());

    let mut files = Vec::new();
    sources(&root().join("src/shell/web"), &mut files);
    sources(&root().join("src/lessons"), &mut files);
    let mut found = Vec::new();
    for f in files {
        let rel = f
            .strip_prefix(root().join("src"))
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let page = rel.starts_with("shell/web/") || rel.contains("/page/");
        if !page || NOT_YET.contains(&rel.as_str()) {
            continue;
        }
        let src = fs::read_to_string(&f).unwrap();
        for (n, line) in src.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for e in english_on(line) {
                found.push(format!("src/{rel}:{}: {e}", n + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "English outside the messages:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_build_compiles_every_translation_and_refuses_a_broken_file_by_its_line() {
    let tmp = std::env::temp_dir().join(format!("archsim-messages-{}", std::process::id()));
    let (from, to) = (tmp.join("i18n"), tmp.join("page"));
    let _ = fs::remove_dir_all(&tmp);
    for &(code, _, _) in LANGUAGES {
        fs::create_dir_all(from.join(code)).unwrap();
        fs::write(
            from.join(code).join("shell.ftl"),
            "a = { $n ->\n    [one] one\n   *[other] { $n }\n}\n",
        )
        .unwrap();
        fs::write(from.join(code).join("page.ftl"), "b = B\nc = C\n").unwrap();
    }
    fs::write(from.join("es").join("page.ftl"), "c = Ce\n").unwrap();
    let run = |args: &[&std::path::Path]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_archsim"))
            .arg("messages")
            .args(args)
            .output()
            .unwrap()
    };
    let ok = run(&[&from, &to]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    // One file for the page: the shell's messages then its own, each body at its English
    // message's place and no key; `b`, which the Spanish lacks, marked for English.
    // First, the fingerprint of the English keys it is aligned with.
    let compiled = fs::read_to_string(to.join("i18n/es/page.msg")).unwrap();
    let english = |f: &str| {
        Catalog::of(&[&fs::read_to_string(from.join("en").join(f)).unwrap()])
            .unwrap()
            .compile()
            .unwrap()
    };
    let mark =
        archsim::shell::messages::fingerprint(&[&english("shell.ftl"), &english("page.ftl")]);
    assert_eq!(
        compiled,
        format!("\x1e{mark}\x1e\x04n\x05\x06one\x07one\x06*other\x07\x02n\x03\x08\x1e\x1a\x1eCe")
    );
    assert!(!to.join("i18n/es/shell.msg").exists());
    // `page=dir` writes that page's files only.
    let (mine, theirs) = (tmp.join("mine"), tmp.join("theirs"));
    let pairs = [
        format!("page={}", mine.display()),
        format!("other={}", theirs.display()),
    ];
    let paired = std::process::Command::new(env!("CARGO_BIN_EXE_archsim"))
        .arg("messages")
        .arg(&from)
        .args(&pairs)
        .output()
        .unwrap();
    assert!(paired.status.success());
    assert!(mine.join("i18n/ja/page.msg").exists() && !theirs.exists());
    assert!(
        !to.join("i18n/en").exists(),
        "English is built into the pages"
    );
    // A page file English lacks: nothing to align it with.
    fs::write(from.join("es").join("extra.ftl"), "a = uno\n").unwrap();
    let _ = fs::remove_dir_all(&to);
    let lonely = run(&[&from, &to]);
    assert!(!lonely.status.success());
    assert!(
        String::from_utf8_lossy(&lonely.stderr).contains("en/extra.ftl"),
        "{}",
        String::from_utf8_lossy(&lonely.stderr)
    );
    fs::remove_file(from.join("es").join("extra.ftl")).unwrap();
    // A broken file: named with its line, and nothing written.
    fs::write(from.join("ja").join("shell.ftl"), "a = fine\nb = { $n\n").unwrap();
    let _ = fs::remove_dir_all(&to);
    let bad = run(&[&from, &to]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("ja/shell.ftl") && err.contains("line 2"),
        "{err}"
    );
    assert!(!to.exists());
    let _ = fs::remove_dir_all(&tmp);
}

#[test]
fn the_build_writes_each_tour_in_each_language_it_is_translated_into() {
    let tmp = std::env::temp_dir().join(format!("archsim-tours-{}", std::process::id()));
    let (from, to) = (tmp.join("i18n"), tmp.join("page"));
    let _ = fs::remove_dir_all(&tmp);
    for &(code, _, _) in LANGUAGES {
        fs::create_dir_all(from.join(code).join("tour")).unwrap();
        fs::write(from.join(code).join("shell.ftl"), "a = A\n").unwrap();
        fs::write(from.join(code).join("page.ftl"), "b = B\n").unwrap();
        fs::write(
            from.join(code).join("tour/card.ftl"),
            "next = Next\ncount = step { $k }\n",
        )
        .unwrap();
        fs::write(from.join(code).join("tour/editor.ftl"), "write = Write\n").unwrap();
    }
    fs::write(
        from.join("es/tour/card.ftl"),
        "next = Siguiente\ncount = paso { $k }\n",
    )
    .unwrap();
    fs::write(
        from.join("es/tour/page.ftl"),
        "title = Visita\nstep-1-text = Texto\n",
    )
    .unwrap();
    fs::create_dir_all(&to).unwrap();
    let english = r##"{"format":"archsim-tour","version":1,"lesson":"page","title":"Tour","names":{"x":"#x"},
        "steps":[{"title":"One","text":"Text","link":"#v=1","until":{"text":"x = 1"}}]}"##;
    fs::write(to.join("page.json"), english).unwrap();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_archsim"))
            .arg("messages")
            .arg(&from)
            .arg(format!("page={}", to.display()))
            .output()
            .unwrap()
    };
    let ok = run();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("and 3 tour files into"));
    let es: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(to.join("i18n/es/page.tour.json")).unwrap())
            .unwrap();
    assert_eq!(es["words"]["next"], "Siguiente");
    assert_eq!(
        es["words"]["write"], "Write",
        "the editor's words come in the same file"
    );
    assert_eq!(es["words"]["count"], "paso {k}");
    assert_eq!(es["tour"]["title"], "Visita");
    assert_eq!(es["tour"]["steps"][0]["text"], "Texto");
    // What the Spanish lacks is English's; the step's link and claim are English's.
    assert_eq!(es["tour"]["steps"][0]["title"], "One");
    assert_eq!(es["tour"]["steps"][0]["link"], "#v=1");
    assert_eq!(es["tour"]["steps"][0]["until"]["text"], "x = 1");
    // A language with the card's words but no translation of the tour gets the words alone.
    let ja: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(to.join("i18n/ja/page.tour.json")).unwrap())
            .unwrap();
    assert_eq!(ja["tour"], serde_json::Value::Null);
    assert_eq!(ja["words"]["next"], "Next");
    assert!(to.join("i18n/ja/page.msg").exists());
    // A tour's words take no arguments: refused, naming the file, and nothing is written.
    fs::write(from.join("es/tour/page.ftl"), "title = { $n } pasos\n").unwrap();
    fs::remove_dir_all(to.join("i18n")).unwrap();
    let bad = run();
    assert!(!to.join("i18n").exists());
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("es/tour/page.ftl") && err.contains("`title`"),
        "{err}"
    );
    let _ = fs::remove_dir_all(&tmp);
}

#[test]
fn each_pages_fingerprint_is_the_one_its_translations_open_with() {
    use archsim::lessons::{consensus, network, timing};
    use archsim::shell::messages::{SHELL_ENGLISH, fingerprint};
    let pages = [
        (network::ENGLISH, network::words::FINGERPRINT),
        (consensus::ENGLISH, consensus::words::FINGERPRINT),
        (timing::ENGLISH, timing::words::FINGERPRINT),
    ];
    for (english, mark) in pages {
        assert_eq!(mark, fingerprint(&[SHELL_ENGLISH, english]));
    }
    // Each page's keys differ, and so do their fingerprints.
    assert_ne!(pages[0].1, pages[1].1);
    assert_eq!(pages[0].1.len(), 16);
}

#[test]
fn the_tour_cards_english_is_its_message_files() {
    // static/tour.js keeps the card's English (a page in English fetches nothing); each word
    // must be what i18n/en/tour/card.ftl says, with the same arguments, and no other.
    let js = fs::read_to_string(root().join("static/tour.js")).unwrap();
    let editor = fs::read_to_string(root().join("static/tour-edit.js")).unwrap();
    let start = js.find("const WORDS = ").expect("WORDS in tour.js") + "const WORDS = ".len();
    let end = start + js[start..].find("\n};").expect("the end of WORDS") + 2;
    let words: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&js[start..end]).expect("WORDS is JSON");
    // (The card's file and the editor's make one set of words: no key in both.)
    let (card, edit) = (
        catalog("en", "tour/card.ftl"),
        catalog("en", "tour/editor.ftl"),
    );
    let both: Vec<&str> = card
        .keys()
        .filter(|k| edit.keys().any(|e| e == *k))
        .collect();
    assert!(both.is_empty(), "{both:?}");
    let mut card = card;
    card.add(&fs::read_to_string(root().join("i18n/en/tour/editor.ftl")).unwrap())
        .unwrap();
    let made = archsim::shell::messages::tours::card_words(&card, &card, "en").unwrap();
    assert!(made.len() > 30, "{} words", made.len());
    assert_eq!(words, made);
    // Every word the card asks for is one of them.
    let mut asked = BTreeSet::new();
    let scripts = format!("{js}{editor}");
    for (i, _) in scripts.match_indices("w('") {
        if scripts[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let key = &scripts[i + 3..];
        let key = &key[..key.find('\'').unwrap()];
        assert!(
            made.contains_key(key),
            "the card or the editor asks for `{key}`"
        );
        asked.insert(key);
    }
    // (Every word is asked for by name: a key chosen at run time, `w(ok ? 'a' : 'b')`, would
    // escape this check.)
    for (i, _) in scripts.match_indices("w(") {
        if scripts[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        let after = &scripts[i + 2..];
        assert!(
            after.starts_with('\'') || after.starts_with("key") || after.starts_with(')'),
            "a word asked for by a value, not its name: w({})",
            &after[..after.len().min(30)]
        );
    }
    // ... and every one of them is asked for.
    let unused: Vec<&String> = made
        .keys()
        .filter(|k| !asked.contains(k.as_str()))
        .collect();
    assert!(unused.is_empty(), "never asked for: {unused:?}");
    // Nor does the card write English of its own: no quoted words outside WORDS.
    let rest = format!("{}{}{editor}", &js[..start], &js[end..]);
    assert!(
        english_in_js(&rest).is_empty(),
        "{:?}",
        english_in_js(&rest)
    );
    for planted in ["say('Not done any more.');", "el('button', {}, 'Close')"] {
        assert_eq!(english_in_js(planted).len(), 1, "{planted}");
    }
}

/// Quoted text in script `js` that reads as English words: a capitalised word (`'Close'`,
/// `'Next ›'`), or three words or more of letters (`'it has no steps'`), outside comments;
/// not key names, selectors or class lists.
fn english_in_js(js: &str) -> Vec<&str> {
    js.split('\n')
        .map(|l| l.split(" // ").next().unwrap_or_default())
        .filter(|l| !l.trim_start().starts_with("//"))
        .flat_map(|l| l.split(['\'', '`', '"']).skip(1).step_by(2))
        .filter(|q| {
            let mut c = q.chars();
            let capital = c.next().is_some_and(|c| c.is_ascii_uppercase())
                && c.next().is_some_and(|c| c.is_ascii_lowercase());
            let words = q.split(' ').filter(|w| !w.is_empty());
            let sentence = words.clone().count() >= 3
                && words
                    .into_iter()
                    .all(|w| w.chars().all(|c| c.is_alphabetic() || ".:’".contains(c)));
            (capital || sentence) && !["Escape"].contains(q)
        })
        .collect()
}

#[test]
fn every_translation_of_the_tours_words_keeps_their_arguments_and_numbers() {
    // The card fills its words in: a word that drops an argument would drop a step's number.
    for &(code, _, _) in LANGUAGES {
        for f in ["tour/card.ftl", "tour/editor.ftl"] {
            let (en, tr) = (catalog("en", f), catalog(code, f));
            for k in en.keys() {
                let set = |c: &Catalog| c.args_of(k).into_iter().collect::<BTreeSet<_>>();
                assert_eq!(set(&tr), set(&en), "{code}/{f}: `{k}`");
            }
        }
    }
    // A tour's text quotes the numbers its claims check: each translation says every number
    // its English does (a decimal comma read as a point; a translation may add numbers where
    // the English spells them out). A translation left behind by a changed tour is caught.
    let numbers = |text: &str| -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut cur = String::new();
        let chars: Vec<char> = text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let between = (c == '.' || c == ',')
                && !cur.is_empty()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c.is_ascii_digit() || between {
                cur.push(if c == ',' { '.' } else { c });
            } else if !cur.is_empty() {
                out.insert(std::mem::take(&mut cur));
            }
        }
        out.extend((!cur.is_empty()).then_some(cur));
        out
    };
    let lines = |code: &str, lesson: &str| -> Vec<(String, String)> {
        fs::read_to_string(root().join(format!("i18n/{code}/tour/{lesson}.ftl")))
            .unwrap()
            .lines()
            .filter_map(|l| l.split_once(" = "))
            .filter(|(k, _)| !k.starts_with('#'))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let mut checked = 0;
    for lesson in ["network", "consensus", "timing"] {
        let english = lines("en", lesson);
        for &(code, _, _) in LANGUAGES.iter().filter(|l| l.0 != "en") {
            let tr = lines(code, lesson);
            for (k, en) in &english {
                let theirs = tr.iter().find(|t| t.0 == *k).map(|t| numbers(&t.1));
                let theirs = theirs.unwrap_or_else(|| panic!("{code}/tour/{lesson}.ftl: no `{k}`"));
                for n in numbers(en) {
                    assert!(
                        theirs.contains(&n),
                        "{code}/tour/{lesson}.ftl: `{k}` lacks {n}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 80, "only {checked} numbers checked");
    assert_eq!(
        numbers("up to 0,5 % at f = 0.2, 2 s, S0 and (10 − 50)/2 = 20."),
        ["0.5", "0.2", "2", "0", "10", "50", "20"]
            .map(String::from)
            .into_iter()
            .collect()
    );
}
