//! The official holiday calendar (`data/holidays/YYYY.txt`) and working-day arithmetic.
//!
//! File format, one entry a line (`#` starts a comment):
//!
//! ```text
//! year 2026
//! off  2026-10-01..2026-10-07  国庆节
//! work 2026-10-10              国庆节调休
//! ```
//!
//! `off` days are holidays (a single date or an inclusive range); `work` days are the
//! make-up working weekends (调休上班). Any other day is a working day when it is
//! Monday to Friday. A year with no file is counted on weekdays only, and every date
//! computed in it is marked unconfirmed.
use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::{BTreeSet, HashSet};

/// A malformed calendar file: which file, which line, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct CalendarError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// The holiday and make-up working-day calendar for the years it has files for.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    years: BTreeSet<i32>,
    off: HashSet<NaiveDate>,
    work: HashSet<NaiveDate>,
}

/// A computed date, and whether the calendar had the official schedule for every day
/// it counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub date: NaiveDate,
    pub confirmed: bool,
}

impl Calendar {
    /// Adds one year's file; `file` names it in errors.
    pub fn add_file(&mut self, file: &str, text: &str) -> Result<(), CalendarError> {
        let err = |line: usize, message: String| CalendarError { file: file.to_string(), line, message };
        let mut year = None;
        let mut off = Vec::new();
        let mut work = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut words = line.split_whitespace();
            let tag = words.next().unwrap_or("");
            let arg = words.next().ok_or_else(|| err(n, format!("'{tag}' needs a date / 缺少日期")))?;
            match tag {
                "year" => {
                    let y: i32 = arg.parse().map_err(|_| err(n, format!("'{arg}' is not a year / 不是年份")))?;
                    if !(1949..=2200).contains(&y) {
                        return Err(err(n, format!("year {y} is out of range / 年份超出范围")));
                    }
                    year = Some(y);
                }
                "off" => {
                    let (a, b) = parse_range(arg).map_err(|m| err(n, m))?;
                    let mut d = a;
                    while d <= b {
                        off.push(d);
                        d = d + Days::new(1);
                    }
                }
                "work" => {
                    let d = parse_date(arg).map_err(|m| err(n, m))?;
                    if !is_weekend(d) {
                        return Err(err(
                            n,
                            format!("{d} is a weekday; a make-up working day falls on a weekend / 调休上班日应为周末"),
                        ));
                    }
                    work.push(d);
                }
                other => {
                    return Err(err(n, format!("unknown entry '{other}': use year, off or work / 未知条目")));
                }
            }
        }
        let year = year.ok_or_else(|| err(1, "missing 'year YYYY' line / 缺少 year 行".to_string()))?;
        for d in off.iter().chain(&work) {
            if (d.year() - year).abs() > 1 {
                return Err(err(0, format!("{d} is far from year {year} / 日期与年份不符")));
            }
        }
        self.years.insert(year);
        self.off.extend(off);
        self.work.extend(work);
        Ok(())
    }

    /// Whether the official schedule for `year` is loaded.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The years the calendar has files for.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// Whether clerks work on `d`.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.work.contains(&d) {
            return true;
        }
        !is_weekend(d) && !self.off.contains(&d)
    }

    /// The `n`th working day after `from` (`from` itself not counted).
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> Counted {
        let mut d = from;
        let mut left = n;
        let mut confirmed = true;
        while left > 0 {
            d = d + Days::new(1);
            confirmed &= self.covers(d.year());
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        Counted { date: d, confirmed }
    }

    /// `d` itself when it is a working day, else the next working day.
    pub fn roll_forward(&self, d: NaiveDate) -> Counted {
        let mut d = d;
        let mut confirmed = self.covers(d.year());
        while !self.is_working_day(d) {
            d = d + Days::new(1);
            confirmed &= self.covers(d.year());
        }
        Counted { date: d, confirmed }
    }

    /// Working days from `from` (excluded) to `to` (included); negative when `to` is earlier.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (a, b, sign) = if to >= from { (from, to, 1) } else { (to, from, -1) };
        let mut d = a;
        let mut n = 0;
        while d < b {
            d = d + Days::new(1);
            if self.is_working_day(d) {
                n += 1;
            }
        }
        n * sign
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date like 2026-10-01 / 日期格式应为 2026-10-01"))
}

