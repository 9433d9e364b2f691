//! The data files: `data/rules.toml` and `data/holidays/*.txt`, compiled in as defaults,
//! and an office's own copies read from a folder (beside its database) that replace them.
use crate::domain::{Calendar, CalendarError, Rules, RulesError};
use std::path::{Path, PathBuf};

/// The shipped rules.
pub const RULES: &str = include_str!("../data/rules.toml");

/// The shipped holiday calendar, one file a year.
pub const HOLIDAYS: &[(&str, &str)] = &[
    ("2023.txt", include_str!("../data/holidays/2023.txt")),
    ("2024.txt", include_str!("../data/holidays/2024.txt")),
    ("2025.txt", include_str!("../data/holidays/2025.txt")),
    ("2026.txt", include_str!("../data/holidays/2026.txt")),
];

/// The shipped pinyin overrides for office words the pinyin crate reads wrongly.
pub const PINYIN_OVERRIDES: &str = include_str!("../data/pinyin_overrides.toml");

/// The shipped calendar alone.
pub fn calendar() -> Result<Calendar, CalendarError> {
    let mut c = Calendar::default();
    for (name, text) in HOLIDAYS {
        c.add_file(&format!("data/holidays/{name}"), text)?;
    }
    Ok(c)
}

/// A data file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error(transparent)]
    Rules(#[from] RulesError),
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
}

/// The rules and calendar in force, and where they came from.
#[derive(Debug, Clone)]
pub struct DataSet {
    pub rules: Rules,
    pub calendar: Calendar,
    /// Files read from the office's folder, for the status line and `doctor`.
    pub overrides: Vec<PathBuf>,
}

/// The shipped rules and calendar, with `dir/rules.toml` and `dir/holidays/*.txt`
/// replacing them where those exist.
pub fn load(dir: Option<&Path>) -> Result<DataSet, DataError> {
    let mut overrides = Vec::new();
    let mut rules_text = (String::from("data/rules.toml"), RULES.to_string());
    let mut files: Vec<(String, String)> = HOLIDAYS.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    if let Some(dir) = dir {
        let path = dir.join("rules.toml");
        if path.is_file() {
            let text = std::fs::read_to_string(&path).map_err(|e| DataError::Io(path.display().to_string(), e))?;
            rules_text = (path.display().to_string(), text);
            overrides.push(path);
        }
        let hdir = dir.join("holidays");
        if hdir.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(&hdir)
                .map_err(|e| DataError::Io(hdir.display().to_string(), e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
            entries.sort();
            for p in entries {
                let text = std::fs::read_to_string(&p).map_err(|e| DataError::Io(p.display().to_string(), e))?;
                let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                files.retain(|(n, _)| *n != name);
                files.push((p.display().to_string(), text));
                overrides.push(p);
            }
        }
    }
    let rules = Rules::parse(&rules_text.0, &rules_text.1)?;
    let mut calendar = Calendar::default();
    for (name, text) in &files {
        let shown = if name.contains('/') { name.clone() } else { format!("data/holidays/{name}") };
        calendar.add_file(&shown, text)?;
    }
    Ok(DataSet { rules, calendar, overrides })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_data_loads() {
        let d = load(None).unwrap();
        assert!(d.calendar.covers(2026));
        assert!(d.overrides.is_empty());
    }

    #[test]
    fn an_office_folder_replaces_and_adds() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("holidays")).unwrap();
        std::fs::write(dir.path().join("holidays/2027.txt"), "year 2027\noff 2027-01-01\n").unwrap();
        let d = load(Some(dir.path())).unwrap();
        assert!(d.calendar.covers(2027) && d.calendar.covers(2026));
        std::fs::write(dir.path().join("holidays/2028.txt"), "year 2028\noff 2028-02-31\n").unwrap();
        let e = load(Some(dir.path())).unwrap_err().to_string();
        assert!(e.contains("2028.txt:2"), "{e}");
    }
}
