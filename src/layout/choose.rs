//! Which way each flow goes between the ranks.
//!
//! Every flow has a few possible routes (down its source's column, down its
//! target's column, through a gap between columns, and for loops beside the
//! source or around through any gap). Each route is reduced to one chord
//! per channel it passes (see `Chord`), and flows are re-routed one at a
//! time, twice over, to the route that crosses the others least, with a
//! small charge per bend so that a detour must save a crossing to be taken.

use super::order::{lane_of_col, Grid};

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
/// What a run across one column costs: among routes that cross as much,
/// the shortest.
const RUN: f64 = 0.001;

/// A flow's path through one channel, seen as a chord of the channel's
/// rectangle: it enters and leaves at points of the border. Two paths in a
/// channel must cross exactly when their chords interleave along the
/// border (whatever the tracks), so counting interleaved pairs estimates
/// the crossings once tracks are well chosen.
#[derive(Clone, Copy)]
struct Chord {
    channel: i64,
    a: i64,
    b: i64,
    /// How far it runs across, in half columns.
    run: i64,
}

/// Positions across: column c is 2c+1, gap g (after column g) is 2g+2.
fn cx(c: usize) -> i64 {
    2 * c as i64 + 1
}
fn gx(g: i64) -> i64 {
    2 * g + 2
}

/// Border points, walking around the channel: its top edge (towards the
/// rank before it) left to right, then its bottom edge right to left.
const FAR: i64 = 1 << 40;
fn top(x: i64) -> i64 {
    x
}
fn bottom(x: i64) -> i64 {
    FAR - x
}

fn chord(channel: i64, p: i64, q: i64, run: i64) -> Chord {
    Chord {
        channel,
        a: p.min(q),
        b: p.max(q),
        run,
    }
}

/// A straight pass through channels `from..=to` at position `x`.
fn through(out: &mut Vec<Chord>, from: i64, to: i64, x: i64) {
    out.extend((from..=to).map(|c| chord(c, top(x), bottom(x), 0)));
}

fn interleave(p: &Chord, q: &Chord) -> bool {
    (p.a < q.a && q.a < p.b && p.b < q.b) || (q.a < p.a && p.a < q.b && q.b < p.b)
}

fn chords(r: Route, (ru, rv): (usize, usize), (cu, cv): (usize, usize)) -> Vec<Chord> {
    let (ru, rv) = (ru as i64, rv as i64);
    let (xu, xv) = (cx(cu), cx(cv));
    let mut out = Vec::new();
    match r {
        Route::JogLate => {
            through(&mut out, ru, rv - 2, xu);
            out.push(chord(rv - 1, top(xu), bottom(xv), (xu - xv).abs()));
        }
        Route::JogEarly => {
            out.push(chord(ru, top(xu), bottom(xv), (xu - xv).abs()));
            through(&mut out, ru + 1, rv - 1, xv);
        }
        Route::Gap(g) => {
            let x = gx(g);
            out.push(chord(ru, top(xu), bottom(x), (xu - x).abs()));
            through(&mut out, ru + 1, rv - 2, x);
            out.push(chord(rv - 1, top(x), bottom(xv), (x - xv).abs()));
        }
        Route::Back(g) => {
            let x = gx(g);
            through(&mut out, rv, ru - 1, x);
            out.push(chord(rv - 1, bottom(x), bottom(xv), (x - xv).abs()));
        }
        Route::Around(g) => {
            let x = gx(g);
            out.push(chord(ru, top(xu), top(x), (xu - x).abs()));
            through(&mut out, rv, ru - 1, x);
            out.push(chord(rv - 1, bottom(x), bottom(xv), (x - xv).abs()));
        }
    }
    out
}

/// The chords of all chosen routes, by channel (index c + 1).
struct Board {
    by_channel: Vec<Vec<(usize, Chord)>>,
}

impl Board {
    fn slot(&mut self, c: i64) -> Option<&mut Vec<(usize, Chord)>> {
        usize::try_from(c + 1)
            .ok()
            .and_then(|i| self.by_channel.get_mut(i))
    }
    fn add(&mut self, k: usize, chords: &[Chord]) {
        for ch in chords {
            if let Some(v) = self.slot(ch.channel) {
                v.push((k, *ch));
            }
        }
    }
    fn remove(&mut self, k: usize, chords: &[Chord]) {
        for ch in chords {
            if let Some(v) = self.slot(ch.channel) {
                v.retain(|e| e.0 != k);
            }
        }
    }
    /// Crossings with the chords of other flows, a crossing with a message
    /// flow (`minor`) counting half: readers follow the sequence flows.
    fn cost(&self, chords: &[Chord], minor: &[bool], me: usize) -> f64 {
        let w = |k: usize| if minor[k] || minor[me] { 0.5 } else { 1.0 };
        chords
            .iter()
            .filter_map(|ch| {
                let i = usize::try_from(ch.channel + 1).ok()?;
                let v = self.by_channel.get(i)?;
                Some(
                    v.iter()
                        .filter(|(_, o)| interleave(ch, o))
                        .map(|(k, _)| w(*k))
                        .sum::<f64>(),
                )
            })
            .sum()
    }
}

