//! Dates as clerks type them: 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305,
//! and 3-5 or 3/5 (this year). Full-width digits are accepted.
use chrono::NaiveDate;

/// A date that could not be read; the message carries an example.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{input}' is not a date; write it like 2024-03-05, 2024/3/5, 20240305 or 3-5")]
pub struct DateError {
    pub input: String,
}

impl DateError {
    /// The message a clerk reads.
    pub fn message(&self, lang: crate::text::Lang) -> String {
        match lang {
            crate::text::Lang::Zh => format!("“{}”不是日期,请写成 2024-03-05、2024/3/5、20240305 或 3-5", self.input),
            crate::text::Lang::En => self.to_string(),
        }
    }
}

/// Reads a date; `this_year` completes a month-day date.
pub fn parse_date(input: &str, this_year: i32) -> Result<NaiveDate, DateError> {
    let err = || DateError { input: input.to_string() };
    let s: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '年' | '月' | '/' | '.' | '／' | '－' | '—' => '-',
            '日' | '号' => ' ',
            c => c,
        })
        .collect();
    let s = s.trim();
    if s.is_empty() || s.len() > 20 {
        return Err(err());
    }
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str| -> Option<u32> {
        if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
            None
        } else {
            p.parse().ok()
        }
    };
    let (y, m, d) = match parts.as_slice() {
        [all] if all.len() == 8 && all.bytes().all(|b| b.is_ascii_digit()) => (
            all[..4].parse().map_err(|_| err())?,
            all[4..6].parse().map_err(|_| err())?,
            all[6..].parse().map_err(|_| err())?,
        ),
        [y, m, d] if y.len() == 4 => (num(y).ok_or_else(err)? as i32, num(m).ok_or_else(err)?, num(d).ok_or_else(err)?),
        [m, d] if m.len() <= 2 && d.len() <= 2 => (this_year, num(m).ok_or_else(err)?, num(d).ok_or_else(err)?),
        _ => return Err(err()),
    };
    if !(1949..=2200).contains(&y) {
        return Err(err());
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn accepts_the_usual_shapes() {
        for s in ["2024-03-05", "2024/3/5", "20240305", "2024.3.5", "2024年3月5日", "２０２４-０３-０５", " 2024-3-5 "]
        {
            assert_eq!(parse_date(s, 2026), Ok(d(2024, 3, 5)), "{s}");
        }
        assert_eq!(parse_date("3-5", 2026), Ok(d(2026, 3, 5)));
        assert_eq!(parse_date("3/5", 2026), Ok(d(2026, 3, 5)));
        assert_eq!(parse_date("3月5日", 2026), Ok(d(2026, 3, 5)));
    }

    #[test]
    fn refuses_everything_else() {
        for s in [
            "",
            "2024-02-30",
            "2024-13-01",
            "tomorrow",
            "3",
            "2024-3",
            "12345678",
            "99999999999999999999999",
            "1-2-3-4",
            "-3-5",
            "3--5",
        ] {
            assert!(parse_date(s, 2026).is_err(), "{s}");
        }
    }
}
