//! Dates for Entra expressions: CDate parsing, the `M/d/yyyy h:mm:ss tt`
//! rendering, DateAdd/DateDiff with VB.NET semantics, AD FILETIME numbers and
//! the .NET custom format strings of FormatDateTime.
//!
//! Every instant is kept in UTC: Entra's provisioning service runs in UTC, so
//! a text without an offset is read as UTC and every offset is converted.

use crate::datetime::{DateTime, civil_from_days, days_from_civil, days_in_month};

const NANOS_PER_SECOND: i128 = 1_000_000_000;
/// Seconds between 1601-01-01 (the FILETIME epoch) and 1970-01-01.
const FILETIME_EPOCH_OFFSET: i64 = 11_644_473_600;
/// .NET's DateTime ends with year 9999; beyond it Entra fails too.
const MAX_YEAR: i64 = 9999;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// `M/d/yyyy h:mm:ss tt` in UTC, e.g. `3/16/2020 7:00:00 AM`.
pub(crate) fn render(dt: &DateTime) -> String {
    let (y, mo, d, h, mi, s) = dt.utc_fields();
    let (h12, tt) = twelve_hour(h);
    format!("{mo}/{d}/{y} {h12}:{mi:02}:{s:02} {tt}")
}

fn twelve_hour(h: u32) -> (u32, &'static str) {
    match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    }
}

/// Builds an instant from civil fields, checking every range.
#[allow(clippy::too_many_arguments)]
fn make(
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
    offset_minutes: Option<i32>,
) -> Option<DateTime> {
    if !(1..=MAX_YEAR).contains(&year)
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let local = days_from_civil(year, month, day) * 86_400
        + i64::from(hour) * 3600
        + i64::from(minute) * 60
        + i64::from(second);
    Some(DateTime {
        unix_seconds: local - i64::from(offset_minutes.unwrap_or(0)) * 60,
        nanos,
        offset_minutes: Some(offset_minutes.unwrap_or(0)),
    })
}

