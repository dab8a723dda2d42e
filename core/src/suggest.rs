//! "Did you mean …?": the one edit distance behind every suggestion scimkit
//! makes (attribute names, codes, function names, mapping keys), bounded so
//! that hostile input costs little.

/// The candidate closest to `input` ignoring case, if it is close enough to be
/// a plausible typo: at most one edit per four characters, at most three. An
/// exact case-insensitive match is not a suggestion.
pub fn closest<'c>(input: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (input.chars().count() / 4).clamp(1, 3);
    candidates
        .into_iter()
        .filter(|c| !c.eq_ignore_ascii_case(input))
        .map(|c| (distance(input, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The candidate `name` means: an exact case-insensitive match first, else
/// the nearest within a third of the name's length.
pub(crate) fn meant<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate.eq_ignore_ascii_case(name) {
            return Some(candidate);
        }
        let d = distance(name, candidate);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, candidate));
        }
    }
    let limit = (name.chars().count() / 3).max(1);
    best.filter(|(d, _)| *d <= limit).map(|(_, c)| c)
}

/// Levenshtein distance ignoring case, on the first 128 characters of each.
fn distance(a: &str, b: &str) -> usize {
    let lower =
        |s: &str| -> Vec<char> { s.chars().take(128).flat_map(char::to_lowercase).collect() };
    let (a, b) = (lower(a), lower(b));
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

    #[test]
    fn meant_prefers_the_same_name_in_other_case() {
        let names = ["ToLower", "ToUpper", "Join"];
        assert_eq!(meant("tolower", names), Some("ToLower"));
        assert_eq!(meant("Jon", names), Some("Join"));
        assert_eq!(meant("Replace", names), None);
    }

    #[test]
    fn long_input_is_cut_not_costly() {
        let long = "a".repeat(1_000_000);
        assert_eq!(closest(&long, ["b"]), None);
    }
}
