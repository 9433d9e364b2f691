//! Which column holds what: the usual header names of offices' Excel lists and ledgers,
//! and their variants, mapped to the fields banli reads. A header is compared after its
//! spaces, line breaks and any bracketed note ("办理结果(A/B/C/D)") are dropped.
use super::sheet::{Row, Sheet};

/// A field an imported column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// 编号 / 案号 / 序号 / 建议号 / 提案号
    Number,
    /// 标题 / 案由 / 题目
    Title,
    /// 领衔人 / 领衔代表 / 领衔委员 / 提出人: the first name leads.
    Lead,
    /// 附议人 / 联名人 / 联名代表
    CoSigners,
    /// 类别 / 类型 / 分类: a timing (会议期间/闭会期间), a kind, or a topic (财政经济…).
    Category,
    /// 会议期间 or 闭会期间 (a column of its own, or one headed by either word).
    Timing,
    /// 主办单位 / 承办单位 / 牵头单位
    LeadUnit,
    /// 会办单位 / 协办单位
    CoUnits,
    /// 分办单位
    SplitUnits,
    /// 交办日期
    AssignedOn,
    /// 要求办结日期 / 办理时限
    Deadline,
    /// 提出日期 / 立案日期
    FiledOn,
    /// 届次
    Meeting,
    /// 是否重点
    Key,
    /// 牵头领导 / 督办领导
    Leader,
    /// 答复日期
    RepliedOn,
    /// 答复文号
    ReplyDoc,
    /// 办理结果 / 办理类别 / 答复类别 (A–D or the scheme's labels)
    ResultClass,
    /// 是否公开 / 公开属性
    Public,
    /// 面复日期 / 面复
    FaceToFace,
    /// 满意度 / 满意程度 / 反馈意见
    Satisfaction,
    /// 办结日期 / 销号日期
    ClosedOn,
}

/// (field, accepted headers). Matching is exact after normalising; the first table hit wins.
const HEADERS: &[(Field, &[&str])] = &[
    (Field::Number, &["编号", "案号", "序号", "建议号", "提案号", "建议编号", "提案编号", "案件编号"]),
    (Field::Title, &["标题", "案由", "题目", "建议标题", "提案标题", "建议题目", "提案题目", "建议名称", "提案名称"]),
    (
        Field::Lead,
        &["领衔人", "领衔代表", "领衔委员", "提出人", "代表姓名", "委员姓名", "提案人", "建议人", "领衔人姓名"],
    ),
    (Field::CoSigners, &["附议人", "联名人", "联名代表", "附议代表", "联名委员", "附议委员", "附议"]),
    (Field::Category, &["类别", "类型", "分类", "建议类别", "提案类别"]),
    (Field::Timing, &["会议期间", "闭会期间", "会议期间或闭会期间", "会议期间/闭会期间", "提出时间", "提出时段"]),
    (Field::LeadUnit, &["主办单位", "承办单位", "牵头单位", "主办", "主办部门", "承办部门", "牵头部门"]),
    (Field::CoUnits, &["会办单位", "协办单位", "会办", "协办", "会办部门", "协办部门", "配合单位"]),
    (Field::SplitUnits, &["分办单位", "分办", "分办部门"]),
    (Field::AssignedOn, &["交办日期", "交办时间"]),
    (Field::Deadline, &["要求办结日期", "办理时限", "办结时限", "要求答复日期"]),
    (Field::FiledOn, &["提出日期", "立案日期", "提交日期"]),
    (Field::Meeting, &["届次", "会议", "会议名称", "届次会议"]),
    (Field::Key, &["是否重点", "重点"]),
    (Field::Leader, &["牵头领导", "督办领导", "包案领导"]),
    (Field::RepliedOn, &["答复日期", "答复时间"]),
    (Field::ReplyDoc, &["答复文号", "文号"]),
    (Field::ResultClass, &["办理结果", "办理类别", "答复类别", "结果类别", "办理结果类别"]),
    (Field::Public, &["是否公开", "公开属性", "公开"]),
    (Field::FaceToFace, &["面复日期", "面复", "面复时间", "是否面复"]),
    (Field::Satisfaction, &["满意度", "满意程度", "反馈意见", "代表反馈意见", "委员反馈意见", "满意度测评"]),
    (Field::ClosedOn, &["办结日期", "销号日期", "办结时间", "销号时间"]),
];

impl Field {
    /// The header banli writes for this field (the first of its names).
    pub fn header(self) -> &'static str {
        HEADERS.iter().find(|(f, _)| *f == self).map(|(_, h)| h[0]).unwrap_or("")
    }
}

/// Drops spaces, line breaks, a leading '*' (required-field mark) and bracketed notes.
pub fn normalize_header(h: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in super::normalize_text(h).chars() {
        match c {
            '(' | '\u{FF08}' | '[' | '【' | '〔' => depth += 1,
            ')' | '\u{FF09}' | ']' | '】' | '〕' => depth = (depth - 1).max(0),
            _ if depth > 0 => {}
            c if c.is_whitespace() || matches!(c, '*' | '\u{FF0A}' | ':' | '\u{FF1A}') => {}
            c => out.push(c),
        }
    }
    out
}

