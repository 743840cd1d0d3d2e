//! Where each flow meets its nodes: the order of the ports along a side.

use super::choose::Route;

/// A port: its place along the side and how many ports share the side.
pub type Port = (usize, usize);

/// Whether a flow that leaves its source by the side (`Back`, `Side`)
/// leaves by the left one; `cu` and `cv` are the columns of its ends.
pub fn leaves_left(r: Route, cu: usize, cv: usize) -> bool {
    match r {
        Route::Back(g) | Route::SideGap(g) => g < cu as i64,
        Route::Side => cv < cu,
        _ => false,
    }
}

/// For each flow, its port on the source's side and on the target's side,
/// as (place, count): ports are spread evenly along the side. Ports are
/// ordered by where the other end lies across the flow, so that flows
/// leaving or entering one node do not cross each other.
#[allow(clippy::too_many_arguments)]
pub fn order(
    n: usize,
    routes: &[Route],
    pairs: &[(usize, usize)],
    minor: &[bool],
    labelled: &[bool],
    corners: &[bool],
    rank: &[usize],
    col: &[usize],
    gap_track: &[usize],
) -> (Vec<Port>, Vec<Port>) {
    let m = routes.len();
    let mut after_out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut before_in: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut right_out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut left_out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, r) in routes.iter().enumerate() {
        let (u, v) = pairs[k];
        match r {
            _ if r.by_side() && leaves_left(*r, col[u], col[v]) => left_out[u].push(k),
            _ if r.by_side() => right_out[u].push(k),
            _ => after_out[u].push(k),
        }
        before_in[v].push(k);
    }
    // A loop turns back at its gap, so it takes the outermost port on
    // that side (the nearest gap outermost), where it crosses no flow
    // that goes on further.
    let outermost = |g: i64, c: usize| -> f64 {
        if g >= c as i64 {
            1e6 - g as f64
        } else {
            -1e6 - g as f64
        }
    };
    // Flows sharing a gap keep the order of their tracks at the ports, so
    // they nest instead of crossing (left of column 0, track 0 is nearest
    // the column; elsewhere the tracks count outwards from it).
    let along_gap = |k: usize, g: i64| -> f64 {
        let t = gap_track[k] as f64 * 1e-3;
        if g < 0 {
            -t
        } else {
            t
        }
    };
    let key_in = |k: usize| -> f64 {
        match routes[k] {
            Route::Back(g) | Route::Around(g) => outermost(g, col[pairs[k].1]) + along_gap(k, g),
            Route::Gap(g) | Route::SideGap(g) => g as f64 + 0.5 + along_gap(k, g),
            // It comes down the target's own column.
            Route::JogEarly => col[pairs[k].1] as f64,
            // Down the target's column too, beside the middle on the side
            // away from its source (see choose.rs); of two from one side,
            // the one from higher up comes down further out, so that the
            // other's run across stops short of its drop.
            Route::Side => {
                let (u, v) = pairs[k];
                let out = 0.25 + 0.2 * (1.0 - rank[u] as f64 / (rank[v] as f64 + 1.0));
                if col[u] < col[v] {
                    col[v] as f64 + out
                } else {
                    col[v] as f64 - out
                }
            }
            _ => col[pairs[k].0] as f64,
        }
    };
    let key_out = |k: usize| -> f64 {
        match routes[k] {
            Route::Around(g) => outermost(g, col[pairs[k].0]) + along_gap(k, g),
            Route::Gap(g) => g as f64 + 0.5 + along_gap(k, g),
            // It goes on down the source's own column before it turns: it
            // keeps the middle, the sooner it turns the further towards
            // that side, so that flows turning earlier pass outside it.
            Route::JogLate if rank[pairs[k].1] > rank[pairs[k].0] + 1 => {
                let (u, v) = pairs[k];
                let side = (col[v] as f64 - col[u] as f64).signum();
                col[u] as f64 + side * 0.4 / (rank[v] - rank[u]) as f64
            }
            _ => col[pairs[k].1] as f64,
        }
    };
    for i in 0..n {
        after_out[i].sort_by(|&a, &b| {
            key_out(a)
                .total_cmp(&key_out(b))
                .then(rank[pairs[a].1].cmp(&rank[pairs[b].1]))
                .then(a.cmp(&b))
        });
        before_in[i].sort_by(|&a, &b| key_in(a).total_cmp(&key_in(b)).then(a.cmp(&b)));
        // Loops leave from the side with the latest-ranked target lowest.
        right_out[i].sort_by(|&a, &b| rank[pairs[b].1].cmp(&rank[pairs[a].1]).then(a.cmp(&b)));
        left_out[i].sort_by(|&a, &b| rank[pairs[b].1].cmp(&rank[pairs[a].1]).then(a.cmp(&b)));
    }
    // A sequence flow to the node's own column runs straight across the
    // gap: it keeps the middle of its side. (Entering flows keep theirs
    // spread evenly: they join before the node, and a middle kept for one
    // of them made joins cross on MIWG C.6.0 and C.9.0.)
    let level = |k: usize| !minor[k] && col[pairs[k].0] == col[pairs[k].1];
    // Among a choice's outcomes (`corners`: see route.rs), the one straight
    // on keeps the middle, the diamond's corner, even beside a message
    // flow; the others spread.
    // Of the flows entering a node, the one sequence flow from its own
    // column keeps the middle when the others are message flows: there is
    // no join to keep apart, and spread beside a message flow it made an
    // S-step (MIWG A.4.0: both of its sequence flows into a box a message
    // flow also enters).
    let alone_in = |side: &[usize], k: usize| level(k) && side.iter().all(|&j| j == k || minor[j]);
    let labelled_side = |side: &[usize]| side.iter().any(|&k| labelled[k]);
    let on = |k: usize| labelled[k] && level(k) && matches!(routes[k], Route::JogLate);
    let mut out_port = vec![(0usize, 1usize); m];
    let mut in_port = vec![(0usize, 1usize); m];
    for i in 0..n {
        let out = &after_out[i];
        let keeps = |k: usize| {
            if labelled_side(out) {
                corners[i] && on(k)
            } else {
                level(k)
            }
        };
        for (e, port) in spread(out, keeps) {
            out_port[e] = port;
        }
        for side in [&right_out[i], &left_out[i]] {
            for (k, &e) in side.iter().enumerate() {
                out_port[e] = (k, side.len());
            }
        }
        for (e, port) in spread(&before_in[i], |k| alone_in(&before_in[i], k)) {
            in_port[e] = port;
        }
    }

    (out_port, in_port)
}

