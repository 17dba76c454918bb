//! A calendar date without a time zone, enough for end-of-life comparisons
//! (no chrono dependency).

use serde::{Serialize, Serializer};
use std::fmt;

/// A `YYYY-MM-DD` date. Ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// Builds a date the caller knows to be valid (the catalog generator
    /// checks every date before emitting it).
    pub const fn from_ymd(year: u32, month: u32, day: u32) -> Self {
        Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        }
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::from_ymd(year.clamp(0, 9999) as u32, month as u32, day as u32)
    }

    /// Parses `YYYY-MM-DD`; `None` for anything else or an impossible day.
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date::from_ymd(year, month, day))
    }

    pub fn year(self) -> u32 {
        u32::from(self.year)
    }

    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// Days since 1970-01-01 (negative before), for "days left" arithmetic.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// `other - self` in days.
    pub fn days_until(self, other: Date) -> i64 {
        other.days_since_epoch() - self.days_since_epoch()
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_epoch_round_trips() {
        for text in [
            "1970-01-01",
            "2000-02-29",
            "2026-11-28",
            "2100-03-01",
            "1999-12-31",
        ] {
            let date = Date::parse(text).unwrap();
            assert_eq!(
                Date::from_days_since_epoch(date.days_since_epoch()),
                date,
                "{text}"
            );
        }
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(20_785).to_string(),
            "2026-11-28"
        );
    }

    #[test]
    fn parses_and_prints_round_trip() {
        let date = Date::parse("2026-04-30").expect("valid");
        assert_eq!((date.year(), date.month(), date.day()), (2026, 4, 30));
        assert_eq!(date.to_string(), "2026-04-30");
    }

    #[test]
    fn rejects_malformed_and_impossible_dates() {
        for bad in [
            "2026-4-30",
            "2026-02-30",
            "2025-13-01",
            "20260430",
            "2026-04-3x",
            "",
            "2026-00-10",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2100-02-29").is_none());
    }

    #[test]
    fn orders_chronologically_and_counts_days() {
        let a = Date::from_ymd(2025, 12, 31);
        let b = Date::from_ymd(2026, 1, 1);
        assert!(a < b);
        assert_eq!(a.days_until(b), 1);
        assert_eq!(Date::from_ymd(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(
            Date::from_ymd(2024, 3, 1).days_since_epoch()
                - Date::from_ymd(2024, 2, 28).days_since_epoch(),
            2
        );
    }
}
