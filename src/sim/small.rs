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

#[cfg(test)]
mod tests {
    use super::*;

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
