//! Dates and times without a calendar crate: xsd:dateTime parsing (RFC 7643
//! §2.3.5), instants for comparison, and the proleptic Gregorian arithmetic the
//! expression languages need.
//!
//! Kept in-house because the needs are small and exact (a strict xsd:dateTime
//! grammar, comparison as instants, civil-date conversion) and the npm package
//! is size-sensitive.

use std::cmp::Ordering;

/// A parsed xsd:dateTime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    /// Seconds since 1970-01-01T00:00:00Z (a time without offset is read as UTC).
    pub unix_seconds: i64,
    /// Nanoseconds within the second.
    pub nanos: u32,
    /// The written offset from UTC in minutes, if the text had one (`Z` is 0).
    pub offset_minutes: Option<i32>,
}

impl DateTime {
    /// The instant as a pair comparable across offsets.
    pub fn instant(&self) -> (i64, u32) {
        (self.unix_seconds, self.nanos)
    }

    /// Compares two date-times as instants.
    pub fn cmp_instant(&self, other: &DateTime) -> Ordering {
        self.instant().cmp(&other.instant())
    }

    /// A date-time from seconds since the Unix epoch, in UTC.
    pub fn from_unix(unix_seconds: i64, nanos: u32) -> DateTime {
        DateTime {
            unix_seconds,
            nanos,
            offset_minutes: Some(0),
        }
    }

    /// The UTC civil fields: (year, month, day, hour, minute, second).
    pub fn utc_fields(&self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.unix_seconds.div_euclid(86_400);
        let secs = self.unix_seconds.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let secs = u32::try_from(secs).unwrap_or(0);
        (y, m, d, secs / 3600, secs / 60 % 60, secs % 60)
    }

    /// RFC 3339 text in UTC, e.g. `2011-05-13T04:42:34Z` (fraction only when non-zero).
    pub fn to_rfc3339(&self) -> String {
        let (y, mo, d, h, mi, s) = self.utc_fields();
        let mut out = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
        if self.nanos > 0 {
            let frac = format!("{:09}", self.nanos);
            out.push('.');
            out.push_str(frac.trim_end_matches('0'));
        }
        out.push('Z');
        out
    }
}

/// Why a text is not an xsd:dateTime, for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeError(pub String);

impl std::fmt::Display for DateTimeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateTimeError {}

