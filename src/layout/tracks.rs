//! Tracks in channels and gaps: parallel segments that share a channel
//! get separate lines, ordered so their legs cross as little as possible.

use super::choose::Route;
use super::pack::merge_spans;
use std::collections::{BTreeMap, BTreeSet};

/// Tracks of the runs along gaps: for each flow its track in its gap, and
/// for each gap how many tracks it has. Extents are discrete: channel c
/// (below rank c, c ≥ −1) is at 2c+2, rank r at 2r+1. Track 0 lies next to
/// column g, on the gap's left (next to column 0 for the gap left of it).
/// Also, for each gap, the stretches its runs cover (merged, sorted).
pub fn gap_tracks(
    routes: &[Route],
    pairs: &[(usize, usize)],
    rank: &[usize],
    col: &[usize],
) -> (Vec<usize>, BTreeMap<i64, usize>, GapSpans) {
    let ch = |c: i64| 2 * c + 2;
    let rk = |r: usize| 2 * r as i64 + 1;
    let mut gap_segs: BTreeMap<i64, Vec<(i64, i64, usize)>> = BTreeMap::new();
    for (k, r) in routes.iter().enumerate() {
        let (u, v) = pairs[k];
        match *r {
            Route::Gap(g) => {
                gap_segs
                    .entry(g)
                    .or_default()
                    .push((ch(rank[u] as i64), ch(rank[v] as i64 - 1), k))
            }
            Route::SideGap(g) => {
                gap_segs
                    .entry(g)
                    .or_default()
                    .push((rk(rank[u]), ch(rank[v] as i64 - 1), k))
            }
            Route::Back(g) => {
                gap_segs
                    .entry(g)
                    .or_default()
                    .push((ch(rank[v] as i64 - 1), rk(rank[u]), k))
            }
            Route::Around(g) => {
                gap_segs
                    .entry(g)
                    .or_default()
                    .push((ch(rank[v] as i64 - 1), ch(rank[u] as i64), k))
            }
            _ => {}
        }
    }
    let spans: GapSpans = gap_segs
        .iter()
        .map(|(g, v)| (*g, merge_spans(v.iter().map(|s| (s.0, s.1)).collect())))
        .collect();
    let mut gap_track = vec![0usize; routes.len()];
    let mut gap_tracks: BTreeMap<i64, usize> = BTreeMap::new();
    for (g, segs) in &mut gap_segs {
        let segs: Vec<(f64, f64, usize)> =
            segs.iter().map(|s| (s.0 as f64, s.1 as f64, s.2)).collect();
        // Runs that all come from one side nest: a run inside another's
        // stretch keeps nearer that side, so neither crosses the other.
        let left_of = |k: usize| {
            let (u, v) = pairs[k];
            (col[u] as i64 <= *g, col[v] as i64 <= *g)
        };
        let from_left = segs.iter().all(|s| left_of(s.2) == (true, true));
        let from_right = segs.iter().all(|s| left_of(s.2) == (false, false));
        // Track 0 lies on the left, except in the gap left of column 0.
        let assigned = if from_left || from_right {
            nest_intervals(segs, 0.5, from_right && *g >= 0)
        } else {
            color_intervals(segs, 0.5)
        };
        let mut count = 0;
        for (k, t) in assigned {
            gap_track[k] = t;
            count = count.max(t + 1);
        }
        gap_tracks.insert(*g, count);
    }
    (gap_track, gap_tracks, spans)
}

/// For each gap, the stretches along the flow its runs cover.
pub type GapSpans = BTreeMap<i64, Vec<(i64, i64)>>;

/// Tracks for intervals (lo, hi, key) such that an interval lying within
/// another gets a lower track (`reversed`: a higher one); intervals closer
/// than `gap` get different tracks.
pub fn nest_intervals(
    mut segs: Vec<(f64, f64, usize)>,
    gap: f64,
    reversed: bool,
) -> Vec<(usize, usize)> {
    segs.sort_by(|a, b| {
        (a.1 - a.0)
            .total_cmp(&(b.1 - b.0))
            .then(a.0.total_cmp(&b.0))
            .then(a.2.cmp(&b.2))
    });
    let mut depth: Vec<usize> = Vec::with_capacity(segs.len());
    for (i, &(lo, hi, _)) in segs.iter().enumerate() {
        let d = segs[..i]
            .iter()
            .zip(&depth)
            .filter(|((l, h, _), _)| *l < hi + gap && lo < *h + gap)
            .map(|(_, &d)| d + 1)
            .max()
            .unwrap_or(0);
        depth.push(d);
    }
    let top = depth.iter().copied().max().unwrap_or(0);
    segs.iter()
        .zip(depth)
        .map(|(s, d)| (s.2, if reversed { top - d } else { d }))
        .collect()
}

/// Greedy colouring of intervals (lo, hi, key): intervals closer than
/// `gap` get different tracks. Sorted by start, this is optimal.
pub fn color_intervals(mut segs: Vec<(f64, f64, usize)>, gap: f64) -> Vec<(usize, usize)> {
    segs.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    let mut ends: Vec<f64> = Vec::new();
    let mut out = Vec::with_capacity(segs.len());
    for (lo, hi, key) in segs {
        let t = match ends.iter().position(|&e| e + gap <= lo) {
            Some(t) => t,
            None => {
                ends.push(f64::NEG_INFINITY);
                ends.len() - 1
            }
        };
        ends[t] = hi;
        out.push((key, t));
    }
    out
}

/// A horizontal segment in a channel between ranks.
pub struct HSeg {
    pub lo: f64,
    pub hi: f64,
    pub key: usize,
    pub ends: [(f64, bool); 2],
}

