//! What an audit row records as its action: one enum, so every writer names its action the
//! same way and the history reads each in the clerk's words (交办, 签收, …). The code is what
//! `audit_log.action` holds and what the hash chain covers; codes never change once shipped.

crate::coded_enum! {
    /// The action of one audit row.
    pub enum AuditAction {
        NewEntry = ("new_entry", "登记", "Entered"),
        EditEntry = ("edit_entry", "修改", "Edited"),
        ReviewFiling = ("review_filing", "立案审查", "Filing review"),
        MergedIn = ("merged_in", "并入本件", "Merged in"),
        Withdraw = ("withdraw", "撤回", "Withdrawn"),
        Undo = ("undo", "撤销上一步", "Undone"),
        Assign = ("assign", "交办", "Assigned"),
        EndAssignment = ("end_assignment", "结束交办", "Assignment ended"),
        /// 重新交办: an assignment ended by re-assigning an item under way, with the reason.
        Reassign = ("reassign", "重新交办", "Re-assigned"),
        Receive = ("receive", "签收", "Receipt"),
        RequestReassignment = ("request_reassignment", "申请调整", "Reassignment requested"),
        DecideReassignment = ("decide_reassignment", "调整审定", "Reassignment decided"),
        RecordCoOpinion = ("record_co_opinion", "会办意见", "Co-handling opinion"),
        LogContact = ("log_contact", "沟通", "Contact"),
        LogFaceToFace = ("log_face_to_face", "面复", "Face-to-face reply"),
        RecordReply = ("record_reply", "答复", "Reply"),
        ReviewReply = ("review_reply", "审核", "Review"),
        /// 统一公开: a public reply recorded as published.
        PublishReply = ("publish_reply", "答复公开", "Reply published"),
        RecordFeedback = ("record_feedback", "满意度反馈", "Feedback"),
        CloseEntry = ("close_entry", "销号", "Closed"),
        ReopenEntry = ("reopen_entry", "重新打开", "Reopened"),
        OpenSecondRound = ("open_second_round", "二次办理", "Second round"),
        LogProgress = ("log_progress", "二次办理进展", "Second-round progress"),
        LogReminder = ("log_reminder", "催办", "Reminder"),
        CommitmentDone = ("commitment_done", "承诺事项完成", "Commitment done"),
        CarryCommitment = ("carry_commitment", "承诺事项转入跟踪", "Commitment carried"),
        Archive = ("archive", "归档", "Archived"),
        /// An administrator reversed an archiving, with the reason.
        Unarchive = ("unarchive", "撤销归档", "Archive reversed"),
        NewPerson = ("new_person", "新增提出人", "Person added"),
        AddUser = ("add_user", "新增用户", "User added"),
        RemoveUser = ("remove_user", "删除用户", "User removed"),
        Backup = ("backup", "备份", "Backup"),
        Generate = ("generate", "生成数据", "Data generated"),
        LoadDemo = ("load_demo", "载入演示数据", "Demo data loaded"),
        /// An item written by the importer.
        Import = ("import", "导入", "Imported"),
        /// A meeting, unit or person the importer created for the items it wrote.
        ImportCreate = ("import_create", "导入时新建", "Created by import"),
        /// The office's order of units (`banli unit order`).
        SetUnitOrder = ("set_unit_order", "设定单位顺序", "Unit order set"),
        /// Points added to or taken from a unit's evaluation, with the reason.
        MarkEvaluation = ("mark_evaluation", "考评加减分", "Evaluation points"),
        WithdrawMark = ("withdraw_mark", "撤销加减分", "Evaluation points withdrawn"),
        /// An item or unit put on, or taken off, the commendation list.
        Commend = ("commend", "列入表彰", "Commended"),
        Uncommend = ("uncommend", "撤出表彰", "Commendation removed"),
    }
}

#[cfg(test)]
mod tests {
    use super::AuditAction;

    #[test]
    fn codes_are_unique_and_read_back() {
        let mut seen = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            assert!(seen.insert(a.as_str()), "{} twice", a.as_str());
            assert_eq!(AuditAction::from_code(a.as_str()), Some(*a));
        }
        assert_eq!(AuditAction::from_code("edit"), None);
    }
}
