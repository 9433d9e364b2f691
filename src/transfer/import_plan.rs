//! The checking half of the import: every row read, every problem found, nothing written.
use super::columns::{split_names, Columns, Field};
use super::import::*;
use super::meeting_name::parse_meeting_name;
use super::sheet::{Cell, Row, Sheet};
use super::unit_match::{UnitMatch, UnitMatcher};
use crate::data::DataSet;
use crate::domain::assignment::check_roles;
use crate::domain::item::normalize_number;
use crate::domain::{Body, Role, Unit};
use crate::store::db::Db;
use crate::store::Result;
use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

mod cells;

/// A meeting as the planner knows it.
struct KnownMeeting {
    id: i64,
    name: String,
    body: Body,
    archived: bool,
}

/// The checking state over one file.
struct Planner<'a> {
    conn: &'a Db,
    data: &'a DataSet,
    today: NaiveDate,
    opts: &'a ImportOptions,
    cols: Columns,
    meetings: HashMap<String, KnownMeeting>,
    units: UnitMatcher,
    /// Unknown unit name → (first row, column, rows, guess).
    unknown_units: BTreeMap<String, (usize, String, Vec<usize>, Option<i64>)>,
    close_units: BTreeMap<String, i64>,
    people: HashMap<(Body, String), i64>,
    /// (meeting, number key) → (row, title) within the file.
    seen: HashMap<(MeetingRef, String), (usize, String)>,
    /// Reply numbers in the file → row.
    docs: HashMap<String, usize>,
    /// The meeting read from the title rows, the sheet's or the file's name.
    found_meeting: Option<String>,
    plan: ImportPlan,
}

/// Checks `sheets` (the first with a header row is read) against the database at `conn`.
pub fn plan_sheets(
    conn: &Db,
    data: &DataSet,
    today: NaiveDate,
    sheets: &[Sheet],
    opts: &ImportOptions,
    progress: crate::store::import_write::Progress,
) -> Result<ImportPlan> {
    let Some((sheet, cols)) = sheets.iter().find_map(|s| Columns::find(s).map(|c| (s, c))) else {
        let mut plan = ImportPlan::default();
        plan.problems.push(problem(
            Severity::Error,
            None,
            None,
            "",
            "找不到表头:前 20 行中没有一行含“标题/案由/题目”列和另一个可识别的列",
            "no header row: none of the first 20 rows has a title column (标题/案由/题目) and another known column",
        ));
        plan.problems.extend(skipped_notes(sheets));
        return Ok(plan);
    };
    let mut p = Planner::new(conn, data, today, opts, cols)?;
    p.plan.sheet = sheet.name.clone();
    p.plan.encoding = sheet.encoding;
    p.plan.header_row = sheet.rows[p.cols.header_index].number;
    p.plan.meeting_from = match (&opts.meeting, p.cols.col(Field::Meeting)) {
        (Some(m), _) => Some((m.clone(), MeetingSource::Option)),
        (None, _) => super::meeting_find::meeting_outside_table(sheet, p.cols.header_index),
    };
    if opts.meeting.is_none() {
        p.found_meeting = p.plan.meeting_from.as_ref().map(|(m, _)| m.clone());
    }
    p.header_problems();
    p.plan.problems.extend(skipped_notes(sheets));
    let rows = &sheet.rows[p.cols.data_index..];
    for (n, row) in rows.iter().enumerate() {
        if n % 64 == 0 && !progress(n, rows.len()) {
            return Err(crate::store::StoreError::Cancelled);
        }
        if p.cols.is_header_again(row) {
            continue;
        }
        p.row(row)?;
    }
    progress(rows.len(), rows.len());
    p.finish();
    Ok(p.plan)
}

