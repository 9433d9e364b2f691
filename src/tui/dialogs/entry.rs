//! 登记 and 修改: the item form, new ([`NewEntry`], on an open meeting, with the next
//! number) and edited ([`EditEntry`]). Proposers are picked by name or pinyin; a person not
//! on record is named in place and created with the item.
use super::parts::ymd;
use super::{Body, Dialog, Head, Task};
use crate::domain::intake::title_fits;
use crate::domain::{Body as Chamber, Meeting, Proposer, Timing};
use crate::store::intake::entry::{ItemDraft, NewPerson};
use crate::store::Store;
use crate::text::Lang;
use crate::text::{say, tr, T};
use crate::tui::action::Action;
use crate::tui::app::Context;
use crate::tui::forms::field::candidates;
use crate::tui::forms::pick::ListField;
use crate::tui::forms::{Field, Form, Opt, SaveError, Saved};

fields! {
    /// 会议 (a choice on a new item, fixed on an edit).
    Meeting = "meeting",
    /// 编号.
    Number = "number",
    /// 标题.
    Title = "title",
    /// 领衔人及附议人: the first is the lead.
    Proposers = "proposers",
    /// 新人员界别: a person named in place.
    Delegation = "delegation",
    /// 新人员电话.
    Phone = "phone",
    /// 新人员为集体.
    Collective = "collective",
    /// 类别.
    Topic = "topic",
    /// 提出日期.
    FiledOn = "filed_on",
    /// 提出时间: 大会期间, 闭会期间, or from the date.
    Timing = "timing",
    /// 重点件.
    Key = "key",
    /// 领办领导.
    Leader = "leader",
    /// 正文.
    Text = "body",
}

/// Registering a new item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    /// Each open meeting's body (NPC or CPPCC): whose people can file on it.
    bodies: Vec<(i64, Chamber)>,
    /// The body whose people the proposer list offers now.
    people_of: Chamber,
}

/// Editing an item's own fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditEntry {
    item: i64,
    version: i64,
    meeting: i64,
    body: Chamber,
    draft: ItemDraft,
    people: Vec<Proposer>,
}

/// The proposer list over the people of one body; a new person can be named in place.
fn people_list(people: &[Proposer], lang: Lang) -> ListField {
    let rows = people.iter().map(|p| {
        let label = if p.collective { say::collective_name(lang, &p.name) } else { p.name.clone() };
        (p.id, label, p.delegation.clone())
    });
    ListField::new(candidates(rows), Vec::new(), true)
}

impl NewEntry {
    /// The new-item form on `meeting`: its people, its next number (two store reads).
    pub fn open(store: &Store, meetings: &[Meeting], meeting: i64, ctx: &Context, lang: Lang) -> Result<Form, String> {
        let bodies: Vec<(i64, Chamber)> = meetings.iter().filter(|m| !m.archived).map(|m| (m.id, m.body)).collect();
        let body = bodies.iter().find(|(id, _)| *id == meeting).map_or(Chamber::Npc, |b| b.1);
        let people = store.people(body).map_err(|e| e.message(lang))?;
        let number = store.next_number(meeting).map_err(|e| e.message(lang))?;
        let draft = ItemDraft {
            meeting_id: meeting,
            number,
            title: String::new(),
            body_text: String::new(),
            topic: String::new(),
            filed_on: ctx.today,
            timing: None,
            key: false,
            leader: String::new(),
            proposers: Vec::new(),
        };
        let fields = item_fields(meetings, &people, &draft, true, ctx, lang);
        let dialog = super::Open::NewEntry(NewEntry { bodies, people_of: body });
        Ok(Form::new(dialog, tr(lang, T::ActNewEntry), fields))
    }

    fn body_of(&self, meeting: i64) -> Chamber {
        self.bodies.iter().find(|(id, _)| *id == meeting).map_or(Chamber::Npc, |b| b.1)
    }

