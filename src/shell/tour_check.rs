//! `archsim tour check FILE…` (native only): replays every step of a tour headlessly — its
//! link, then its action, then until the state it waits for — and evaluates each claim it
//! makes; `archsim tour json` and `archsim tour link`. It knows no lesson: the runner gives
//! it the list of them.

use std::process::ExitCode;

use super::cli::emit;
use super::lesson::Entry;
use super::tour_run::names;
use crate::tour::{self, Tour};

/// The lessons a tour may walk through.
pub type Lessons<'a> = &'a [&'a dyn Entry];

/// The command's usage.
pub const USAGE: &str = "usage: archsim tour check FILE…           replays each step of a tour and checks every claim it makes
                                         (exit 1 names the step and the claim that does not hold)
       archsim tour json FILE             the tour as the page reads it (JSON)
       archsim tour ftl FILE              its words as a message file, for translations
       archsim tour link FILE [--base URL]  a link that opens the tour on its lesson's page, once
                                         every claim holds";

/// Longest link a tour may travel in, characters.
const MAX_TOUR_LINK: usize = tour::fragment::MAX_FIELD_BYTES;

fn lesson<'a>(lessons: Lessons<'a>, t: &Tour) -> Result<&'a dyn Entry, String> {
    lessons
        .iter()
        .copied()
        .find(|l| l.name() == t.lesson)
        .ok_or_else(|| format!("no lesson is called “{}”", t.lesson))
}

/// One step: what held, or the first thing that did not.
fn check_step(l: &dyn Entry, t: &Tour, k: usize, out: &mut String) -> Result<(), String> {
    super::tour_run::check(l, t.link_for(k).unwrap_or_default(), &t.steps[k], out)
}

/// Reads and parses a tour file for one of `lessons`.
pub fn read(path: &str, lessons: Lessons) -> Result<Tour, String> {
    let max = tour::MAX_TOUR_BYTES as u64;
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read '{path}': {e}"))?;
    if meta.len() > max {
        return Err(format!("'{path}' is larger than {max} bytes"));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read '{path}': {e}"))?;
    let names: Vec<&str> = lessons.iter().map(|l| l.name()).collect();
    tour::reader::parse(&text, &names).map_err(|e| format!("{path}: {e}"))
}

/// Checks one file; its report, and whether everything held.
pub fn check_file(path: &str, lessons: Lessons) -> Result<(String, bool), String> {
    let t = read(path, lessons)?;
    let l = lesson(lessons, &t)?;
    let mut out = format!(
        "{path}: “{}” ({} lesson, {} steps)\n",
        t.title,
        t.lesson,
        t.steps.len()
    );
    let mut ok = true;
    for k in 0..t.steps.len() {
        let mut detail = String::new();
        let head = format!("  step {} “{}”", k + 1, t.steps[k].title);
        match check_step(l, &t, k, &mut detail) {
            Ok(()) => out.push_str(&format!("{head}: holds\n{detail}")),
            Err(why) => {
                ok = false;
                out.push_str(&format!("{head}: FAILS: {why}\n{detail}"));
            }
        }
    }
    out.push_str(if ok {
        "  every step holds\n"
    } else {
        "  some steps do not hold\n"
    });
    Ok((out, ok))
}

/// The tour as the page reads it: the same steps, each `until` already split into the value,
/// the comparison and what it is compared with, and whether the highlight is a node.
pub fn page_json(t: &Tour, l: &dyn Entry) -> String {
    use serde_json::{Value, json};
    let steps: Vec<Value> = t
        .steps
        .iter()
        .map(|s| {
            let until = s.until.as_ref().map(|c| {
                let mut u = json!({ "text": c.text, "name": c.name, "op": c.op.symbol() });
                match &c.rhs {
                    tour::Operand::Number(v) => u["value"] = json!(v),
                    tour::Operand::None => u["value"] = Value::Null,
                    tour::Operand::Name(n) => u["other"] = json!(n),
                }
                u
            });
            // Where the page shows each value the step's claims name.
            let shown: serde_json::Map<String, Value> = s
                .claims
                .iter()
                .flat_map(names)
                .filter_map(|n| l.shown(n).map(|at| (n.to_string(), json!(at))))
                .collect();
            json!({
                "title": s.title,
                "text": s.text,
                "link": s.link,
                "highlight": s.highlight,
                "node": s.highlight.as_deref().is_some_and(|h| l.is_node(h)),
                "action": s.action,
                "until": until,
                "done": s.done,
                "shown": shown,
            })
        })
        .collect();
    // Every value the page shows, and where: what the page's tour editor offers for claims.
    let names: serde_json::Map<String, Value> = l
        .open_clean(t.link_for(0).unwrap_or_default())
        .map(|run| run.values().each())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|n| l.shown(&n).map(|at| (n, json!(at))))
        .collect();
    let v = json!({
        "format": "archsim-tour",
        "version": 1,
        "lesson": t.lesson,
        "title": t.title,
        "steps": steps,
        "names": names,
    });
    serde_json::to_string_pretty(&v).expect("a tour serialises") + "\n"
}