/// The ports of one side's flows, in their order: evenly spread, except
/// that the first flow `level` picks sits in the middle, the others as
/// evenly spread on either side as the busier side allows (a box with a
/// message flow beside its sequence flow keeps that flow straight, not
/// both a third of the way in, each with an S-step at the next node).
fn spread(side: &[usize], level: impl Fn(usize) -> bool) -> Vec<(usize, Port)> {
    let n = side.len();
    let Some(s) = side.iter().position(|&k| level(k)) else {
        return side.iter().enumerate().map(|(k, &e)| (e, (k, n))).collect();
    };
    let half = s.max(n - 1 - s);
    side.iter()
        .enumerate()
        .map(|(k, &e)| (e, (half + k - s, 2 * half + 1)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flow_that_turns_sooner_leaves_outside_one_that_goes_on_down() {
        // Node 0 (column 1, rank 0) sends flow 0 to node 1 (column 3, rank
        // 1) and flow 1 to node 2 (column 3, rank 4), which first runs down
        // column 1. Both turn right: flow 0 must leave right of flow 1, or
        // its turn would cross flow 1's run down.
        let pairs = [(0, 1), (0, 2)];
        let routes = [Route::JogLate, Route::JogLate];
        let minor = [false, false];
        let (out, _) = order(
            3,
            &routes,
            &pairs,
            &minor,
            &minor,
            &[true; 3],
            &[0, 1, 4],
            &[1, 3, 3],
            &[0, 0],
        );
        assert!(out[0].0 > out[1].0, "{out:?}");
        // Turning left, the sooner one leaves left.
        let (out, _) = order(
            3,
            &routes,
            &pairs,
            &minor,
            &minor,
            &[true; 3],
            &[0, 1, 4],
            &[3, 1, 1],
            &[0, 0],
        );
        assert!(out[0].0 < out[1].0, "{out:?}");
    }

    #[test]
    fn a_flow_straight_across_keeps_the_middle_beside_a_message_flow() {
        // Node 0 (column 1) sends its sequence flow 0 to node 1 in its own
        // column and a message flow 1 to node 2 in column 3: the sequence
        // flow leaves from the middle (port 1 of 3), not a third of the way.
        let pairs = [(0, 1), (0, 2)];
        let routes = [Route::JogLate, Route::JogLate];
        let (out, _) = order(
            3,
            &routes,
            &pairs,
            &[false, true],
            &[false, false],
            &[true; 3],
            &[0, 1, 1],
            &[1, 1, 3],
            &[0, 0],
        );
        assert_eq!(out[0], (1, 3), "{out:?}");
        assert_eq!(out[1], (2, 3), "{out:?}");
        // Of a choice's outcomes (labelled), the one straight on keeps the
        // middle too, the diamond's corner.
        let (out, _) = order(
            3,
            &routes,
            &pairs,
            &[false, false],
            &[true, true],
            &[true; 3],
            &[0, 1, 1],
            &[1, 1, 3],
            &[0, 0],
        );
        assert_eq!((out[0], out[1]), ((1, 3), (2, 3)), "{out:?}");
    }

    #[test]
    fn a_sequence_flow_entering_beside_message_flows_keeps_the_middle() {
        // Node 2 (column 1) is entered by sequence flow 0 from node 0 in
        // its own column and by message flow 1 from node 1 in column 3:
        // the sequence flow arrives straight, in the middle (port 1 of 3).
        let pairs = [(0, 2), (1, 2)];
        let routes = [Route::JogLate, Route::JogLate];
        let order_with = |minor: &[bool]| {
            order(
                3,
                &routes,
                &pairs,
                minor,
                &[false, false],
                &[true; 3],
                &[0, 0, 1],
                &[1, 3, 1],
                &[0, 0],
            )
            .1
        };
        let inp = order_with(&[false, true]);
        assert_eq!((inp[0], inp[1]), ((1, 3), (2, 3)), "{inp:?}");
        // Two sequence flows join before the node: spread evenly, as before.
        let inp = order_with(&[false, false]);
        assert_eq!((inp[0], inp[1]), ((0, 2), (1, 2)), "{inp:?}");
    }
}