/// Parses an xsd:dateTime such as `2008-01-23T04:56:22Z` or
/// `2011-05-13T04:42:34.123+02:00`. Letters are matched case-insensitively
/// (RFC 7643 §2.3.5 says dateTime has no case sensitivity); the offset is
/// optional, as in XML Schema; `24:00:00` means the end of the day.
///
/// # Errors
/// A [`DateTimeError`] saying which part is wrong.
pub fn parse_datetime(text: &str) -> Result<DateTime, DateTimeError> {
    let err = |what: &str| DateTimeError(what.to_string());
    let b = text.as_bytes();
    let mut i = 0;
    let negative = b.first() == Some(&b'-');
    if negative {
        i += 1;
    }
    let year_start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let year_digits = i - year_start;
    if year_digits < 4 || (year_digits > 4 && b.get(year_start) == Some(&b'0')) {
        return Err(err("the year must have four digits (YYYY-MM-DDThh:mm:ssZ)"));
    }
    let year: i64 = text
        .get(year_start..i)
        .and_then(|s| s.parse().ok())
        .filter(|y| *y <= 999_999)
        .ok_or_else(|| err("the year is out of range"))?;
    let year = if negative { -year } else { year };
    // Each field is a separator followed by exactly two digits.
    let mut field = |seps: &[u8], what: &str| -> Result<u32, DateTimeError> {
        if !b.get(i).is_some_and(|c| seps.contains(c)) {
            return Err(err(what));
        }
        let value = two_digits(b, i + 1).ok_or_else(|| err(what))?;
        i += 3;
        Ok(value)
    };
    let month = field(b"-", "expected `-MM` after the year")?;
    let day = field(b"-", "expected `-DD` after the month")?;
    let hour = field(
        b"Tt",
        "expected `T` and a time after the date (a dateTime needs both, e.g. 2008-01-23T04:56:22Z)",
    )?;
    let minute = field(b":", "expected `:mm` after the hours")?;
    let second = field(
        b":",
        "expected `:ss` after the minutes (seconds are required)",
    )?;
    let mut nanos = 0u32;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return Err(err(
                "expected digits after the decimal point of the seconds",
            ));
        }
        let frac = text.get(start..i).unwrap_or("");
        let padded: String = frac.chars().chain(std::iter::repeat('0')).take(9).collect();
        nanos = padded.parse().unwrap_or(0);
    }
    let offset_minutes = match b.get(i) {
        None => None,
        Some(b'Z' | b'z') => {
            i += 1;
            Some(0)
        }
        Some(&sign @ (b'+' | b'-')) => {
            let (Some(h), Some(b':'), Some(m)) =
                (two_digits(b, i + 1), b.get(i + 3), two_digits(b, i + 4))
            else {
                return Err(err("the offset must be written ±hh:mm"));
            };
            let (h, m) = (
                i32::try_from(h).unwrap_or(99),
                i32::try_from(m).unwrap_or(99),
            );
            if m > 59 || h * 60 + m > 14 * 60 {
                return Err(err("the offset must be between -14:00 and +14:00"));
            }
            i += 6;
            Some(if sign == b'-' {
                -(h * 60 + m)
            } else {
                h * 60 + m
            })
        }
        Some(_) => {
            return Err(err(
                "unexpected text after the time; expected `Z` or an offset ±hh:mm",
            ));
        }
    };
    if i != b.len() {
        return Err(err("unexpected text after the date-time"));
    }
    if !(1..=12).contains(&month) {
        return Err(err("the month must be 01 to 12"));
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err(err("the day does not exist in that month"));
    }
    let end_of_day = hour == 24 && minute == 0 && second == 0 && nanos == 0;
    if (hour > 23 && !end_of_day) || minute > 59 || second > 59 {
        return Err(err(
            "the time is out of range (hh 00-23, mm 00-59, ss 00-59)",
        ));
    }
    let days = days_from_civil(year, month, day);
    let local = days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
    let unix_seconds = local - i64::from(offset_minutes.unwrap_or(0)) * 60;
    Ok(DateTime {
        unix_seconds,
        nanos,
        offset_minutes,
    })
}

/// Two ASCII digits at `at`, as a number.
fn two_digits(b: &[u8], at: usize) -> Option<u32> {
    match b.get(at..at + 2)? {
        [t @ b'0'..=b'9', u @ b'0'..=b'9'] => Some(u32::from(t - b'0') * 10 + u32::from(u - b'0')),
        _ => None,
    }
}

/// Whether `year` is a Gregorian leap year.
pub fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1-12) of `year`.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc_examples() {
        let d = parse_datetime("2010-01-23T04:56:22Z").unwrap();
        assert_eq!(d.unix_seconds, 1_264_222_582);
        assert_eq!(d.to_rfc3339(), "2010-01-23T04:56:22Z");
        let with_offset = parse_datetime("2010-01-23T06:56:22.5+02:00").unwrap();
        assert_eq!(with_offset.unix_seconds, d.unix_seconds);
        assert_eq!(with_offset.nanos, 500_000_000);
        assert_eq!(
            parse_datetime("2010-01-23t04:56:22z").unwrap().instant(),
            d.instant()
        );
        assert_eq!(
            parse_datetime("2010-01-23T04:56:22")
                .unwrap()
                .offset_minutes,
            None
        );
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "2010-01-23",
            "2010-1-23T04:56:22Z",
            "2010-02-30T00:00:00Z",
            "2010-01-23T25:00:00Z",
            "2010-01-23T04:56Z",
            "2010-01-23T04:56:22+2:00",
            "2010-01-23T04:56:22Zjunk",
            "23/01/2010",
            "",
        ] {
            assert!(parse_datetime(bad).is_err(), "{bad}");
        }
        assert!(parse_datetime("2012-02-29T00:00:00Z").is_ok());
        assert!(parse_datetime("2010-01-23T24:00:00Z").is_ok());
    }

    #[test]
    fn civil_round_trip() {
        for days in [-719_468, -1, 0, 1, 11_016, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
