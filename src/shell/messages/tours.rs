//! Tours in the student's language (native only: the runner writes the files, the pages only
//! fetch them).
//!
//! A tour's words (its title, and each step's title, text and "done" sentence) are messages of
//! their own: `i18n/en/tour/<lesson>.ftl` is written from `tours/<lesson>.toml` by
//! `archsim tour ftl` (`make tours`), and a translation is `i18n/<code>/tour/<lesson>.ftl`. The
//! tour card's own words (its buttons, its status lines) are `i18n/<code>/tour/card.ftl`. Steps'
//! links, actions and claims are never translated: `archsim messages` puts the translated words
//! into the English tour the page ships, so a translated tour checks what the English one does.
//! Neither is built into a page: the card fetches the file for the page's language only when a
//! tour opens (`i18n/<code>/<lesson>.tour.json`).

use serde_json::{Map, Value, json};

use super::{Catalog, Plain, find, render, text};
use crate::tour::Tour;

/// The words of tour `t` a translation gives, in order: (key, English).
pub fn words(t: &Tour) -> Vec<(String, &str)> {
    let mut out = vec![("title".to_string(), t.title.as_str())];
    for (k, s) in t.steps.iter().enumerate() {
        let n = k + 1;
        out.push((format!("step-{n}-title"), &s.title));
        out.push((format!("step-{n}-text"), &s.text));
        if let Some(done) = &s.done {
            out.push((format!("step-{n}-done"), done));
        }
    }
    out
}

/// Tour `t`'s words as a message file (`i18n/en/tour/<lesson>.ftl`), read from `source`.
pub fn english_ftl(t: &Tour, source: &str) -> String {
    let mut out = format!(
        "# The words of the {} lesson's tour, written from {source} by `make tours`: change them\n\
         # there. A translation gives each of these messages in its own words; links, actions and\n\
         # claims are the English tour's.\n",
        t.lesson
    );
    for (key, english) in words(t) {
        if key.ends_with("-title") && key != "title" {
            out.push('\n');
        }
        out.push_str(&key);
        out.push_str(" =");
        for (i, line) in english.split('\n').enumerate() {
            out.push_str(if i == 0 { " " } else { "\n    " });
            out.push_str(&escape(line));
        }
        out.push('\n');
    }
    out
}

/// `line` as Fluent text that reads back as itself: braces, and a first character Fluent would
/// drop or take for syntax, as literals.
fn escape(line: &str) -> String {
    let mut out = String::new();
    for (i, c) in line.chars().enumerate() {
        let special = c == '{' || c == '}' || (i == 0 && matches!(c, ' ' | '.' | '[' | '*'));
        if special {
            out.push_str("{ \"");
            out.push(c);
            out.push_str("\" }");
        } else {
            out.push(c);
        }
    }
    out
}

/// Message `key` of `cat` in language `code` as plain text, its arguments (`names`) left as
/// `{name}` for the card to fill in.
fn plain(cat: &str, key: &str, names: &[String], code: &str) -> Option<String> {
    let body = find(cat, key)?;
    let args: Vec<(&str, super::Arg)> = names
        .iter()
        .map(|n| (n.as_str(), text(format!("{{{n}}}"))))
        .collect();
    let mut out = String::new();
    render(body, &args, &Plain(code.into()), &mut out);
    Some(out)
}

/// Every message of `c` that is `bad`, named with `why`, as errors (none: `Ok`).
fn refuse(c: &Catalog, bad: impl Fn(&str) -> bool, why: &str) -> Result<(), Vec<String>> {
    let wrong: Vec<String> = c
        .keys()
        .filter(|k| bad(k))
        .map(|k| format!("`{k}`: {why}"))
        .collect();
    if wrong.is_empty() { Ok(()) } else { Err(wrong) }
}

/// The card's words in language `code`, keyed as `static/tour.js` asks for them: `card` the
/// translation, `english` the English file. A word the translation lacks is English's.
pub fn card_words(
    card: &Catalog,
    english: &Catalog,
    code: &str,
) -> Result<Map<String, Value>, Vec<String>> {
    // (The card fills its words in itself: it knows no plural rules.)
    refuse(
        card,
        |k| !card.variants_of(k).is_empty(),
        "the card's words take no choices",
    )?;
    let (tr, en) = (card.compile()?, english.compile()?);
    let mut out = Map::new();
    for key in english.keys() {
        let names = english.args_of(key);
        let word = plain(&tr, key, &names, code).or_else(|| plain(&en, key, &names, "en"));
        out.insert(key.to_string(), json!(word.unwrap_or_default()));
    }
    Ok(out)
}

