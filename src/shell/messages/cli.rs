//! `archsim messages`: the translations compiled beside each page at `make dist` (native only).

use super::{Catalog, LANGUAGES, align, fingerprint, tours};

/// `archsim messages I18N PAGE=DIR…`: compiles every language's files but English (which is
/// built in) from `I18N`, each [`align`]ed with its English, into
/// `DIR/i18n/<language>/<PAGE>.msg` for each page and its directory (a bare `DIR` takes every
/// page's): one file a page fetches, the [`fingerprint`] of its English keys, the shell's
/// messages, then the page's own; and each page's tour in each language that translates it
/// ([`tours`]). A broken file, or a file English lacks, is refused with its line, and nothing
/// is written.
pub fn main(argv: &[String]) -> std::process::ExitCode {
    use std::path::Path;
    let (Some(from), dirs) = (argv.first(), argv.get(1..).unwrap_or_default()) else {
        eprintln!("usage: archsim messages I18N_DIR PAGE=PAGE_DIR…");
        return std::process::ExitCode::from(2);
    };
    let compile = |path: &Path| {
        let text = std::fs::read_to_string(path).map_err(|e| vec![e.to_string()])?;
        Catalog::of(&[&text]).and_then(|c| c.compile())
    };
    let mut errors = Vec::new();
    let mut aligned_with_english = |code: &str, stem: &str| {
        let path = Path::new(from).join(code).join(format!("{stem}.ftl"));
        let english = Path::new(from).join("en").join(format!("{stem}.ftl"));
        match (compile(&path), compile(&english)) {
            (Ok(c), Ok(en)) => Some((align(&en, &c), en)),
            (Err(e), _) => {
                errors.extend(e.into_iter().map(|e| format!("{}: {e}", path.display())));
                None
            }
            (_, Err(e)) => {
                errors.extend(e.into_iter().map(|e| format!("{}: {e}", english.display())));
                None
            }
        }
    };
    let (mut compiled, mut missing) = (Vec::new(), Vec::new());
    for &(code, _, _) in LANGUAGES.iter().filter(|l| l.0 != "en") {
        let Ok(files) = std::fs::read_dir(Path::new(from).join(code)) else {
            missing.push(format!("{}: missing", Path::new(from).join(code).display()));
            continue;
        };
        let mut pages: Vec<String> = files
            .flatten()
            .map(|f| f.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
            .filter_map(|p| Some(p.file_stem()?.to_string_lossy().into_owned()))
            .filter(|stem| stem != "shell")
            .collect();
        pages.sort();
        let shell = aligned_with_english(code, "shell");
        for page in pages {
            if let (Some((shell, en_shell)), Some((own, en_own))) =
                (&shell, aligned_with_english(code, &page))
            {
                let mark = fingerprint(&[en_shell, &en_own]);
                compiled.push((code, page, format!("\x1E{mark}{shell}{own}")));
            }
        }
    }
    errors.extend(missing);
    if !errors.is_empty() {
        eprintln!("{}", errors.join("\n"));
        return std::process::ExitCode::FAILURE;
    }
    // Every file made first, so a tour that cannot be made leaves nothing half written.
    let mut files = Vec::new();
    for arg in dirs {
        // `page=dir` writes that page's files only; a bare `dir`, every page's.
        let (only, dir) = arg
            .split_once('=')
            .map_or((None, arg.as_str()), |(p, d)| (Some(p), d));
        for (code, stem, text) in &compiled {
            if only.is_some_and(|p| p != stem) {
                continue;
            }
            let out = Path::new(dir).join("i18n").join(code);
            match tour_file(Path::new(from), code, stem, Path::new(dir)) {
                Ok(tour) => {
                    files.push((out.join(format!("{stem}.msg")), text.clone()));
                    files.extend(tour.map(|t| (out.join(format!("{stem}.tour.json")), t)));
                }
                Err(e) => errors.extend(e),
            }
        }
    }
    if !errors.is_empty() {
        eprintln!("{}", errors.join("\n"));
        return std::process::ExitCode::FAILURE;
    }
    let tours = files.len() - compiled_for(&files);
    for (path, text) in &files {
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(path, text));
        if let Err(e) = written {
            eprintln!("{}: {e}", path.display());
            return std::process::ExitCode::FAILURE;
        }
    }
    println!(
        "messages: {} files and {tours} tour files into {} page directories",
        files.len() - tours,
        dirs.len()
    );
    std::process::ExitCode::SUCCESS
}

/// How many of `files` are pages' messages (the others are tours).
fn compiled_for(files: &[(std::path::PathBuf, String)]) -> usize {
    files
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "msg"))
        .count()
}

/// The tour file of page `page` in language `code`, when `from` has the card's words in it
/// (`<code>/tour/card.ftl`): those, and the page's tour when its directory `dir` ships one
/// (`<page>.json`) and `from` translates it (`<code>/tour/<page>.ftl`); see [`tours`].
fn tour_file(
    from: &std::path::Path,
    code: &str,
    page: &str,
    dir: &std::path::Path,
) -> Result<Option<String>, Vec<String>> {
    let own = from.join(code).join("tour");
    if !own.join("card.ftl").exists() {
        return Ok(None);
    }
    // Files read into one catalog, each error naming its file.
    let read = |paths: &[std::path::PathBuf]| -> Result<Catalog, Vec<String>> {
        let mut all = Catalog::default();
        for path in paths {
            let named = |e: Vec<String>| -> Vec<String> {
                e.into_iter()
                    .map(|e| format!("{}: {e}", path.display()))
                    .collect()
            };
            let text = std::fs::read_to_string(path).map_err(|e| named(vec![e.to_string()]))?;
            all.add(&text).map_err(named)?;
        }
        Ok(all)
    };
    // The card's words and the tour editor's, which loads them from the same file.
    let words = |dir: std::path::PathBuf| read(&[dir.join("card.ftl"), dir.join("editor.ftl")]);
    let card = tours::card_words(
        &words(own.clone())?,
        &words(from.join("en").join("tour"))?,
        code,
    )
    .map_err(|e| -> Vec<String> {
        e.into_iter()
            .map(|e| format!("{}: {e}", own.display()))
            .collect()
    })?;
    // The lesson's tour, where the page ships it and the language translates it.
    let path = own.join(format!("{page}.ftl"));
    let english = std::fs::read_to_string(dir.join(format!("{page}.json"))).ok();
    let tour = match (&english, path.exists()) {
        (Some(_), true) => Some(read(std::slice::from_ref(&path))?),
        _ => None,
    };
    tours::translated(english.as_deref(), tour.as_ref(), card, code)
        .map(Some)
        .map_err(|e| {
            e.into_iter()
                .map(|e| format!("{}: {e}", path.display()))
                .collect()
        })
}
