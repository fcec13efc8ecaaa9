//! What lies under a pointer in a drawing: the one rule every lesson's hit test uses.

/// The id of the nearest target whose reach (px, from its centre) holds the point (`x`, `y`);
/// each target is `(id, centre x, centre y, reach)`. Ties go to the first listed.
pub fn nearest(targets: impl Iterator<Item = (u32, f64, f64, f64)>, x: f64, y: f64) -> Option<u32> {
    targets
        .map(|(id, cx, cy, reach)| (id, (cx - x).hypot(cy - y), reach))
        .filter(|&(_, d, reach)| d <= reach)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(id, _, _)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_target_within_its_reach_is_hit() {
        let targets = [
            (1, 0.0, 0.0, 10.0),
            (2, 12.0, 0.0, 10.0),
            (3, 100.0, 0.0, 1.0),
        ];
        assert_eq!(nearest(targets.into_iter(), 7.0, 0.0), Some(2));
        assert_eq!(nearest(targets.into_iter(), 5.0, 0.0), Some(1));
        assert_eq!(nearest(targets.into_iter(), 0.0, 10.0), Some(1));
        assert_eq!(nearest(targets.into_iter(), 0.0, 10.5), None);
        assert_eq!(nearest(targets.into_iter(), 98.0, 0.0), None);
        assert_eq!(
            nearest(targets.into_iter(), 6.0, 0.0),
            Some(1),
            "a tie goes to the first"
        );
    }
}