/// The tour file a page fetches for language `code`: `{"words": …, "tour": …}`, the tour being
/// `english_json` (what `archsim tour json` writes) with its words from `tour` (the translation
/// of its words; a message it lacks stays English), or null without both. Tour words take no
/// arguments.
pub fn translated(
    english_json: Option<&str>,
    tour: Option<&Catalog>,
    words: Map<String, Value>,
    code: &str,
) -> Result<String, Vec<String>> {
    let (Some(english_json), Some(tour)) = (english_json, tour) else {
        // The card's and the editor's words only: the lesson's tour stays English.
        return Ok(
            serde_json::to_string(&json!({ "words": words, "tour": null }))
                .expect("words serialise")
                + "\n",
        );
    };
    let mut t: Value =
        serde_json::from_str(english_json).map_err(|e| vec![format!("the English tour: {e}")])?;
    refuse(
        tour,
        |k| !tour.args_of(k).is_empty(),
        "a tour's words take no arguments",
    )?;
    let cat = tour.compile()?;
    let put = |v: &mut Value, key: &str| {
        if v.is_string()
            && let Some(s) = plain(&cat, key, &[], code)
        {
            *v = json!(s);
        }
    };
    put(&mut t["title"], "title");
    if let Some(steps) = t["steps"].as_array_mut() {
        for (k, s) in steps.iter_mut().enumerate() {
            for field in ["title", "text", "done"] {
                put(&mut s[field], &format!("step-{}-{field}", k + 1));
            }
        }
    }
    // The value names are for the tour editor, which reads the English tour.
    t.as_object_mut().map(|o| o.remove("names"));
    Ok(
        serde_json::to_string(&json!({ "words": words, "tour": t })).expect("a tour serialises")
            + "\n",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tour::Step;

    fn step(title: &str, body: &str, done: Option<&str>) -> Step {
        Step {
            title: title.into(),
            text: body.into(),
            link: Some("#v=1".into()),
            highlight: None,
            action: None,
            until: None,
            done: done.map(String::from),
            within_ms: 0,
            claims: Vec::new(),
        }
    }

    fn tour() -> Tour {
        Tour {
            lesson: "network".into(),
            title: "A {braced} tour".into(),
            steps: vec![
                step("One", "Plain text.", None),
                step(
                    "Two",
                    " starts with a space\n.dot\n[square\n*star\n\nafter a blank line } end",
                    Some("Done, {really}."),
                ),
            ],
        }
    }

    #[test]
    fn the_english_file_reads_back_as_the_tour_says() {
        let t = tour();
        let cat = Catalog::of(&[&english_ftl(&t, "x.toml")]).unwrap();
        let compiled = cat.compile().unwrap();
        let keys: Vec<&str> = cat.keys().collect();
        assert_eq!(keys.len(), 6, "{keys:?}");
        for (key, english) in words(&t) {
            assert_eq!(
                plain(&compiled, &key, &[], "en").as_deref(),
                Some(english),
                "{key}"
            );
        }
    }

    #[test]
    fn a_translation_replaces_words_only_and_english_fills_what_it_lacks() {
        let english = json!({
            "format": "archsim-tour", "title": "T", "names": { "x": "#x" },
            "steps": [
                { "title": "A", "text": "a", "link": "#v=1", "done": null, "until": { "text": "x = 1" } },
                { "title": "B", "text": "b", "done": "ok" },
            ],
        })
        .to_string();
        let es =
            Catalog::of(&["title = Te\nstep-1-title = Á\nstep-1-done = no\nstep-2-done = bien\n"])
                .unwrap();
        let card_en =
            Catalog::of(&["count = { $title } · step { $k } of { $n }\nnext = Next\n"]).unwrap();
        let card_es = Catalog::of(&["count = { $title } · paso { $k } de { $n }\n"]).unwrap();
        let words = card_words(&card_es, &card_en, "es").unwrap();
        let out: Value =
            serde_json::from_str(&translated(Some(&english), Some(&es), words, "es").unwrap())
                .unwrap();
        assert_eq!(out["words"]["count"], "{title} · paso {k} de {n}");
        assert_eq!(out["words"]["next"], "Next");
        let t = &out["tour"];
        assert_eq!(
            (t["title"].as_str(), t["format"].as_str()),
            (Some("Te"), Some("archsim-tour"))
        );
        assert_eq!(t["steps"][0]["title"], "Á");
        assert_eq!(t["steps"][0]["text"], "a");
        // A step with no "done" gains none; the claim and the link are the English tour's.
        assert_eq!(t["steps"][0]["done"], Value::Null);
        assert_eq!(t["steps"][0]["until"]["text"], "x = 1");
        assert_eq!(t["steps"][0]["link"], "#v=1");
        assert_eq!(t["steps"][1]["done"], "bien");
        assert!(t.get("names").is_none());
        let with_arg = Catalog::of(&["title = { $n } pasos\n"]).unwrap();
        let e = translated(Some(&english), Some(&with_arg), Map::new(), "es").unwrap_err();
        assert!(e[0].contains("`title`"), "{e:?}");
        // Without the lesson's tour, the words alone; a choice in the card's words is refused.
        let alone: Value =
            serde_json::from_str(&translated(None, None, Map::new(), "es").unwrap()).unwrap();
        assert_eq!(alone["tour"], Value::Null);
        let choice = Catalog::of(&["count = { $n ->\n [one] uno\n *[other] más\n}\n"]).unwrap();
        assert!(card_words(&choice, &card_en, "es").is_err());
    }
}