/// Tracks for the segments of one channel. Segments apart by `gap` may
/// share a track. Where one segment goes up from a point and another
/// goes down from the same point, the first must lie above the second,
/// or their vertical legs would run along each other.
pub fn color_channel(mut segs: Vec<HSeg>, gap: f64) -> Vec<(usize, usize)> {
    segs.sort_by(|a, b| {
        a.lo.total_cmp(&b.lo)
            .then(a.hi.total_cmp(&b.hi))
            .then(a.key.cmp(&b.key))
    });
    let n = segs.len();
    // above[j] lists the segments that must be above j, in increasing order.
    let required = legs_meeting(&segs);
    let mut above: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(i, j) in &required {
        above[j].push(i);
    }
    // Where two segments need tracks of their own, prefer the order whose
    // legs cross the other's run fewer times. That weighs every pair, so a
    // channel of thousands of flows (one task fanning out to 5,000 ends)
    // keeps only the required order: it would take n² time and memory.
    let within = |x: f64, s: &HSeg| x > s.lo + 0.5 && x < s.hi - 0.5;
    let cost_above = |a: &HSeg, b: &HSeg| -> usize {
        b.ends.iter().filter(|&&(x, up)| up && within(x, a)).count()
            + a.ends
                .iter()
                .filter(|&&(x, up)| !up && within(x, b))
                .count()
    };
    let weighed = if n <= PREFERRED_ORDER_MAX { n } else { 0 };
    for i in 0..weighed {
        for j in i + 1..n {
            let (a, b) = (&segs[i], &segs[j]);
            if !(a.lo < b.hi + gap && b.lo < a.hi + gap)
                || required.contains(&(j, i))
                || required.contains(&(i, j))
            {
                continue;
            }
            match cost_above(a, b).cmp(&cost_above(b, a)) {
                std::cmp::Ordering::Less => above[j].push(i),
                std::cmp::Ordering::Greater => above[i].push(j),
                std::cmp::Ordering::Equal => {}
            }
        }
    }
    // Visit in an order that puts required-above segments first (Kahn,
    // lowest index first; a cycle, which needs crossing legs anyway, falls
    // back to input order).
    let mut indeg: Vec<usize> = above.iter().map(Vec::len).collect();
    let mut below: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (j, a) in above.iter().enumerate() {
        for &i in a {
            below[i].push(j);
        }
    }
    let mut order = Vec::with_capacity(n);
    let mut ready: BTreeSet<usize> = (0..n).filter(|&i| indeg[i] == 0).collect();
    let mut left: BTreeSet<usize> = (0..n).collect();
    while let Some(i) = ready.first().or(left.first()).copied() {
        ready.remove(&i);
        left.remove(&i);
        order.push(i);
        for &j in &below[i] {
            if indeg[j] > 0 {
                indeg[j] -= 1;
                if indeg[j] == 0 && left.contains(&j) {
                    ready.insert(j);
                }
            }
        }
    }
    let mut tracks: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut track_of = vec![usize::MAX; n];
    for i in order {
        let min_t = above[i]
            .iter()
            .filter(|&&a| track_of[a] != usize::MAX)
            .map(|&a| track_of[a] + 1)
            .max()
            .unwrap_or(0);
        let (lo, hi) = (segs[i].lo, segs[i].hi);
        let t = (min_t..)
            .find(|&t| {
                tracks
                    .get(t)
                    .is_none_or(|occ| occ.iter().all(|&(a, b)| b + gap <= lo || hi + gap <= a))
            })
            .unwrap_or(min_t);
        while tracks.len() <= t {
            tracks.push(Vec::new());
        }
        tracks[t].push((lo, hi));
        track_of[i] = t;
    }
    (0..n).map(|i| (segs[i].key, track_of[i])).collect()
}

/// The largest channel whose segments are ordered pair by pair (see
/// [`color_channel`]); the gallery's busiest channel holds a few dozen.
const PREFERRED_ORDER_MAX: usize = 1500;

/// The pairs (i, j) where segment i goes up from a point that segment j
/// goes down from, so i must lie above j; sorted. Ends are found by their
/// position rounded to whole units, so this is n log n, not every pair.
fn legs_meeting(segs: &[HSeg]) -> BTreeSet<(usize, usize)> {
    let mut downs: BTreeMap<i64, Vec<(f64, usize)>> = BTreeMap::new();
    for (j, s) in segs.iter().enumerate() {
        for &(y, up) in &s.ends {
            if !up {
                downs.entry(y.floor() as i64).or_default().push((y, j));
            }
        }
    }
    let mut out = BTreeSet::new();
    for (i, s) in segs.iter().enumerate() {
        for &(x, up) in &s.ends {
            if !up {
                continue;
            }
            let at = x.floor() as i64;
            for (_, list) in downs.range(at - 1..=at + 1) {
                for &(y, j) in list {
                    if j != i && (x - y).abs() < 1.0 {
                        out.insert((i, j));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_within_another_keeps_the_inner_track() {
        // 0..10 holds 2..5 and 6..9: those two share the inner track, the
        // long one goes outside them; reversed, the other way round.
        let segs = vec![(0.0, 10.0, 0), (2.0, 5.0, 1), (6.0, 9.0, 2)];
        let mut t = nest_intervals(segs.clone(), 0.5, false);
        t.sort();
        assert_eq!(t, vec![(0, 1), (1, 0), (2, 0)]);
        let mut t = nest_intervals(segs, 0.5, true);
        t.sort();
        assert_eq!(t, vec![(0, 0), (1, 1), (2, 1)]);
    }
}
