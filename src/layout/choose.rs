//! Which way each flow goes between the ranks.
//!
//! Every flow has a few possible routes (down its source's column, down its
//! target's column, through a gap between columns, and for loops beside the
//! source or around through any gap). Each route is reduced to one chord
//! per channel it passes (see `Chord`), and flows are re-routed one at a
//! time, twice over, to the route that crosses the others least, with a
//! small charge per bend so that a detour must save a crossing to be taken.

use super::order::{lane_of_col, Grid};
use super::ports::leaves_left;

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
    /// Out of the source's side, straight across its own rank (the cells
    /// between are empty) and down the target's column: one bend.
    Side,
    /// Out of the source's side, straight across its own rank to the gap
    /// `g` (the cells between are empty), down it, sideways above the
    /// target: how a choice's outcome leaves from a side corner when its
    /// target's column is not clear below it.
    SideGap(i64),
}

impl Route {
    fn bends(self) -> f64 {
        match self {
            Route::Side => 1.0,
            Route::JogLate | Route::JogEarly => 2.0,
            Route::Back(_) | Route::SideGap(_) => 3.0,
            Route::Gap(_) | Route::Around(_) => 4.0,
        }
    }

    /// Whether it leaves by its source's side, which holds one flow (a
    /// diamond's corner).
    pub fn by_side(self) -> bool {
        matches!(self, Route::Side | Route::Back(_) | Route::SideGap(_))
    }
}

/// What one bend costs, in crossings.
const BEND: f64 = 0.3;
/// What two runs across one band that would share a line cost: more than
/// any detour.
const SAME_LINE: f64 = 1000.0;
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

/// Positions across: column c is 4c+2, gap g (after column g) is 4g+4;
/// the places between mark a drop beside a column's middle (`Side`).
fn cx(c: usize) -> i64 {
    4 * c as i64 + 2
}
fn gx(g: i64) -> i64 {
    4 * g + 4
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

/// The chord between border points `p` and `q` of a run from `x` to `y`.
fn chord(channel: i64, (p, q): (i64, i64), (x, y): (i64, i64)) -> Chord {
    Chord {
        channel,
        a: p.min(q),
        b: p.max(q),
        // In half columns.
        run: (x - y).abs() / 2,
    }
}

/// A straight pass through channels `from..=to` at position `x`.
fn through(out: &mut Vec<Chord>, from: i64, to: i64, x: i64) {
    out.extend((from..=to).map(|c| chord(c, (top(x), bottom(x)), (x, x))));
}

/// Ranks are crossed too: a run across the band of rank r (a loop leaving
/// its source's side, or a `Side` route) meets the flows that pass through
/// that band. Band r is counted as a channel of its own, numbered `BAND + r`.
const BAND: i64 = 1 << 30;

/// A straight pass through the bands of ranks `from + 1..=to` at `x`: what
/// a run down from channel `from` to channel `to` crosses on the way.
fn bands(out: &mut Vec<Chord>, from: i64, to: i64, x: i64) {
    out.extend((from + 1..=to).map(|r| chord(BAND + r, (top(x), bottom(x)), (x, x))));
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
            bands(&mut out, ru, rv - 1, xu);
            out.push(chord(rv - 1, (top(xu), bottom(xv)), (xu, xv)));
        }
        Route::JogEarly => {
            out.push(chord(ru, (top(xu), bottom(xv)), (xu, xv)));
            through(&mut out, ru + 1, rv - 1, xv);
            bands(&mut out, ru, rv - 1, xv);
        }
        Route::Side => {
            // It drops just beyond the middle of the target's column, on
            // the far side, so it crosses what comes down that column.
            let far = if xu < xv { xv + 1 } else { xv - 1 };
            out.push(chord(BAND + ru, (top(xu), bottom(far)), (xu, xv)));
            through(&mut out, ru, rv - 1, far);
            bands(&mut out, ru, rv - 1, far);
        }
        Route::Gap(g) => {
            let x = gx(g);
            out.push(chord(ru, (top(xu), bottom(x)), (xu, x)));
            through(&mut out, ru + 1, rv - 2, x);
            bands(&mut out, ru, rv - 1, x);
            out.push(chord(rv - 1, (top(x), bottom(xv)), (x, xv)));
        }
        Route::SideGap(g) => {
            let x = gx(g);
            out.push(chord(BAND + ru, (top(xu), bottom(x)), (xu, x)));
            through(&mut out, ru, rv - 2, x);
            bands(&mut out, ru, rv - 1, x);
            out.push(chord(rv - 1, (top(x), bottom(xv)), (x, xv)));
        }
        Route::Back(g) => {
            let x = gx(g);
            out.push(chord(BAND + ru, (top(xu), top(x)), (xu, x)));
            through(&mut out, rv, ru - 1, x);
            bands(&mut out, rv - 1, ru - 1, x);
            out.push(chord(rv - 1, (bottom(x), bottom(xv)), (x, xv)));
        }
        Route::Around(g) => {
            let x = gx(g);
            out.push(chord(ru, (top(xu), top(x)), (xu, x)));
            through(&mut out, rv, ru - 1, x);
            bands(&mut out, rv - 1, ru, x);
            out.push(chord(rv - 1, (bottom(x), bottom(xv)), (x, xv)));
        }
    }
    out
}

