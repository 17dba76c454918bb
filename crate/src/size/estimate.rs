//! A byte count with its uncertainty: a best guess plus a low/high range,
//! where an unknown upper bound is `None` (never a made-up number).

use serde::Serialize;
use std::ops::Add;

/// One megabyte as `docker image ls` prints it (10^6 bytes).
pub const MB: u64 = 1_000_000;
/// One kilobyte (10^3 bytes).
pub const KB: u64 = 1_000;
/// One kibibyte: Debian's `Installed-Size` is in KiB.
pub const KIB: u64 = 1_024;

/// Bytes with a range. Invariant: `low <= bytes <= high` (when `high` is known).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    /// The best guess.
    pub bytes: u64,
    pub low: u64,
    /// `None`: no upper bound can be given (an unknown download, an unknown
    /// image, a COPY without a build context).
    pub high: Option<u64>,
}

impl Estimate {
    pub const ZERO: Estimate = Estimate {
        bytes: 0,
        low: 0,
        high: Some(0),
    };

    /// Nothing is known: 0 as the guess, no upper bound.
    pub const UNKNOWN: Estimate = Estimate {
        bytes: 0,
        low: 0,
        high: None,
    };

    /// A measured or given value: no range.
    pub fn exact(bytes: u64) -> Estimate {
        Estimate {
            bytes,
            low: bytes,
            high: Some(bytes),
        }
    }

    /// A guess with a range; the guess is clamped into the range.
    pub fn range(low: u64, bytes: u64, high: u64) -> Estimate {
        let (low, high) = (low.min(high), low.max(high));
        Estimate {
            bytes: bytes.clamp(low, high),
            low,
            high: Some(high),
        }
    }

    pub fn is_unknown(&self) -> bool {
        self.high.is_none()
    }

    pub fn is_exact(&self) -> bool {
        self.high == Some(self.low) && self.low == self.bytes
    }

    /// Scale every bound by `factor` (a ratio such as 0.4 or 2.5).
    pub fn scale(self, factor: f64) -> Estimate {
        Estimate {
            bytes: scale(self.bytes, factor),
            low: scale(self.low, factor),
            high: self.high.map(|h| scale(h, factor)),
        }
    }

    /// Scale with a range of factors: low by `low`, guess by `mid`, high by
    /// `high` (for rules like "the cache is ×0.33–0.5 of the install").
    pub fn scale_range(self, low: f64, mid: f64, high: f64) -> Estimate {
        Estimate {
            bytes: scale(self.bytes, mid),
            low: scale(self.low, low),
            high: self.high.map(|h| scale(h, high)),
        }
    }

    /// The smaller of two estimates, bound by bound.
    pub fn min(self, other: Estimate) -> Estimate {
        Estimate {
            bytes: self.bytes.min(other.bytes),
            low: self.low.min(other.low),
            high: match (self.high, other.high) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (Some(a), None) | (None, Some(a)) => Some(a),
                (None, None) => None,
            },
        }
    }
}

impl Add for Estimate {
    type Output = Estimate;

    fn add(self, other: Estimate) -> Estimate {
        Estimate {
            bytes: self.bytes.saturating_add(other.bytes),
            low: self.low.saturating_add(other.low),
            high: match (self.high, other.high) {
                (Some(a), Some(b)) => Some(a.saturating_add(b)),
                _ => None,
            },
        }
    }
}

impl std::iter::Sum for Estimate {
    fn sum<I: Iterator<Item = Estimate>>(iter: I) -> Estimate {
        iter.fold(Estimate::ZERO, Add::add)
    }
}

/// `bytes × factor`, rounded, saturating; a negative or NaN factor gives 0.
pub fn scale(bytes: u64, factor: f64) -> u64 {
    if factor.is_nan() || factor <= 0.0 {
        return 0;
    }
    let scaled = (bytes as f64 * factor).round();
    if scaled >= u64::MAX as f64 {
        u64::MAX
    } else {
        scaled as u64
    }
}

/// `12.3 MB`, `850 kB`, `0 B`: decimal units, as `docker image ls` prints.
pub fn human(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GB", 1_000_000_000), ("MB", MB), ("kB", KB)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let value = bytes as f64 / size as f64;
            return if value >= 100.0 {
                format!("{value:.0} {unit}")
            } else {
                format!("{value:.1} {unit}")
            };
        }
    }
    format!("{bytes} B")
}

/// `150 MB (120–190 MB)`, `0 B (0 B–unknown)`, or just `2.1 kB` when exact.
pub fn human_range(estimate: &Estimate) -> String {
    if estimate.is_exact() {
        return human(estimate.bytes);
    }
    let high = estimate.high.map_or_else(|| "unknown".to_string(), human);
    format!(
        "{} ({}–{})",
        human(estimate.bytes),
        human(estimate.low),
        high
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sum_keeps_ranges_and_unknowns() {
        let total: Estimate = [Estimate::exact(10), Estimate::range(5, 7, 9)]
            .into_iter()
            .sum();
        assert_eq!(total, Estimate::range(15, 17, 19));
        let with_unknown = total + Estimate::UNKNOWN;
        assert_eq!(with_unknown.bytes, 17);
        assert_eq!(with_unknown.high, None);
    }

    #[test]
    fn range_orders_and_clamps() {
        let e = Estimate::range(9, 100, 3);
        assert_eq!((e.low, e.bytes, e.high), (3, 9, Some(9)));
    }

    #[test]
    fn scaling_rounds_and_saturates() {
        assert_eq!(scale(10, 0.25), 3);
        assert_eq!(scale(10, -1.0), 0);
        assert_eq!(scale(10, f64::NAN), 0);
        assert_eq!(scale(u64::MAX, 2.0), u64::MAX);
        let e = Estimate::exact(100).scale_range(0.3, 0.4, 0.5);
        assert_eq!((e.low, e.bytes, e.high), (30, 40, Some(50)));
    }

    #[test]
    fn human_units() {
        assert_eq!(human(0), "0 B");
        assert_eq!(human(999), "999 B");
        assert_eq!(human(1_500), "1.5 kB");
        assert_eq!(human(149_800_155), "150 MB");
        assert_eq!(human(12_340_000), "12.3 MB");
        assert_eq!(human(1_130_000_000), "1.1 GB");
        assert_eq!(human_range(&Estimate::UNKNOWN), "0 B (0 B–unknown)");
    }
}
