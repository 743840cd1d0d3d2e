//! Neighbouring slot columns of a lane, as close as what stands in them
//! allows. A lane has as many columns as its busiest rank has nodes, and
//! each column holds somewhere the drawing's biggest choice; spacing
//! columns by their widest node anywhere made a lane as wide as all its
//! biggest nodes side by side, everywhere (area per node grew 4.9× from
//! 50 to 5,000 steps). Two columns only need room for what stands in both
//! at the same rank: nodes, the bodies of nodes one rank away (their flows
//! run in the channel between), flows running down a column past empty
//! cells, and the tracks of a gap where its runs pass.

use super::choose::Route;

/// Something standing in a column from rank `r0` to `r1`, reaching `lo`
/// before the column's axis and `hi` after it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stand {
    pub r0: usize,
    pub r1: usize,
    pub lo: f64,
    pub hi: f64,
}

/// What each column holds, rank by rank: each node (`split`: its extent
/// before and after the axis; `body`: its symbol's half-width across the
/// flow, where the flows that run down a column past empty cells, jogs and
/// side exits of choose.rs, may lie).
pub fn stands(
    ncols: usize,
    rank: &[usize],
    col: &[usize],
    split: &[(f64, f64)],
    body: &[f64],
    routes: &[Route],
    pairs: &[(usize, usize)],
) -> Vec<Vec<Stand>> {
    let mut out: Vec<Vec<Stand>> = vec![Vec::new(); ncols];
    for i in 0..rank.len() {
        let r = rank[i];
        out[col[i]].push(Stand {
            r0: r,
            r1: r,
            lo: split[i].0,
            hi: split[i].1,
        });
    }
    for (k, route) in routes.iter().enumerate() {
        let (u, v) = pairs[k];
        let (ru, rv) = (rank[u], rank[v]);
        if rv <= ru {
            continue;
        }
        let (c, r0, r1, b) = match route {
            Route::JogLate => (col[u], ru, rv - 1, body[u]),
            Route::JogEarly => (col[v], ru + 1, rv, body[v]),
            Route::Side => (col[v], ru, rv, body[v]),
            _ => continue,
        };
        out[c].push(Stand {
            r0,
            r1,
            lo: b,
            hi: b,
        });
    }
    for s in &mut out {
        s.sort_by(|a, b| a.r0.cmp(&b.r0).then(a.r1.cmp(&b.r1)));
    }
    out
}

/// The least distance between the axes of columns `a` and `b` (b after a):
/// `gap` between whatever stands in both at one rank, and where the gap's
/// runs pass (`spans`, merged and sorted, in the discrete extents of
/// tracks.rs: rank r at 2r+1, its channels at 2r and 2r+2), room for its
/// `tracks_w` beside what stands there. Also where the gap's tracks start
/// after a's axis.
pub fn pitch(
    a: &[Stand],
    b: &[Stand],
    gap: f64,
    spans: &[(i64, i64)],
    tracks_w: f64,
) -> (f64, f64) {
    // b is sorted by start; reach[i], the furthest rank b[..=i] reaches,
    // never falls, so the first stand that can meet s is found by halving.
    let reach: Vec<usize> = b
        .iter()
        .scan(0, |m, t| {
            *m = (*m).max(t.r1);
            Some(*m)
        })
        .collect();
    // Where the other column is empty at a rank, what stands in one still
    // needs its own room: a node two columns away may stand beside it.
    let mut need: f64 = a
        .iter()
        .map(|s| s.hi)
        .chain(b.iter().map(|t| t.lo))
        .fold(0.0, f64::max);
    for s in a {
        let from = reach.partition_point(|&m| m < s.r0);
        for t in b[from..].iter().take_while(|t| t.r0 <= s.r1) {
            if t.r1 >= s.r0 {
                need = need.max(s.hi + t.lo);
            }
        }
    }
    let passes = |s: &Stand| {
        let (lo, hi) = (2 * s.r0 as i64, 2 * s.r1 as i64 + 2);
        let i = spans.partition_point(|&(_, e1)| e1 < lo);
        i < spans.len() && spans[i].0 <= hi
    };
    if spans.is_empty() {
        return (need + gap, 0.0);
    }
    let after_a = a
        .iter()
        .filter(|s| passes(s))
        .map(|s| s.hi)
        .fold(0.0, f64::max);
    let before_b = b
        .iter()
        .filter(|s| passes(s))
        .map(|s| s.lo)
        .fold(0.0, f64::max);
    ((need + gap).max(after_a + tracks_w + before_b), after_a)
}

/// Extents (lo, hi) merged where they touch, sorted.
pub fn merge_spans(mut v: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    v.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(v.len());
    for (lo, hi) in v {
        match out.last_mut() {
            Some(last) if lo <= last.1 => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(r: usize, half: f64) -> Stand {
        Stand {
            r0: r,
            r1: r,
            lo: half,
            hi: half,
        }
    }

    #[test]
    fn big_nodes_at_different_ranks_do_not_push_columns_apart() {
        // A 224-px choice in column a at rank 0 and one in b at rank 5:
        // each needs its own half and a gap, not both halves.
        let a = [node(0, 112.0), node(2, 22.0)];
        let b = [node(2, 22.0), node(5, 112.0)];
        assert_eq!(pitch(&a, &b, 20.0, &[], 0.0), (132.0, 0.0));
    }

    #[test]
    fn nodes_at_one_rank_keep_their_gap() {
        let a = [node(3, 112.0)];
        let b = [node(3, 30.0)];
        assert_eq!(pitch(&a, &b, 20.0, &[], 0.0).0, 162.0);
    }

    #[test]
    fn a_long_stand_after_short_ones_still_counts() {
        let a = [node(9, 10.0)];
        let b = [
            node(0, 10.0),
            Stand {
                r0: 1,
                r1: 20,
                lo: 30.0,
                hi: 30.0,
            },
        ];
        assert_eq!(pitch(&a, &b, 20.0, &[], 0.0).0, 60.0);
    }

    #[test]
    fn gap_tracks_need_room_only_where_their_runs_pass() {
        // Runs in the gap from rank 4 to 6 (extents 9..13); the big node at
        // rank 0 is not beside them (it needs only its own half), the small
        // ones at rank 5 are.
        let a = [node(0, 112.0), node(5, 22.0)];
        let b = [node(5, 22.0)];
        let spans = merge_spans(vec![(9, 11), (10, 13)]);
        assert_eq!(spans, vec![(9, 13)]);
        let (p, start) = pitch(&a, &b, 20.0, &spans, 40.0);
        assert_eq!((p, start), (132.0, 22.0));
    }

    #[test]
    fn jogs_down_a_column_stand_in_it() {
        let routes = [Route::JogLate];
        let s = stands(
            2,
            &[0, 4],
            &[0, 1],
            &[(22.0, 22.0); 2],
            &[22.0; 2],
            &routes,
            &[(0, 1)],
        );
        assert!(s[0].iter().any(|t| t.r0 == 0 && t.r1 == 3));
    }
}
