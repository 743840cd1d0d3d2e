//! Ids for the imported model's nodes and lanes: readable (`task-1`), and
//! distinct (`task-1-2`, `task-1-3` for the next of one name).

use std::collections::{HashMap, HashSet};

/// The ids given out so far, and per base the next suffix worth trying.
///
/// A file with n elements of one name asks for n ids of one base; trying
/// `-2`, `-3`, … from the start each time costs n² (10,000 same-named
/// tasks: 50 million tries). An id once taken stays taken, so every suffix
/// below the remembered one is known to be taken and is not tried again:
/// n ids cost n tries in all, whatever the names.
#[derive(Debug, Default)]
pub struct Taken {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Taken {
    /// Takes `id` as it is; false when it was taken already.
    pub fn insert(&mut self, id: String) -> bool {
        self.used.insert(id)
    }

    /// `base`, or `base-2`, `base-3`, … : the first that is free, taken.
    pub fn unique(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let k = self.next.entry(base.to_string()).or_insert(2);
        loop {
            let id = format!("{base}-{k}");
            *k += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_free_suffix_as_before_even_past_ids_taken_as_they_are() {
        let mut t = Taken::default();
        assert!(t.insert("a-3".into()));
        assert_eq!(t.unique("a"), "a");
        assert_eq!(t.unique("a"), "a-2");
        assert_eq!(t.unique("a"), "a-4");
        assert!(!t.insert("a-4".into()));
        // `a-2` is a base of its own.
        assert_eq!(t.unique("a-2"), "a-2-2");
    }

    #[test]
    fn ten_thousand_of_one_name_are_distinct() {
        let mut t = Taken::default();
        let ids: HashSet<String> = (0..10_000).map(|_| t.unique("task")).collect();
        assert_eq!(ids.len(), 10_000);
        assert!(ids.contains("task-10000"));
    }
}