    /// The form's meeting changed: its next number and, for the other body, its people (the
    /// proposers of the other body picked so far are dropped; those named in place stay).
    pub fn meeting_changed(store: &Store, form: &mut Form) {
        let lang = form.lang;
        let super::Open::NewEntry(me) = &form.dialog else { return };
        let Ok(meeting) = form.choice(F::Meeting.id()).parse::<i64>() else { return };
        let body = me.body_of(meeting);
        let people = (me.people_of != body).then(|| store.people(body));
        match store.next_number(meeting) {
            Ok(n) => {
                if let Some(f) = form.field_mut(F::Number.id()) {
                    *f = Field::text(F::Number.id(), &f.label.clone(), &n);
                }
            }
            Err(e) => form.error = Some(e.message(lang)),
        }
        match people {
            Some(Ok(p)) => {
                if let Some(l) = form.field_mut(F::Proposers.id()).and_then(|f| f.picks_mut()) {
                    let picked = std::mem::take(&mut l.picked);
                    *l = people_list(&p, lang);
                    l.picked = picked.into_iter().filter(|x| x.id.is_none()).collect();
                }
                if let super::Open::NewEntry(me) = &mut form.dialog {
                    me.people_of = body;
                }
            }
            Some(Err(e)) => form.error = Some(e.message(lang)),
            None => {}
        }
    }

    /// Whether a change of the focused field is the meeting's (the session then reads the
    /// meeting's number and people: [`NewEntry::meeting_changed`]).
    pub fn meeting_focused(form: &Form) -> bool {
        matches!(form.dialog, super::Open::NewEntry(_))
            && form.fields.get(form.focus).is_some_and(|f| f.id == F::Meeting.id())
    }
}

impl Task for NewEntry {
    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let lang = form.lang;
        let meeting = match form.choice(F::Meeting.id()) {
            c if c.is_empty() => return Err(SaveError::Input(tr(lang, T::EntryChooseAMeeting))),
            c => c.parse().map_err(|_| SaveError::Input(tr(lang, T::EntryChooseAMeeting)))?,
        };
        let body = self.body_of(meeting);
        let (draft, people) = typed_draft(form, meeting, body)?;
        let id = store.new_entry_with_people(&draft, &people)?;
        let mut warn = title_warning(&draft, body, lang);
        let twins = store.same_title(draft.meeting_id, &draft.title, id)?;
        if !twins.is_empty() {
            let numbers = twins.join(T::ListSep.get(lang));
            warn = say::same_title(lang, numbers);
        }
        Ok(Saved::NewItem(id, warn))
    }
}

impl Dialog for EditEntry {
    const ACTION: Action = Action::EditEntry;

    fn load(store: &Store, head: &Head, _ctx: &Context, lang: Lang) -> Result<Self, String> {
        let d = head.detail;
        let draft = store.item_draft(d.item.id).map_err(|e| e.message(lang))?;
        let people = store.people(d.meeting.body).map_err(|e| e.message(lang))?;
        let (item, version, meeting, body) = (d.item.id, d.item.version, d.item.meeting_id, d.meeting.body);
        Ok(EditEntry { item, version, meeting, body, draft, people })
    }

    fn body(&self, head: &Head, ctx: &Context, lang: Lang) -> Body {
        let fields = item_fields(head.meetings, &self.people, &self.draft, false, ctx, lang);
        let title = format!("{} · {} {}", tr(lang, T::EntryEdit), self.draft.number, self.draft.title);
        Body { title, info: Vec::new(), fields }
    }

    fn save(&self, store: &mut Store, form: &Form) -> Result<Saved, SaveError> {
        let lang = form.lang;
        let (mut draft, people) = typed_draft(form, self.meeting, self.body)?;
        // People named in place are created first (their own audited change).
        for (at, p) in &people {
            let id = store.new_person(p)?;
            draft.proposers.insert((*at).min(draft.proposers.len()), id);
        }
        let undo = store.edit_entry(self.item, self.version, &draft)?;
        let warn = title_warning(&draft, self.body, lang);
        Ok(Saved::Undoable(if warn.is_empty() { tr(lang, T::EntryChangesSaved) } else { warn }, undo))
    }

    on_item!();
}

