//! Reading flags: what both runner modes share.

/// The flags of a command line, one at a time, each with its value when it takes one.
pub struct Flags<'a> {
    it: std::slice::Iter<'a, String>,
}

impl<'a> Flags<'a> {
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
