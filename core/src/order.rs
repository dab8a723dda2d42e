//! One stable sort for the crate's callers.
//!
//! `slice::sort_by` is generic: every element type and comparison gets its
//! own copy of the standard library's sort (about 2–4 KB of wasm each),
//! which the playground downloads before it works. [`sort_stable_by`] sorts
//! positions with a single merge sort that compares through a `dyn` call,
//! then moves the elements into that order: one copy of the algorithm for
//! every caller, the same O(n log n) and the same stability.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in their order.
pub fn sort_stable_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = {
        let all: &[T] = items;
        merge_order(all.len(), &|a, b| match (all.get(a), all.get(b)) {
            (Some(x), Some(y)) => compare(x, y),
            _ => Ordering::Equal,
        })
    };
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// Sorts `items` by a key, keeping equal keys in their order.
pub fn sort_stable_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_stable_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The positions `0..n` in sorted order: a bottom-up merge sort, stable
/// (on a tie the left run's position comes first).
fn merge_order(n: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut merged: Vec<usize> = Vec::with_capacity(n);
    let mut width = 1;
    while width < n {
        merged.clear();
        for chunk in order.chunks(width.saturating_mul(2)) {
            let (left, right) = chunk.split_at(width.min(chunk.len()));
            let mut l = left.iter().copied().peekable();
            let mut r = right.iter().copied().peekable();
            loop {
                let next = match (l.peek(), r.peek()) {
                    (Some(&a), Some(&b)) if compare(b, a) == Ordering::Less => r.next(),
                    (Some(_), _) => l.next(),
                    (None, Some(_)) => r.next(),
                    (None, None) => break,
                };
                merged.extend(next);
            }
        }
        std::mem::swap(&mut order, &mut merged);
        width = width.saturating_mul(2);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_and_keeps_equal_items_in_order() {
        let mut v: Vec<(u32, char)> = vec![
            (3, 'a'),
            (1, 'b'),
            (3, 'c'),
            (2, 'd'),
            (1, 'e'),
            (0, 'f'),
            (2, 'g'),
        ];
        sort_stable_by_key(&mut v, |p| p.0);
        assert_eq!(
            v,
            vec![
                (0, 'f'),
                (1, 'b'),
                (1, 'e'),
                (2, 'd'),
                (2, 'g'),
                (3, 'a'),
                (3, 'c')
            ]
        );
        for n in [0, 1, 2, 3, 7, 8, 9, 100, 1000] {
            let mut v: Vec<u64> = (0..n).map(|i| (i * 7919 + 13) % 101).collect();
            let mut want = v.clone();
            want.sort();
            sort_stable_by(&mut v, u64::cmp);
            assert_eq!(v, want, "{n}");
        }
    }
}