/// A tiny cursor over ASCII-ish text.
struct Cursor<'a> {
    chars: Vec<char>,
    pos: usize,
    _text: &'a str,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Cursor<'a> {
        Cursor {
            chars: text.chars().collect(),
            pos: 0,
            _text: text,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek().is_some_and(|p| p.eq_ignore_ascii_case(&c)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_str(&mut self, s: &str) -> bool {
        let n = s.chars().count();
        let matches = self.chars.get(self.pos..self.pos + n).is_some_and(|got| {
            got.iter()
                .zip(s.chars())
                .all(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
        });
        if matches {
            self.pos += n;
        }
        matches
    }

    fn skip_spaces(&mut self) -> bool {
        let start = self.pos;
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
        self.pos > start
    }

    /// Between `min` and `max` ASCII digits, as a number.
    fn digits(&mut self, min: usize, max: usize) -> Option<(u64, usize)> {
        let mut value: u64 = 0;
        let mut n = 0;
        while n < max {
            match self.peek().and_then(|c| c.to_digit(10)) {
                Some(d) => {
                    value = value.checked_mul(10)?.checked_add(u64::from(d))?;
                    n += 1;
                    self.pos += 1;
                }
                None => break,
            }
        }
        (n >= min).then_some((value, n))
    }

    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        self.digits(min, max)
            .and_then(|(v, _)| u32::try_from(v).ok())
    }

    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }
}

/// Nanoseconds from a run of fraction digits.
fn fraction_nanos(value: u64, digits: usize) -> u32 {
    let mut v = value;
    let mut n = digits;
    while n > 9 {
        v /= 10;
        n -= 1;
    }
    while n < 9 {
        v *= 10;
        n += 1;
    }
    u32::try_from(v).unwrap_or(0)
}

/// `Z`, `UTC`, `GMT`, `±hh`, `±hhmm` or `±hh:mm`.
fn zone(c: &mut Cursor<'_>) -> Option<Option<i32>> {
    let save = c.pos;
    c.skip_spaces();
    if c.at_end() {
        c.pos = save;
        return Some(None);
    }
    if c.eat_str("UTC") || c.eat_str("GMT") || c.eat('Z') {
        return Some(Some(0));
    }
    let sign = match c.peek() {
        Some('+') => 1,
        Some('-') => -1,
        _ => return None,
    };
    c.pos += 1;
    let hours = c.number(1, 2)?;
    let minutes = if c.eat(':') {
        c.number(2, 2)?
    } else {
        c.number(2, 2).unwrap_or(0)
    };
    if hours > 14 || minutes > 59 {
        return None;
    }
    Some(Some(sign * i32::try_from(hours * 60 + minutes).ok()?))
}

/// `H:mm[:ss[.fffffff]] [AM|PM]`.
fn time(c: &mut Cursor<'_>) -> Option<(u32, u32, u32, u32)> {
    let mut hour = c.number(1, 2)?;
    if !c.eat(':') {
        return None;
    }
    let minute = c.number(2, 2)?;
    let mut second = 0;
    let mut nanos = 0;
    if c.eat(':') {
        second = c.number(2, 2)?;
        if c.eat('.') {
            let (v, n) = c.digits(1, 30)?;
            nanos = fraction_nanos(v, n);
        }
    }
    let save = c.pos;
    c.skip_spaces();
    if c.eat_str("AM") {
        if hour == 0 || hour > 12 {
            return None;
        }
        if hour == 12 {
            hour = 0;
        }
    } else if c.eat_str("PM") {
        if hour == 0 || hour > 12 {
            return None;
        }
        if hour < 12 {
            hour += 12;
        }
    } else {
        c.pos = save;
    }
    Some((hour, minute, second, nanos))
}

/// CDate: reads the date/time texts Entra sources hold. Accepted: ISO dates
/// with optional time and offset (`2020-03-16-07:00`, `2021-08-24`,
/// `2021-08-24T10:00:00.5Z`, `2020-12-31 23:59:59-08:00`), US dates as .NET
/// prints them (`8/25/2021 5:41:18 PM`), and LDAP generalized time
/// (`20150123105347.0Z`). No offset means UTC.
pub(crate) fn parse_loose(text: &str) -> Option<DateTime> {
    let mut c = Cursor::new(text.trim());
    let (first_raw, _) = c.digits(1, 14)?;
    let first = u32::try_from(first_raw).unwrap_or(u32::MAX);
    let (year, month, day, mut hms) = if c.eat('-') {
        let month = c.number(1, 2)?;
        if !c.eat('-') {
            return None;
        }
        let day = c.number(1, 2)?;
        (i64::from(first), month, day, (0, 0, 0, 0))
    } else if c.eat('/') {
        let day = c.number(1, 2)?;
        if !c.eat('/') {
            return None;
        }
        let year = c.number(4, 4)?;
        (i64::from(year), first, day, (0, 0, 0, 0))
    } else if c.pos == 14 || c.pos == 12 {
        // Generalized time yyyyMMddHHmmss / yyyyMMddHHmm.
        let digits: String = c.chars.get(..c.pos)?.iter().collect();
        let part = |r: std::ops::Range<usize>| digits.get(r).and_then(|s| s.parse::<u32>().ok());
        let sec = if c.pos == 14 { part(12..14)? } else { 0 };
        let mut nanos = 0;
        if c.eat('.') || c.eat(',') {
            let (v, n) = c.digits(1, 30)?;
            nanos = fraction_nanos(v, n);
        }
        (
            i64::from(part(0..4)?),
            part(4..6)?,
            part(6..8)?,
            (part(8..10)?, part(10..12)?, sec, nanos),
        )
    } else {
        return None;
    };
    if c.eat('T') || (c.skip_spaces() && c.peek().is_some_and(|ch| ch.is_ascii_digit())) {
        hms = time(&mut c)?;
    }
    let offset = zone(&mut c)?;
    c.skip_spaces();
    if !c.at_end() {
        return None;
    }
    make(year, month, day, hms.0, hms.1, hms.2, hms.3, offset)
}

/// The intervals of DateAdd and DateDiff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Interval {
    Year,
    Month,
    Day,
    Week,
    Hour,
    Minute,
    Second,
}

