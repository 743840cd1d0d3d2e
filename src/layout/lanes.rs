//! The order of the lanes, when the model leaves it to the layout.
//!
//! Two flows that turn in the same channel cross when their lanes come in
//! opposite orders at the two ends, whatever the slots inside the lanes. So
//! the lane order alone fixes most crossings, and it is chosen on that
//! count: every flow is taken to turn just above its target, the crossings
//! of each pair of lane-to-lane links are weighed once, and lanes are moved
//! one at a time to the place that lowers the total, until none does.

use std::collections::BTreeMap;

/// A hand-off from one lane to another (model lane indices).
type Link = (usize, usize);

/// For each lane (model index), its position on the page.
pub fn order(
    nlanes: usize,
    pairs: &[(usize, usize)],
    back: &[bool],
    rank: &[usize],
    lane: &[usize],
) -> Vec<usize> {
    // Links (from lane, to lane) by channel, with their counts.
    let mut by_channel: BTreeMap<usize, BTreeMap<Link, u64>> = BTreeMap::new();
    for (k, &(u, v)) in pairs.iter().enumerate() {
        if back[k] || rank[v] <= rank[u] {
            continue;
        }
        *by_channel
            .entry(rank[v] - 1)
            .or_default()
            .entry((lane[u], lane[v]))
            .or_default() += 1;
    }
    // Weight of each pair of links: how often they share a channel.
    let mut weight: BTreeMap<(Link, Link), u64> = BTreeMap::new();
    for links in by_channel.values() {
        let links: Vec<(&Link, &u64)> = links.iter().collect();
        for i in 0..links.len() {
            for j in i + 1..links.len() {
                *weight.entry((*links[i].0, *links[j].0)).or_default() += links[i].1 * links[j].1;
            }
        }
    }
    let weight: Vec<(Link, Link, u64)> = weight.into_iter().map(|((a, b), w)| (a, b, w)).collect();
    let cost = |pos: &[usize]| -> u64 {
        weight
            .iter()
            .filter(|&&((a, b), (c, d), _)| {
                let d1 = pos[a] as i64 - pos[c] as i64;
                let d2 = pos[b] as i64 - pos[d] as i64;
                d1 * d2 < 0
            })
            .map(|w| w.2)
            .sum()
    };
    // `seq` lists lanes by position; start from the model's order.
    let mut seq: Vec<usize> = (0..nlanes).collect();
    let pos_of = |seq: &[usize]| {
        let mut pos = vec![0; nlanes];
        for (p, &l) in seq.iter().enumerate() {
            pos[l] = p;
        }
        pos
    };
    // Any lane to any place; with many lanes (each try costs up to the
    // fourth power of their number), only next to its neighbour.
    let moves: Vec<(usize, usize)> = if nlanes <= 16 {
        (0..nlanes)
            .flat_map(|f| (0..nlanes).map(move |t| (f, t)))
            .filter(|(f, t)| f != t)
            .collect()
    } else {
        (1..nlanes).map(|t| (t - 1, t)).collect()
    };
    let mut best = cost(&pos_of(&seq));
    for _ in 0..nlanes.max(4) {
        let mut improved = false;
        for &(from, to) in &moves {
            if best == 0 {
                break;
            }
            let mut cand = seq.clone();
            let l = cand.remove(from);
            cand.insert(to, l);
            let c = cost(&pos_of(&cand));
            if c < best {
                best = c;
                seq = cand;
                improved = true;
            }
        }
        if !improved {
            break;
        }
    }
    pos_of(&seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lane_between_two_that_talk_moves_aside() {
        // Lanes 0 and 2 hand work to each other in every channel; lane 1
        // has its own chain. Given order 0,1,2, every hand-off crosses
        // lane 1's flow; with lane 1 at an edge, none does.
        let lane = [0, 2, 0, 2, 1, 1, 1, 1];
        let rank = [0, 1, 2, 3, 0, 1, 2, 3];
        let pairs = [(0, 1), (1, 2), (2, 3), (4, 5), (5, 6), (6, 7)];
        let back = [false; 6];
        let pos = order(3, &pairs, &back, &rank, &lane);
        assert!(pos[1] == 0 || pos[1] == 2, "{pos:?}");
    }

    #[test]
    fn an_order_without_crossings_is_kept() {
        let lane = [0, 1, 2];
        let rank = [0, 1, 2];
        let pairs = [(0, 1), (1, 2)];
        assert_eq!(
            order(3, &pairs, &[false, false], &rank, &lane),
            vec![0, 1, 2]
        );
    }
}