/// A note for each sheet left unread for being past the size limits.
fn skipped_notes(sheets: &[Sheet]) -> Vec<Problem> {
    use crate::text::Lang;
    sheets
        .iter()
        .filter_map(|s| s.skipped.as_ref())
        .map(|o| {
            let zh = format!("{}(已跳过此工作表)", o.message(Lang::Zh));
            let en = format!("{} (the sheet was skipped)", o.message(Lang::En));
            problem(Severity::Note, None, None, &o.at, &zh, &en)
        })
        .collect()
}

fn problem(sev: Severity, row: Option<usize>, column: Option<String>, value: &str, zh: &str, en: &str) -> Problem {
    Problem { severity: sev, row, column, value: value.to_string(), zh: zh.to_string(), en: en.to_string() }
}

impl<'a> Planner<'a> {
    fn new(conn: &'a Db, data: &'a DataSet, today: NaiveDate, opts: &'a ImportOptions, cols: Columns) -> Result<Self> {
        use crate::store::import_read;
        let mut meetings = HashMap::new();
        for m in import_read::meetings(conn)? {
            let k = KnownMeeting { id: m.id, name: m.name, body: m.body, archived: m.archived };
            meetings.insert(name_key(&k.name), k);
        }
        let units: Vec<Unit> = import_read::active_units(conn)?;
        let mut people = HashMap::new();
        for (id, body, name) in import_read::people(conn)? {
            // Newest first, so the oldest person of a name wins.
            people.insert((body, name), id);
        }
        Ok(Planner {
            conn,
            data,
            today,
            opts,
            units: UnitMatcher::new(units, &opts.unit_aliases),
            cols,
            meetings,
            unknown_units: BTreeMap::new(),
            close_units: BTreeMap::new(),
            people,
            seen: HashMap::new(),
            docs: HashMap::new(),
            found_meeting: None,
            plan: ImportPlan::default(),
        })
    }

    fn colname(&self, field: Field) -> Option<String> {
        self.cols.col(field).map(|c| format!("{} {}", super::column_letter(c), self.cols.header(c)))
    }

