//! "Did you mean …?" for misspelt attribute names and schema URIs.

/// The candidate closest to `input` ignoring case, if it is close enough to be
/// a plausible typo: at most one edit per four characters, at most three.
pub fn closest<'c>(input: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let input_lower = input.to_ascii_lowercase();
    let limit = (input.chars().count() / 4).clamp(1, 3);
    candidates
        .into_iter()
        .filter(|c| !c.eq_ignore_ascii_case(input))
        .map(|c| (distance(&input_lower, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance, bounded to short inputs so hostile keys cost little.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(128).collect();
    let b: Vec<char> = b.chars().take(128).collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(first) = current.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let deletion = previous.get(j + 1).copied().unwrap_or(0) + 1;
            let insertion = current.get(j).copied().unwrap_or(0) + 1;
            if let Some(slot) = current.get_mut(j + 1) {
                *slot = substitution.min(deletion).min(insertion);
            }
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["userName", "displayName", "emails", "name"];
        assert_eq!(closest("username2", names), Some("userName"));
        assert_eq!(closest("emailz", names), Some("emails"));
        assert_eq!(closest("department", names), None);
        assert_eq!(closest("userName", names), None);
    }
}