/// The interval names Entra documents: `yyyy m d ww h n s`.
pub(crate) const INTERVALS: &str =
    "yyyy (year), m (month), d (day), ww (week), h (hour), n (minute), s (second)";

impl Interval {
    /// Parses an interval name (case-insensitive, as VB's DateAdd is).
    pub(crate) fn parse(s: &str) -> Option<Interval> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "yyyy" => Interval::Year,
            "m" => Interval::Month,
            "d" => Interval::Day,
            "ww" => Interval::Week,
            "h" => Interval::Hour,
            "n" => Interval::Minute,
            "s" => Interval::Second,
            _ => return None,
        })
    }
}

fn check_range(dt: DateTime) -> Option<DateTime> {
    let (y, ..) = dt.utc_fields();
    (1..=MAX_YEAR).contains(&y).then_some(dt)
}

/// DateAdd: calendar arithmetic for years and months (the day is clamped to
/// the month's end, as .NET's AddMonths does), fixed lengths otherwise.
pub(crate) fn add(interval: Interval, n: i64, dt: DateTime) -> Option<DateTime> {
    let seconds = |unit: i64| -> Option<DateTime> {
        let delta = n.checked_mul(unit)?;
        check_range(DateTime::from_unix(
            dt.unix_seconds.checked_add(delta)?,
            dt.nanos,
        ))
    };
    match interval {
        Interval::Year => add_months(dt, n.checked_mul(12)?),
        Interval::Month => add_months(dt, n),
        Interval::Week => seconds(7 * 86_400),
        Interval::Day => seconds(86_400),
        Interval::Hour => seconds(3600),
        Interval::Minute => seconds(60),
        Interval::Second => seconds(1),
    }
}

fn add_months(dt: DateTime, months: i64) -> Option<DateTime> {
    let (y, m, d, h, mi, s) = dt.utc_fields();
    let total = y
        .checked_mul(12)?
        .checked_add(i64::from(m) - 1)?
        .checked_add(months)?;
    let year = total.div_euclid(12);
    let month = u32::try_from(total.rem_euclid(12) + 1).ok()?;
    let day = d.min(days_in_month(year, month));
    make(year, month, day, h, mi, s, dt.nanos, Some(0))
}

fn nanos_of(dt: &DateTime) -> i128 {
    i128::from(dt.unix_seconds) * NANOS_PER_SECOND + i128::from(dt.nanos)
}

/// Day of week, Sunday = 0.
fn weekday(dt: &DateTime) -> i64 {
    (dt.unix_seconds.div_euclid(86_400) + 4).rem_euclid(7)
}

/// DateDiff with VB.NET's `DateAndTime.DateDiff` semantics: d/h/n/s are the
/// elapsed time truncated toward zero, m and yyyy count calendar boundaries,
/// ww counts the weeks between the Sundays that start each date's week.
pub(crate) fn diff(interval: Interval, d1: DateTime, d2: DateTime) -> i64 {
    let elapsed = nanos_of(&d2) - nanos_of(&d1);
    let per = |unit: i128| i64::try_from(elapsed / (unit * NANOS_PER_SECOND)).unwrap_or(0);
    let (y1, m1, ..) = d1.utc_fields();
    let (y2, m2, ..) = d2.utc_fields();
    match interval {
        Interval::Day => per(86_400),
        Interval::Hour => per(3600),
        Interval::Minute => per(60),
        Interval::Second => per(1),
        Interval::Month => (y2 - y1) * 12 + i64::from(m2) - i64::from(m1),
        Interval::Year => y2 - y1,
        Interval::Week => {
            // VB moves both dates back by GetDayOfWeek (1 for Sunday … 7 for
            // Saturday) days, keeping the time of day, then truncates weeks.
            let shift = |dt: &DateTime| {
                nanos_of(dt) - i128::from(weekday(dt) + 1) * 86_400 * NANOS_PER_SECOND
            };
            i64::try_from((shift(&d2) - shift(&d1)) / (7 * 86_400 * NANOS_PER_SECOND)).unwrap_or(0)
        }
    }
}

