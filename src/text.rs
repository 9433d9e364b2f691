//! All UI text, in one table: Chinese by default, English with `--lang en`.
//! Add a line to [`texts!`] below; every screen and message takes its words from here.

/// The UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "zh" | "zh-CN" | "cn" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            _ => Err(format!("unknown language '{s}': use zh or en")),
        }
    }
}

macro_rules! texts {
    ($( $name:ident => $zh:literal, $en:literal; )*) => {
        /// A piece of UI text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T { $($name),* }
        impl T {
            /// The text in `lang`.
            pub fn get(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::Zh => match self { $(T::$name => $zh),* },
                    Lang::En => match self { $(T::$name => $en),* },
                }
            }
        }
    };
}

texts! {
    AppName => "办理", "banli";
    // Domain invariants
    RoleNoHandler => "须有一个主办单位,或两个以上分办单位", "An item needs one lead unit, or two or more split units";
    RoleTwoLeads => "主办单位只能有一个", "An item has only one lead unit";
    RoleLeadAndSplit => "主办与分办不能同时存在", "An item cannot have a lead unit and split units together";
    RoleLoneSplit => "分办须有两个以上单位;只有一个单位时请设为主办", "Split handling needs two or more units; make a single unit the lead";
    RoleDuplicateUnit => "同一单位在一件中只能出现一次", "A unit appears only once per item";
    // Store errors
    ErrConflict => "该件已被他人修改,本次未保存。请刷新后重试", "Someone else changed this item; nothing was saved. Reload and try again";
    ErrBusy => "数据库正忙,本次未保存,请稍后重试", "The database is busy; nothing was saved. Try again shortly";
    ErrNotFound => "记录不存在(可能已被他人删除或合并)", "Record not found (it may have been merged by someone else)";
    ErrDatabase => "数据库错误,本次未保存", "Database error; nothing was saved";
    ErrNotSaved => "未作任何修改", "Nothing was changed";
    ErrReadOnly => "只读:当前账号不能修改", "Read-only: this account cannot make changes";
    ErrForbidden => "当前账号的角色不能进行此项操作", "This account's role does not allow this action";
    ErrArchived => "该会议已归档,只读", "This meeting is archived and read-only";
    ErrNewerSchema => "数据库由更新版本的 banli 创建,请升级", "The database was made by a newer banli; please upgrade";
    ErrNotBanli => "该文件不是 banli 数据库", "This file is not a banli database";
    // TUI: actions (status-bar hints and help)
    ActQuit => "退出", "Quit";
    ActHelp => "帮助", "Help";
    ActMoveUp => "上移", "Up";
    ActMoveDown => "下移", "Down";
    ActPageUp => "上一页", "Page up";
    ActPageDown => "下一页", "Page down";
    ActFirst => "到顶", "First";
    ActLast => "到底", "Last";
    ActOpenEntry => "打开", "Open";
    ActBack => "返回", "Back";
    ActNextPane => "切换栏", "Next pane";
    ActPrevPane => "上一栏", "Previous pane";
    ActToggleSelect => "选中", "Mark";
    ActOpenSearch => "搜索", "Search";
    ActShowLedger => "台账", "Ledger";
    ActShowDashboard => "总览", "Dashboard";
    ActShowQueue => "待办", "Work queue";
    ActShowSupervision => "督办", "Supervision";
    ActShowUnits => "承办单位", "Units";
    ActAssignUnits => "交办", "Assign units";
    ActLogContact => "沟通记录", "Log contact";
    ActLogFaceToFace => "面复", "Face-to-face reply";
    ActRecordReply => "登记答复", "Record reply";
    ActReviewReply => "审核答复", "Review reply";
    ActRecordFeedback => "满意度", "Record feedback";
    ActCloseEntry => "销号", "Close entry";
    ActReopenEntry => "重新打开", "Reopen entry";
    ActCycleSort => "排序", "Sort";
    ActFilterKind => "类别", "Kind";
    ActFilterMeeting => "会议", "Meeting";
    ActFilterStatus => "状态", "Status";
    ActFilterUnit => "单位", "Unit";
    ActToggleOverdue => "逾期", "Overdue";
    ActToggleClosed => "已销号", "Closed";
    ActClearFilters => "清除筛选", "Clear filters";
    ActDeleteChar => "删除一字", "Delete character";
    ActNoOp => "无操作", "Nothing";
    // TUI: keymap modes and problems
    ModeGlobal => "全局", "Everywhere";
    ModeLedger => "台账", "Ledger";
    ModeDetail => "详情", "Detail";
    ModeHelp => "帮助", "Help";
    ModePicker => "选择列表", "Picker";
    ModeForm => "表单", "Form";
    KeymapUnreadable => "无法读取键位文件", "cannot read the keymap file";
    KeymapSyntax => "键位文件格式错误,未采用该文件", "the keymap file is not valid; none of it was used";
    KeymapUnknownMode => "未知的界面表 [{x}],已忽略", "unknown table [{x}], ignored";
    KeymapUnknownAction => "未知的动作 '{x}'", "unknown action '{x}'";
    KeymapBadKey => "无法识别的按键 '{x}'", "unknown key '{x}'";
    KeymapMissing => "缺少或写错了 {x}", "missing or malformed '{x}'";
    KeymapProblems => "键位文件有问题(出错的条目未采用,默认键位保留):", "Problems in the keymap file (the entries were skipped; the defaults stay):";
    KeymapFrom => "键位来自: ", "Keys from: ";
    MoreProblems => "(另有 {n} 处问题,按 ? 查看)", "(and {n} more; press ? to see them)";
    HelpTitle => "帮助 · 按键", "Help · keys";
    // TUI: ledger
    LedgerTitle => "台账", "Ledger";
    CountItems => "共 {n} 件", "{n} items";
    Filters => "筛选: ", "Filter: ";
    NoFilter => "无(不含已销号)", "none (closed entries hidden)";
    FilterOverdue => "逾期", "overdue";
    FilterWithClosed => "含已销号", "with closed";
    SortBy => "排序: ", "Sort: ";
    SortNumber => "编号", "number";
    SortDeadline => "期限", "deadline";
    SortStatus => "状态", "status";
    Marked => "已选 {n} 件", "{n} marked";
    NoItems => "没有符合条件的件", "No items match";
    ColNumber => "编号", "No.";
    ColKind => "类", "Kind";
    ColTitle => "标题", "Title";
    ColLead => "领衔", "Proposer";
    ColUnits => "主办", "Handled by";
    ColDue => "期限", "Due";
    ColStatus => "状态", "Status";
    ColMeeting => "届次", "Meeting";
    ColCoUnits => "会办", "Co-handling";
    ColKey => "重点", "Key";
    ColDoc => "答复文号", "Reply no.";
    ColResult => "办理结果", "Result";
    ColFeedback => "满意度", "Feedback";
    DaysLeft => "剩{n}天", "{n}d left";
    DaysOver => "超{n}天", "{n}d over";
    DueToday => "今天到期", "due today";
    // TUI: pickers
    PickMeeting => "筛选会议", "Filter by meeting";
    PickStatus => "筛选状态", "Filter by status";
    PickUnit => "筛选承办单位", "Filter by unit";
    PickerPrompt => "输入筛选: ", "Type to narrow: ";
    NoMatch => "没有匹配项", "No match";
    Choose => "选定", "Choose";
    Cancel => "取消", "Cancel";
    CloseHelp => "关闭帮助", "Close help";
    // TUI: the quick-search overlay
    ModeSearch => "搜索", "Search";
    SearchTitle => "搜索 建议·提案·代表委员·单位", "Search items, deputies, members, units";
    SearchPrompt => "搜索: ", "Search: ";
    SearchEmpty => "输入编号、标题、姓名、单位或拼音(如 25、马均、ljxq、住建 老旧)", "Type a number, title words, a name, a unit or pinyin (25, 马均, ljxq, 住建 老旧)";
    SearchFound => "{n} 项", "{n} found";
    SearchIndexing => "索引中… {p}%", "indexing… {p}%";
    SearchFoundMore => "{n} 项,显示前 {shown} 项", "{n} found, first {shown} shown";
    SearchOpen => "打开", "Open";
    SearchClose => "关闭", "Close";
    SearchNext => "下一项", "Next result";
    SearchDeputy => "代表", "Deputy";
    SearchMember => "委员", "Member";
    SearchUnit => "单位", "Unit";
    SearchPersonItems => "{name} 的件", "{name}'s items";
    SearchIndexFailed => "搜索索引未能建立:", "The search index could not be built: ";
    AllMeetings => "全部会议", "All meetings";
    AllStatuses => "全部状态", "All statuses";
    AllUnits => "全部单位", "All units";
    // TUI: detail
    DetailTitle => "详情", "Detail";
    Position => "第 {i}/{n} 件", "item {i} of {n}";
    NumberLabel => "第{n}号", "No. {n}";
    KeyItem => "重点", "key item";
    ReturnedWithReply => "已随答复退回", "returned with its reply";
    MergedIntoItem => "已并入 {n}", "Merged into {n}";
    MergedFromItems => "并入: {n}", "Merged in: {n}";
    NotFiledGround => "不予立案: {g}", "Not filed: {g}";
    OpinionToUnit => "转为意见: {u}", "Opinion letter to {u}";
    FieldStatus => "状态", "Status";
    FieldDue => "期限", "Due";
    FieldLead => "领衔", "Lead proposer";
    FieldLeader => "分管领导", "Leader in charge";
    FieldTopic => "分类", "Topic";
    FieldFiled => "提出", "Filed";
    PaneText => "正文", "Text";
    PaneRecords => "办理记录", "Records";
    None => "无", "none";
    SecProposers => "提出人", "Proposers";
    SecAssignments => "交办", "Assignments";
    SecCoOpinions => "会办意见", "Co-handling opinions";
    SecContacts => "沟通", "Contacts";
    SecFaceToFace => "面复", "Face-to-face replies";
    SecReplies => "答复与审核", "Replies and reviews";
    SecFeedback => "满意度", "Feedback";
    SecSecondRounds => "二次办理", "Second rounds";
    SecCommitments => "承诺事项", "Commitments";
    SecClosure => "销号", "Closure";
    SecReminders => "催办", "Reminders";
    SecOffice => "办公室期限", "Office deadlines";
    DoneLate => "已于 {d} 办理,超过期限", "done on {d}, after the deadline";
    SecHistory => "历史", "History";
    SecRequests => "申请调整", "Reassignment requests";
    Requested => "申请", "asked";
    Approved => "同意调整", "approved";
    Refused => "不予调整", "refused";
    Waiting => "待决定", "waiting";
    FieldNumber => "编号", "number";
    FieldTitle => "标题", "title";
    FieldBody => "正文", "text";
    FieldFiledOn => "提出日期", "filed on";
    FieldTiming => "提出时间", "timing";
    FieldKey => "重点件", "key item";
    FieldProposers => "提出人", "proposers";
    LeadProposer => "领衔", "lead";
    Collective => "集体", "collective";
    Assigned => "交办", "assigned";
    Deadline => "期限", "due";
    Received => "签收", "received";
    NotReceived => "未签收", "not received";
    Ended => "结束", "ended";
    OpinionMissing => "会办意见未到", "opinion not in";
    Round => "第{n}轮", "round {n}";
    Signer => "签发", "signed by";
    ReviewWord => "审核", "review";
    ThreeWay => "三方面复", "with the congress office";
    Present => "在场", "present";
    CaseLeader => "包案领导", "leader";
    Finished => "办结", "finished";
    Done => "已完成", "done";
    Carried => "转入回头看", "carried to follow-up";
    NotDone => "未完成", "open";
    Forced => "强制销号", "forced";
    Reopened => "重新打开", "reopened";
    ActImportFile => "导入", "Import";
    ActExportFile => "导出", "Export";
    ActWriteReport => "生成报告", "Write the report";
    ActNextField => "下一项", "Next field";
    ActPrevField => "上一项", "Previous field";
    ActSubmit => "保存", "Save";
    ActCursorLeft => "左移/改选", "Left / change choice";
    ActCursorRight => "右移/改选", "Right / change choice";
    ActDeleteForward => "删除", "Delete";
    ActNewLine => "换行", "New line";
    ActReloadItem => "重新读取", "Reload";
    ActRecordReceipt => "签收", "Record receipt";
    ActRequestReassignment => "申请调整", "Request reassignment";
    ActDecideReassignment => "调整审批", "Decide reassignment";
    ActRecordCoOpinion => "会办意见", "Record co-handling opinion";
    ActCommitmentDone => "承诺事项", "Commitment done/carried";
    ActOpenSecondRound => "列入二次办理", "Open a second round";
    ActLogProgress => "二次办理进展", "Log second-round progress";
    ActLogReminder => "催办/约谈", "Log a reminder";
    ActReassignItem => "重新交办", "Re-assign";
    ActWithdraw => "撤回", "Withdraw";
    ActNewEntry => "登记新件", "New item";
    ActEditEntry => "修改", "Edit item";
    ActReviewFiling => "立案审查", "Filing review";
    ActShowFiling => "待立案", "Filing queue";
    ActCloseShown => "批量销号(当前列表)", "Close all shown";
    ActUndo => "撤销", "Undo";
    ActSelectLeft => "向左选择", "Select left";
    ActSelectRight => "向右选择", "Select right";
    ActSelectUp => "向上选择", "Select up";
    ActSelectDown => "向下选择", "Select down";
    ActSelectAll => "全选", "Select all";
    ActCutText => "剪切", "Cut";
    ActCopyText => "复制", "Copy";
    ActPasteText => "粘贴", "Paste";
    ActNextEntry => "下一件", "Next item";
    ActPrevEntry => "上一件", "Previous item";
    ActOpenPalette => "命令面板", "Command palette";
    ActCopyItem => "复制编号和标题", "Copy number and title";
    ActFilterKeyItem => "只看重点", "Key items only";
    ActFilterLeader => "只看领导包案", "Leader cases only";
    FilterKeyItems => "重点", "key items";
    FilterLeaderCases => "领导包案", "leader cases";
    // TUI: status bar and terminal
    Operator => "操作人", "Operator";
    LocaleNotUtf8 => "终端字符集不是 UTF-8({x}),中文可能显示为乱码;请把终端设为 UTF-8", "The terminal's locale is not UTF-8 ({x}); Chinese may show as garbage. Set the terminal to UTF-8";
    Database => "数据库", "Database";
    TooSmall => "窗口太小", "Window too small";
    TooSmallNeed => "(需要 {need},当前 {have};放大窗口后继续,其间按键不起作用)", "(need {need}, have {have}; keys wait until it is larger)";
    // TUI: the list screens (dashboard, queue, supervision, units)
    ModeDashboard => "总览", "Dashboard";
    ModeQueue => "二次办理", "Second-round queue";
    ModeSupervision => "督办", "Supervision";
    ModeUnits => "承办单位", "Units";
    ActFilterReason => "原因", "Reason";
    ActExportRanking => "导出排名通报", "Export ranking notice";
    ActRecordPublished => "记录答复已公开", "Record the reply as published";
    ActShowEvaluation => "考评", "Evaluation";
    ActToggleCommend => "列入/撤出表彰", "Commend / take off the list";
    ActWriteReplyDraft => "生成答复函", "Write the reply letter";
    ActWriteProposerSheets => "生成告知单", "Write the proposer sheets";
    ActWriteAssignmentLetters => "生成交办函", "Write the assignment letters";
    ActWriteReminders => "生成催办通知", "Write the reminder notices";
    ModeEvaluation => "考评", "Evaluation";
    EvalTitle => "办理工作考评", "Handling evaluation";
    EvalFull => "满分{n}", "out of {n}";
    EvalPaneUnits => "单位得分", "Units";
    EvalPaneCandidates => "优秀候选", "Candidates";
    EvalPaneList => "表彰名单", "Commended";
    EvalDeducted => "扣分", "Off";
    EvalMarks => "加减分", "Marks";
    EvalTotal => "总分", "Total";
    EvalGrade => "等次", "Grade";
    EvalBecause => "依据", "Because";
    EvalCommended => "已列入", "Listed";
    EvalHonour => "荣誉", "Honour";
    EvalName => "名称", "Name";
    EvalNote => "备注", "Note";
    EvalOrder => "单位顺序", "office order";
    PublishOnlyHere => "请在“办公室待办”中选中一条“答复公开”再记录", "select a 答复公开 row of the office work pane first";
    PublishedReplies => "已记录公开:答复 {n} 份(今天)", "recorded as published today: {n} replies";
    NoRows => "没有记录", "Nothing to show";
    EnterUnitLedger => "Enter 查看该单位的件", "Enter: the unit's items";
    ColUnit => "单位", "Unit";
    ColLeadN => "主办", "Lead";
    ColSplitN => "分办", "Split";
    ColCoN => "会办", "Co";
    ColFaceToFace => "面复", "F2F";
    ColHeadReplies => "负责人面复", "Head F2F";
    ColComplies => "达标", "Rule";
    ColFaceToFaceRate => "面复率", "F2F rate";
    ColHead => "主要负责人", "Head";
    ColCoUnit => "会办单位", "Co-handler";
    ColDeadline => "截止日", "Deadline";
    ColOpinion => "会办意见", "Opinion";
    ReceivedOn => "已收到 {d}", "in {d}";
    UnitsTitle => "承办单位", "Handling units";
    CountUnits => "共 {n} 个", "{n} units";
    NotComplying => "面复未达标 {n} 个", "{n} failing the head rule";
    HeadRuleText => "面复规则: 承办{n}件及以下的主要负责人全部面复, 超过{n}件的至少面复{n}件", "Head rule: with {n} items or fewer the head replies to all face to face; with more, to at least {n}";
    PaneUnits => "承办单位", "Units";
    PaneCoHandling => "会办意见", "Co-handling opinions";
    CoAll => "全部", "all";
    CoOverdue => "逾期未到", "overdue";
    CoDue => "未到期", "due";
    CoReceived => "已收到", "received";
    QueueTitle => "二次办理", "Second-round queue";
    TurnedOf => "转为满意 {n}/{m}", "turned satisfied {n} of {m}";
    FollowUpOverdue => "回头看逾期 {n} 项", "{n} commitments overdue";
    PaneQueue => "二次办理", "Queue";
    PaneFollowUp => "回头看", "Follow-up";
    FollowUpWindow => "未完成的承诺事项: 逾期及{n}日内到期", "Commitments not done: overdue and due within {n} days";
    AllReasons => "全部原因", "all reasons";
    OpenOnly => "未办结", "open";
    WithFinished => "含已办结", "with finished";
    ColReason => "原因", "Reason";
    ColProgress => "进展", "Notes";
    ColState => "状态", "State";
    ColCommitment => "承诺事项", "Commitment";
    ColDueOn => "承诺日期", "Due on";
    ColCarried => "回头看", "Carried";
    EntryOpen => "办理中", "open";
    EntryTurned => "已转满意", "turned";
    EntryEscalated => "升级:", "escalated: ";
    EntryFinished => "已办结", "finished";
    SupervisionTitle => "督办", "Supervision";
    OverdueWork => "逾期 {n} 项", "{n} overdue";
    DueWithin => "{d}日内到期 {n} 项", "{n} due within {d} days";
    PaneOverdue => "逾期", "Overdue";
    PaneDueSoon => "{d}日内到期", "Due in {d} days";
    PaneRanking => "单位排名", "Ranking";
    PaneOffice => "办公室待办", "Office work";
    ErrCancelled => "已取消,未写入任何内容", "Cancelled; nothing was written";
    JobImporting => "导入中", "Importing";
    JobExporting => "导出中", "Exporting";
    JobCancelling => "正在取消…", "cancelling…";
    JobChecking => "检查", "checking";
    JobWriting => "写入", "writing";
    JobImported => "已导入:新增 {items} 件,跳过相同 {same} 件,新建会议 {meetings} 个、单位 {units} 个、提出人 {people} 人", "Imported: {items} new items, {same} identical skipped; {meetings} meetings, {units} units, {people} proposers created";
    JobExported => "已导出:", "Exported: ";
    ColOfficeWork => "事项", "Work";
    ColWhom => "对象", "Whom";
    ColFrom => "起算日", "From";
    Unconfirmed => "*", "*";
    OfficeOverdue => "办公室逾期", "Office overdue";
    LateAssigned => "迟交办 {n}", "assigned late {n}";
    ColRole => "角色", "Role";
    ColReminders => "催办", "Chased";
    ColKeyLeader => "重点/领导", "Key/leader";
    ColRank => "名次", "Rank";
    ColItems => "件数", "Items";
    ColReplied => "已答复", "Replied";
    ColOnTimeRate => "按时率", "On time";
    ColOverdue => "逾期", "Overdue";
    ColSatisfaction => "满意率", "Satisf.";
    ColSecondRounds => "二次办理", "2nd rd";
    ExportedTo => "排名通报已导出: {path}", "Ranking notice written: {path}";
    ExportFailed => "排名通报未能写入 {path}", "Could not write the ranking notice to {path}";
    DashboardTitle => "总览", "Dashboard";
    AsOf => "截至 {d}", "as of {d}";
    DashItems => "已立案", "Filed";
    DashStatus => "登记件状态", "All by state";
    DashReplies => "答复", "Replies";
    DashReplied => "已答复", "replied";
    DashOnTime => "按时答复", "on time";
    DashOverdue => "逾期未答复", "overdue";
    DashQuality => "面复与满意", "Quality";
    DashFaceToFaceRate => "面复率", "face-to-face rate";
    DashSatisfaction => "满意率", "satisfaction";
    DashFirstSatisfaction => "初次满意率", "first-round satisfaction";
    DashSecondRound => "二次办理", "Second rounds";
    DashQueueOpen => "未办结 {n}(逾期 {o})", "{n} open ({o} past deadline)";
    DashWatch => "督办", "Watch";
    CoOverdueLabel => "会办意见逾期", "co-handling opinions overdue";
    DashFollowUp => "回头看 到期 {n} / 逾期 {o}", "follow-up {n} due / {o} overdue";
    DashNotComplying => "面复未达标", "Head rule failed";
    DashByMeeting => "分会议", "By meeting";
    DashDuringBetween => "会期/闭会", "during/between";
    DashUnits => "涉及单位", "units involved";
    DashRoles => "主办/分办/会办", "lead/split/co";
    DashUnclassed => "未答复(无类别)", "no class yet";
    DashSecondTurned => "二次办理/转满意", "2nd rounds/turned";
    DashQueueSize => "待二次办理", "queue";
    DashClosed => "已销号", "closed";
    DashHeadFaceToFace => "负责人面复", "by the head";
    DashReminders => "催办 {n} 次 · 约谈 {m} 次", "{n} reminders · {m} interviews";
    DashRemindersRow => "催办/约谈(次)", "reminders/interviews";
    DashFocus => "重点与包案", "Key and leader";
    DashKeyItems => "重点 {n} 件:已答复 {r},满意 {s}/{f}", "key items {n}: {r} replied, {s} of {f} satisfied";
    DashLeaderCases => "领导包案 {n} 件:已答复 {r},满意 {s}/{f}", "leader cases {n}: {r} replied, {s} of {f} satisfied";
    DashKeyRow => "重点 件/复/满意", "key items/replied/sat.";
    DashLeaderRow => "包案 件/复/满意", "leader cases/replied/sat.";
    DueWithinItems => "{d}日内到期 {n} 件", "{n} items due within {d} days";
    OverdueItems => "有逾期事项 {n} 件", "{n} items with work overdue";
    DashMoreMeetings => "显示第 {a}-{b} 个会议(共 {n} 个),Tab 看其余", "meetings {a}-{b} of {n}; Tab shows the others";
}

/// Says "nothing was changed" after a message, in the UI language.
pub fn with_nothing_changed(lang: Lang, msg: &str) -> String {
    match lang {
        Lang::Zh => format!("{msg}(未作任何修改)"),
        Lang::En => format!("{msg} (nothing was changed)"),
    }
}
