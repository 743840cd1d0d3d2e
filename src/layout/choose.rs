//! Which way each flow goes between the ranks.
//!
//! Every flow has a few possible routes (down its source's column, down its
//! target's column, through a gap between columns, and for loops beside the
//! source or around through any gap). Each route is reduced to coarse
//! segments on the grid, and flows are re-routed one at a time to the route
//! that crosses the others least, with a small charge per bend so that a
//! detour must save a crossing to be taken.

use super::order::Grid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Down the source's column, sideways in the channel above the target.
    JogLate,
    /// Sideways in the channel below the source, down the target's column.
    JogEarly,
    /// Sideways below the source to the gap `g` (−1 is left of column 0),
    /// along it, sideways above the target.
    Gap(i64),
    /// A rework loop: out of the source's side, back up the gap `g` just
    /// beside it, sideways above the target.
    Back(i64),
    /// A rework loop that leaves from the source's end like a forward
    /// flow, goes sideways to the gap `g` and back up it.
    Around(i64),
}

impl Route {
    fn bends(self) -> f64 {
        match self {
            Route::JogLate | Route::JogEarly => 2.0,
            Route::Back(_) => 3.0,
            Route::Gap(_) | Route::Around(_) => 4.0,
        }
    }
}

/// What one bend costs, in crossings.
const BEND: f64 = 0.3;

/// A run across the flow in a channel, at a level, between two positions.
#[derive(Clone, Copy)]
struct H {
    level: i64,
    x0: i64,
    x1: i64,
}

/// A run along the flow at position `x` between two levels.
#[derive(Clone, Copy)]
struct V {
    x: i64,
    y0: i64,
    y1: i64,
}

/// Levels: channel c (below rank c, c ≥ −1) is 2c+2, rank r is 2r+1.
/// Positions: column c is 2c+1, gap g (after column g) is 2g+2.
fn ch(c: i64) -> i64 {
    2 * c + 2
}
fn rk(r: usize) -> i64 {
    2 * r as i64 + 1
}
fn cx(c: usize) -> i64 {
    2 * c as i64 + 1
}
fn gx(g: i64) -> i64 {
    2 * g + 2
}

/// 1 for a sure crossing, ½ where the two meet at the end of one of them
/// in the same channel (the tracks decide), 0 otherwise.
fn crossing(h: &H, v: &V) -> f64 {
    if !(h.x0 < v.x && v.x < h.x1) || h.level < v.y0 || h.level > v.y1 {
        return 0.0;
    }
    if h.level == v.y0 || h.level == v.y1 {
        0.5
    } else {
        1.0
    }
}

fn hseg(level: i64, a: i64, b: i64) -> H {
    H {
        level,
        x0: a.min(b),
        x1: a.max(b),
    }
}
fn vseg(x: i64, a: i64, b: i64) -> V {
    V {
        x,
        y0: a.min(b),
        y1: a.max(b),
    }
}

fn segments(r: Route, rank: (usize, usize), col: (usize, usize)) -> (Vec<H>, Vec<V>) {
    let ((ru, rv), (cu, cv)) = (rank, col);
    let (above_v, below_u) = (rv as i64 - 1, ru as i64);
    match r {
        Route::JogLate => (
            vec![hseg(ch(above_v), cx(cu), cx(cv))],
            vec![
                vseg(cx(cu), rk(ru), ch(above_v)),
                vseg(cx(cv), ch(above_v), rk(rv)),
            ],
        ),
        Route::JogEarly => (
            vec![hseg(ch(below_u), cx(cu), cx(cv))],
            vec![
                vseg(cx(cu), rk(ru), ch(below_u)),
                vseg(cx(cv), ch(below_u), rk(rv)),
            ],
        ),
        Route::Gap(g) | Route::Around(g) => (
            vec![
                hseg(ch(below_u), cx(cu), gx(g)),
                hseg(ch(above_v), gx(g), cx(cv)),
            ],
            vec![
                vseg(cx(cu), rk(ru), ch(below_u)),
                vseg(gx(g), ch(below_u), ch(above_v)),
                vseg(cx(cv), ch(above_v), rk(rv)),
            ],
        ),
        Route::Back(g) => (
            // The side exit runs in the rank itself to the gap next to it,
            // where nothing else is.
            vec![hseg(ch(above_v), gx(g), cx(cv))],
            vec![
                vseg(gx(g), rk(ru), ch(above_v)),
                vseg(cx(cv), ch(above_v), rk(rv)),
            ],
        ),
    }
}

/// Segments of all chosen routes, bucketed by channel.
struct Board {
    /// For each channel (index c+1): horizontal runs in it.
    hs: Vec<Vec<(usize, H)>>,
    /// For each channel: vertical runs that reach its level.
    vs: Vec<Vec<(usize, V)>>,
}

