//! What every lesson's command line shares (native only): reading flags and their values, a
//! scenario given as a link or a file, warnings, and output that a closed pipe ends quietly.

use std::process::ExitCode;

/// Largest scenario file read.
pub const MAX_SCENARIO_FILE: u64 = 64 * 1024;

/// The flags of a command line, one at a time, each with its value when it takes one.
pub struct Flags<'a> {
    it: std::slice::Iter<'a, String>,
}

impl<'a> Flags<'a> {
    /// The flags of `argv`.
    pub fn new(argv: &'a [String]) -> Self {
        Flags { it: argv.iter() }
    }

    /// The next flag.
    pub fn next_flag(&mut self) -> Option<&'a str> {
        self.it.next().map(String::as_str)
    }

    /// The value after `flag`.
    pub fn value(&mut self, flag: &str) -> Result<&'a str, String> {
        self.it
            .next()
            .map(String::as_str)
            .ok_or_else(|| format!("{flag} needs a value"))
    }

    /// The value after `flag`, as a number.
    pub fn number<T: std::str::FromStr>(&mut self, flag: &str) -> Result<T, String> {
        let v = self.value(flag)?;
        number(flag, v)
    }
}

/// The flags every lesson's command line takes: `--help`, `--json`, `--scenario`.
#[derive(Default)]
pub struct Common {
    /// `--json`: one JSON document instead of text.
    pub json: bool,
    /// `--scenario`: a page's link, or a file holding one, to replay.
    pub scenario: Option<String>,
}

/// What [`Common::take`] made of a flag.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Taken {
    /// Not one of the common flags.
    No,
    /// Read.
    Yes,
    /// `--help`: print the usage and stop.
    Help,
}

impl Common {
    /// Reads the command line `argv`: the common flags here, every other flag by `other` (with
    /// the flags, to take its value). `Ok(None)`: help was asked for.
    pub fn read(
        argv: &[String],
        mut other: impl FnMut(&str, &mut Flags) -> Result<(), String>,
    ) -> Result<Option<Common>, String> {
        let mut common = Common::default();
        let mut flags = Flags::new(argv);
        while let Some(flag) = flags.next_flag() {
            match common.take(flag, &mut flags)? {
                Taken::Help => return Ok(None),
                Taken::Yes => {}
                Taken::No => other(flag, &mut flags)?,
            }
        }
        Ok(Some(common))
    }

    /// Reads `flag` (and its value, from `flags`) if it is a common one.
    pub fn take(&mut self, flag: &str, flags: &mut Flags) -> Result<Taken, String> {
        match flag {
            "--help" | "-h" => return Ok(Taken::Help),
            "--json" => self.json = true,
            "--scenario" => self.scenario = Some(flags.value(flag)?.to_string()),
            _ => return Ok(Taken::No),
        }
        Ok(Taken::Yes)
    }
}

/// `v` as a number, or a sentence naming `flag`.
pub fn number<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, String> {
    v.parse()
        .map_err(|_| format!("{flag}: '{v}' is not a valid number"))
}

/// `A<sep>B` as two numbers.
pub fn range<T: std::str::FromStr>(flag: &str, v: &str, sep: &str) -> Result<(T, T), String> {
    let (a, b) = v
        .split_once(sep)
        .ok_or_else(|| format!("{flag}: '{v}' is not a range like 10{sep}100"))?;
    Ok((number(flag, a)?, number(flag, b)?))
}

/// `NODE@MS` (`S0@5000`): the node and the time.
pub fn node_at<'a>(flag: &str, v: &'a str) -> Result<(&'a str, u64), String> {
    let (node, at) = v
        .split_once('@')
        .ok_or_else(|| format!("{flag}: '{v}' is not NODE@MS (for example P3@5000)"))?;
    Ok((node, number(flag, at)?))
}

/// The link itself, or the link in the file it names (a page's scenario export, or a file
/// holding a link).
pub fn read_link(arg: &str) -> Result<String, String> {
    let looks_like_link = arg.contains('#') || arg.starts_with("v=") || arg.contains("://");
    if looks_like_link {
        return Ok(arg.to_string());
    }
    let meta =
        std::fs::metadata(arg).map_err(|e| format!("--scenario: cannot read '{arg}': {e}"))?;
    if meta.len() > MAX_SCENARIO_FILE {
        return Err(format!(
            "--scenario: '{arg}' is larger than {MAX_SCENARIO_FILE} bytes"
        ));
    }
    std::fs::read_to_string(arg)
        .map(|s| super::link::link_from_export(&s))
        .map_err(|e| format!("--scenario: cannot read '{arg}': {e}"))
}

/// Prints each problem as a warning on standard error.
pub fn warn(problems: &[String]) {
    for p in problems {
        eprintln!("archsim: warning: {p}");
    }
}

/// Writes `text` to standard output; whether it could. A closed pipe (`archsim … | head`)
/// ends the run quietly.
pub fn emit(text: &str) -> bool {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => false,
        Err(e) => {
            eprintln!("archsim: cannot write the output: {e}");
            false
        }
    }
}

/// The one line a refused command line gets, and its exit status, 2.
pub fn refuse(command: &str, why: &str) -> ExitCode {
    eprintln!("{command}: {why}");
    ExitCode::from(2)
}

/// A lesson's command: reads its arguments (`Ok(None)`: help was asked for), runs, and prints
/// the text or the JSON. Bad arguments exit with 2 and one line.
pub fn main<A>(
    command: &str,
    usage: &str,
    argv: &[String],
    parse: impl FnOnce(&[String]) -> Result<Option<A>, String>,
    run: impl FnOnce(&A) -> Result<String, String>,
) -> ExitCode {
    let args = match parse(argv) {
        Ok(Some(a)) => a,
        Ok(None) => {
            let _ = emit(&format!("{usage}\n"));
            return ExitCode::SUCCESS;
        }
        Err(e) => return refuse(command, &e),
    };
    match run(&args) {
        Ok(out) => {
            let _ = emit(&out);
            ExitCode::SUCCESS
        }
        Err(e) => refuse(command, &e),
    }
}
