//! The item form (new and edited, 登记 / 修改) and the filing decision (立案审查).
use super::draw::tr;
use super::field::{candidates, Field, Opt};
use super::pick::ListField;
use super::{Form, Purpose};
use crate::domain::intake::FilingDecision;
use crate::domain::{Meeting, Proposer, Timing, Unit};
use crate::store::detail::ItemDetail;
use crate::store::intake::entry::ItemDraft;
use crate::text::Lang;
use crate::tui::app::Context;

/// The proposer list over the people of one body; a new person can be named in place.
pub fn people_list(people: &[Proposer]) -> ListField {
    let rows = people.iter().map(|p| {
        let label = if p.collective { format!("{}(集体)", p.name) } else { p.name.clone() };
        (p.id, label, p.delegation.clone())
    });
    ListField::new(candidates(rows), Vec::new(), true)
}

fn meeting_opts(meetings: &[Meeting]) -> Vec<Opt> {
    meetings.iter().filter(|m| !m.archived).map(|m| Opt::new(m.id.to_string(), m.name.clone())).collect()
}

/// The item form: empty for a new item (`draft` `None`), filled for an edit.
#[allow(clippy::too_many_arguments)]
pub fn item_form(
    purpose: Purpose,
    meetings: &[Meeting],
    meeting_id: i64,
    people: &[Proposer],
    draft: Option<&ItemDraft>,
    number: &str,
    ctx: &Context,
    lang: Lang,
) -> Form {
    let new = draft.is_none();
    let opts = meeting_opts(meetings);
    let at = opts.iter().position(|o| o.code == meeting_id.to_string()).unwrap_or(0);
    let mut topics = vec![Opt::new("", tr(lang, "(未分类)", "(none)"))];
    topics.extend(ctx.rules.filing.topics.iter().map(|t| Opt::new(t.clone(), t.clone())));
    let timing = vec![
        Opt::new("", tr(lang, "按日期判断", "from the date")),
        Opt::new(Timing::During.as_str(), Timing::During.label(lang)),
        Opt::new(Timing::Between.as_str(), Timing::Between.label(lang)),
    ];
    let mut list = people_list(people);
    let today = ctx.today.format("%Y-%m-%d").to_string();
    let d = draft.cloned().unwrap_or(ItemDraft {
        meeting_id,
        number: number.to_string(),
        title: String::new(),
        body_text: String::new(),
        topic: String::new(),
        filed_on: ctx.today,
        timing: None,
        key: false,
        leader: String::new(),
        proposers: Vec::new(),
    });
    for id in &d.proposers {
        list.push(*id, 0);
    }
    let meeting = if new {
        Field::choice("meeting", &tr(lang, "会议", "Meeting"), opts, at).affecting()
    } else {
        Field::fixed(
            "meeting",
            &tr(lang, "会议", "Meeting"),
            meetings.iter().find(|m| m.id == meeting_id).map(|m| m.name.clone()).unwrap_or_default(),
        )
    };
    let filed = d.filed_on.format("%Y-%m-%d").to_string();
    let mut f = Form::new(
        purpose,
        if new {
            tr(lang, "登记新件", "New item")
        } else {
            format!("{} · {} {}", tr(lang, "修改", "Edit"), d.number, d.title)
        },
        vec![
            meeting,
            Field::text("number", &tr(lang, "编号", "Number"), &d.number),
            Field::text("title", &tr(lang, "标题", "Title"), &d.title).hint(tr(
                lang,
                "关于……的建议/提案",
                "关于……的建议/提案",
            )),
            Field::list("proposers", &tr(lang, "领衔人及附议人", "Proposers"), list).hint(tr(
                lang,
                "输入姓名或拼音,{key:submit} 添加;第一位为领衔人",
                "type a name or pinyin, {key:submit} adds; the first is the lead",
            )),
            Field::text("delegation", &tr(lang, "新人员界别", "Delegation"), "").hint(tr(
                lang,
                "新建人员的代表团或界别",
                "a new person's delegation or sector",
            )),
            Field::text("phone", &tr(lang, "新人员电话", "Phone"), ""),
            Field::toggle("collective", &tr(lang, "新人员为集体", "Collective"), false).hint(tr(
                lang,
                "党派、界别或专委会",
                "a party, sector or committee",
            )),
            Field::choice("topic", &tr(lang, "类别", "Topic"), topics, 0),
            Field::date("filed_on", &tr(lang, "提出日期", "Filed on"), if new { &today } else { &filed }),
            Field::choice("timing", &tr(lang, "提出时间", "Timing"), timing, 0),
            Field::toggle("key", &tr(lang, "重点件", "Key item"), d.key),
            Field::text("leader", &tr(lang, "领办领导", "Leader in charge"), &d.leader),
            Field::area("body", &tr(lang, "正文", "Text"), &d.body_text).hint(tr(
                lang,
                "可从 Word 粘贴;{key:new_line} 换行",
                "paste from Word; {key:new_line} for a new line",
            )),
        ],
    );
    if let Some(t) = f.field_mut("topic") {
        t.set_choice(&d.topic);
    }
    if let (Some(t), Some(timing)) = (f.field_mut("timing"), d.timing) {
        t.set_choice(timing.as_str());
    }
    f
}

/// The filing decision form on a received item.
pub fn filing_form(d: &ItemDetail, units: &[Unit], ctx: &Context, lang: Lang) -> Result<Form, String> {
    if d.item.filing != crate::domain::Filing::Received {
        return Err(tr(lang, "该件已作出立案决定", "the filing of this item has been decided"));
    }
    let decisions = FilingDecision::ALL.iter().map(|f| Opt::new(f.as_str(), f.label(lang))).collect();
    // No ground chosen until the clerk picks one: a refusal never takes the first by default.
    let none = Opt::new("", tr(lang, "(请选择)", "(choose)"));
    let grounds = std::iter::once(none)
        .chain(ctx.rules.filing.refusal_grounds.iter().map(|g| Opt::new(g.clone(), g.clone())))
        .collect();
    let unit_rows = units.iter().map(|u| (u.id, u.short_name.clone(), u.name.clone()));
    Ok(Form::new(
        Purpose::Filing { item: d.item.id, version: d.item.version },
        format!("{} · {} {}", tr(lang, "立案审查", "Filing review"), d.item.number, d.item.title),
        vec![
            Field::choice("decision", &tr(lang, "决定", "Decision"), decisions, 0),
            Field::choice("ground", &tr(lang, "不予立案依据", "Ground"), grounds, 0).hint(tr(
                lang,
                "不予立案时",
                "when not filed",
            )),
            Field::text("note", &tr(lang, "说明", "Note"), ""),
            Field::list(
                "unit",
                &tr(lang, "转交单位", "Opinion unit"),
                ListField::new(candidates(unit_rows), Vec::new(), false),
            )
            .hint(tr(lang, "转为意见时", "when turned into an opinion")),
            Field::text("merge", &tr(lang, "并入件号", "Merge into no."), "").hint(tr(
                lang,
                "并案时:同一会议的编号",
                "when merged: a number of the same meeting",
            )),
            Field::date("on", &tr(lang, "日期", "Date"), &ctx.today.format("%Y-%m-%d").to_string()),
        ],
    ))
}
