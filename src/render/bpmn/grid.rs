//! Shapes and flow segments filed by the squares of a grid they cover, so
//! that placing a join or growing a box reads only what lies near it: the
//! export stays O(n) look-ups of nearby items instead of comparing every
//! join and every box with every segment of the drawing (seconds at 5,000
//! steps).

use crate::layout::{Point, Rect};
use std::collections::HashMap;

/// The side of a square, px: about two boxes wide, so a look-up around one
/// box reads a handful of squares and a long flow fills few.
const CELL: f64 = 256.0;
/// An item covering more squares than this (a flow across a long drawing
/// goes in each square it passes; a diagonal or absurd one would fill a
/// block) is kept aside and read by every look-up.
const MOST_CELLS: i64 = 4096;

/// Items of type `T` with their bounds; a look-up returns every live item
/// whose bounds meet the area asked for, and some more: callers test each
/// one exactly, the grid only leaves out what cannot touch the area.
#[derive(Debug, Clone)]
pub struct Grid<T> {
    cells: HashMap<(i64, i64), Vec<usize>>,
    wide: Vec<usize>,
    items: Vec<(T, bool)>,
}

impl<T: Copy> Default for Grid<T> {
    fn default() -> Self {
        Grid {
            cells: HashMap::new(),
            wide: Vec::new(),
            items: Vec::new(),
        }
    }
}

/// The squares a span covers, one more each side when `pad` (a look-up
/// reads its neighbours, so rounding cannot hide an item on a border), or
/// `None` when it is not finite.
fn span(lo: f64, hi: f64, pad: i64) -> Option<(i64, i64)> {
    if !(lo.is_finite() && hi.is_finite()) {
        return None;
    }
    // Clamped so a far coordinate cannot overflow the arithmetic below.
    let c = |v: f64| (v / CELL).floor().clamp(-1e15, 1e15) as i64;
    Some((c(lo.min(hi)) - pad, c(hi.max(lo)) + pad))
}

impl<T: Copy> Grid<T> {
    /// Files `item` under `bounds`; returns its number (for `remove`).
    pub fn insert(&mut self, bounds: Rect, item: T) -> usize {
        let id = self.items.len();
        self.items.push((item, true));
        let xs = span(bounds.x, bounds.x + bounds.w, 0);
        let ys = span(bounds.y, bounds.y + bounds.h, 0);
        match (xs, ys) {
            (Some((x0, x1)), Some((y0, y1)))
                if (x1 - x0 + 1).saturating_mul(y1 - y0 + 1) <= MOST_CELLS =>
            {
                for cx in x0..=x1 {
                    for cy in y0..=y1 {
                        self.cells.entry((cx, cy)).or_default().push(id);
                    }
                }
            }
            _ => self.wide.push(id),
        }
        id
    }

    /// Files the segment a–b.
    pub fn insert_segment(&mut self, a: Point, b: Point, item: T) -> usize {
        self.insert(bounds(a, b), item)
    }

    /// Takes item `id` out of every later look-up.
    pub fn remove(&mut self, id: usize) {
        if let Some(it) = self.items.get_mut(id) {
            it.1 = false;
        }
    }

    /// The live items filed near `area`, each once, in the order they were
    /// filed (so callers see the same order on every run).
    pub fn near(&self, area: Rect) -> Vec<T> {
        let mut ids: Vec<usize> = self.wide.clone();
        match (
            span(area.x, area.x + area.w, 1),
            span(area.y, area.y + area.h, 1),
        ) {
            (Some((x0, x1)), Some((y0, y1)))
                if (x1 - x0 + 1).saturating_mul(y1 - y0 + 1) <= self.cells.len() as i64 =>
            {
                for cx in x0..=x1 {
                    for cy in y0..=y1 {
                        if let Some(v) = self.cells.get(&(cx, cy)) {
                            ids.extend_from_slice(v);
                        }
                    }
                }
            }
            // An area larger than the filed squares: every item.
            _ => ids = (0..self.items.len()).collect(),
        }
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter_map(|id| self.items.get(id).filter(|it| it.1).map(|it| it.0))
            .collect()
    }
}

/// The bounds of the segment a–b.
pub fn bounds(a: Point, b: Point) -> Rect {
    Rect {
        x: a.x.min(b.x),
        y: a.y.min(b.y),
        w: (a.x - b.x).abs(),
        h: (a.y - b.y).abs(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }
    fn p(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    #[test]
    fn a_look_up_finds_what_is_near_and_leaves_out_what_is_far() {
        let mut g = Grid::default();
        g.insert(r(0.0, 0.0, 100.0, 60.0), 'a');
        g.insert(r(100_000.0, 0.0, 100.0, 60.0), 'b');
        // A flow across the whole drawing is near both ends.
        g.insert_segment(p(50.0, 30.0), p(100_050.0, 30.0), 'c');
        let gone = g.insert(r(10.0, 10.0, 5.0, 5.0), 'd');
        g.remove(gone);
        assert_eq!(g.near(r(20.0, 20.0, 10.0, 10.0)), vec!['a', 'c']);
        assert_eq!(g.near(r(100_020.0, 20.0, 1.0, 1.0)), vec!['b', 'c']);
        assert_eq!(g.near(r(50_000.0, 5_000.0, 1.0, 1.0)), Vec::<char>::new());
    }

    #[test]
    fn a_look_up_misses_nothing_that_meets_the_area() {
        // Random boxes and flows (a fixed LCG); every item whose bounds
        // meet an area, borders and corners included, is among its near.
        let mut seed = 7u64;
        let mut rnd = |m: f64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64 * m
        };
        let mut g = Grid::default();
        let mut all = Vec::new();
        for k in 0..400 {
            let b = if k % 2 == 0 {
                r(rnd(5000.0), rnd(2000.0), rnd(300.0), rnd(300.0))
            } else {
                let a = p(rnd(5000.0), rnd(2000.0));
                bounds(a, p(a.x + rnd(3000.0), a.y))
            };
            g.insert(b, k);
            all.push(b);
        }
        let meets = |a: &Rect, b: &Rect| {
            a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h
        };
        for _ in 0..200 {
            let area = r(rnd(5000.0), rnd(2000.0), rnd(400.0), rnd(400.0));
            let near = g.near(area);
            for (k, b) in all.iter().enumerate() {
                assert!(!meets(b, &area) || near.contains(&k), "{k} {b:?} {area:?}");
            }
            assert!(near.len() < all.len(), "a small area reads only part");
        }
    }

    #[test]
    fn odd_bounds_are_still_found() {
        let mut g = Grid::default();
        g.insert(r(f64::NAN, 0.0, 1.0, 1.0), 1);
        g.insert_segment(p(0.0, 0.0), p(1e9, 1e9), 2);
        g.insert(r(-1e300, -1e300, 1.0, 1.0), 3);
        // Enough filed squares that a small look-up reads only its own.
        for k in 0..20 {
            g.insert(r(1e4 * k as f64, 1e4, 1.0, 1.0), 10 + k);
        }
        assert_eq!(g.near(r(5.0, 5.0, 1.0, 1.0)), vec![1, 2]);
        // A look-up larger than the grid reads everything.
        assert_eq!(g.near(r(-1e301, -1e301, 2e301, 2e301)).len(), 23);
    }
}
