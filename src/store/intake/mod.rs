//! Intake by hand (issue 8): registering and editing items, people, the filing review
//! (立案 / 不予立案 / 转为意见 / 并案), withdrawal (撤回), and undoing the clerk's last edit.

pub mod entry;
pub mod filing;
pub mod undo;
