//! The later-stage records of an item (DOMAIN.md steps 3 to 10). Each is a row under
//! its item; none is ever overwritten by a later round.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::coded_enum! {
    /// When a contact with the proposer happened (三见面 / 四沟通).
    pub enum ContactStage {
        Before = ("before", "办前", "Before handling"),
        During = ("during", "办中", "During handling"),
        AtReply = ("at_reply", "答复时", "At reply"),
        After = ("after", "办后", "After reply"),
    }
}

crate::coded_enum! {
    /// How a contact was made.
    pub enum ContactMethod {
        Phone = ("phone", "电话", "Phone"),
        Visit = ("visit", "走访", "Visit"),
        Seminar = ("seminar", "座谈会", "Seminar"),
        OnSite = ("on_site", "现场查看", "On site"),
        Online = ("online", "网络", "Online"),
        Letter = ("letter", "信函", "Letter"),
    }
}

crate::coded_enum! {
    /// Who replied face to face.
    pub enum ReplierRank {
        Head = ("head", "主要负责人", "Head"),
        DeputyHead = ("deputy_head", "分管负责人", "Deputy head"),
        Staff = ("staff", "工作人员", "Staff"),
    }
}

crate::coded_enum! {
    /// Whether a reply may be published (统一公开).
    pub enum Disclosure {
        Public = ("public", "公开", "Public"),
        NotPublic = ("not_public", "不公开", "Not public"),
        OnRequest = ("on_request", "依申请公开", "On request"),
    }
}

crate::coded_enum! {
    /// The office's review of a reply.
    pub enum ReviewState {
        Pending = ("pending", "待审核", "Pending review"),
        Approved = ("approved", "审核通过", "Approved"),
        /// 退回重办
        Returned = ("returned", "退回重办", "Returned"),
    }
}

crate::coded_enum! {
    /// The proposer's opinion of the handling (满意度).
    pub enum Satisfaction {
        Satisfied = ("satisfied", "满意", "Satisfied"),
        Basic = ("basic", "基本满意", "Basically satisfied"),
        Unsatisfied = ("unsatisfied", "不满意", "Unsatisfied"),
    }
}

crate::coded_enum! {
    /// Why an item is in the second-round queue (二次办理).
    pub enum SecondReason {
        Feedback = ("feedback", "反馈不满意", "Unsatisfied feedback"),
        Returned = ("returned", "答复退回", "Reply returned"),
        /// 答完未办完: a commitment past its date.
        CommitmentOverdue = ("commitment_overdue", "答完未办完", "Commitment overdue"),
        /// 领导包案 / 挂牌督办
        Leader = ("leader", "领导包案", "Leader takes the case"),
        Attention = ("attention", "社会关注", "Public attention"),
    }
}

crate::coded_enum! {
    /// What a still-unsatisfied second round escalates to.
    pub enum Escalation {
        Consultation = ("consultation", "当面协商", "Face-to-face consultation"),
        Written = ("written", "书面说明", "Written explanation"),
    }
}

crate::coded_enum! {
    /// A supervision contact with a unit.
    pub enum ReminderKind {
        /// 催办
        Reminder = ("reminder", "催办", "Reminder"),
        /// 约谈
        Interview = ("interview", "约谈", "Interview"),
    }
}

/// A contact with the proposer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: i64,
    pub item_id: i64,
    pub unit_id: Option<i64>,
    pub stage: ContactStage,
    pub method: ContactMethod,
    pub contacted_on: NaiveDate,
    pub participants: String,
    pub notes: String,
}

/// A face-to-face reply (面复).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaceToFace {
    pub id: i64,
    pub item_id: i64,
    pub unit_id: i64,
    pub met_on: NaiveDate,
    pub place: String,
    pub rank: ReplierRank,
    pub replier: String,
    /// 三方面复: the congress office took part.
    pub office_present: bool,
    pub proposers_present: String,
    pub reaction: String,
}

