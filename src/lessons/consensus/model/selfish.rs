//! Selfish mining (Eyal and Sirer, 2014), as peer P0.
//!
//! The attacker keeps the blocks it makes private, on a branch from the last block both it
//! and the honest peers agree on (the fork point), and answers each honest block by what lead
//! it had: none, it gives up and takes the honest chain; one, it publishes its block and the
//! two race (the honest peers that hear its block first, a share γ of honest power, build on
//! it); two, it publishes everything and wins; more, it publishes one block to keep pace.
//! When it makes a block while racing a tie, it publishes and wins. Its revenue is its share
//! of the blocks on the chain that comes out, which beats its share of power above a third
//! (at γ = 0).

/// What the engine should do after the attacker's view changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Move {
    /// Keep mining.
    Wait,
    /// Make these private blocks public (a tie, or keeping pace).
    Publish(Vec<u32>),
    /// Make these public and follow the last: the attacker's branch is now the longer.
    Win(Vec<u32>),
    /// Take the honest chain: the attacker follows it from now on.
    Adopt,
}

/// The attacker's state and record.
#[derive(Clone, Debug)]
pub struct Selfish {
    /// Its share.
    pub share: f64,
    /// The share of honest power that prefers its block in a tie.
    pub gamma: f64,
    /// The fork point: the block its branch starts from, and that block's height.
    fork: u32,
    fork_height: u32,
    /// Its blocks since the fork point, oldest first, and how many are public.
    branch: Vec<u32>,
    published: usize,
    /// Honest blocks above the fork point, as it sees them.
    public_len: u32,
    /// Blocks settled on the chain so far: its own, and the honest peers'.
    pub attacker_main: u64,
    /// See `attacker_main`.
    pub honest_main: u64,
}

impl Selfish {
    /// Its blocks not yet published, oldest first.
    pub fn private(&self) -> &[u32] {
        &self.branch[self.published.min(self.branch.len())..]
    }

    /// An attacker of `share`, with `gamma` of honest power on its side in a tie, at genesis.
    pub fn new(share: f64, gamma: f64) -> Selfish {
        Selfish {
            share,
            gamma,
            fork: 0,
            fork_height: 0,
            branch: Vec::new(),
            published: 0,
            public_len: 0,
            attacker_main: 0,
            honest_main: 0,
        }
    }

    /// The block its next block goes on.
    pub fn builds_on(&self) -> u32 {
        self.branch.last().copied().unwrap_or(self.fork)
    }

    /// The fork point's height: blocks above it are not yet counted.
    pub fn fork_height(&self) -> u32 {
        self.fork_height
    }

    fn unpublished(&mut self) -> Vec<u32> {
        let out = self.branch[self.published..].to_vec();
        self.published = self.branch.len();
        out
    }

    /// It made block `id`.
    pub fn mined(&mut self, id: u32) -> Move {
        let lead_before = self.branch.len() as i64 - i64::from(self.public_len);
        self.branch.push(id);
        if lead_before == 0 && self.branch.len() == 2 {
            // It was racing a tie and is now ahead: publish and win.
            return Move::Win(self.unpublished());
        }
        Move::Wait
    }

    /// The honest chain it follows grew to `height`: its answer, one honest block at a time.
    pub fn honest_grew(&mut self, height: u32) -> Move {
        let mut publish = Vec::new();
        while self.fork_height + self.public_len < height {
            let lead_before = self.branch.len() as i64 - i64::from(self.public_len);
            self.public_len += 1;
            match lead_before {
                ..=0 => return Move::Adopt,
                1 => publish.extend(self.unpublished()),
                2 => {
                    publish.extend(self.unpublished());
                    return Move::Win(publish);
                }
                _ => {
                    publish.push(self.branch[self.published]);
                    self.published += 1;
                }
            }
        }
        if publish.is_empty() {
            Move::Wait
        } else {
            Move::Publish(publish)
        }
    }

    /// The chain everyone follows now ends at `tip` (height `height`); `producers` are the
    /// makers of its blocks above the fork point. They are counted, and a new branch starts
    /// there.
    pub fn settle(&mut self, tip: u32, height: u32, producers: impl Iterator<Item = u32>) {
        for p in producers {
            if p == 0 {
                self.attacker_main += 1;
            } else {
                self.honest_main += 1;
            }
        }
        self.fork = tip;
        self.fork_height = height;
        self.branch.clear();
        self.published = 0;
        self.public_len = 0;
    }

    /// Its share of the settled chain, once there is one.
    pub fn revenue_share(&self) -> Option<f64> {
        let all = self.attacker_main + self.honest_main;
        (all > 0).then(|| self.attacker_main as f64 / all as f64)
    }
}

/// Eyal and Sirer's closed form of the attacker's revenue share, for share `a` and `g`.
pub fn revenue(a: f64, g: f64) -> f64 {
    let b = 1.0 - a;
    (a * b * b * (4.0 * a + g * (1.0 - 2.0 * a)) - a * a * a) / (1.0 - a * (1.0 + (2.0 - a) * a))
}

/// The smallest share at which selfish mining pays (its take beats its share), for `g`:
/// (1 − γ)/(3 − 2γ), a third at γ = 0.
pub fn threshold(g: f64) -> f64 {
    (1.0 - g) / (3.0 - 2.0 * g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closed_form_crosses_the_fair_share_at_a_third_for_gamma_zero() {
        assert!((revenue(1.0 / 3.0, 0.0) - 1.0 / 3.0).abs() < 1e-12);
        assert!(revenue(0.3, 0.0) < 0.3 && revenue(0.4, 0.0) > 0.4);
        // With every tie won, any share profits; at a half it takes everything.
        assert!(revenue(0.1, 1.0) > 0.1);
        assert!((revenue(0.5, 0.0) - 1.0).abs() < 1e-12);
        // The threshold is where the take equals the share.
        for g in [0.0, 0.25, 0.5, 0.75] {
            let t = threshold(g);
            assert!((revenue(t, g) - t).abs() < 1e-9, "γ {g}: {t}");
        }
        assert!((threshold(0.0) - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn it_answers_each_lead_as_the_paper_says() {
        let mut s = Selfish::new(0.3, 0.0);
        // Lead 1, the honest peers find one: a tie, its block goes public.
        assert_eq!(s.mined(10), Move::Wait);
        assert_eq!(s.honest_grew(1), Move::Publish(vec![10]));
        // Racing, it finds the next: it publishes and wins.
        assert_eq!(s.mined(11), Move::Win(vec![11]));
        s.settle(11, 2, [0, 0].into_iter());
        assert_eq!((s.attacker_main, s.honest_main), (2, 0));
        // Lead 3, then honest blocks: one published to keep pace, then at lead 2 all.
        for id in [20, 21, 22] {
            assert_eq!(s.mined(id), Move::Wait);
        }
        assert_eq!(s.honest_grew(3), Move::Publish(vec![20]));
        assert_eq!(s.honest_grew(4), Move::Win(vec![21, 22]));
        // No lead: it takes the honest chain.
        s.settle(22, 5, [0, 0, 0].into_iter());
        assert_eq!(s.honest_grew(6), Move::Adopt);
        assert_eq!(s.builds_on(), 22);
    }
}
