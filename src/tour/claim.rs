//! Claims: predicates on a lesson's measured values (`p2p.reachable_fraction = 1`,
//! `stale_rate < 0.05`). One evaluator for every place a claim is checked: `archsim tour
//! check`, the tests, and the page's tour card (through the wasm export `tour_holds`).

use crate::sim::small::parse_decimal;

/// A comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `=` (or `==`): equal within 1e-9.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

impl Op {
    /// As a claim writes it.
    pub const fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }
}

/// The right-hand side of a claim.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// A number (`low`, `medium`, `high` read as 0, 1, 2).
    Number(f64),
    /// No value (a measurement not made yet).
    None,
    /// Another measured value.
    Name(String),
}

/// A predicate on measured values: `<name> <op> <number | low | medium | high | none | name>`.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// As written.
    pub text: String,
    /// The measured value.
    pub name: String,
    /// The comparison.
    pub op: Op,
    /// What it is compared with.
    pub rhs: Operand,
}

/// A name that is not one of the lesson's measured values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unknown;

/// What a lesson can measure, by name. `Err`: no such name; `Ok(None)`: not measured yet.
pub trait Measured {
    /// The value called `name`.
    fn value(&self, name: &str) -> Result<Option<f64>, Unknown>;
    /// Every name, for messages.
    fn names(&self) -> Vec<String>;
    /// Every name spelled out (where `names` abbreviates a family), for a list to pick from.
    fn each(&self) -> Vec<String> {
        self.names()
    }
    /// Why the page does not show the value `name` now, though it shows it in other
    /// scenarios or moments (a row that only some scenarios have); none: it is there.
    fn hidden(&self, _name: &str) -> Option<String> {
        None
    }
}

impl Claim {
    /// Reads `a.b >= 3`.
    pub fn parse(text: &str) -> Result<Claim, String> {
        let t = text.trim();
        let ops: [(&str, Op); 8] = [
            ("<=", Op::Le),
            (">=", Op::Ge),
            ("!=", Op::Ne),
            ("==", Op::Eq),
            ("≤", Op::Le),
            ("≥", Op::Ge),
            ("<", Op::Lt),
            (">", Op::Gt),
        ];
        let found = ops
            .iter()
            .filter_map(|&(s, op)| t.find(s).map(|i| (i, s, op)))
            .min_by_key(|&(i, s, _)| (i, usize::MAX - s.len()))
            .or_else(|| t.find('=').map(|i| (i, "=", Op::Eq)));
        let Some((i, s, op)) = found else {
            return Err(format!(
                "claim “{t}” has no comparison (=, !=, <, <=, >, >=)"
            ));
        };
        let name = t[..i].trim();
        let rhs = t[i + s.len()..].trim();
        if name.is_empty() || !name.chars().all(is_name_char) {
            return Err(format!(
                "claim “{t}” does not start with a measured value's name"
            ));
        }
        let rhs = match rhs {
            "low" => Operand::Number(0.0),
            "medium" => Operand::Number(1.0),
            "high" => Operand::Number(2.0),
            "none" => Operand::None,
            r if !r.is_empty()
                && r.chars().all(is_name_char)
                && !r.starts_with(|c: char| c.is_ascii_digit() || c == '-') =>
            {
                Operand::Name(r.to_string())
            }
            r => Operand::Number(
                parse_decimal(r)
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| format!("claim “{t}”: “{r}” is not a number"))?,
            ),
        };
        Ok(Claim {
            text: t.to_string(),
            name: name.to_string(),
            op,
            rhs,
        })
    }

    /// Whether the claim holds for `m`, with the measured value; `Err` names an unknown value.
    pub fn check(&self, m: &dyn Measured) -> Result<(bool, Option<f64>), String> {
        let unknown = |n: &str| {
            format!(
                "“{n}” is not a measured value of this lesson (known: {})",
                m.names().join(", ")
            )
        };
        let lhs = m.value(&self.name).map_err(|Unknown| unknown(&self.name))?;
        let rhs = match &self.rhs {
            Operand::Number(v) => Some(*v),
            Operand::None => None,
            Operand::Name(n) => m.value(n).map_err(|Unknown| unknown(n))?,
        };
        let holds = match (lhs, rhs) {
            (Some(a), Some(b)) => {
                let eq = (a - b).abs() <= 1e-9 * b.abs().max(1.0);
                match self.op {
                    Op::Eq => eq,
                    Op::Ne => !eq,
                    Op::Lt => a < b && !eq,
                    Op::Le => a <= b || eq,
                    Op::Gt => a > b && !eq,
                    Op::Ge => a >= b || eq,
                }
            }
            (None, None) => matches!(self.op, Op::Eq | Op::Le | Op::Ge),
            _ => self.op == Op::Ne,
        };
        Ok((holds, lhs))
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake;
    impl Measured for Fake {
        fn value(&self, name: &str) -> Result<Option<f64>, Unknown> {
            match name {
                "a.x" => Ok(Some(0.25)),
                "a.y" => Ok(Some(2.0)),
                "a.none" => Ok(None),
                _ => Err(Unknown),
            }
        }
        fn names(&self) -> Vec<String> {
            vec!["a.x".into(), "a.y".into(), "a.none".into()]
        }
    }

    fn holds(text: &str) -> bool {
        Claim::parse(text).unwrap().check(&Fake).unwrap().0
    }

    #[test]
    fn claims_compare_measured_values() {
        assert!(holds("a.x = 0.25"));
        assert!(holds("a.x == 0.25"));
        assert!(!holds("a.x = 0.3"));
        assert!(holds("a.x < 1"));
        assert!(!holds("a.x < 0.25"));
        assert!(holds("a.x <= 0.25"));
        assert!(holds("a.y >= 2"));
        assert!(holds("a.y ≥ 2"));
        assert!(!holds("a.y > 2"));
        assert!(holds("a.y = high"));
        assert!(holds("a.y > a.x"));
        assert!(holds("a.none = none"));
        assert!(!holds("a.none > 0"));
        assert!(holds("a.x != none"));
        assert!(holds("a.x != 1"));
        let err = Claim::parse("a.zz = 1").unwrap().check(&Fake).unwrap_err();
        assert!(
            err.contains("“a.zz” is not a measured value") && err.contains("a.x"),
            "{err}"
        );
        for bad in ["a.x", "= 3", "a.x = 1.2.3", "a x = 1", "a.x = "] {
            assert!(Claim::parse(bad).is_err(), "{bad}");
        }
    }
}
