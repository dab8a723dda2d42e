//! The arithmetic behind the editors, apart from the DOM so that it is
//! unit-tested natively: which line numbers the gutter holds, and how long
//! a check waits after a keystroke.

/// The line numbers (first, last; 1-based, inclusive) the gutter holds for
/// a text of `count` lines whose visible lines start at `first_visible` and
/// number `visible`: those and `slack` either side, within the text.
pub fn gutter_window(
    count: usize,
    first_visible: usize,
    visible: usize,
    slack: usize,
) -> (usize, usize) {
    let count = count.max(1);
    let first_visible = first_visible.clamp(1, count);
    let last_visible = first_visible.saturating_add(visible).min(count);
    let first = first_visible.saturating_sub(slack).max(1);
    let last = last_visible.saturating_add(slack).min(count);
    (first, last)
}

/// How long to wait after a keystroke before checking a text of `len`
/// UTF-16 units: `base_ms`, plus 60 ms per million units, at most 1.2 s. A
/// check costs about 45 ms per MB here (800 ms for 18 MB, issue 25), so in
/// a large document a burst of typing is checked once, not after every key.
pub fn settle_ms(base_ms: i32, len: u32) -> i32 {
    let extra = i64::from(len) * 60 / 1_000_000;
    i32::try_from((i64::from(base_ms) + extra).min(1_200)).unwrap_or(1_200)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gutter_numbers_the_visible_lines_and_slack_within_the_text() {
        assert_eq!(gutter_window(1, 1, 24, 200), (1, 1));
        assert_eq!(gutter_window(60_000, 1, 24, 200), (1, 225));
        assert_eq!(gutter_window(60_000, 30_001, 24, 200), (29_801, 30_225));
        assert_eq!(gutter_window(60_000, 59_990, 24, 200), (59_790, 60_000));
        // Scrolled past the end of a text that just shrank.
        assert_eq!(gutter_window(100, 5_000, 24, 200), (1, 100));
        assert_eq!(gutter_window(0, 0, 0, 200), (1, 1));
    }

    #[test]
    fn large_texts_wait_longer_up_to_a_bound() {
        assert_eq!(settle_ms(120, 0), 120);
        assert_eq!(settle_ms(120, 1_800_000), 228);
        assert_eq!(settle_ms(120, 18_000_000), 1_200);
        assert_eq!(settle_ms(300, u32::MAX), 1_200);
    }
}
