//! `data/office.toml`: who issues the documents (name, document-number patterns, contact,
//! extra signature lines). Shipped as a default; an office's own copy beside the database
//! (or in `--data DIR`) replaces it, as rules.toml does.
use crate::transfer::{Result, TransferError};
use serde::Deserialize;
use std::path::Path;

/// The shipped office file.
pub const OFFICE: &str = include_str!("../../../data/office.toml");

/// The office's details.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Office {
    pub name: String,
    pub short_name: String,
    pub npc_office: String,
    pub cppcc_office: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub phone: String,
    pub numbers: Numbers,
    #[serde(default)]
    pub signature: Signature,
}

/// Document-number patterns: `{office}`, `{year}`, `{seq}`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Numbers {
    pub assignment: String,
    pub reminder: String,
    pub ranking: String,
    pub evaluation: String,
}

/// Extra lines under the signature, per kind of document.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Signature {
    pub assignment: Vec<String>,
    pub reminder: Vec<String>,
    pub ranking: Vec<String>,
    pub evaluation: Vec<String>,
}

impl Office {
    /// Parses an office file; `file` names it in the message.
    pub fn parse(file: &str, text: &str) -> Result<Office> {
        toml::from_str(text).map_err(|e| {
            let e = e.to_string();
            TransferError::file(format!("{file} 有误:{e}"), format!("{file} is not valid: {e}"))
        })
    }

    /// `dir/office.toml` when there is one, else the shipped file.
    pub fn load(dir: Option<&Path>) -> Result<Office> {
        if let Some(p) = dir.map(|d| d.join("office.toml")).filter(|p| p.is_file()) {
            let text = std::fs::read_to_string(&p).map_err(|e| {
                TransferError::file(
                    format!("无法读取 {}:{e}", p.display()),
                    format!("cannot read {}: {e}", p.display()),
                )
            })?;
            return Office::parse(&p.display().to_string(), &text);
        }
        Office::parse("data/office.toml", OFFICE)
    }

    /// A document number from `pattern`; without `seq` the number is left blank to fill in.
    pub fn number(&self, pattern: &str, year: i32, seq: Option<u32>) -> String {
        pattern
            .replace("{office}", &self.short_name)
            .replace("{year}", &year.to_string())
            .replace("{seq}", &seq.map(|s| s.to_string()).unwrap_or_else(|| "\u{3000}".into()))
    }

    /// The contact line (联系人:王芳,电话:…), empty when the file gives neither.
    pub fn contact_line(&self) -> String {
        match (self.contact.trim(), self.phone.trim()) {
            ("", "") => String::new(),
            (c, "") => format!("联系人:{c}"),
            ("", p) => format!("联系电话:{p}"),
            (c, p) => format!("联系人:{c},联系电话:{p}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_file_reads() {
        let o = Office::load(None).unwrap();
        assert_eq!(o.number(&o.numbers.assignment, 2026, Some(7)), "区督查室〔2026〕7号");
        assert_eq!(o.number(&o.numbers.assignment, 2026, None), "区督查室〔2026〕\u{3000}号");
    }

    #[test]
    fn an_office_copy_replaces_it_and_a_bad_one_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let text = OFFICE.replace("区人民政府督查室", "县委督查室");
        std::fs::write(dir.path().join("office.toml"), text).unwrap();
        assert_eq!(Office::load(Some(dir.path())).unwrap().name, "县委督查室");
        std::fs::write(dir.path().join("office.toml"), "name = 3\n").unwrap();
        let e = Office::load(Some(dir.path())).unwrap_err().message(crate::text::Lang::Zh);
        assert!(e.contains("office.toml") && e.contains("有误"), "{e}");
    }
}