/// DateFromNum: a FILETIME / AD integer (100-ns ticks since 1601-01-01 UTC).
pub(crate) fn from_filetime(ticks: i64) -> Option<DateTime> {
    let seconds = ticks.div_euclid(10_000_000) - FILETIME_EPOCH_OFFSET;
    let nanos = u32::try_from(ticks.rem_euclid(10_000_000) * 100).ok()?;
    check_range(DateTime::from_unix(seconds, nanos))
}

/// NumFromDate: the FILETIME ticks of an instant.
pub(crate) fn to_filetime(dt: &DateTime) -> i64 {
    (dt.unix_seconds + FILETIME_EPOCH_OFFSET) * 10_000_000 + i64::from(dt.nanos / 100)
}

/// One element of a .NET custom date/time format.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Spec {
    Year(usize),
    Month(usize),
    Day(usize),
    Hour24(usize),
    Hour12(usize),
    Minute(usize),
    Second(usize),
    /// `f…` (fixed digits) or `F…` (trailing zeros dropped).
    Fraction(usize, bool),
    AmPm(usize),
    Offset(usize),
    /// `K`: `Z` for UTC, the offset otherwise.
    Kind,
    /// `Z`: parses a literal `Z` meaning UTC; prints `Z`.
    Zulu,
    Literal(String),
}

/// Splits a .NET custom format string into specifiers.
fn tokenize(format: &str) -> Result<Vec<Spec>, String> {
    let chars: Vec<char> = format.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let mut run = 1;
        while chars.get(i + run) == Some(&c) {
            run += 1;
        }
        let letter = match c {
            'y' => Some(Spec::Year(run)),
            'M' => Some(Spec::Month(run.min(4))),
            'd' => Some(Spec::Day(run.min(4))),
            'H' => Some(Spec::Hour24(run.min(2))),
            'h' => Some(Spec::Hour12(run.min(2))),
            'm' => Some(Spec::Minute(run.min(2))),
            's' => Some(Spec::Second(run.min(2))),
            'f' | 'F' if run > 7 => {
                return Err(format!(
                    "`{}` has more than 7 fraction digits",
                    c.to_string().repeat(run)
                ));
            }
            'f' => Some(Spec::Fraction(run, false)),
            'F' => Some(Spec::Fraction(run, true)),
            't' => Some(Spec::AmPm(run.min(2))),
            'z' => Some(Spec::Offset(run.min(3))),
            _ => None,
        };
        if let Some(spec) = letter {
            out.push(spec);
            i += run;
            continue;
        }
        match c {
            'K' => out.push(Spec::Kind),
            'Z' => out.push(Spec::Zulu),
            '%' => {}
            '\\' => {
                i += 1;
                if let Some(&n) = chars.get(i) {
                    out.push(Spec::Literal(n.to_string()));
                }
            }
            '\'' | '"' => {
                let mut lit = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(format!(
                                "unterminated quoted text in the format `{format}`"
                            ));
                        }
                        Some(&q) if q == c => break,
                        Some(&ch) => lit.push(ch),
                    }
                    i += 1;
                }
                out.push(Spec::Literal(lit));
            }
            other => out.push(Spec::Literal(other.to_string())),
        }
        i += 1;
    }
    Ok(out)
}

fn name_index(c: &mut Cursor<'_>, names: &[&str], abbreviated: bool) -> Option<usize> {
    names.iter().position(|name| {
        let name = if abbreviated {
            name.get(..3).unwrap_or(name)
        } else {
            name
        };
        c.eat_str(name)
    })
}