    fn cell<'r>(&self, row: &'r Row, field: Field) -> &'r Cell {
        match self.cols.col(field) {
            Some(c) => row.get(c),
            None => &Cell::Empty,
        }
    }

    fn text(&self, row: &Row, field: Field) -> String {
        self.cell(row, field).text()
    }

    fn err(&mut self, row: &Row, field: Field, value: &str, zh: &str, en: &str) {
        let col = self.colname(field);
        self.plan.problems.push(problem(Severity::Error, Some(row.number), col, value, zh, en));
    }

    fn header_problems(&mut self) {
        self.plan.mapped =
            self.cols.mapped.iter().map(|(c, h, f)| (format!("{} {h}", super::column_letter(*c)), *f)).collect();
        self.plan.ignored = self
            .cols
            .ignored
            .iter()
            .map(|(c, h, why)| {
                let (zh, en) = why.reason();
                SkippedColumn { column: format!("{} {h}", super::column_letter(*c)), zh, en }
            })
            .collect();
        if self.cols.col(Field::Number).is_none() {
            self.plan.problems.push(problem(
                Severity::Error,
                Some(self.cols.header_index + 1),
                None,
                "",
                "没有编号列(编号/案号/序号/建议号/提案号):没有编号无法识别重复导入",
                "no number column (编号/案号/序号/建议号/提案号): without numbers a second import cannot be recognised",
            ));
        }
        if self.opts.meeting.is_none() && self.cols.col(Field::Meeting).is_none() && self.found_meeting.is_none() {
            self.plan.problems.push(problem(
                Severity::Error,
                None,
                None,
                "",
                "没有指定会议:标题行、工作表名和文件名中都没有会议名称;请用 --meeting 给出(如 区政协十五届二次会议),或在文件中加“届次”列",
                "no meeting: none in the title rows, the sheet's or the file's name; give --meeting NAME (e.g. 区政协十五届二次会议) or add a 届次 column",
            ));
        }
    }

    fn meeting_of(&mut self, row: &Row) -> Option<MeetingRef> {
        let (name, from_file) = match (&self.opts.meeting, self.text(row, Field::Meeting), &self.found_meeting) {
            (Some(m), _, _) => (m.clone(), false),
            (None, cell, Some(found)) if cell.is_empty() => (found.clone(), false),
            (None, cell, _) => (cell, true),
        };
        if name.is_empty() {
            if from_file {
                self.err(
                    row,
                    Field::Meeting,
                    "",
                    "届次为空,请填写或用 --meeting 指定",
                    "no meeting: fill 届次 or give --meeting",
                );
            }
            return None;
        }
        let key = self.known_key(&name);
        if let Some(m) = self.meetings.get(&key) {
            if m.archived {
                let col = if from_file { self.colname(Field::Meeting) } else { None };
                self.plan.problems.push(problem(
                    Severity::Error,
                    Some(row.number),
                    col,
                    &name,
                    "该会议已归档,只读,不能导入",
                    "this meeting is archived and read-only; nothing can be imported into it",
                ));
                return None;
            }
            return Some(MeetingRef::Existing(m.id));
        }
        if let Some(i) = self.plan.new_meetings.iter().position(|m| name_key(&m.name) == key) {
            return Some(MeetingRef::New(i));
        }
        match parse_meeting_name(&name) {
            Some(p) => {
                self.plan.new_meetings.push(NewMeeting {
                    name: name.trim().to_string(),
                    body: p.body,
                    level: p.level,
                    term: p.term,
                    session: p.session,
                    year: self.today.year(),
                });
                Some(MeetingRef::New(self.plan.new_meetings.len() - 1))
            }
            None => {
                let (zh, en) = (
                    "不认识的会议名称:应含人大或政协、届和次,如 区政协十五届二次会议、市十八届人大一次会议",
                    "not a meeting name: it needs 人大 or 政协, a term (届) and a session (次), e.g. 区政协十五届二次会议",
                );
                if from_file {
                    self.err(row, Field::Meeting, &name, zh, en);
                } else {
                    self.plan.problems.push(problem(Severity::Error, None, None, &name, zh, en));
                    self.opts_meeting_bad();
                }
                None
            }
        }
    }

    /// A bad --meeting is reported once; every row would repeat it.
    fn opts_meeting_bad(&mut self) {
        let n = self.plan.problems.len();
        if self.plan.problems[..n - 1].iter().any(|p| p.row.is_none() && p.value == self.plan.problems[n - 1].value) {
            self.plan.problems.pop();
        }
    }

    /// The key of the known meeting `name` means: the same name, else the same body,
    /// level, term and session written another way (第十五届区政协第二次会议).
    fn known_key(&self, name: &str) -> String {
        let key = name_key(name);
        if self.meetings.contains_key(&key) {
            return key;
        }
        let Some(want) = parse_meeting_name(name) else { return key };
        self.meetings
            .iter()
            .find(|(_, m)| parse_meeting_name(&m.name).as_ref() == Some(&want))
            .map(|(k, _)| k.clone())
            .unwrap_or(key)
    }

    fn body_of(&self, m: MeetingRef) -> Body {
        match m {
            MeetingRef::Existing(id) => {
                self.meetings.values().find(|k| k.id == id).map(|k| k.body).unwrap_or(Body::Npc)
            }
            MeetingRef::New(i) => self.plan.new_meetings[i].body,
        }
    }

    fn units_of(&mut self, row: &Row, field: Field, role: Role, out: &mut Vec<(UnitRef, Role, String, Field)>) {
        let names = split_names(&self.text(row, field));
        let col = self.colname(field).unwrap_or_default();
        for name in names {
            let r = match self.units.find(&name) {
                UnitMatch::Exact(id) => UnitRef::Existing(id),
                UnitMatch::Close(id) => {
                    self.close_units.insert(name.clone(), id);
                    UnitRef::Existing(id)
                }
                UnitMatch::Unknown { guess } => {
                    if self.opts.create_units {
                        let i = match self.plan.new_units.iter().position(|n| *n == name) {
                            Some(i) => i,
                            None => {
                                self.plan.new_units.push(name.clone());
                                self.plan.new_units.len() - 1
                            }
                        };
                        UnitRef::New(i)
                    } else {
                        let e =
                            self.unknown_units.entry(name.clone()).or_insert((row.number, col.clone(), vec![], guess));
                        e.2.push(row.number);
                        UnitRef::New(usize::MAX)
                    }
                }
            };
            out.push((r, role, name, field));
        }
    }

    /// A unit named twice in one item (again under 会办, or twice in one cell) is kept once,
    /// as lead when it is named as lead, with a note at the repeated name.
    fn units_once(&mut self, row: &Row, units: Vec<(UnitRef, Role, String, Field)>) -> Vec<(UnitRef, Role, String)> {
        let mut kept: Vec<(UnitRef, Role, String)> = Vec::new();
        for (r, role, name, field) in units {
            let same = |k: &(UnitRef, Role, String)| match (&k.0, &r) {
                (UnitRef::Existing(a), UnitRef::Existing(b)) => a == b,
                (UnitRef::New(_), UnitRef::New(_)) => k.2 == name,
                _ => false,
            };
            let Some(k) = kept.iter_mut().find(|k| same(k)) else {
                kept.push((r, role, name));
                continue;
            };
            if role == Role::Lead {
                k.1 = Role::Lead;
            }
            let first = k.2.clone();
            let kept_role = k.1;
            let (zh, en) = (
                format!(
                    "同一单位在本件中重复(已写作“{first}”),只保留一次,作为{}",
                    kept_role.label(crate::text::Lang::Zh)
                ),
                format!(
                    "the same unit twice in this item (also written '{first}'): kept once, as {}",
                    kept_role.label(crate::text::Lang::En)
                ),
            );
            let col = self.colname(field);
            self.plan.problems.push(problem(Severity::Note, Some(row.number), col, &name, &zh, &en));
        }
        kept
    }

    /// Cells holding a formula saved without its value: each is an error, named as such.
    fn formulas(&mut self, row: &Row) -> bool {
        let mut found = false;
        for (c, h, _) in self.cols.mapped.clone() {
            if let super::sheet::Cell::Formula(f) = row.get(c) {
                found = true;
                let col = Some(format!("{} {h}", super::column_letter(c)));
                self.plan.problems.push(problem(
                    Severity::Error,
                    Some(row.number),
                    col,
                    &format!("={f}"),
                    "这是公式,文件中没有保存它的计算结果(多由不计算公式的程序生成);请用 Excel 或 WPS 打开后保存,或复制后“选择性粘贴-数值”再导入",
                    "a formula saved without its computed value (written by a program that does not calculate); open and save the file in Excel or WPS, or paste the values only, then import",
                ));
            }
        }
        found
    }

    fn row(&mut self, row: &Row) -> Result<()> {
        let number = self.text(row, Field::Number);
        let title = self.text(row, Field::Title);
        if title.is_empty() && row.cells.iter().filter(|c| !c.is_empty()).count() <= 1 {
            // A note or total line (合计, 注:…) under the table, or a number with nothing else.
            self.plan.problems.push(problem(
                Severity::Note,
                Some(row.number),
                None,
                &row.cells.iter().map(Cell::text).collect::<String>(),
                "只有一个单元格、没有标题的行(说明或合计),已跳过",
                "a row with one cell and no title (a note or total line): skipped",
            ));
            return Ok(());
        }
        let errors_before = self.plan.error_count();
        if self.formulas(row) {
            return Ok(());
        }
        if title.is_empty() {
            self.err(row, Field::Title, "", "标题为空", "the title is empty");
        }
        if number.is_empty() && self.cols.col(Field::Number).is_some() {
            self.err(row, Field::Number, "", "编号为空", "the number is empty");
        }
        let meeting = self.meeting_of(row);
        let number_key = normalize_number(&number);
        if !number.is_empty() && number_key.is_empty() {
            // "号" or "第号": nothing left to match a second import on.
            self.err(
                row,
                Field::Number,
                &number,
                "编号中没有数字或字母,无法识别(应如 25、第25号、A012)",
                "the number holds no digit or letter (write it like 25, 第25号 or A012)",
            );
        }
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");

        let proposers = self.proposers(row);
        let (timing, topic) = self.timing_and_topic(row);
        let key = matches!(self.text(row, Field::Key).as_str(), "是" | "重点" | "√" | "Y" | "y" | "1");
        let leader = self.text(row, Field::Leader);

        let mut named = Vec::new();
        self.units_of(row, Field::LeadUnit, Role::Lead, &mut named);
        self.units_of(row, Field::SplitUnits, Role::Split, &mut named);
        self.units_of(row, Field::CoUnits, Role::CoHandling, &mut named);
        let units = self.units_once(row, named);
        self.check_unit_roles(row, &units);

        let assigned = self.date(row, Field::AssignedOn).flatten();
        let deadline = self.date(row, Field::Deadline).flatten();
        let filed = self.date(row, Field::FiledOn).flatten();
        let replied_on = self.date(row, Field::RepliedOn).flatten();
        let closed_on = self.date(row, Field::ClosedOn).flatten();
        let reply = self.reply(row, replied_on, &number, meeting, &units);
        let face_to_face = self.face_to_face(row, replied_on);
        let satisfaction = self.satisfaction(row);

        if let Some(m) = meeting {
            self.check_number(row, m, &number, &number_key, &title);
        }
        if self.plan.error_count() > errors_before {
            return Ok(());
        }
        let Some(meeting) = meeting else { return Ok(()) };
        let fingerprint = self.fingerprint(row);
        if let Some(same) = self.existing(meeting, &number_key, &title, &fingerprint, row)? {
            if same {
                self.plan.unchanged.push(row.number);
            } else if self.plan.error_count() == errors_before {
                self.plan.differing.push(row.number);
            }
            return Ok(());
        }
        // Mid-year ledgers may lack 交办日期: date the assignment by its earliest record.
        let assigned_on = assigned
            .or_else(|| [replied_on, face_to_face, closed_on].into_iter().flatten().min().filter(|d| *d < self.today))
            .unwrap_or(self.today);
        self.note_new(meeting, [filed, assigned, replied_on].into_iter().flatten().min(), &proposers);
        self.plan.items.push(PlannedItem {
            row: row.number,
            meeting,
            number,
            number_key,
            title,
            proposers,
            timing,
            topic,
            key,
            leader,
            filed_on: filed.unwrap_or(assigned_on),
            units: units.into_iter().map(|(r, role, _)| (r, role)).collect(),
            assigned_on,
            deadline,
            reply,
            face_to_face,
            satisfaction,
            closed_on,
            fingerprint,
        });
        Ok(())
    }

    /// The row's proposers: the 领衔 cell's names in order (the first leads), then the
    /// co-signers. A name written twice (in one cell or in both) is one proposer; none is a
    /// note (added in banli after the import).
    fn proposers(&mut self, row: &Row) -> Vec<String> {
        let mut proposers: Vec<String> = Vec::new();
        for n in
            split_names(&self.text(row, Field::Lead)).into_iter().chain(split_names(&self.text(row, Field::CoSigners)))
        {
            if !proposers.contains(&n) {
                proposers.push(n);
            }
        }
        if proposers.is_empty() {
            let col = self.colname(Field::Lead);
            self.plan.problems.push(problem(
                Severity::Note,
                Some(row.number),
                col,
                "",
                "没有提出人(领衔人为空);导入后请在 banli 中补录",
                "no proposer (the lead proposer is empty); add one in banli after the import",
            ));
        }
        proposers
    }

    /// The row's units by role must make a valid assignment (domain::assignment::check_roles);
    /// if not, an error on the column the rule names.
    fn check_unit_roles(&mut self, row: &Row, units: &[(UnitRef, Role, String)]) {
        if units.is_empty() {
            return;
        }
        // Unknown units get distinct ids by name so a repeated one is still caught.
        let mut names: Vec<&str> = Vec::new();
        let pairs: Vec<(i64, Role)> = units
            .iter()
            .map(|(r, role, name)| {
                let id = match r {
                    UnitRef::Existing(id) => *id,
                    UnitRef::New(_) => {
                        let i = names.iter().position(|n| n == name).unwrap_or_else(|| {
                            names.push(name);
                            names.len() - 1
                        });
                        -1 - i as i64
                    }
                };
                (id, *role)
            })
            .collect();
        if let Err(e) = check_roles(&pairs) {
            let field = match e {
                crate::domain::RoleError::LeadAndSplit | crate::domain::RoleError::LoneSplit => Field::SplitUnits,
                crate::domain::RoleError::NoHandler => Field::CoUnits,
                _ => Field::LeadUnit,
            };
            let value = units.iter().map(|(_, _, n)| n.as_str()).collect::<Vec<_>>().join("、");
            let (zh, en) = (e.message(crate::text::Lang::Zh), e.message(crate::text::Lang::En));
            let field = if self.cols.col(field).is_some() { field } else { Field::LeadUnit };
            self.err(row, field, &value, &zh, &en);
        }
    }

    /// What a new row adds beside its item: a new meeting dated by the row's first date
    /// (`first`), and its proposers not yet on record.
    fn note_new(&mut self, meeting: MeetingRef, first: Option<NaiveDate>, proposers: &[String]) {
        if let (MeetingRef::New(i), Some(d)) = (meeting, first) {
            let m = &mut self.plan.new_meetings[i];
            if m.year == self.today.year() || d.year() < m.year {
                m.year = d.year();
            }
        }
        let body = self.body_of(meeting);
        for name in proposers {
            if let std::collections::hash_map::Entry::Vacant(e) = self.people.entry((body, name.clone())) {
                e.insert(-1);
                self.plan.new_people.push((body, name.clone()));
            }
        }
    }

    fn check_number(&mut self, row: &Row, m: MeetingRef, number: &str, key: &str, title: &str) {
        if key.is_empty() {
            return;
        }
        if let Some((first, first_title)) = self.seen.get(&(m, key.to_string())).cloned() {
            let (zh, en) = if first_title == title {
                (
                    format!("编号与第{first}行重复(同一会议,同一标题)"),
                    format!("the same number as row {first} (same meeting and title)"),
                )
            } else {
                (
                    format!("编号与第{first}行重复(同一会议),标题不同"),
                    format!("the same number as row {first} in the same meeting, with another title"),
                )
            };
            self.err(row, Field::Number, number, &zh, &en);
            return;
        }
        self.seen.insert((m, key.to_string()), (row.number, title.to_string()));
    }

    /// For an item already in the database: `Some(true)` identical, `Some(false)` same title
    /// but other cells changed; an error when the title differs. `None`: a new item.
    fn existing(&mut self, m: MeetingRef, key: &str, title: &str, fp: &str, row: &Row) -> Result<Option<bool>> {
        let MeetingRef::Existing(mid) = m else { return Ok(None) };
        let Some((id, old_title)) = crate::store::import_read::item_by_number(self.conn, mid, key)? else {
            return Ok(None);
        };
        if old_title.split_whitespace().collect::<Vec<_>>().join(" ") != title {
            let number = self.text(row, Field::Number);
            self.err(
                row,
                Field::Number,
                &number,
                &format!("该会议已有此编号的件,标题不同:“{old_title}”"),
                &format!("this meeting already has an item with this number and another title: '{old_title}'"),
            );
            return Ok(Some(false));
        }
        let same = crate::store::import_read::import_fingerprint(self.conn, id)?.as_deref() == Some(fp);
        Ok(Some(same))
    }

    fn fingerprint(&self, row: &Row) -> String {
        let mut h = Sha256::new();
        for (c, _, f) in &self.cols.mapped {
            if *f == Field::Meeting {
                continue;
            }
            h.update(format!("{f:?}").as_bytes());
            h.update([0x1f]);
            h.update(row.get(*c).text().as_bytes());
            h.update([0x1e]);
        }
        h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
    }

    fn finish(&mut self) {
        for (name, (row, col, rows, guess)) in std::mem::take(&mut self.unknown_units) {
            let guess = guess.and_then(|id| self.units.unit(id)).map(|u| u.name.clone());
            let rows_list = rows.iter().take(8).map(usize::to_string).collect::<Vec<_>>().join(", ");
            let more = if rows.len() > 8 { "…" } else { "" };
            let (zh, en) = match &guess {
                Some(g) => (
                    format!("不认识的单位(第 {rows_list}{more} 行),是否为“{g}”?确认用 --map-unit {name}={g},新建用 --create-units"),
                    format!("unknown unit (rows {rows_list}{more}); did you mean {g}? confirm with --map-unit {name}={g}, or create it with --create-units"),
                ),
                None => (
                    format!("不认识的单位(第 {rows_list}{more} 行),没有相近的单位;新建用 --create-units"),
                    format!("unknown unit (rows {rows_list}{more}), nothing close; create it with --create-units"),
                ),
            };
            self.plan.problems.push(problem(Severity::Error, Some(row), Some(col), &name, &zh, &en));
        }
        for (written, id) in std::mem::take(&mut self.close_units) {
            if let Some(u) = self.units.unit(id) {
                let (zh, en) = (format!("按“{}”处理", u.name), format!("read as {}", u.name));
                self.plan.problems.push(problem(Severity::Note, None, None, &written, &zh, &en));
            }
        }
        if self.cols.col(Field::AssignedOn).is_none() && self.plan.items.iter().any(|i| !i.units.is_empty()) {
            self.plan.problems.push(problem(
                Severity::Note,
                None,
                None,
                "",
                "没有交办日期列:交办日期取答复/面复/办结中最早的日期,没有时取今天;期限据此计算",
                "no 交办日期 column: assignments are dated by the earliest reply, face-to-face or closing date, else today; deadlines count from it",
            ));
        }
        if self.opts.meeting.is_some() && self.cols.col(Field::Meeting).is_some() {
            self.plan.problems.push(problem(
                Severity::Note,
                None,
                None,
                "",
                "已用 --meeting 指定会议,文件中的“届次”列未使用",
                "--meeting was given; the file's 届次 column is not used",
            ));
        }
        // Reply numbers already used by other items in the database.
        let docs: Vec<(String, usize)> = self.docs.iter().map(|(d, r)| (d.clone(), *r)).collect();
        let planned: std::collections::HashSet<usize> = self.plan.items.iter().map(|i| i.row).collect();
        for (doc, row) in docs {
            if !planned.contains(&row) {
                continue;
            }
            if crate::store::import_read::reply_doc_used(self.conn, &doc).unwrap_or(false) {
                let col = self.colname(Field::ReplyDoc);
                self.plan.problems.push(problem(
                    Severity::Error,
                    Some(row),
                    col,
                    &doc,
                    "答复文号已被库中另一件使用",
                    "this reply number is already used by another item in the database",
                ));
            }
        }
        self.plan.problems.sort_by_key(|p| (p.severity == Severity::Note, p.row.unwrap_or(0)));
        if self.plan.problems.len() > MAX_PROBLEMS {
            self.plan.more_problems = self.plan.problems.len() - MAX_PROBLEMS;
            self.plan.problems.truncate(MAX_PROBLEMS);
        }
    }
}

/// A meeting name compared without spaces and with full-width digits normalised.
fn name_key(s: &str) -> String {
    super::normalize_text(s).chars().filter(|c| !c.is_whitespace()).collect()
}