/// Every file checked, each report printed: 0 when every claim held, 1 when one did not.
fn check_files(files: &[String], lessons: Lessons) -> Result<ExitCode, String> {
    let mut all_hold = true;
    for f in files {
        let (report, ok) = check_file(f, lessons)?;
        all_hold &= ok;
        if !emit(&report) {
            break;
        }
    }
    Ok(if all_hold {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A link that opens the tour on its lesson's page, once every claim holds.
fn link(file: &str, base: &str, lessons: Lessons) -> Result<ExitCode, String> {
    let t = read(file, lessons)?;
    let l = lesson(lessons, &t)?;
    let (report, ok) = check_file(file, lessons)?;
    if !ok {
        eprint!("{report}");
        eprintln!("archsim tour: no link for a tour whose claims do not all hold");
        return Ok(ExitCode::from(1));
    }
    let mut compact: serde_json::Value =
        serde_json::from_str(&page_json(&t, l)).expect("just written");
    // The list of names is for the editor, which loads the lesson's own tour.
    compact.as_object_mut().map(|o| o.remove("names"));
    let fragment = tour::fragment::encode(&compact.to_string());
    if fragment.len() > MAX_TOUR_LINK {
        return Err(format!(
            "the tour is too long for a link ({} characters; at most {MAX_TOUR_LINK})",
            fragment.len()
        ));
    }
    let base = base.trim_end_matches('/');
    let sep = if base.is_empty() { "" } else { "/" };
    let _ = emit(&format!("{base}{sep}{}?tour=1#tour={fragment}\n", l.page()));
    Ok(ExitCode::SUCCESS)
}

/// `archsim tour check FILE…`: 0 when every claim of every file holds, 1 when one does not,
/// 2 when a file cannot be read. `archsim tour json FILE`, `archsim tour link FILE`.
pub fn main(argv: &[String], lessons: Lessons) -> ExitCode {
    let done = match argv {
        [cmd, files @ ..] if cmd == "check" && !files.is_empty() => check_files(files, lessons),
        [cmd, file] if cmd == "json" => read(file, lessons).and_then(|t| {
            let _ = emit(&page_json(&t, lesson(lessons, &t)?));
            Ok(ExitCode::SUCCESS)
        }),
        [cmd, file] if cmd == "ftl" => read(file, lessons).map(|t| {
            let _ = emit(&crate::shell::messages::tours::english_ftl(&t, file));
            ExitCode::SUCCESS
        }),
        [cmd, file] if cmd == "link" => link(file, "", lessons),
        [cmd, file, flag, url] if cmd == "link" && flag == "--base" => link(file, url, lessons),
        [cmd, ..] if cmd == "link" => Err(format!("link: expected FILE [--base URL]\n{USAGE}")),
        [help] if help == "--help" || help == "-h" => {
            let _ = emit(&format!("{USAGE}\n"));
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(format!("expected check, json, ftl or link\n{USAGE}")),
    };
    done.unwrap_or_else(|e| super::cli::refuse("archsim tour", &e))
}