/// Parses `input` exactly as .NET's `DateTime.ParseExact(input, format)`
/// would (leading and trailing white space allowed). A missing date part
/// takes `today`; a missing zone means UTC.
pub(crate) fn parse_exact(
    input: &str,
    format: &str,
    today: (i64, u32, u32),
) -> Result<DateTime, String> {
    let specs = tokenize(format)?;
    let mut c = Cursor::new(input.trim());
    let (mut year, mut month, mut day) = (None, None, None);
    let (mut hour, mut minute, mut second, mut nanos) = (0u32, 0u32, 0u32, 0u32);
    let mut pm: Option<bool> = None;
    let mut offset = None;
    let fail = |what: &str, c: &Cursor<'_>| {
        Err(format!(
            "`{input}` does not match the format `{format}`: expected {what} at character {}",
            c.pos + 1
        ))
    };
    for spec in &specs {
        match spec {
            Spec::Year(n) => {
                let (min, max) = match n {
                    1 => (1, 2),
                    2 => (2, 2),
                    n => ((*n).max(4), (*n).max(4)),
                };
                let Some(y) = c.number(min, max) else {
                    return fail("the year", &c);
                };
                year = Some(if *n <= 2 {
                    i64::from(if y < 50 { 2000 + y } else { 1900 + y })
                } else {
                    i64::from(y)
                });
            }
            Spec::Month(n @ (1 | 2)) => {
                let Some(m) = c.number(*n, 2) else {
                    return fail("the month", &c);
                };
                month = Some(m);
            }
            Spec::Month(n) => {
                let Some(i) = name_index(&mut c, &MONTHS, *n == 3) else {
                    return fail("a month name", &c);
                };
                month = u32::try_from(i + 1).ok();
            }
            Spec::Day(n @ (1 | 2)) => {
                let Some(d) = c.number(*n, 2) else {
                    return fail("the day", &c);
                };
                day = Some(d);
            }
            Spec::Day(n) => {
                if name_index(&mut c, &DAYS, *n == 3).is_none() {
                    return fail("a day name", &c);
                }
            }
            Spec::Hour24(n) | Spec::Hour12(n) => {
                let Some(h) = c.number(*n, 2) else {
                    return fail("the hour", &c);
                };
                hour = h;
            }
            Spec::Minute(n) => {
                let Some(m) = c.number(*n, 2) else {
                    return fail("the minutes", &c);
                };
                minute = m;
            }
            Spec::Second(n) => {
                let Some(s) = c.number(*n, 2) else {
                    return fail("the seconds", &c);
                };
                second = s;
            }
            Spec::Fraction(n, optional) => {
                let min = if *optional { 0 } else { *n };
                let Some((v, got)) = c.digits(min, *n) else {
                    return fail(&format!("{n} fraction digit(s)"), &c);
                };
                nanos = if got == 0 { 0 } else { fraction_nanos(v, got) };
            }
            Spec::AmPm(n) => {
                let am = if *n == 1 { "A" } else { "AM" };
                let pmtext = if *n == 1 { "P" } else { "PM" };
                if c.eat_str(am) {
                    pm = Some(false);
                } else if c.eat_str(pmtext) {
                    pm = Some(true);
                } else {
                    return fail("AM or PM", &c);
                }
            }
            Spec::Offset(_) | Spec::Kind => match zone(&mut c) {
                Some(z) => offset = z.or(offset),
                None if matches!(spec, Spec::Kind) => {}
                None => return fail("a UTC offset such as +02:00", &c),
            },
            Spec::Zulu => {
                if !c.eat('Z') {
                    return fail("`Z`", &c);
                }
                offset = Some(0);
            }
            Spec::Literal(lit) => {
                if lit.chars().all(char::is_whitespace) {
                    if !c.skip_spaces() {
                        return fail("a space", &c);
                    }
                } else if !c.eat_str(lit) {
                    return fail(&format!("`{lit}`"), &c);
                }
            }
        }
    }
    if !c.at_end() {
        return fail("the end of the text", &c);
    }
    if let Some(pm) = pm {
        if hour == 0 || hour > 12 {
            return fail("an hour from 1 to 12 with AM/PM", &c);
        }
        hour = match (pm, hour) {
            (false, 12) => 0,
            (true, h) if h < 12 => h + 12,
            (_, h) => h,
        };
    }
    let (ty, tm, td) = today;
    make(
        year.unwrap_or(ty),
        month.unwrap_or(if year.is_some() { 1 } else { tm }),
        day.unwrap_or(if year.is_some() || month.is_some() {
            1
        } else {
            td
        }),
        hour,
        minute,
        second,
        nanos,
        offset,
    )
    .ok_or_else(|| format!("`{input}` is not a valid date for the format `{format}`"))
}

