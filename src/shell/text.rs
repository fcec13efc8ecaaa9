//! Times and rates in words, as every page and the runner print them; text made safe in
//! markup.

use crate::shell::messages::{dec, int, number, text, tr};
use crate::sim::small::Dec;

/// "12 s", "2.5 s".
pub fn seconds(ms: u64) -> String {
    let v = if ms >= 10_000 || ms.is_multiple_of(1_000) {
        int((ms / 1_000) as f64)
    } else {
        dec(ms as f64 / 1_000.0, 1)
    };
    tr("time-s", &[("v", v)])
}

/// A short span: "95 ms" below a second, then as [`seconds`] writes it.
pub fn duration(ms: u64) -> String {
    if ms < 1_000 {
        tr("time-ms", &[("v", int(ms as f64))])
    } else {
        seconds(ms)
    }
}

/// `n` and what it counts, `one` or `many`: "1 peer", "3 peers".
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A round number at or just above `v`, for the top of a plot's axis: 1, 1.5, 2, 2.5, 3, 4, 5,
/// 6 or 8 times a power of ten (1 for nothing to show).
pub fn round_up(v: f64) -> f64 {
    if v.is_nan() || v <= 0.0 {
        return 1.0;
    }
    let mut scale = 1.0;
    while scale * 10.0 <= v {
        scale *= 10.0;
    }
    while scale > v {
        scale /= 10.0;
    }
    [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|m| m * scale)
        .find(|&top| top >= v * (1.0 - 1e-12))
        .unwrap_or(10.0 * scale)
}

/// A virtual time for people: seconds with a tenth up to two minutes, then minutes and
/// seconds, then hours and minutes ("12.3 s", "4 min 05 s", "2 h 03 min"), in the language in
/// use.
pub fn clock_text(ms: u64) -> String {
    let s = ms / 1_000;
    // Minutes and seconds after a larger unit take two digits.
    let two = |v: u64| {
        let zero = if v < 10 {
            number(0.0, 0)
        } else {
            String::new()
        };
        text(zero + &number(v as f64, 0))
    };
    if ms < 120_000 {
        tr("time-s", &[("v", dec(ms as f64 / 1_000.0, 1))])
    } else if s < 3_600 {
        tr(
            "time-min-s",
            &[("min", int((s / 60) as f64)), ("s", two(s % 60))],
        )
    } else {
        tr(
            "time-h-min",
            &[("h", int((s / 3_600) as f64)), ("min", two(s % 3_600 / 60))],
        )
    }
}

/// A speed as the controls show it: "0.25×", "4×".
pub fn speed(speed: f64) -> String {
    let v = if speed < 1.0 {
        dec(speed, 2)
    } else {
        dec(speed, 0)
    };
    tr("speed", &[("v", v)])
}

/// A rate with a unit that fits: "350", "1.2 k", "4.5 M".
pub fn per_second(v: f64) -> String {
    if v >= 1e6 {
        format!("{:.1} M", Dec(v / 1e6))
    } else if v >= 1e3 {
        format!("{:.1} k", Dec(v / 1e3))
    } else {
        format!("{:.0}", Dec(v))
    }
}

/// `s` safe in HTML, as an element's text or a quoted attribute's value.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_nothing_else() {
        assert_eq!(
            escape_html("<a href=\"x\">'&' é ✕</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39; é ✕&lt;/a&gt;"
        );
    }

    #[test]
    fn plot_tops_are_round_and_never_below_the_data() {
        for (v, top) in [
            (1_494.0, 1_500.0),
            (1_643.0, 2_000.0),
            (0.93, 1.0),
            (7.2, 8.0),
            (100.0, 100.0),
            (0.012, 0.015),
            (0.0, 1.0),
        ] {
            assert!((round_up(v) - top).abs() < 1e-9, "{v}: {}", round_up(v));
        }
        for v in [0.003, 0.7, 3.3, 42.0, 999.0, 12_345.0] {
            let t = round_up(v);
            assert!(t >= v && t <= v * 1.5, "{v}: {t}");
        }
    }

    #[test]
    fn counts_and_spans_read_as_words() {
        assert_eq!(count(1, "peer", "peers"), "1 peer");
        assert_eq!(count(0, "action", "actions"), "0 actions");
        assert_eq!(count(2, "switch", "switches"), "2 switches");
        assert_eq!(duration(95), "95 ms");
        assert_eq!(duration(2_500), "2.5 s");
        assert_eq!(duration(12_345), "12 s");
    }

    #[test]
    fn times_speeds_and_rates_read_as_people_write_them() {
        assert_eq!(seconds(12_000), "12 s");
        assert_eq!(seconds(2_500), "2.5 s");
        assert_eq!(clock_text(12_345), "12.3 s");
        assert_eq!(clock_text(245_000), "4 min 05 s");
        assert_eq!(clock_text(7_380_000), "2 h 03 min");
        assert_eq!(speed(0.25), "0.25×");
        assert_eq!(speed(4.0), "4×");
        assert_eq!(speed(1.0), "1×");
        assert_eq!(per_second(350.0), "350");
        assert_eq!(per_second(1_234.0), "1.2 k");
        assert_eq!(per_second(4_500_000.0), "4.5 M");
    }
}
