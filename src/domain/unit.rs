//! Handling units (承办单位).
use serde::{Deserialize, Serialize};

/// A government department that handles items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: i64,
    /// Full name, e.g. 区住房和城乡建设局.
    pub name: String,
    /// Short name, e.g. 区住建局.
    pub short_name: String,
    /// 主要负责人
    pub head: String,
    /// 分管负责人
    pub deputy_head: String,
    /// 经办人
    pub clerk: String,
    pub phone: String,
}
