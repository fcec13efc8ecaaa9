//! Reads a tour file (TOML, with the `toml` crate). Every refusal names its line: a key the
//! format does not have, a claim that does not parse, a lesson that does not exist.

use serde::Deserialize;
use toml::Spanned;

use super::{Claim, DEFAULT_WITHIN_MS, MAX_STEPS, MAX_TOUR_BYTES, MAX_WITHIN_MS, Step, Tour};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    lesson: Option<Spanned<String>>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    step: Vec<StepFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepFile {
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
    link: Option<String>,
    highlight: Option<String>,
    action: Option<String>,
    until: Option<Spanned<String>>,
    done: Option<Spanned<String>>,
    within_ms: Option<Spanned<u64>>,
    #[serde(default)]
    claims: Vec<Spanned<String>>,
}

/// The line (from 1) of byte `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

/// Reads a tour for one of `lessons` (their names); the error names the line.
pub fn parse(text: &str, lessons: &[&str]) -> Result<Tour, String> {
    if text.len() > MAX_TOUR_BYTES {
        return Err(format!(
            "the tour is too long ({} bytes; at most {MAX_TOUR_BYTES})",
            text.len()
        ));
    }
    let file: File = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        let why: Vec<&str> = e
            .message()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let why = why.join(": ");
        match line {
            Some(l) => format!("line {l}: {why}"),
            None => why,
        }
    })?;
    let at = |span: std::ops::Range<usize>, why: String| {
        format!("line {}: {why}", line_of(text, span.start))
    };
    let lesson = file.lesson.ok_or_else(|| {
        format!(
            "the tour does not say its lesson (lesson = \"{}\")",
            lessons.join("\" or \"")
        )
    })?;
    if !lessons.contains(&lesson.get_ref().as_str()) {
        return Err(at(
            lesson.span(),
            format!(
                "lesson “{}” is not “{}”",
                lesson.get_ref(),
                lessons.join("” or “")
            ),
        ));
    }
    if file.step.len() > MAX_STEPS {
        return Err(format!("a tour has at most {MAX_STEPS} steps"));
    }
    let claim = |s: &Spanned<String>| Claim::parse(s.get_ref()).map_err(|e| at(s.span(), e));
    let mut steps = Vec::with_capacity(file.step.len());
    for (k, s) in file.step.into_iter().enumerate() {
        let n = k + 1;
        if s.title.is_empty() || s.text.is_empty() {
            return Err(format!("step {n} needs a title and a text"));
        }
        let within_ms = match &s.within_ms {
            Some(w) if *w.get_ref() > MAX_WITHIN_MS => {
                return Err(at(
                    w.span(),
                    format!("within_ms must be a whole number of ms, at most {MAX_WITHIN_MS}"),
                ));
            }
            Some(w) => *w.get_ref(),
            None => DEFAULT_WITHIN_MS,
        };
        if let Some(d) = &s.done
            && d.get_ref().trim().is_empty()
        {
            return Err(at(d.span(), "done is empty".into()));
        }
        let until = s.until.as_ref().map(claim).transpose()?;
        if s.done.is_some() && until.is_none() {
            return Err(format!(
                "step {n} says what is done but has no until: the state that shows it"
            ));
        }
        if s.action.is_some() && until.is_none() {
            return Err(format!(
                "step {n} asks for an action but has no until: the state that shows it is done"
            ));
        }
        steps.push(Step {
            title: s.title,
            text: s.text,
            link: s.link,
            highlight: s.highlight,
            action: s.action,
            until,
            done: s.done.map(Spanned::into_inner),
            within_ms,
            claims: s.claims.iter().map(claim).collect::<Result<_, _>>()?,
        });
    }
    if steps.is_empty() {
        return Err("the tour has no [[step]]".into());
    }
    if steps[0].link.is_none() {
        return Err("step 1 needs a link: the state the tour starts from".into());
    }
    Ok(Tour {
        lesson: lesson.into_inner(),
        title: file.title,
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tour::Operand;

    const LESSONS: &[&str] = &["network", "consensus"];

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
        let t = parse(TOUR, LESSONS).unwrap();
        assert_eq!(t.lesson, "network");
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
        let step = "lesson = \"network\"\n[[step]]\ntitle = \"a\"\ntext = \"b\"\n";
        let cases = [
            (
                format!("{step}hightlight = \"x\""),
                "line 5: unknown field `hightlight`",
            ),
            (
                "lesson = \"network\"\n[[step]]\ntitle = \"a\n".into(),
                "line 3: ",
            ),
            (
                "lesson = \"chess\"".into(),
                "line 1: lesson “chess” is not “network” or “consensus”",
            ),
            (
                format!("{step}claims = [\"x ~ 1\"]"),
                "line 5: claim “x ~ 1” has no comparison",
            ),
            (format!("{step}within_ms = 999999999"), "line 5: within_ms"),
            (step.to_string(), "step 1 needs a link"),
            ("title = \"t\"".into(), "does not say its lesson"),
            (
                "lesson = \"network\"\n[table]".into(),
                "line 2: unknown field `table`",
            ),
            (
                "lesson = \"network\"\nclaims = [\"a = 1\"".into(),
                "line 2: ",
            ),
            (
                format!("{step}\ntitle = \"c\""),
                "line 6: duplicate key `title`",
            ),
            (
                "lesson = \"network\"\n[[step]]\ntitle = \"a\"\ntext = \"\\u41\"".into(),
                "line 4: ",
            ),
            (format!("{step}done = \" \""), "line 5: done is empty"),
            (
                format!("{step}link = \"#v=1\"\ndone = \"d\""),
                "step 1 says what is done but has no until",
            ),
            (
                format!("{step}link = \"#v=1\"\naction = \"cxS0\""),
                "step 1 asks for an action but has no until",
            ),
            ("lesson = \"network\"".into(), "the tour has no [[step]]"),
        ];
        for (text, want) in cases {
            let err = parse(&text, LESSONS).unwrap_err();
            assert!(err.contains(want), "{text:?}: {err}");
            assert!(!err.contains('\n'), "one line: {err}");
        }
        let long = "#".repeat(MAX_TOUR_BYTES + 1);
        assert!(parse(&long, LESSONS).unwrap_err().contains("too long"));
        let many = format!(
            "lesson = \"network\"\n{}",
            "[[step]]\ntitle = \"a\"\ntext = \"b\"\n".repeat(MAX_STEPS + 1)
        );
        assert!(
            parse(&many, LESSONS)
                .unwrap_err()
                .contains("at most 40 steps")
        );
    }
}