/// Formats an instant (in UTC) with a .NET custom format string.
pub(crate) fn format(dt: &DateTime, format: &str) -> Result<String, String> {
    let specs = tokenize(format)?;
    let (y, mo, d, h, mi, s) = dt.utc_fields();
    let ticks = dt.nanos / 100;
    let mut out = String::new();
    let pad = |v: i64, n: usize| format!("{v:0n$}");
    for spec in &specs {
        match spec {
            Spec::Year(1) => out.push_str(&(y % 100).to_string()),
            Spec::Year(n) => out.push_str(&pad(if *n == 2 { y % 100 } else { y }, *n)),
            Spec::Month(3) => out.push_str(
                MONTHS
                    .get((mo as usize).saturating_sub(1))
                    .and_then(|m| m.get(..3))
                    .unwrap_or(""),
            ),
            Spec::Month(4) => out.push_str(
                MONTHS
                    .get((mo as usize).saturating_sub(1))
                    .copied()
                    .unwrap_or(""),
            ),
            Spec::Month(n) => out.push_str(&pad(i64::from(mo), *n)),
            Spec::Day(3 | 4) => {
                let idx = usize::try_from(weekday(dt)).unwrap_or(0);
                let name = DAYS.get(idx).copied().unwrap_or("");
                out.push_str(if matches!(spec, Spec::Day(3)) {
                    name.get(..3).unwrap_or(name)
                } else {
                    name
                });
            }
            Spec::Day(n) => out.push_str(&pad(i64::from(d), *n)),
            Spec::Hour24(n) => out.push_str(&pad(i64::from(h), *n)),
            Spec::Hour12(n) => out.push_str(&pad(i64::from(twelve_hour(h).0), *n)),
            Spec::Minute(n) => out.push_str(&pad(i64::from(mi), *n)),
            Spec::Second(n) => out.push_str(&pad(i64::from(s), *n)),
            Spec::Fraction(n, trim) => {
                let digits = format!("{ticks:07}");
                let mut part = digits.get(..*n).unwrap_or("").to_string();
                if *trim {
                    part = part.trim_end_matches('0').to_string();
                    // .NET drops the separator too when `F` prints nothing.
                    if part.is_empty() && out.ends_with('.') {
                        out.pop();
                    }
                }
                out.push_str(&part);
            }
            Spec::AmPm(n) => {
                let tt = twelve_hour(h).1;
                out.push_str(if *n == 1 {
                    tt.get(..1).unwrap_or(tt)
                } else {
                    tt
                });
            }
            Spec::Offset(1) => out.push_str("+0"),
            Spec::Offset(2) => out.push_str("+00"),
            Spec::Offset(_) => out.push_str("+00:00"),
            Spec::Kind => out.push('Z'),
            Spec::Zulu => out.push('Z'),
            Spec::Literal(lit) => out.push_str(lit),
        }
    }
    Ok(out)
}

