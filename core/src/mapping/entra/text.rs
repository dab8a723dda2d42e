//! String functions whose rules are more than one line: NormalizeDiacritics,
//! PCase, culture-aware case mapping, Word, and the byte encodings.

/// NormalizeDiacritics' table (idp-facts §2.3, after the doc's table): each
/// line maps the characters on the right to the replacement on the left.
const DIACRITICS: &[(&str, &str)] = &[
    ("a", "äàâãåáąăāǎȧạảấầẩẫậắằẳẵặ"),
    ("A", "ÄÀÂÃÅÁĄĂĀǍȦẠẢẤẦẨẪẬẮẰẲẴẶ"),
    ("ae", "æ"),
    ("AE", "Æ"),
    ("c", "çčćĉċ"),
    ("C", "ÇČĆĈĊ"),
    ("d", "ďđ"),
    ("D", "ĎĐ"),
    ("e", "ëèéêęěėēĕẹẻẽếềểễệ"),
    ("E", "ËÈÉÊĘĚĖĒĔẸẺẼẾỀỂỄỆ"),
    ("g", "ğĝġģ"),
    ("G", "ĞĜĠĢ"),
    ("h", "ĥħ"),
    ("H", "ĤĦ"),
    ("i", "ïîìíıīįĩĭǐỉị"),
    ("I", "ÏÎÌÍİĪĮĨĬǏỈỊ"),
    ("j", "ĵ"),
    ("J", "Ĵ"),
    ("k", "ķ"),
    ("K", "Ķ"),
    ("l", "ľłĺļŀ"),
    ("L", "ĽŁĹĻĿ"),
    ("n", "ñńňņ"),
    ("N", "ÑŃŇŅ"),
    ("o", "öòőõôóōŏǒȯọỏốồổỗộớờởỡợơ"),
    ("O", "ÖÒŐÕÔÓŌŎǑȮỌỎỐỒỔỖỘỚỜỞỠỢƠ"),
    ("oe", "øœ"),
    ("OE", "ØŒ"),
    ("r", "řŕŗ"),
    ("R", "ŘŔŖ"),
    ("ss", "ß"),
    ("s", "šśșşŝ"),
    ("S", "ŠŚȘŞŜ"),
    ("t", "ťțţŧ"),
    ("T", "ŤȚŢŦ"),
    ("u", "üùûúůűūųũŭǔưụủứừửữựǖǘǚǜ"),
    ("U", "ÜÙÛÚŮŰŪŲŨŬǓƯỤỦỨỪỬỮỰǕǗǙǛ"),
    ("w", "ŵ"),
    ("W", "Ŵ"),
    ("y", "ÿýȳŷỳỹỷỵ"),
    ("Y", "ŸÝȲŶỲỸỶỴ"),
    ("z", "źžż"),
    ("Z", "ŹŽŻ"),
];

/// Whether `c` is a combining diacritical mark (the doc's table includes
/// combining forms such as `ā́` and `e̱`, which lose their marks).
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

/// NormalizeDiacritics: accented Latin letters become their base letters.
pub(crate) fn normalize_diacritics(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_combining_mark(c) {
            continue;
        }
        match DIACRITICS.iter().find(|(_, from)| from.contains(c)) {
            Some((to, _)) => out.push_str(to),
            None => out.push(c),
        }
    }
    out
}

/// Whether the culture name is Turkish or Azerbaijani, whose dotted and
/// dotless i differ from every other culture's.
fn turkic(culture: Option<&str>) -> bool {
    culture.is_some_and(|c| {
        let lang = c.split(['-', '_']).next().unwrap_or("");
        lang.eq_ignore_ascii_case("tr") || lang.eq_ignore_ascii_case("az")
    })
}

/// Lower-cases like .NET's `ToLower(culture)`: one character in, one out
/// (characters whose lower case is longer are kept).
pub(crate) fn to_lower(s: &str, culture: Option<&str>) -> String {
    let turkic = turkic(culture);
    s.chars()
        .map(|c| match c {
            'I' if turkic => 'ı',
            'İ' if turkic => 'i',
            c => single(c.to_lowercase(), c),
        })
        .collect()
}

/// Upper-cases like .NET's `ToUpper(culture)` (`ß` stays `ß`).
pub(crate) fn to_upper(s: &str, culture: Option<&str>) -> String {
    let turkic = turkic(culture);
    s.chars()
        .map(|c| match c {
            'i' if turkic => 'İ',
            'ı' if turkic => 'I',
            c => single(c.to_uppercase(), c),
        })
        .collect()
}

