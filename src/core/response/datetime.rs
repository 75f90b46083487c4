//! ISO 8601 date-times as the facilitator writes them, to Unix milliseconds.
//!
//! Hand-written because the SDK needs one small job done (no time zones database, no
//! formatting) and `std::time` cannot parse; a date crate would cost more wasm than this.

/// Parses `YYYY-MM-DD(T|t| )HH:MM[:SS[(.|,)fraction]][Z|z|±HH[:MM]|±HHMM]` to milliseconds
/// since the Unix epoch (UTC), keeping sub-millisecond digits as the fraction of the result.
///
/// A fraction may have any number of digits (digits past the ninth are ignored). Without a
/// zone designator the time is read as UTC, the facilitator's own zone. Returns `None` for
/// anything else, including impossible dates (`2025-02-30`) and leap seconds.
pub fn parse_iso8601_ms(text: &str) -> Option<f64> {
    let mut c = Cursor {
        bytes: text.as_bytes(),
        pos: 0,
    };
    let year = c.number(4)?;
    c.require(b'-')?;
    let month = c.number(2)?;
    c.require(b'-')?;
    let day = c.number(2)?;
    if !matches!(c.next()?, b'T' | b't' | b' ') {
        return None;
    }
    let hour = c.number(2)?;
    c.require(b':')?;
    let minute = c.number(2)?;
    let mut second = 0;
    let mut fraction_ms = 0.0;
    if c.eat(b':') {
        second = c.number(2)?;
        if c.eat(b'.') || c.eat(b',') {
            fraction_ms = c.fraction_ms()?;
        }
    }
    let offset_minutes = match c.next() {
        None | Some(b'Z' | b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let hours = c.number(2)?;
            let colon = c.eat(b':');
            let minutes = if colon || c.peek().is_some() {
                c.number(2)?
            } else {
                0
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = hours * 60 + minutes;
            if sign == b'-' {
                -offset
            } else {
                offset
            }
        }
        Some(_) => return None,
    };
    if c.peek().is_some()
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second
        - offset_minutes * 60;
    Some(seconds as f64 * 1000.0 + fraction_ms)
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.pos += 1;
        Some(byte)
    }

    fn eat(&mut self, expected: u8) -> bool {
        let found = self.peek() == Some(expected);
        if found {
            self.pos += 1;
        }
        found
    }

    fn require(&mut self, expected: u8) -> Option<()> {
        self.eat(expected).then_some(())
    }

    /// Exactly `width` ASCII digits.
    fn number(&mut self, width: usize) -> Option<i64> {
        let mut value = 0;
        for _ in 0..width {
            let byte = self.next().filter(u8::is_ascii_digit)?;
            value = value * 10 + i64::from(byte - b'0');
        }
        Some(value)
    }

    /// One or more digits after the decimal mark, as milliseconds.
    fn fraction_ms(&mut self) -> Option<f64> {
        let (mut numerator, mut denominator, mut digits) = (0u64, 1u64, 0usize);
        while let Some(byte) = self.peek().filter(u8::is_ascii_digit) {
            self.pos += 1;
            digits += 1;
            if digits <= 9 {
                numerator = numerator * 10 + u64::from(byte - b'0');
                denominator *= 10;
            }
        }
        (digits > 0).then(|| numerator as f64 * 1000.0 / denominator as f64)
    }
}