/// The civil UTC date of an instant, for ParseExact's defaults.
pub(crate) fn civil_date(dt: &DateTime) -> (i64, u32, u32) {
    civil_from_days(dt.unix_seconds.div_euclid(86_400))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cdate(s: &str) -> DateTime {
        parse_loose(s).unwrap_or_else(|| panic!("{s} did not parse"))
    }

    #[test]
    fn cdate_forms() {
        assert_eq!(render(&cdate("2020-03-16-07:00")), "3/16/2020 7:00:00 AM");
        assert_eq!(render(&cdate("2021-06-30+08:00")), "6/29/2021 4:00:00 PM");
        assert_eq!(
            render(&cdate("8/25/2021 5:41:18 PM")),
            "8/25/2021 5:41:18 PM"
        );
        assert_eq!(
            render(&cdate("2021-08-24T00:00:00Z")),
            "8/24/2021 12:00:00 AM"
        );
        assert_eq!(render(&cdate("20150123105347.1Z")), "1/23/2015 10:53:47 AM");
        assert_eq!(
            to_filetime(&cdate("2020-12-31 23:59:59-08:00")),
            132_539_615_990_000_000
        );
        for bad in [
            "",
            "2021-13-01",
            "2021-02-30",
            "yesterday",
            "8/25/2021 13:00:00 PM",
            "2021-01-01 junk",
        ] {
            assert!(parse_loose(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn vb_datediff() {
        let a = cdate("8/25/2021 5:41:18 PM");
        let b = cdate("2012-03-16-07:00");
        assert_eq!(diff(Interval::Day, a, b), -3449);
        assert_eq!(diff(Interval::Week, a, b), -493);
        assert_eq!(diff(Interval::Month, a, b), -113);
        assert_eq!(diff(Interval::Year, a, b), -9);
        let (c, d) = (cdate("2021-08-24"), cdate("2021-08-25"));
        assert_eq!(diff(Interval::Hour, c, d), 24);
        assert_eq!(diff(Interval::Minute, c, d), 1440);
        assert_eq!(diff(Interval::Second, c, d), 86400);
        assert_eq!(diff(Interval::Day, d, d), 0);
    }

    #[test]
    fn dateadd_clamps_month_end() {
        let jan31 = cdate("2024-01-31");
        assert_eq!(
            render(&add(Interval::Month, 1, jan31).unwrap()),
            "2/29/2024 12:00:00 AM"
        );
        assert_eq!(
            render(&add(Interval::Year, -1, cdate("2024-02-29")).unwrap()),
            "2/28/2023 12:00:00 AM"
        );
        assert!(add(Interval::Year, 10_000, jan31).is_none());
        assert!(add(Interval::Second, i64::MAX, jan31).is_none());
    }

    #[test]
    fn filetime() {
        let dt = from_filetime(129_699_324_000_000_000).unwrap();
        assert_eq!(dt.to_rfc3339(), "2012-01-01T23:00:00Z");
        assert_eq!(to_filetime(&dt), 129_699_324_000_000_000);
    }

    #[test]
    fn custom_formats() {
        let today = (2026, 1, 1);
        let dt = parse_exact("20150123105347.1Z", "yyyyMMddHHmmss.fZ", today).unwrap();
        assert_eq!(format(&dt, "yyyy-MM-dd").unwrap(), "2015-01-23");
        assert_eq!(format(&dt, "M/d/yy h:mm tt").unwrap(), "1/23/15 10:53 AM");
        assert_eq!(
            format(&dt, "dddd, MMMM d 'at' HH\\h").unwrap(),
            "Friday, January 23 at 10h"
        );
        assert_eq!(
            format(&dt, "ss.fff FFF K zzz").unwrap(),
            "47.100 1 Z +00:00"
        );
        assert_eq!(
            format(
                &parse_exact("01:02", "HH:mm", today).unwrap(),
                "yyyy-MM-dd ss.FF"
            )
            .unwrap(),
            "2026-01-01 00"
        );
        let pm = parse_exact(" 3/4/2020 1:05:09 PM ", "M/d/yyyy h:mm:ss tt", today).unwrap();
        assert_eq!(pm.to_rfc3339(), "2020-03-04T13:05:09Z");
        let offset =
            parse_exact("2020-03-04T10:00:00+02:00", "yyyy-MM-ddTHH:mm:ssK", today).unwrap();
        assert_eq!(offset.to_rfc3339(), "2020-03-04T08:00:00Z");
        assert!(parse_exact("2015-01-23", "yyyyMMdd", today).is_err());
        assert!(parse_exact("2015", "yyyy 'x", today).is_err());
        assert!(format(&dt, "ffffffff").is_err());
    }
}