fn parse_range(s: &str) -> Result<(NaiveDate, NaiveDate), String> {
    match s.split_once("..") {
        Some((a, b)) => {
            let (a, b) = (parse_date(a)?, parse_date(b)?);
            if b < a {
                return Err(format!("range {s} ends before it starts / 起止日期颠倒"));
            }
            if (b - a).num_days() > 31 {
                return Err(format!("range {s} is longer than a month / 假期超过一个月"));
            }
            Ok((a, b))
        }
        None => parse_date(s).map(|d| (d, d)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn official() -> Calendar {
        let mut c = Calendar::default();
        for (name, text) in crate::data::HOLIDAYS {
            c.add_file(name, text).unwrap();
        }
        c
    }

    #[test]
    fn national_day_2026_and_its_make_up_saturday() {
        let c = official();
        // Tue 2026-09-29 + 3 working days: 09-30, then 10-01..07 off, 10-08 Thu, 10-09 Fri.
        assert_eq!(c.add_working_days(d("2026-09-29"), 3).date, d("2026-10-09"));
        // Saturday 10-10 is a make-up working day.
        assert!(c.is_working_day(d("2026-10-10")));
        assert_eq!(c.add_working_days(d("2026-10-09"), 1).date, d("2026-10-10"));
        // Sunday 09-20 is a make-up working day too.
        assert!(c.is_working_day(d("2026-09-20")));
    }

    #[test]
    fn spring_festival_2026() {
        let c = official();
        // Fri 02-13 + 1: Sat 02-14 is 调休上班.
        assert_eq!(c.add_working_days(d("2026-02-13"), 1).date, d("2026-02-14"));
        // Sat 02-14 + 1: 02-15..02-23 off, Tue 02-24.
        assert_eq!(c.add_working_days(d("2026-02-14"), 1).date, d("2026-02-24"));
        assert!(c.is_working_day(d("2026-02-28")));
        assert_eq!(c.roll_forward(d("2026-02-16")).date, d("2026-02-24"));
    }

    #[test]
    fn spring_festival_2024_and_new_year_2023() {
        let c = official();
        assert!(c.is_working_day(d("2024-02-04")));
        assert!(!c.is_working_day(d("2024-02-16")));
        assert!(!c.is_working_day(d("2022-12-31")));
        assert!(!c.is_working_day(d("2023-01-02")));
        assert!(c.is_working_day(d("2023-01-29")));
        // 5 working days from Thu 2024-09-12: Fri 13, Sat 14 (make-up), Wed 18, Thu 19, Fri 20.
        assert_eq!(c.add_working_days(d("2024-09-12"), 5).date, d("2024-09-20"));
    }

    #[test]
    fn a_year_without_a_file_counts_weekdays_unconfirmed() {
        let c = official();
        let r = c.add_working_days(d("2027-03-05"), 1);
        assert_eq!(r.date, d("2027-03-08"));
        assert!(!r.confirmed);
        assert!(c.add_working_days(d("2026-03-05"), 1).confirmed);
    }

    #[test]
    fn malformed_files_name_the_line() {
        let mut c = Calendar::default();
        let e = c.add_file("2026.txt", "year 2026\noff 2026-13-01\n").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("2026.txt", 2));
        let e = c.add_file("x.txt", "year 2026\n\nwork 2026-10-09\n").unwrap_err();
        assert_eq!(e.line, 3);
        let e = c.add_file("x.txt", "year 2026\nholiday 2026-10-09\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = c.add_file("x.txt", "off 2026-10-01\n").unwrap_err();
        assert!(e.message.contains("year"));
        assert!(!c.covers(2026), "a rejected file adds nothing");
    }

    #[test]
    fn working_days_between_counts_both_ways() {
        let c = official();
        assert_eq!(c.working_days_between(d("2026-09-29"), d("2026-10-09")), 3);
        assert_eq!(c.working_days_between(d("2026-10-09"), d("2026-09-29")), -3);
    }
}