/// The most chord tests the choice of routes may take (a tenth of a
/// second or so); the gallery's largest model takes a small fraction.
const CHOOSE_BUDGET: u64 = 40_000_000;

/// The chords of all chosen routes, by channel (index c + 1) and then by
/// band (index nranks + 1 + r).
struct Board {
    nranks: usize,
    by_channel: Vec<Vec<(usize, Chord)>>,
}

impl Board {
    fn new(nranks: usize) -> Self {
        Board {
            nranks,
            by_channel: vec![Vec::new(); 2 * nranks + 1],
        }
    }
    fn index(&self, c: i64) -> Option<usize> {
        if c >= BAND {
            usize::try_from(c - BAND).ok().map(|r| self.nranks + 1 + r)
        } else {
            usize::try_from(c + 1).ok()
        }
    }
    fn slot(&mut self, c: i64) -> Option<&mut Vec<(usize, Chord)>> {
        self.index(c).and_then(|i| self.by_channel.get_mut(i))
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
    /// The chord tests one pass of [`choose`] makes: each candidate of a
    /// flow with a choice, against the chords in the channels it uses.
    fn work(&self, candidates: &[Vec<Route>], current: &[Vec<Chord>]) -> u64 {
        let mut w: u64 = 0;
        for (c, chords) in candidates.iter().zip(current) {
            if c.len() < 2 {
                continue;
            }
            let met: u64 = chords
                .iter()
                .filter_map(|ch| self.by_channel.get(self.index(ch.channel)?))
                .map(|v| v.len() as u64)
                .sum();
            w = w.saturating_add(met.max(1).saturating_mul(c.len() as u64));
        }
        w
    }
    /// Crossings with the chords of other flows, a crossing with a message
    /// flow (`minor`) counting half: readers follow the sequence flows.
    fn cost(&self, chords: &[Chord], minor: &[bool], me: usize) -> f64 {
        let w = |k: usize| if minor[k] || minor[me] { 0.5 } else { 1.0 };
        chords
            .iter()
            .filter_map(|ch| {
                let v = self.by_channel.get(self.index(ch.channel)?)?;
                // Two runs across one rank's band that interleave would lie
                // on one line where their sources' middles align: never.
                let along = |o: &Chord| ch.channel >= BAND && ch.run > 0 && o.run > 0;
                Some(
                    v.iter()
                        .filter(|(_, o)| interleave(ch, o))
                        .map(|(k, o)| if along(o) { SAME_LINE } else { w(*k) })
                        .sum::<f64>(),
                )
            })
            .sum()
    }
}

/// Where a border point lies across the channel.
fn across(p: i64) -> i64 {
    if p > FAR / 2 {
        FAR - p
    } else {
        p
    }
}

/// Whether another flow's chord, in a channel or band of `mine` (a side
/// run from `xu` into the gap at `x`), passes the gap's place or, in a
/// band, runs across any place the side run spans.
fn shares_gap(board: &Board, mine: &[Chord], x: i64, xu: i64) -> bool {
    let (lo, hi) = (x.min(xu), x.max(xu));
    mine.iter().any(|ch| {
        let Some(v) = board
            .index(ch.channel)
            .and_then(|i| board.by_channel.get(i))
        else {
            return false;
        };
        v.iter().any(|(_, o)| {
            let (p, q) = (across(o.a), across(o.b));
            let at_gap = p == x || q == x;
            let along =
                ch.channel >= BAND && ch.run > 0 && o.run > 0 && p.min(q) <= hi && lo <= p.max(q);
            at_gap || along
        })
    })
}

/// How often the routes are settled again after a `SideGap` was given up;
/// after the last time, its replacement stays without the others moving.
const SIDE_GAP_ROUNDS: usize = 2;

/// Whether a side run into a gap (`segs`, from `xu` into the gap at `x`)
/// is clear: the chords do not see what it meets there (other runs down
/// the same gap, or along the same rank's band: generated models crossed
/// twice as often, and edges ran along each other), so it is taken only
/// where it shares no place with another flow and crosses nothing.
fn side_gap_clear(
    board: &Board,
    segs: &[Chord],
    x: i64,
    xu: i64,
    minor: &[bool],
    k: usize,
) -> bool {
    board.cost(segs, minor, k) == 0.0 && !shares_gap(board, segs, x, xu)
}

/// Of the routes `tried` for flow `k` that `ok` admits, the one that costs
/// least against the board: its crossings, a charge per bend and per
/// column run across; the earliest of equal cost.
fn best_route(
    board: &Board,
    tried: impl Iterator<Item = Route>,
    segs_of: impl Fn(Route) -> Vec<Chord>,
    minor: &[bool],
    k: usize,
    ok: impl Fn(Route, &[Chord]) -> bool,
) -> Option<Route> {
    let mut best: Option<(f64, Route)> = None;
    for r in tried {
        let segs = segs_of(r);
        if !ok(r, &segs) {
            continue;
        }
        let run: i64 = segs.iter().map(|c| c.run).sum();
        let c = board.cost(&segs, minor, k) + BEND * r.bends() + RUN * run as f64;
        if best.is_none_or(|(b, _)| c < b - 1e-9) {
            best = Some((c, r));
        }
    }
    best.map(|(_, r)| r)
}

/// Routes for every flow (`pairs`; `minor` marks message flows and
/// associations, `labelled` choice outcomes with a label; `side_ok` the
/// flows that may leave by their source's side) on the grid, and the crossings they
/// are estimated to make (weighed as in `cost`).
pub fn choose(
    g: &Grid,
    pairs: &[(usize, usize)],
    minor: &[bool],
    labelled: &[bool],
    side_ok: &[bool],
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
    // Leaving by the side: the cells between the two columns in the
    // source's rank, and the target's column from there down, are empty.
    let side = |k: usize| {
        let (u, v) = pairs[k];
        let (cu, cv, ru) = (col[u], col[v], rank[u]);
        side_ok[k]
            && cu != cv
            && (cu.min(cv) + 1..cu.max(cv)).all(|c| !occupied[c][ru])
            && (ru..rank[v]).all(|r| !occupied[cv][r])
    };
    // Leaving by the side into a gap: the cells between the source's
    // column and the gap, in its rank, are empty.
    let side_gap = |k: usize, g: i64| {
        let u = pairs[k].0;
        let (ru, cu) = (rank[u], col[u] as i64);
        let (a, b) = if g >= cu {
            (cu + 1, g)
        } else {
            (g + 1, cu - 1)
        };
        (a..=b).all(|c| usize::try_from(c).is_ok_and(|c| c < ncols && !occupied[c][ru]))
    };
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
    // A choice's outcome may leave by a side corner into a gap.
    let side_gaps = |k: usize| -> Vec<Route> {
        let u = pairs[k].0;
        if !(labelled[k] && side_ok[k]) {
            return Vec::new();
        }
        // Only the gaps beside the source: a run across further cells met
        // other runs along the rank that the chords do not see (edges
        // along each other, more crossings on generated models).
        let cu = col[u] as i64;
        [cu - 1, cu]
            .into_iter()
            .filter(|&g| side_gap(k, g))
            .map(Route::SideGap)
            .collect()
    };
    let candidates: Vec<Vec<Route>> = pairs
        .iter()
        .enumerate()
        .map(|(k, &(u, v))| {
            let (cu, cv) = (col[u], col[v]);
            if back[k] || rank[v] <= rank[u] {
                // A labelled loop leaves like a forward flow, where the label
                // has room in the channel below its choice, or, from a
                // choice, by a side corner with its label below the run.
                let beside = [Route::Back(cu as i64), Route::Back(cu as i64 - 1)];
                let mut c = if labelled[k] {
                    Vec::new()
                } else {
                    beside.to_vec()
                };
                c.extend(gaps_for(cu, cv).into_iter().map(Route::Around));
                // Its label stands beside the run, in the next column's
                // cell: only where that cell is empty, in the same lane.
                let room = |g: i64| {
                    let c = if g >= cu as i64 {
                        cu + 1
                    } else {
                        cu.wrapping_sub(1)
                    };
                    c < ncols && lane_of(c) == lane_of(cu) && !occupied[c][rank[u]]
                };
                if labelled[k] && side_ok[k] {
                    c.extend(beside.into_iter().filter(|&r| match r {
                        Route::Back(g) => room(g),
                        _ => false,
                    }));
                }
                c
            } else if rank[v] == rank[u] + 1 {
                let mut c = vec![Route::JogLate];
                if side(k) {
                    c.push(Route::Side);
                }
                c.extend(side_gaps(k));
                c
            } else {
                let mut c = Vec::new();
                if free(cu, rank[u], rank[v]) {
                    c.push(Route::JogLate);
                }
                if side(k) {
                    c.push(Route::Side);
                }
                if free(cv, rank[u], rank[v]) {
                    c.push(Route::JogEarly);
                }
                if c.is_empty() {
                    // The old default first: the gap on the target's near side.
                    c.push(Route::Gap(if cu <= cv { cv as i64 - 1 } else { cv as i64 }));
                }
                c.extend(gaps_for(cu, cv).into_iter().map(Route::Gap));
                c.extend(side_gaps(k));
                c
            }
        })
        .collect();
    let segs_of = |k: usize, r: Route| {
        let (u, v) = pairs[k];
        chords(r, (rank[u], rank[v]), (col[u], col[v]))
    };
    let mut by_source: Vec<Vec<usize>> = vec![Vec::new(); col.len()];
    for (k, &(u, _)) in pairs.iter().enumerate() {
        if let Some(v) = by_source.get_mut(u) {
            v.push(k);
        }
    }
    let mut chosen: Vec<Route> = candidates.iter().map(|c| c[0]).collect();
    let mut board = Board::new(nranks);
    let mut current: Vec<Vec<Chord>> = (0..pairs.len()).map(|k| segs_of(k, chosen[k])).collect();
    for (k, s) in current.iter().enumerate() {
        board.add(k, s);
    }
    // Each pass weighs every candidate against the chords it meets; past
    // the budget (thousands of flows through one channel: 3,000 message
    // flows took 20 s) the first candidates stay.
    let passes = if board.work(&candidates, &current) > CHOOSE_BUDGET {
        0
    } else {
        2
    };
    // A `SideGap` is taken only where it is clear (see `side_gap_clear`);
    // one that later flows made unclear is given up for good and the
    // others routed again around what it takes instead: given up only
    // after the others had settled around it, its replacement crossed the
    // loop that had moved out of its way (MIWG C.4.0, whose drawing then
    // went to the longer plan: bends 16 → 37).
    let mut given_up = vec![false; pairs.len()];
    for _round in 0..=SIDE_GAP_ROUNDS {
        for _pass in 0..passes {
            let mut changed = false;
            for k in 0..pairs.len() {
                if candidates[k].len() < 2 {
                    continue;
                }
                board.remove(k, &current[k]);
                // A side holds one flow (a diamond's corner): not the side
                // another flow of the source already leaves by.
                let (u, v) = pairs[k];
                let by_side = Route::by_side;
                let left = |r: Route, w: usize| leaves_left(r, col[u], col[w]);
                let taken = |r: Route| {
                    by_side(r)
                        && by_source[u].iter().any(|&j| {
                            j != k
                                && by_side(chosen[j])
                                && left(chosen[j], pairs[j].1) == left(r, v)
                        })
                };
                let xu = cx(col[u]);
                let tried = candidates[k].iter().copied().filter(|&r| !taken(r));
                let best = best_route(
                    &board,
                    tried,
                    |r| segs_of(k, r),
                    minor,
                    k,
                    |r, segs| match r {
                        Route::SideGap(g) => {
                            !given_up[k] && side_gap_clear(&board, segs, gx(g), xu, minor, k)
                        }
                        _ => true,
                    },
                )
                .unwrap_or(chosen[k]);
                if best != chosen[k] {
                    changed = true;
                    chosen[k] = best;
                    current[k] = segs_of(k, best);
                }
                board.add(k, &current[k]);
            }
            if !changed {
                break;
            }
        }
        // Later flows may have come into a `SideGap`'s gap or band.
        let unclear: Vec<usize> = (0..pairs.len())
            .filter(|&k| match chosen[k] {
                Route::SideGap(g) => {
                    board.remove(k, &current[k]);
                    let clear =
                        side_gap_clear(&board, &current[k], gx(g), cx(col[pairs[k].0]), minor, k);
                    board.add(k, &current[k]);
                    !clear
                }
                _ => false,
            })
            .collect();
        if unclear.is_empty() {
            break;
        }
        for k in unclear {
            given_up[k] = true;
            board.remove(k, &current[k]);
            let others = candidates[k]
                .iter()
                .copied()
                .filter(|r| !matches!(r, Route::SideGap(_)));
            chosen[k] = best_route(&board, others, |r| segs_of(k, r), minor, k, |_, _| true)
                .unwrap_or(candidates[k][0]);
            current[k] = segs_of(k, chosen[k]);
            board.add(k, &current[k]);
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