/// The field a header names, if any.
pub fn field_of(header: &str) -> Option<Field> {
    let h = normalize_header(header);
    if h.is_empty() {
        return None;
    }
    HEADERS.iter().find(|(_, names)| names.contains(&h.as_str())).map(|(f, _)| *f)
}

/// Why a column with a header is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// The header names nothing banli reads (备注, 联系电话…).
    Unknown,
    /// Another column holds the same field; the one at this 0-based column is read.
    Duplicate(usize),
    /// 序号 beside a real number column (案号, 建议号…) at this column: a row counter.
    RowCounter(usize),
}

impl Skip {
    /// The reason as the dry run says it: (zh, en).
    pub fn reason(self) -> (String, String) {
        match self {
            Skip::Unknown => ("不是可导入的列".into(), "not a column banli reads".into()),
            Skip::Duplicate(c) => {
                let l = super::column_letter(c);
                (format!("与 {l} 列重复,读取 {l} 列"), format!("same field as column {l}, which is read"))
            }
            Skip::RowCounter(c) => {
                let l = super::column_letter(c);
                (format!("行序号;编号取自 {l} 列"), format!("a row counter; the number is read from column {l}"))
            }
        }
    }
}

/// The header found in a sheet (one row, or two when a merged parent header stands over
/// child headers), and which column holds which field.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    /// Index into `Sheet::rows` of the (first) header row.
    pub header_index: usize,
    /// Index into `Sheet::rows` of the first row after the header.
    pub data_index: usize,
    /// (0-based column, the header as written, field); a child header is written
    /// "承办单位/会办".
    pub mapped: Vec<(usize, String, Field)>,
    /// Headers whose columns are not read, and why.
    pub ignored: Vec<(usize, String, Skip)>,
    /// The header rows' non-empty cells as written, to recognise them repeated.
    rows: Vec<Vec<(usize, String)>>,
}

/// A header cell: (column, as written, for a child header its own text and its parent's
/// text joined to it).
type Head = (usize, String, Option<(String, String)>);

/// How sure a header is to hold the item's number: 序号 is a row counter unless nothing
/// else numbers the rows.
fn number_rank(header: &str) -> u8 {
    u8::from(normalize_header(header).ends_with("序号"))
}

impl Columns {
    /// The column holding `field`.
    pub fn col(&self, field: Field) -> Option<usize> {
        self.mapped.iter().find(|(_, _, f)| *f == field).map(|(c, _, _)| *c)
    }

    /// Every column holding `field` (only [`Field::Category`] may have several).
    pub fn all(&self, field: Field) -> Vec<usize> {
        self.mapped.iter().filter(|(_, _, f)| *f == field).map(|(c, _, _)| *c).collect()
    }

    /// The header as written above column `col`.
    pub fn header(&self, col: usize) -> &str {
        self.mapped.iter().find(|(c, _, _)| *c == col).map(|(_, h, _)| h.as_str()).unwrap_or("")
    }

    /// Finds the header: the first of the top rows that names a title column and at least
    /// one other field, with the row under it when that row holds child headers. Rows above
    /// it (merged title rows, notes) are skipped.
    pub fn find(sheet: &Sheet) -> Option<Columns> {
        let top = sheet.rows.iter().take(20).enumerate();
        top.filter_map(|(i, row)| {
            let one = Columns::of_headers(i, i + 1, texts(row).into_iter().map(|(c, h)| (c, h, None)).collect());
            if one.col(Field::Title).is_none() || one.mapped.len() < 2 {
                return None;
            }
            let two = sheet.rows.get(i + 1).and_then(|sub| Columns::two_rows(i, row, sub));
            let mut c = two.unwrap_or(one);
            c.rows.push(texts(row));
            if c.data_index == i + 2 {
                c.rows.push(texts(&sheet.rows[i + 1]));
            }
            Some(c)
        })
        .next()
    }

    /// The header of `top` with `sub` under it, when `sub` is a row of child headers: each of
    /// its cells names a field by itself or after its parent (the nearest header at or left
    /// of it in `top`, a merged cell), and one stands where `top` is empty.
    fn two_rows(i: usize, top: &Row, sub: &Row) -> Option<Columns> {
        let top_cells = texts(top);
        let sub_cells = texts(sub);
        if sub_cells.is_empty() {
            return None;
        }
        let parent = |c: usize| top_cells.iter().rev().find(|(tc, _)| *tc <= c).map(|(_, h)| h.clone());
        let mut heads: Vec<Head> = Vec::new();
        let mut under_merge = false;
        for (c, h) in &sub_cells {
            let p = parent(*c).unwrap_or_default();
            if field_of(h).is_none() && field_of(&format!("{p}{h}")).is_none() {
                return None;
            }
            under_merge |= !top_cells.iter().any(|(tc, _)| tc == c);
            heads.push((*c, format!("{p}/{h}"), Some((h.clone(), format!("{p}{h}")))));
        }
        if !under_merge {
            return None;
        }
        for (c, h) in top_cells {
            if !sub_cells.iter().any(|(sc, _)| *sc == c) {
                heads.push((c, h, None));
            }
        }
        heads.sort_by_key(|(c, _, _)| *c);
        Some(Columns::of_headers(i, i + 2, heads))
    }