/// A co-handling opinion (会办意见) sent to the lead unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoOpinion {
    pub id: i64,
    pub assignment_id: i64,
    pub received_on: NaiveDate,
    pub doc_number: String,
    pub text: String,
}

/// A formal reply letter (答复) from a lead or split unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub id: i64,
    pub assignment_id: i64,
    /// 1 for the first round, 2 for a second-round reply.
    pub round: u32,
    pub replied_on: NaiveDate,
    pub doc_number: String,
    pub signer: String,
    /// A code of the configured result-class scheme (A/B/C/D…).
    pub result_class: String,
    pub disclosure: Disclosure,
    pub text: String,
    pub review: ReviewState,
}

/// The office's decision on a reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub id: i64,
    pub reply_id: i64,
    pub decision: ReviewState,
    pub reviewed_on: NaiveDate,
    pub reason: String,
}

/// A proposer's feedback form (征询意见表).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    pub id: i64,
    pub item_id: i64,
    pub person_id: Option<i64>,
    pub round: u32,
    pub level: Satisfaction,
    pub received_on: NaiveDate,
    pub comments: String,
}

/// A commitment (承诺事项) made in a reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    pub id: i64,
    pub item_id: i64,
    pub reply_id: Option<i64>,
    pub description: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
    /// Explicitly carried into follow-up (回头看) rather than done.
    pub carried: bool,
}

/// A second-round queue entry (二次办理).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondRound {
    pub id: i64,
    pub item_id: i64,
    pub unit_id: Option<i64>,
    pub reason: SecondReason,
    pub leader: String,
    pub opened_on: NaiveDate,
    pub deadline: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub outcome: Option<Satisfaction>,
    pub escalation: Option<Escalation>,
    /// The proposers it belongs to (person ids; `None`: the item has no proposer on record).
    /// A round opened by feedback belongs to those who were unsatisfied.
    pub owners: Vec<Option<i64>>,
    /// Its progress log (进展情况), oldest first.
    pub progress: Vec<ProgressNote>,
}

/// One line of a second round's progress log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressNote {
    pub noted_on: NaiveDate,
    pub text: String,
}

impl SecondReason {
    /// Whether a round of this reason is finished by the proposers' feedback (the others by
    /// a new approved reply, or by the commitment being done).
    pub fn settled_by_feedback(self) -> bool {
        matches!(self, SecondReason::Feedback | SecondReason::Leader | SecondReason::Attention)
    }
}

/// The outcome of a second round from its proposers' answers in it, one per proposer it
/// belongs to (`None`: not answered yet): `None` until every one has answered, then the least
/// satisfied answer.
pub fn round_outcome(answers: &[Option<Satisfaction>]) -> Option<Satisfaction> {
    if answers.is_empty() {
        return None;
    }
    answers.iter().copied().collect::<Option<Vec<_>>>()?.into_iter().max()
}

/// A closure (销号) of the ledger entry, and its reopening if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    pub id: i64,
    pub item_id: i64,
    pub closed_on: NaiveDate,
    pub operator: String,
    /// Set when the office closed an item that failed the checklist.
    pub forced_reason: String,
    pub reopened_on: Option<NaiveDate>,
    pub reopen_reason: String,
}

/// A reminder (催办) or interview (约谈) with a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub id: i64,
    pub unit_id: i64,
    pub item_id: Option<i64>,
    pub kind: ReminderKind,
    pub reminded_on: NaiveDate,
    pub method: String,
    pub to_whom: String,
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use Satisfaction::*;

    #[test]
    fn a_round_turns_only_when_each_of_its_proposers_is_satisfied() {
        assert_eq!(round_outcome(&[]), None);
        assert_eq!(round_outcome(&[Some(Satisfied), None]), None, "one still to answer");
        assert_eq!(round_outcome(&[Some(Satisfied), Some(Basic)]), Some(Basic));
        assert_eq!(round_outcome(&[Some(Satisfied), Some(Unsatisfied)]), Some(Unsatisfied));
    }
}
