//! ISO 3166-1 country codes for `Iso3166Convert` (data in `iso3166.tsv`,
//! from the Debian iso-codes package: alpha-2, alpha-3, numeric, name).

const TABLE: &str = include_str!("iso3166.tsv");

/// One country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Country {
    pub(crate) alpha2: &'static str,
    pub(crate) alpha3: &'static str,
    pub(crate) numeric: &'static str,
    pub(crate) name: &'static str,
}

fn countries() -> impl Iterator<Item = Country> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let mut f = line.split('\t');
            Some(Country {
                alpha2: f.next()?,
                alpha3: f.next()?,
                numeric: f.next()?,
                name: f.next()?,
            })
        })
}

/// Finds a country by any of its codes or its name (case-insensitive;
/// numeric codes may omit leading zeros), as Okta's converters accept all
/// three code types.
pub(crate) fn find(code: &str) -> Option<Country> {
    let code = code.trim();
    if code.is_empty() {
        return None;
    }
    if code.chars().all(|c| c.is_ascii_digit()) {
        let n: u32 = code.parse().ok()?;
        return countries().find(|c| c.numeric.parse::<u32>().ok() == Some(n));
    }
    countries().find(|c| {
        c.alpha2.eq_ignore_ascii_case(code)
            || c.alpha3.eq_ignore_ascii_case(code)
            || c.name.eq_ignore_ascii_case(code)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert_eq!(countries().count(), 249);
        assert_eq!(find("IND").map(|c| c.alpha2), Some("IN"));
        assert_eq!(find("840").map(|c| c.alpha3), Some("USA"));
        assert_eq!(find("in").map(|c| c.name), Some("India"));
        assert_eq!(find("4").map(|c| c.alpha2), Some("AF"));
        assert_eq!(find("united kingdom").map(|c| c.numeric), Some("826"));
        assert_eq!(find("XX"), None);
    }
}