impl Board {
    fn bucket(level: i64) -> Option<usize> {
        // Channel levels are even; index = c + 1 = level / 2.
        (level >= 0 && level % 2 == 0).then_some((level / 2) as usize)
    }
    /// The channels whose level lies within [y0, y1].
    fn channels(v: &V) -> std::ops::RangeInclusive<usize> {
        let lo = (v.y0.max(0) + 1) / 2;
        let hi = v.y1.max(0) / 2;
        lo as usize..=hi as usize
    }
    fn add(&mut self, k: usize, (hs, vs): &(Vec<H>, Vec<V>)) {
        for h in hs {
            if let Some(b) = Self::bucket(h.level) {
                self.hs[b].push((k, *h));
            }
        }
        for v in vs {
            for b in Self::channels(v) {
                if b < self.vs.len() {
                    self.vs[b].push((k, *v));
                }
            }
        }
    }
    fn remove(&mut self, k: usize, (hs, vs): &(Vec<H>, Vec<V>)) {
        for h in hs {
            if let Some(b) = Self::bucket(h.level) {
                self.hs[b].retain(|e| e.0 != k);
            }
        }
        for v in vs {
            for b in Self::channels(v) {
                if b < self.vs.len() {
                    self.vs[b].retain(|e| e.0 != k);
                }
            }
        }
    }
    fn cost(&self, (hs, vs): &(Vec<H>, Vec<V>)) -> f64 {
        let mut c = 0.0;
        for h in hs {
            if let Some(b) = Self::bucket(h.level).filter(|&b| b < self.vs.len()) {
                c += self.vs[b].iter().map(|(_, v)| crossing(h, v)).sum::<f64>();
            }
        }
        for v in vs {
            for b in Self::channels(v) {
                if b < self.hs.len() {
                    c += self.hs[b].iter().map(|(_, h)| crossing(h, v)).sum::<f64>();
                }
            }
        }
        c
    }
}

/// Routes for every flow (`pairs`, with `back` marking loops) on the grid.
pub fn choose(g: &Grid, pairs: &[(usize, usize)]) -> Vec<Route> {
    let Grid {
        back,
        rank,
        col,
        nranks,
        ncols,
        slots_in_lane,
        lane_col0,
    } = g;
    let (nranks, ncols) = (*nranks, *ncols);
    let mut occupied = vec![vec![false; nranks]; ncols];
    for (i, &c) in col.iter().enumerate() {
        occupied[c][rank[i]] = true;
    }
    let free = |c: usize, a: usize, b: usize| ((a + 1)..b).all(|r| !occupied[c][r]);
    let lane_of = |c: usize| lane_col0.iter().rposition(|&s| s <= c).unwrap_or(0);
    // Gaps worth trying for a detour: beside either end, at the borders of
    // their lanes, and outside the whole diagram.
    let gaps_for = |cu: usize, cv: usize| -> Vec<i64> {
        let mut gs = vec![cu as i64, cu as i64 - 1, cv as i64 - 1, cv as i64];
        for l in [lane_of(cu), lane_of(cv)] {
            gs.push(lane_col0[l] as i64 - 1);
            gs.push((lane_col0[l] + slots_in_lane[l]) as i64 - 1);
        }
        gs.push(-1);
        gs.push(ncols as i64 - 1);
        let mut seen = Vec::new();
        gs.retain(|g| {
            let new = !seen.contains(g);
            seen.push(*g);
            new
        });
        gs
    };
    let candidates: Vec<Vec<Route>> = pairs
        .iter()
        .enumerate()
        .map(|(k, &(u, v))| {
            let (cu, cv) = (col[u], col[v]);
            if back[k] || rank[v] <= rank[u] {
                let mut c = vec![Route::Back(cu as i64), Route::Back(cu as i64 - 1)];
                c.extend(gaps_for(cu, cv).into_iter().map(Route::Around));
                c
            } else if rank[v] == rank[u] + 1 {
                vec![Route::JogLate]
            } else {
                let mut c = Vec::new();
                if free(cu, rank[u], rank[v]) {
                    c.push(Route::JogLate);
                }
                if free(cv, rank[u], rank[v]) {
                    c.push(Route::JogEarly);
                }
                if c.is_empty() {
                    // The old default first: the gap on the target's near side.
                    c.push(Route::Gap(if cu <= cv { cv as i64 - 1 } else { cv as i64 }));
                }
                c.extend(gaps_for(cu, cv).into_iter().map(Route::Gap));
                c
            }
        })
        .collect();
    let segs_of = |k: usize, r: Route| {
        let (u, v) = pairs[k];
        segments(r, (rank[u], rank[v]), (col[u], col[v]))
    };
    let mut chosen: Vec<Route> = candidates.iter().map(|c| c[0]).collect();
    let mut board = Board {
        hs: vec![Vec::new(); nranks + 1],
        vs: vec![Vec::new(); nranks + 1],
    };
    let mut current: Vec<(Vec<H>, Vec<V>)> =
        (0..pairs.len()).map(|k| segs_of(k, chosen[k])).collect();
    for (k, s) in current.iter().enumerate() {
        board.add(k, s);
    }
    for _pass in 0..2 {
        let mut changed = false;
        for k in 0..pairs.len() {
            if candidates[k].len() < 2 {
                continue;
            }
            board.remove(k, &current[k]);
            let mut best = (f64::INFINITY, chosen[k]);
            for &r in &candidates[k] {
                let c = board.cost(&segs_of(k, r)) + BEND * r.bends();
                if c < best.0 - 1e-9 {
                    best = (c, r);
                }
            }
            if best.1 != chosen[k] {
                changed = true;
                chosen[k] = best.1;
                current[k] = segs_of(k, best.1);
            }
            board.add(k, &current[k]);
        }
        if !changed {
            break;
        }
    }
    chosen
}