/// The item form's fields, filled from `d` (`new`: the meeting is a choice).
fn item_fields(
    meetings: &[Meeting],
    people: &[Proposer],
    d: &ItemDraft,
    new: bool,
    ctx: &Context,
    lang: Lang,
) -> Vec<Field> {
    let opts: Vec<Opt> =
        meetings.iter().filter(|m| !m.archived).map(|m| Opt::new(m.id.to_string(), m.name.clone())).collect();
    let mut topics = vec![Opt::new("", tr(lang, T::EntryNone))];
    topics.extend(ctx.rules.filing.topics.iter().map(|t| Opt::new(t.clone(), t.clone())));
    let timings = vec![
        Opt::new("", tr(lang, T::EntryFromTheDate)),
        Opt::new(Timing::During.as_str(), Timing::During.label(lang)),
        Opt::new(Timing::Between.as_str(), Timing::Between.label(lang)),
    ];
    let mut list = people_list(people, lang);
    for id in &d.proposers {
        list.push(*id, 0);
    }
    let label = tr(lang, T::ActFilterMeeting);
    let meeting = if new {
        let at = opts.iter().position(|o| o.code == d.meeting_id.to_string()).unwrap_or(0);
        Field::choice(F::Meeting.id(), &label, opts, at).affecting()
    } else {
        let name = meetings.iter().find(|m| m.id == d.meeting_id).map(|m| m.name.clone()).unwrap_or_default();
        Field::fixed(F::Meeting.id(), &label, name)
    };
    let mut topic = Field::choice(F::Topic.id(), &tr(lang, T::EntryTopic), topics, 0);
    topic.set_choice(&d.topic);
    let mut timing = Field::choice(F::Timing.id(), &tr(lang, T::EntryTiming), timings, 0);
    if let Some(t) = d.timing {
        timing.set_choice(t.as_str());
    }
    vec![
        meeting,
        Field::text(F::Number.id(), &tr(lang, T::EntryNumber), &d.number),
        Field::text(F::Title.id(), &tr(lang, T::ColTitle), &d.title).hint(tr(lang, T::EntryTitleHint)),
        Field::list(F::Proposers.id(), &tr(lang, T::EntryProposers), list).hint(tr(lang, T::EntryTypeANameOr)),
        Field::text(F::Delegation.id(), &tr(lang, T::EntryDelegation), "").hint(tr(lang, T::EntryANewPersonS)),
        Field::text(F::Phone.id(), &tr(lang, T::EntryPhone), ""),
        Field::toggle(F::Collective.id(), &tr(lang, T::EntryCollective), false).hint(tr(lang, T::EntryAPartySectorOr)),
        topic,
        Field::date(F::FiledOn.id(), &tr(lang, T::EntryFiledOn), &ymd(d.filed_on)),
        timing,
        Field::toggle(F::Key.id(), &tr(lang, T::EntryKeyItem), d.key),
        Field::text(F::Leader.id(), &tr(lang, T::EntryLeaderInCharge), &d.leader),
        Field::area(F::Text.id(), &tr(lang, T::PaneText), &d.body_text).hint(tr(lang, T::EntryPasteFromWordFor)),
    ]
}

/// The draft typed in an item form on `meeting` of `body`, and the people to create in
/// place (position among the proposers, person).
fn typed_draft(form: &Form, meeting: i64, body: Chamber) -> Result<(ItemDraft, Vec<(usize, NewPerson)>), SaveError> {
    let list = form.field(F::Proposers.id()).and_then(|f| f.picks());
    let mut known = Vec::new();
    let mut new = Vec::new();
    for (i, p) in list.map(|l| l.picked.as_slice()).unwrap_or_default().iter().enumerate() {
        match p.id {
            Some(id) => known.push(id),
            None => new.push((
                i,
                NewPerson {
                    name: p.label.clone(),
                    body,
                    collective: form.ticked(F::Collective.id()),
                    delegation: form.text(F::Delegation.id()),
                    phone: form.text(F::Phone.id()),
                },
            )),
        }
    }
    let draft = ItemDraft {
        meeting_id: meeting,
        number: form.text(F::Number.id()),
        title: form.text(F::Title.id()),
        body_text: form.field(F::Text.id()).map(|f| f.text_value()).unwrap_or_default(),
        topic: form.choice(F::Topic.id()),
        filed_on: form.required_date(F::FiledOn.id())?,
        timing: Timing::parse(&form.choice(F::Timing.id())),
        key: form.ticked(F::Key.id()),
        leader: form.text(F::Leader.id()),
        proposers: known,
    };
    Ok((draft, new))
}

/// A note when the title does not have the shape 关于……的建议/提案 (saved all the same).
fn title_warning(d: &ItemDraft, body: Chamber, lang: Lang) -> String {
    if title_fits(body.kind(), &d.title) {
        return String::new();
    }
    tr(lang, T::EntrySavedNoteTheTitle)
}
