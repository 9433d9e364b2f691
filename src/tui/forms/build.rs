//! The form of each handling action, built from the item's detail: which units can take
//! the step, today's date, the rule that applies. Pure: the session loads what is needed.
use super::draw::tr;
use super::field::{candidates, Field, Opt};
use super::pick::ListField;
use super::{Form, Purpose};
use crate::domain::assignment::check_roles;
use crate::domain::*;
use crate::store::detail::{AssignmentView, ItemDetail};
use crate::text::Lang;
use crate::tui::action::Action;
use crate::tui::app::Context;

pub(crate) fn ymd(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn coded<E: Copy>(
    all: &[E],
    code: impl Fn(E) -> &'static str,
    label: impl Fn(E) -> &'static str,
) -> Vec<Opt> {
    all.iter().map(|e| Opt::new(code(*e), label(*e))).collect()
}

pub(crate) fn assignment_label(a: &AssignmentView, lang: Lang) -> String {
    format!("{} {}", a.assignment.role.label(lang), a.unit_short)
}

/// The active assignments that pass `keep`, as options (code: the assignment id).
pub(crate) fn assignments(d: &ItemDetail, lang: Lang, keep: impl Fn(&AssignmentView) -> bool) -> Vec<Opt> {
    active(d, keep).map(|a| Opt::new(a.assignment.id.to_string(), assignment_label(a, lang))).collect()
}

/// The active assignments that pass `keep`: lead and split units first, as clerks list them.
pub(crate) fn active(d: &ItemDetail, keep: impl Fn(&AssignmentView) -> bool) -> impl Iterator<Item = &AssignmentView> {
    let mut v: Vec<&AssignmentView> =
        d.assignments.iter().filter(|a| a.assignment.ended_on.is_none() && keep(a)).collect();
    v.sort_by_key(|a| Role::ALL.iter().position(|r| *r == a.assignment.role));
    v.into_iter()
}

/// The same, with the unit id as the code (for records kept per unit).
pub(crate) fn units_of(d: &ItemDetail, lang: Lang, keep: impl Fn(&AssignmentView) -> bool) -> Vec<Opt> {
    active(d, keep).map(|a| Opt::new(a.assignment.unit_id.to_string(), assignment_label(a, lang))).collect()
}

pub(crate) fn need(opts: Vec<Opt>, zh: &str, en: &str, lang: Lang) -> Result<Vec<Opt>, String> {
    if opts.is_empty() {
        Err(tr(lang, zh, en))
    } else {
        Ok(opts)
    }
}

/// The unit list of an assignment form: every unit, with the item's active assignments picked.
pub fn unit_list(ctx_units: &[Unit], current: &[&AssignmentView], lang: Lang) -> ListField {
    let cands = candidates(ctx_units.iter().map(|u| (u.id, u.short_name.clone(), u.name.clone())));
    let roles = coded(Role::ALL, |r| r.as_str(), |r| r.label(lang));
    let mut l = ListField::new(cands, roles, false);
    for a in current {
        let role = Role::ALL.iter().position(|r| *r == a.assignment.role).unwrap_or(0);
        l.push(a.assignment.unit_id, role);
    }
    l
}

/// The computed lines of an assignment form: each unit's deadline by the rules, or why
/// the roles do not work.
pub fn assign_info(form: &Form, kind: Kind, timing: Timing, ctx: &Context, lang: Lang) -> Vec<(Option<bool>, String)> {
    let mut info = Vec::new();
    if let Purpose::Assign { notes, .. } = &form.purpose {
        info.extend(notes.iter().map(|n| (None, n.clone())));
    }
    let Some(list) = form.field("units").and_then(|f| f.picks()) else { return info };
    let on = match form.date("on") {
        Ok(Some(d)) => d,
        Ok(None) => ctx.today,
        Err(e) => return vec![(Some(false), e)],
    };
    if timing == Timing::Between {
        info.push((
            None,
            tr(
                lang,
                "闭会期间提出:按闭会期间的办理期限",
                "Filed between sessions: the between-session deadlines apply",
            ),
        ));
    }
    let pairs: Vec<(i64, Role)> =
        list.picked.iter().filter_map(|p| Some((p.id?, Role::parse(list.role_code(p))?))).collect();
    let changed = form.date("deadline").ok().flatten();
    for p in &list.picked {
        let Some(role) = Role::parse(list.role_code(p)) else { continue };
        let period = ctx.rules.deadline_period(kind, timing, role);
        let counted = ctx.rules.add(&ctx.calendar, on, period);
        let mut text = format!("{} {}  {} → {}", role.label(lang), p.label, period.label(lang), ymd(counted.date));
        if let Some(d) = changed.filter(|_| role.replies()) {
            text.push_str(&format!("  {} {}", tr(lang, "改为", "changed to"), ymd(d)));
        }
        if !counted.confirmed {
            text.push_str(&tr(lang, "(节假日安排未公布,待确认)", " (holidays not yet published)"));
        }
        info.push((None, text));
    }
    if let Err(e) = check_roles(&pairs) {
        info.push((Some(false), e.message(lang)));
    }
    info
}

/// The form for `action` on the item `d`, or why the action does not apply to it now.
pub fn open(action: &Action, d: &ItemDetail, ctx: &Context, units: &[Unit], lang: Lang) -> Result<Form, String> {
    let (item, version) = (d.item.id, d.item.version);
    let today = ymd(ctx.today);
    let title = |zh: &str, en: &str| format!("{} · {} {}", tr(lang, zh, en), d.item.number, d.item.title);
    let date = |label_zh: &str, label_en: &str| Field::date("on", &tr(lang, label_zh, label_en), &today);
    let form = match action {
        Action::AssignUnits | Action::ReassignItem => {
            let reassign = *action == Action::ReassignItem;
            let current: Vec<&AssignmentView> =
                d.assignments.iter().filter(|a| a.assignment.ended_on.is_none()).collect();
            let hint = tr(
                lang,
                "输入单位名、简称或拼音,{key:submit} 添加;{key:cursor_left}/{key:cursor_right} 改角色,{key:delete_char} 删除",
                "type a name or pinyin, {key:submit} adds; {key:cursor_left}/{key:cursor_right} role, {key:delete_char} removes",
            );
            let mut fields = vec![
                date("交办日期", "Assigned on").affecting(),
                Field::list("units", &tr(lang, "承办单位", "Units"), unit_list(units, &current, lang))
                    .hint(hint)
                    .affecting(),
                Field::date("deadline", &tr(lang, "期限改为", "New deadline"), "")
                    .hint(tr(lang, "留空按规则计算;只改主办/分办", "empty: by the rules; lead/split only"))
                    .affecting(),
                Field::text("reason", &tr(lang, "改期理由", "Reason for it"), ""),
            ];
            let mut notes = Vec::new();
            if reassign {
                fields.insert(
                    0,
                    Field::text("why", &tr(lang, "重新交办理由", "Why re-assign"), "").hint(tr(
                        lang,
                        "必填,记入办理记录",
                        "required; kept in the history",
                    )),
                );
                notes.push(tr(
                    lang,
                    "重新交办:方案中不变的单位照旧,其答复保留;移出方案的单位交办结束,记录和答复仍在本件",
                    "Re-assign: units kept in the plan keep their work and replies; units left out are ended, their records stay",
                ));
            }
            let purpose = Purpose::Assign {
                items: vec![(item, version)],
                kind: d.item.kind,
                timing: d.item.timing,
                reassign,
                notes,
            };
            let mut f = Form::new(
                purpose,
                if reassign { title("重新交办", "Re-assign") } else { title("交办", "Assign") },
                fields,
            );
            f.info = assign_info(&f, d.item.kind, d.item.timing, ctx, lang);
            f.focus = if reassign { 0 } else { 1 };
            f
        }
        Action::RecordFeedback => {
            let (people, waiting) = feedback_people(d, lang);
            let sends: Vec<&str> = Satisfaction::ALL
                .iter()
                .filter(|s| ctx.rules.sends_to_second_round(**s))
                .map(|s| s.label(lang))
                .collect();
            Form::new(
                Purpose::Feedback { item, version },
                title("满意度", "Feedback"),
                vec![
                    Field::choice("person", &tr(lang, "代表委员", "Proposer"), people, 0),
                    Field::choice(
                        "level",
                        &tr(lang, "满意度", "Level"),
                        coded(Satisfaction::ALL, |e| e.as_str(), |e| e.label(lang)),
                        0,
                    ),
                    date("反馈日期", "Received on"),
                    Field::text("comments", &tr(lang, "意见", "Comments"), ""),
                ],
            )
            .with_info(
                waiting
                    .into_iter()
                    .map(|w| (None, w))
                    .chain([(
                        None,
                        format!(
                            "{}{}",
                            tr(lang, "以下满意度进入二次办理:", "These levels go to a second round: "),
                            sends.join("、")
                        ),
                    )])
                    .collect(),
            )
        }
        _ => return Err(String::new()),
    };
    Ok(form)
}

/// The feedback form's proposers: those an open second round belongs to and who have not
/// answered in it come first (the form opens on them), then the others; and a line naming
/// whose the round is.
fn feedback_people(d: &ItemDetail, lang: Lang) -> (Vec<Opt>, Option<String>) {
    let open = d.second_rounds.iter().find(|s| s.closed_on.is_none() && s.reason.settled_by_feedback());
    let answered = |id: i64, since: chrono::NaiveDate| {
        d.feedback.iter().any(|f| f.person_id == Some(id) && f.round == 2 && f.received_on >= since)
    };
    let pending: Vec<i64> = open
        .map(|s| {
            d.proposers
                .iter()
                .map(|p| p.person.id)
                .filter(|id| s.owners.contains(&Some(*id)) && !answered(*id, s.opened_on))
                .collect()
        })
        .unwrap_or_default();
    let opt = |p: &crate::store::detail::ItemProposer| {
        if pending.contains(&p.person.id) {
            Opt::new(
                p.person.id.to_string(),
                format!("{}{}", p.person.name, tr(lang, "(二次办理待反馈)", " (second round)")),
            )
        } else {
            Opt::new(p.person.id.to_string(), p.person.name.clone())
        }
    };
    let mut people: Vec<Opt> = d.proposers.iter().filter(|p| pending.contains(&p.person.id)).map(opt).collect();
    people.extend(d.proposers.iter().filter(|p| !pending.contains(&p.person.id)).map(opt));
    if people.is_empty() {
        people.push(Opt::new("", tr(lang, "(领衔人)", "(lead proposer)")));
    }
    let names: Vec<&str> =
        d.proposers.iter().filter(|p| pending.contains(&p.person.id)).map(|p| p.person.name.as_str()).collect();
    let waiting = (!names.is_empty()).then(|| {
        tr(
            lang,
            &format!("二次办理待 {} 反馈;每位均满意或基本满意才转为满意", names.join("、")),
            &format!(
                "The second round waits for {}; it turns satisfied only when each answers satisfied",
                names.join(", ")
            ),
        )
    });
    (people, waiting)
}