    /// Maps headers (column, as written, the parent and child joined when there is a
    /// parent) to fields: the child's own name first, then parent and child together.
    fn of_headers(index: usize, data_index: usize, heads: Vec<Head>) -> Columns {
        let mut mapped: Vec<(usize, String, Field)> = Vec::new();
        let mut ignored = Vec::new();
        for (i, h, child) in heads {
            let field = match &child {
                None => field_of(&h),
                Some((child, joined)) => field_of(child).or_else(|| field_of(joined)),
            };
            let Some(f) = field else {
                ignored.push((i, h, Skip::Unknown));
                continue;
            };
            // 类别, 类型 and 分类 may all appear (timing in one, topic in another).
            if f == Field::Category {
                mapped.push((i, h, f));
                continue;
            }
            match mapped.iter().position(|(_, _, g)| *g == f) {
                None => mapped.push((i, h, f)),
                Some(k) if f == Field::Number && number_rank(&h) < number_rank(&mapped[k].1) => {
                    let (old_c, old_h, _) = std::mem::replace(&mut mapped[k], (i, h, f));
                    ignored.push((old_c, old_h, Skip::RowCounter(i)));
                }
                Some(k) if f == Field::Number && number_rank(&h) > number_rank(&mapped[k].1) => {
                    ignored.push((i, h, Skip::RowCounter(mapped[k].0)));
                }
                Some(k) => ignored.push((i, h, Skip::Duplicate(mapped[k].0))),
            }
        }
        ignored.sort_by_key(|(c, _, _)| *c);
        Columns { header_index: index, data_index, mapped, ignored, rows: Vec::new() }
    }

    /// Whether a row repeats a header row (some offices repeat it on every printed page).
    pub fn is_header_again(&self, row: &Row) -> bool {
        let cells = texts(row);
        self.rows.contains(&cells)
    }
}

/// A row's non-empty cells as (column, text).
fn texts(row: &Row) -> Vec<(usize, String)> {
    row.cells.iter().enumerate().map(|(i, c)| (i, c.text())).filter(|(_, t)| !t.is_empty()).collect()
}

/// Splits a cell holding several names: 、 , ; / (half- or full-width), |, line breaks and spaces.
pub fn split_names(s: &str) -> Vec<String> {
    s.split(|c: char| {
        matches!(c, '、' | ',' | '\u{FF0C}' | ';' | '\u{FF1B}' | '/' | '\u{FF0F}' | '|' | '\n' | '\r')
            || c.is_whitespace()
    })
    .map(str::trim)
    .filter(|n| !n.is_empty())
    .map(str::to_string)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_map_to_fields() {
        for (h, f) in [
            ("编号", Field::Number),
            ("案号", Field::Number),
            ("序 号", Field::Number),
            ("提案号", Field::Number),
            ("案由", Field::Title),
            ("领衔代表", Field::Lead),
            ("提出人", Field::Lead),
            ("联名代表", Field::CoSigners),
            ("分类", Field::Category),
            ("会议期间/闭会期间", Field::Timing),
            ("牵头单位", Field::LeadUnit),
            ("协办单位", Field::CoUnits),
            ("分办单位", Field::SplitUnits),
            ("交办日期", Field::AssignedOn),
            ("届次", Field::Meeting),
            ("办理结果(A/B/C/D)", Field::ResultClass),
            ("办理结果\u{FF08}A/B/C/D\u{FF09}", Field::ResultClass),
            ("办理类别", Field::ResultClass),
            ("*是否公开", Field::Public),
            ("面复日期", Field::FaceToFace),
            ("满意度", Field::Satisfaction),
            ("销号日期", Field::ClosedOn),
            ("办结\n日期", Field::ClosedOn),
        ] {
            assert_eq!(field_of(h), Some(f), "{h}");
        }
        assert_eq!(field_of("备注"), None);
    }

    #[test]
    fn names_split_on_every_separator() {
        assert_eq!(
            split_names("张三、李四\u{FF0C}王五;赵六/钱七 孙八\u{3000}周九\u{FF1B}吴十,郑十一\u{FF0F}冯十二"),
            {
                let v: Vec<String> =
                    ["张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十", "郑十一", "冯十二"]
                        .map(String::from)
                        .to_vec();
                v
            }
        );
        assert!(split_names("  ").is_empty());
    }
}