fn single(mut mapped: impl Iterator<Item = char>, original: char) -> char {
    match (mapped.next(), mapped.next()) {
        (Some(c), None) => c,
        _ => original,
    }
}

/// Whether .NET's `ToTitleCase` treats `c` as a word separator: white space,
/// controls, punctuation and symbols do; letters, digits and marks don't.
fn is_word_separator(c: char) -> bool {
    !(c.is_alphanumeric() || is_combining_mark(c) || c == '\'')
}

/// PCase: every word gets an upper-case first letter and lower-case rest.
///
/// Without `separators`, words follow .NET's `TextInfo.ToTitleCase`
/// categories (so `(second)` becomes `(Second)` and an apostrophe stays
/// inside a word: `o'neil` → `O'neil`). The text is lower-cased first: the
/// doc's `PABLO GONSALVES (SECOND)` → `Pablo Gonsalves (Second)` shows that
/// upper-case words are not kept as acronyms. With `separators`, only those
/// characters separate words.
pub(crate) fn pcase(s: &str, separators: Option<&str>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_word = false;
    for c in s.chars() {
        let separator = match separators {
            Some(seps) => seps.contains(c),
            None => is_word_separator(c),
        };
        if separator {
            in_word = false;
            out.push(c);
        } else if !in_word && c.is_alphabetic() {
            in_word = true;
            out.push(single(c.to_uppercase(), c));
        } else {
            // A digit before the first letter does not start the word in
            // .NET ("3rd" → "3Rd") unless explicit separators are given.
            if separators.is_some() {
                in_word = true;
            }
            out.push(single(c.to_lowercase(), c));
        }
    }
    out
}

/// Word: the `n`th (1-based) word, words being separated by any character of
/// `delimiters`. Runs of delimiters count as one (empty words are skipped,
/// as in the doc's `"This,string!has&many separators"` example).
pub(crate) fn word(s: &str, n: i64, delimiters: &str) -> String {
    if n < 1 {
        return String::new();
    }
    let index = usize::try_from(n - 1).unwrap_or(usize::MAX);
    s.split(|c| delimiters.contains(c))
        .filter(|w| !w.is_empty())
        .nth(index)
        .unwrap_or("")
        .to_string()
}

/// ConvertToBase64: base64 of the UTF-16LE bytes (.NET's `Encoding.Unicode`).
pub(crate) fn utf16le_base64(s: &str) -> String {
    let bytes: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
    crate::encode::base64(&bytes)
}

/// ConvertToUTF8Hex: upper-case hex of the UTF-8 bytes.
pub(crate) fn utf8_hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02X}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diacritics() {
        assert_eq!(
            normalize_diacritics("Zoë Ærøskøbing Łódź straße Ça"),
            "Zoe AEroeskoebing Lodz strasse Ca"
        );
        assert_eq!(normalize_diacritics("e\u{0331}a\u{0304}\u{0301}"), "ea");
    }

    #[test]
    fn case_mapping() {
        assert_eq!(to_upper("straße", None), "STRAßE");
        assert_eq!(to_upper("istanbul", Some("tr-TR")), "İSTANBUL");
        assert_eq!(to_lower("ISTANBUL", Some("en-US")), "istanbul");
        assert_eq!(to_lower("ISTANBUL", Some("tr")), "ıstanbul");
    }

    #[test]
    fn title_case() {
        assert_eq!(
            pcase("PABLO GONSALVES (SECOND)", None),
            "Pablo Gonsalves (Second)"
        );
        assert_eq!(
            pcase("o'neil-smith jr_x 3rd", None),
            "O'neil-Smith Jr_X 3Rd"
        );
        assert_eq!(
            pcase("ana-maria de la cruz", Some(" ")),
            "Ana-maria De La Cruz"
        );
        assert_eq!(pcase("", None), "");
    }

    #[test]
    fn words() {
        assert_eq!(word("The quick brown fox", 3, " "), "brown");
        assert_eq!(word("This,string!has&many separators", 3, ",!&#"), "has");
        assert_eq!(word("a b", 0, " "), "");
        assert_eq!(word("a b", 3, " "), "");
        assert_eq!(word("a  b", 2, " "), "b");
    }

    #[test]
    fn encodings() {
        assert_eq!(
            utf16le_base64("Hello world!"),
            "SABlAGwAbABvACAAdwBvAHIAbABkACEA"
        );
        assert_eq!(utf8_hex("Hello world!"), "48656C6C6F20776F726C6421");
    }
}