/// Routes for every flow (`pairs`; `minor` marks message flows and
/// associations, `labelled` choice outcomes with a label) on the grid,
/// and the crossings they are estimated to make (weighed as in `cost`).
pub fn choose(
    g: &Grid,
    pairs: &[(usize, usize)],
    minor: &[bool],
    labelled: &[bool],
) -> (Vec<Route>, f64) {
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
    let lane_of = |c: usize| lane_of_col(lane_col0, c);
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
                // A labelled loop leaves like a forward flow, where the label
                // has room in the channel below its choice.
                let mut c = if labelled[k] {
                    Vec::new()
                } else {
                    vec![Route::Back(cu as i64), Route::Back(cu as i64 - 1)]
                };
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
        chords(r, (rank[u], rank[v]), (col[u], col[v]))
    };
    let mut chosen: Vec<Route> = candidates.iter().map(|c| c[0]).collect();
    let mut board = Board {
        by_channel: vec![Vec::new(); nranks + 1],
    };
    let mut current: Vec<Vec<Chord>> = (0..pairs.len()).map(|k| segs_of(k, chosen[k])).collect();
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
                let segs = segs_of(k, r);
                let run: i64 = segs.iter().map(|c| c.run).sum();
                let c = board.cost(&segs, minor, k) + BEND * r.bends() + RUN * run as f64;
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
    // Every crossing is seen from both of its flows.
    let crossings = (0..pairs.len())
        .map(|k| board.cost(&current[k], minor, k))
        .sum::<f64>()
        / 2.0;
    // A loop that goes left into the gap where the node beside it sends a
    // loop right, from the same rank, would share that run: keep it right.
    let rightward: Vec<(i64, usize)> = (0..pairs.len())
        .filter_map(|k| match chosen[k] {
            Route::Back(g) if g == col[pairs[k].0] as i64 => Some((g, rank[pairs[k].0])),
            _ => None,
        })
        .collect();
    for (k, r) in chosen.iter_mut().enumerate() {
        let u = pairs[k].0;
        if let Route::Back(g) = *r {
            if g < col[u] as i64 && rightward.contains(&(g, rank[u])) {
                *r = Route::Back(col[u] as i64);
            }
        }
    }
    (chosen, crossings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flows_whose_ends_come_in_opposite_orders_interleave() {
        // Column 0 → 2 and column 2 → 0 in one channel must cross.
        let a = chords(Route::JogLate, (0, 1), (0, 2));
        let b = chords(Route::JogLate, (0, 1), (2, 0));
        assert!(interleave(&a[0], &b[0]));
        // So must 0 → 3 and 1 → 2: 1 starts right of 0 but ends left of 3.
        let c = chords(Route::JogLate, (0, 1), (0, 3));
        let d = chords(Route::JogLate, (0, 1), (1, 2));
        assert!(interleave(&c[0], &d[0]));
        // 0 → 2 and 1 → 3 keep their order: tracks can keep them apart.
        let e = chords(Route::JogLate, (0, 1), (0, 2));
        let f = chords(Route::JogLate, (0, 1), (1, 3));
        assert!(!interleave(&e[0], &f[0]));
    }

    #[test]
    fn a_loop_around_the_outside_leaves_the_channels_between_alone() {
        // A loop from rank 5 back to rank 1 up the gap left of everything
        // meets no flow on the way; up the gap between columns 0 and 1 it
        // crosses a flow from column 2 to 0 in channel 3.
        let outside = chords(Route::Around(-1), (5, 1), (1, 1));
        let inside = chords(Route::Around(0), (5, 1), (1, 1));
        let flow = chords(Route::JogLate, (3, 4), (2, 0));
        let crosses = |l: &[Chord]| {
            l.iter()
                .filter(|c| c.channel == 3)
                .any(|c| interleave(c, &flow[0]))
        };
        assert!(!crosses(&outside));
        assert!(crosses(&inside));
    }
}
