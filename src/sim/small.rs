//! Two small stand-ins for large parts of the standard library, so the page's download stays
//! small: a stable insertion sort for the short, mostly sorted lists the engine and the page
//! order (action logs, a handful of clock offsets) — each use of the standard sorts compiles a
//! few kilobytes into the page, this a few dozen bytes — and [`parse_decimal`] for the plain
//! decimals of links and settings (the standard float parser carries a 10 KB table).

/// Sorts `v` by `key`, keeping equal elements in their order. Quadratic at worst: for lists of
/// at most a few thousand items.
pub fn sort_by_key<T, K: PartialOrd>(v: &mut [T], key: impl Fn(&T) -> K) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && key(&v[j - 1]) > key(&v[j]) {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// A plain decimal — optional sign, digits, optionally a point and more digits, at most 15
/// digits in all — as the nearest `f64` (the same value `str::parse` gives). `None` for
/// anything else: exponents, `NaN`, `inf`, empty text.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let (negative, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if int.len() + frac.len() == 0 || int.len() + frac.len() > 15 {
        return None;
    }
    let mut mantissa: u64 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa * 10 + u64::from(b - b'0');
    }
    // Both exact in an f64 (below 2^53 and 10^22): one correctly rounded division.
    let value = mantissa as f64 / 10u64.pow(frac.len() as u32) as f64;
    Some(if negative { -value } else { value })
}

/// An `f64` that prints with the precision of its format (`{:.1}`, `{:+.0}`), rounding half
/// away from zero, in integer arithmetic; without a precision, with up to six decimals and no
/// trailing zeros. The page prints every number through it: the standard float printing
/// brings its algorithms and tables (some 15 KB) into the download. Exact for the values the
/// page shows (below 10^15 / 10^precision).
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Dec(pub f64);

impl std::fmt::Display for Dec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = self.0;
        if v.is_nan() {
            return f.write_str("NaN");
        }
        if v.is_infinite() {
            return f.write_str(if v > 0.0 { "∞" } else { "-∞" });
        }
        let (digits, trim) = match f.precision() {
            Some(p) => (p.min(9) as u32, false),
            None => (6, true),
        };
        let scale = 10u64.pow(digits);
        let scaled = v.abs() * scale as f64 + 0.5;
        let n = if scaled < 9.0e18 {
            scaled as u64
        } else {
            u64::MAX / 10 * 10
        };
        let (int, mut frac) = (n / scale, n % scale);
        if v < 0.0 && n > 0 {
            f.write_str("-")?;
        } else if f.sign_plus() {
            f.write_str("+")?;
        }
        write!(f, "{int}")?;
        let mut width = digits;
        if trim {
            while width > 0 && frac % 10 == 0 {
                frac /= 10;
                width -= 1;
            }
        }
        if width > 0 {
            let frac = frac.to_string();
            f.write_str(".")?;
            for _ in frac.len() as u32..width {
                f.write_str("0")?;
            }
            f.write_str(&frac)?;
        }
        Ok(())
    }
}

/// `v` limited to `lo..=hi` (for `lo <= hi`). `f64::clamp` asserts its bounds with a message
/// that formats floats, which alone keeps the standard float printing in the page.
#[inline]
pub fn clamp(v: f64, lo: f64, hi: f64) -> f64 {
    v.max(lo).min(hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_the_standard_library_at_the_precisions_the_page_uses() {
        // The standard library prints "-0.0" for a small negative number; Dec prints "0.0".
        let std = |s: String| {
            let zero = s
                .trim_start_matches(['-', '+'])
                .chars()
                .all(|c| c == '0' || c == '.');
            if zero && s.starts_with('-') {
                s[1..].to_string()
            } else {
                s
            }
        };
        for v in [
            0.0, 0.04, 0.05, 0.95, 1.0, 2.5, 12.345, 99.99, 1234.5678, 0.001, 86_400.0,
        ] {
            for sign in [1.0, -1.0] {
                let v = v * sign;
                // Nudged off the half: the standard library rounds half to even.
                let n = v + sign * 1e-9;
                assert_eq!(format!("{:.0}", Dec(v)), std(format!("{n:.0}")), "{v}");
                assert_eq!(format!("{:.1}", Dec(v)), std(format!("{n:.1}")), "{v}");
                assert_eq!(format!("{:.3}", Dec(v)), std(format!("{n:.3}")), "{v}");
                assert_eq!(
                    format!("{:+.1}", Dec(v)),
                    format!("{n:+.1}").replace("-0.0", "+0.0"),
                    "{v}"
                );
            }
        }
        assert_eq!(Dec(0.25).to_string(), "0.25");
        assert_eq!(Dec(6.0).to_string(), "6");
        assert_eq!(Dec(0.2).to_string(), "0.2");
        assert_eq!(Dec(-0.000_000_1).to_string(), "0");
        assert_eq!(Dec(f64::NAN).to_string(), "NaN");
        assert_eq!(Dec(f64::INFINITY).to_string(), "∞");
        assert_eq!(Dec(f64::NEG_INFINITY).to_string(), "-∞");
        // Beyond what it prints exactly it saturates, never wraps, keeping its sign.
        assert_eq!(format!("{:.0}", Dec(1e30)), "18446744073709551610");
        assert_eq!(format!("{:.0}", Dec(-1e30)), "-18446744073709551610");
        assert_eq!(format!("{:.3}", Dec(-2e16)), "-18446744073709551.610");
        // What a link writes is what it reads back.
        for v in [0.25, 0.2, 6.0, 49.5, 0.123456, 100.0] {
            assert_eq!(parse_decimal(&Dec(v).to_string()), Some(v));
        }
    }

    #[test]
    fn sorts_stably() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        sort_by_key(&mut v, |x| x.0);
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
        let mut f = vec![2.5, -1.0, 0.0];
        sort_by_key(&mut f, |&x| x);
        assert_eq!(f, [-1.0, 0.0, 2.5]);
    }

    #[test]
    fn parses_plain_decimals_exactly_as_the_standard_library() {
        for t in [
            "0",
            "6",
            "0.25",
            "0.2",
            "-3",
            "+1.5",
            "20.",
            ".5",
            "123456789012345",
            "0.1",
            "49.999",
            "0.000001",
        ] {
            assert_eq!(parse_decimal(t), Some(t.parse::<f64>().unwrap()), "{t}");
        }
        for t in [
            "",
            ".",
            "-",
            "NaN",
            "inf",
            "1e3",
            "1.2.3",
            "12a",
            " 1",
            "1234567890123456",
            "--1",
        ] {
            assert_eq!(parse_decimal(t), None, "{t}");
        }
    }
}
