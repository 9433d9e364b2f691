//! The coded enums in and out of SQLite. Each enum of [`crate::domain`] made with
//! `coded_enum!` is stored as its snake_case code (`ToSql`) and read back only from that code
//! (`FromSql`): a code the enum does not know is an error naming the table, the column and
//! the code, never a quiet default. Where each enum is stored is listed once, in [`PLACES`].
use crate::domain::access::AccountRole;
use crate::domain::{
    Body, ContactMethod, ContactStage, Disclosure, Escalation, Filing, Kind, ReminderKind, ReplierRank, ReviewState,
    Role, Satisfaction, SecondReason, Status, Timing,
};
use crate::store::audit_action::AuditAction;
use crate::text::Lang;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

/// A stored code that its enum does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {type_name} code '{code}'")]
pub struct UnknownCode {
    /// The enum's name (`Status`, `Role`…), the key into [`PLACES`].
    pub type_name: &'static str,
    /// What the column held.
    pub code: String,
}

macro_rules! sql_coded {
    ($($ty:ident => [$(($table:literal, $column:literal)),+ $(,)?]),+ $(,)?) => {
        $(
            impl ToSql for $ty {
                fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                    Ok(ToSqlOutput::from(self.as_str()))
                }
            }
            impl FromSql for $ty {
                fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                    read(v, stringify!($ty), $ty::from_code)
                }
            }
        )+
        /// (enum, table, column): every column that holds a coded enum.
        pub const PLACES: &[(&str, &str, &str)] = &[$($((stringify!($ty), $table, $column)),+),+];
    };
}

sql_coded! {
    Body => [("meeting", "body"), ("person", "body")],
    Kind => [("item", "kind")],
    Timing => [("item", "timing")],
    Filing => [("item", "filing")],
    Status => [("item", "status")],
    Role => [("assignment", "role")],
    ContactStage => [("contact", "stage")],
    ContactMethod => [("contact", "method")],
    ReplierRank => [("face_to_face", "rank")],
    Disclosure => [("reply", "disclosure")],
    ReviewState => [("reply", "review"), ("review", "decision")],
    Satisfaction => [("feedback", "level"), ("second_round", "outcome")],
    SecondReason => [("second_round", "reason")],
    Escalation => [("second_round", "escalation")],
    ReminderKind => [("reminder", "kind")],
    AccountRole => [("app_user", "role")],
    AuditAction => [("audit_log", "action")],
}

fn read<T>(v: ValueRef<'_>, type_name: &'static str, from_code: fn(&str) -> Option<T>) -> FromSqlResult<T> {
    let code = match v {
        ValueRef::Text(b) => String::from_utf8_lossy(b).into_owned(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Null => return Err(FromSqlError::InvalidType),
        ValueRef::Blob(_) => "<blob>".to_string(),
    };
    from_code(&code).ok_or_else(|| FromSqlError::Other(Box::new(UnknownCode { type_name, code })))
}

impl UnknownCode {
    /// Finds an unknown code inside a rusqlite error (a failed `FromSql` of a coded column).
    pub fn within(e: &rusqlite::Error) -> Option<&UnknownCode> {
        match e {
            rusqlite::Error::FromSqlConversionFailure(_, _, inner) => inner.downcast_ref::<UnknownCode>(),
            _ => None,
        }
    }

    /// What the clerk reads: the table and column (every place the enum is stored) and the code.
    pub fn message(&self, lang: Lang) -> String {
        let places: Vec<(&str, &str)> =
            PLACES.iter().filter(|(t, ..)| *t == self.type_name).map(|(_, table, column)| (*table, *column)).collect();
        match lang {
            Lang::Zh => {
                let at: Vec<String> = places.iter().map(|(t, c)| format!("表 {t} 的 {c} 列")).collect();
                format!(
                    "数据库{}中有无法识别的代码“{}”,可能由更新版本的 banli 或手工修改写入",
                    at.join("或"),
                    self.code
                )
            }
            Lang::En => {
                let at: Vec<String> = places.iter().map(|(t, c)| format!("column {c} of table {t}")).collect();
                format!(
                    "the database holds an unknown code '{}' in {} (written by a newer banli, or edited by hand)",
                    self.code,
                    at.join(" or ")
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_errors() {
        let c = Connection::open_in_memory().unwrap();
        let back: Status = c.query_row("SELECT ?1", [Status::AwaitingFeedback], |r| r.get(0)).unwrap();
        assert_eq!(back, Status::AwaitingFeedback);
        let none: Option<Satisfaction> = c.query_row("SELECT NULL", [], |r| r.get(0)).unwrap();
        assert_eq!(none, None);
        // A label is not a code.
        let e = c.query_row("SELECT '待反馈'", [], |r| r.get::<_, Status>(0)).unwrap_err();
        let u = UnknownCode::within(&e).expect("an unknown code");
        assert_eq!(u.code, "待反馈");
        assert!(u.message(Lang::Zh).contains("表 item 的 status 列"), "{}", u.message(Lang::Zh));
        let e = c.query_row("SELECT 'very'", [], |r| r.get::<_, Satisfaction>(0)).unwrap_err();
        let en = UnknownCode::within(&e).unwrap().message(Lang::En);
        assert!(en.contains("'very'") && en.contains("column level of table feedback"), "{en}");
        assert!(en.contains("column outcome of table second_round"), "{en}");
    }

    #[test]
    fn every_place_exists_in_the_schema() {
        let dir = tempfile::tempdir().unwrap();
        let s = crate::store::Store::open(&dir.path().join("a.db"), "t", crate::data::load(None).unwrap()).unwrap();
        for (_, table, column) in PLACES {
            let n: i64 = s
                .conn()
                .query_row("SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2", [table, column], |r| r.get(0))
                .unwrap();
            assert_eq!(n, 1, "{table}.{column}");
        }
    }

    #[test]
    fn an_unknown_code_in_the_ledger_is_a_clear_error_not_a_default() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let mut s = crate::store::Store::open(&path, "t", crate::data::load(None).unwrap()).unwrap();
        s.generate(3, 1).unwrap();
        let id: i64 = s.conn().query_row("SELECT min(id) FROM item", [], |r| r.get(0)).unwrap();
        assert!(s.item_detail(id).is_ok());
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute("UPDATE item SET status = 'limbo' WHERE id = ?1", [id])
            .unwrap();
        let e = s.item_detail(id).unwrap_err();
        assert!(matches!(e, crate::store::StoreError::UnknownCode(_)), "{e:?}");
        let zh = e.message(Lang::Zh);
        assert!(zh.contains("表 item 的 status 列") && zh.contains("limbo"), "{zh}");
        let en = e.message(Lang::En);
        assert!(en.contains("column status of table item") && en.contains("'limbo'"), "{en}");
    }
}
