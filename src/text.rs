//! All UI text, in one catalogue: Chinese by default, English with `--lang en`. A fixed
//! text is a line of `texts!` (an enum [`T`]: `T::ReplyUnit.get(lang)`, or [`tr`] for an
//! owned string); a text with values in it is a line of `formats!` (a function of [`say`]
//! whose values are named in both languages). A misspelt name does not compile; every
//! screen, form and message takes its words from here.

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

/// Texts with values in them, one function each in [`say`]: the values are named in both
/// languages' formats, so a value a text does not use, or a name it uses and is not given,
/// does not compile.
macro_rules! formats {
    ($( $(#[$doc:meta])* $name:ident($($arg:ident),*) => $zh:literal, $en:literal; )*) => {
        /// Texts with values in them (see `formats!`).
        pub mod say {
            use super::Lang;
            $(
                $(#[$doc])*
                pub fn $name(lang: Lang, $($arg: impl std::fmt::Display),*) -> String {
                    match lang {
                        Lang::Zh => format!($zh, $($arg = $arg),*),
                        Lang::En => format!($en, $($arg = $arg),*),
                    }
                }
            )*
        }
    };
}

/// A text of [`T`] in `lang`, as an owned string (a label, a message).
pub fn tr(lang: Lang, t: T) -> String {
    t.get(lang).to_string()
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
    ModeList => "列表与翻页(各列表界面)", "Lists and pages (every list screen)";
    ModeItem => "对件的操作(台账、详情与各列表)", "On an item (ledger, detail and the lists)";
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
    SearchAfterIndex => "索引建好后即显示结果", "Results as soon as the index is in";
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
    // tui/batch.rs
    BatchEtc => "等", " …";
    BatchNoOpenEntryIn => "列表中没有在办的件", "no open entry in the list";
    // tui/dialogs/assign.rs
    AssignFiledBetweenSessionsThe => "闭会期间提出:按闭会期间的办理期限", "Filed between sessions: the between-session deadlines apply";
    AssignChangedTo => "改为", "changed to";
    AssignHolidaysNotYetPublished => "(节假日安排未公布,待确认)", " (holidays not yet published)";
    AssignReAssignUnitsKept => "重新交办:方案中不变的单位照旧,其答复保留;移出方案的单位交办结束,记录和答复仍在本件", "Re-assign: units kept in the plan keep their work and replies; units left out are ended, their records stay";
    AssignTypeANameOr => "输入单位名、简称或拼音,{key:submit} 添加;{key:cursor_left}/{key:cursor_right} 改角色,{key:delete_char} 删除", "type a name or pinyin, {key:submit} adds; {key:cursor_left}/{key:cursor_right} role, {key:delete_char} removes";
    AssignAssignedOn => "交办日期", "Assigned on";
    AssignNewDeadline => "期限改为", "New deadline";
    AssignEmptyByTheRules => "留空按规则计算;只改主办/分办", "empty: by the rules; lead/split only";
    AssignReasonForIt => "改期理由", "Reason for it";
    AssignWhyReAssign => "重新交办理由", "Why re-assign";
    AssignRequiredKeptInThe => "必填,记入办理记录", "required; kept in the history";
    AssignAssign => "交办", "Assign";
    AssignReAssignedTheEarlier => "已重新交办;原交办和答复记录保留", "Re-assigned; the earlier assignment and replies are kept";
    // tui/dialogs/close_entry.rs
    CloseEntryClosedOn => "销号日期", "Closed on";
    CloseEntryReason => "强制销号理由", "Reason";
    CloseEntryTheOfficeStatesWhy => "未满足的条件须由办公室说明", "the office states why";
    CloseEntryCloseTheEntry => "销号", "Close the entry";
    CloseEntryEntryClosedUndoTakes => "已销号(可按撤销键撤销)", "Entry closed (undo takes it back)";
    // tui/dialogs/close_many.rs
    CloseManyChangedBySomeoneElse => "已被他人修改,或不是在办件", "changed by someone else, or not an open entry";
    CloseManyBatchClosure => "批量销号结果", "Batch closure";
    // tui/dialogs/co_opinion.rs
    CoOpinionUnit => "会办单位", "Unit";
    CoOpinionDocumentNo => "文号", "Document no.";
    CoOpinionTextOrFilePath => "内容或文件", "Text or file path";
    CoOpinionCoHandlingOpinion => "会办意见", "Co-handling opinion";
    CoOpinionOpinionRecorded => "已登记会办意见", "Opinion recorded";
    // tui/dialogs/commitment.rs
    CommitmentDone => "已完成", "Done";
    CommitmentCarryToFollowUp => "转入回头看", "Carry to follow-up";
    CommitmentCommitment => "承诺", "Commitment";
    CommitmentMarkAs => "处理", "Mark as";
    CommitmentCommitmentCarriedIntoFollow => "承诺事项已转入回头看", "Commitment carried into follow-up";
    CommitmentCommitmentDone => "承诺事项已完成", "Commitment done";
    // tui/dialogs/contact.rs
    ContactTheOffice => "办公室", "The office";
    ContactStage => "阶段", "Stage";
    ContactMethod => "方式", "Method";
    ContactWhoTookPart => "参加人员", "Who took part";
    ContactNotes => "情况", "Notes";
    ContactContact => "沟通记录", "Contact";
    ContactContactLogged => "已登记沟通", "Contact logged";
    // tui/dialogs/decide_reassignment.rs
    DecideReassignmentApprove => "同意调整", "Approve";
    DecideReassignmentRefuse => "不予调整", "Refuse";
    DecideReassignmentRequest => "申请", "Request";
    DecideReassignmentDecision => "决定", "Decision";
    DecideReassignmentNote => "说明", "Note";
    DecideReassignmentRequiredWhenRefusing => "不予调整时必填", "required when refusing";
    DecideReassignmentDecideReassignment => "调整申请审批", "Decide reassignment";
    DecideReassignmentApprovedTheItemGoes => "已同意调整,该件回到交办", "Approved: the item goes back to assignment";
    DecideReassignmentRefused => "已不予调整", "Refused";
    // tui/dialogs/entry.rs
    EntryChooseAMeeting => "请选择会议", "choose a meeting";
    EntryEdit => "修改", "Edit";
    EntryChangesSaved => "已保存修改", "Changes saved";
    EntryNone => "(未分类)", "(none)";
    EntryFromTheDate => "按日期判断", "from the date";
    EntryTopic => "类别", "Topic";
    EntryTiming => "提出时间", "Timing";
    EntryNumber => "编号", "Number";
    EntryProposers => "领衔人及附议人", "Proposers";
    EntryTypeANameOr => "输入姓名或拼音,{key:submit} 添加;第一位为领衔人", "type a name or pinyin, {key:submit} adds; the first is the lead";
    EntryDelegation => "新人员界别", "Delegation";
    EntryANewPersonS => "新建人员的代表团或界别", "a new person's delegation or sector";
    EntryPhone => "新人员电话", "Phone";
    EntryCollective => "新人员为集体", "Collective";
    EntryAPartySectorOr => "党派、界别或专委会", "a party, sector or committee";
    EntryFiledOn => "提出日期", "Filed on";
    EntryKeyItem => "重点件", "Key item";
    EntryLeaderInCharge => "领办领导", "Leader in charge";
    EntryPasteFromWordFor => "可从 Word 粘贴;{key:new_line} 换行", "paste from Word; {key:new_line} for a new line";
    EntrySavedNoteTheTitle => "已保存;注意:标题不是“关于……的建议/提案”的格式", "Saved; note: the title does not have the shape 关于……的建议/提案";
    // tui/dialogs/export.rs
    ExportSaveAs => "保存为", "Save as";
    ExportEmptyANameIs => "留空自动命名", "empty: a name is made";
    ExportStatistics => "统计表", "Statistics";
    ExportPublicReplies => "统一公开", "Public replies";
    ExportUTF8WithBOM => "UTF-8(带 BOM)", "UTF-8 (with BOM)";
    ExportGBKOlderSystems => "GBK(旧系统)", "GBK (older systems)";
    ExportWhat => "内容", "What";
    ExportFormat => "格式", "Format";
    ExportCSVEncoding => "CSV 编码", "CSV encoding";
    ExportCSVOnly => "仅用于 CSV", "CSV only";
    ExportWorkReportFigures => "办理情况报告(数字部分)", "Work report (figures)";
    ExportReportWritten => "已生成报告:", "Report written: ";
    // tui/dialogs/face_to_face.rs
    FaceToFacePlace => "地点", "Place";
    FaceToFaceEGALiaison => "如 代表联络站", "e.g. a liaison station";
    FaceToFaceRepliedBy => "答复人", "Replied by";
    FaceToFaceName => "答复人姓名", "Name";
    FaceToFaceThreeWay => "三方面复", "Three-way";
    FaceToFaceTheCongressOfficeTook => "人大/政协机关参加", "the congress office took part";
    FaceToFacePresent => "在场代表委员", "Present";
    FaceToFaceTheirReaction => "代表委员意见", "Their reaction";
    FaceToFaceFaceToFaceReply => "已登记面复", "Face-to-face reply logged";
    // tui/dialogs/feedback.rs
    FeedbackTheseLevelsGoTo => "以下满意度进入二次办理:", "These levels go to a second round: ";
    FeedbackProposer => "代表委员", "Proposer";
    FeedbackLevel => "满意度", "Level";
    FeedbackComments => "意见", "Comments";
    FeedbackSecondRound => "(二次办理待反馈)", " (second round)";
    FeedbackLeadProposer => "(领衔人)", "(lead proposer)";
    // tui/dialogs/filing.rs
    FilingTheFilingOfThis => "该件已作出立案决定", "the filing of this item has been decided";
    FilingChoose => "(请选择)", "(choose)";
    FilingGround => "不予立案依据", "Ground";
    FilingWhenNotFiled => "不予立案时", "when not filed";
    FilingOpinionUnit => "转交单位", "Opinion unit";
    FilingWhenTurnedIntoAn => "转为意见时", "when turned into an opinion";
    FilingMergeIntoNo => "并入件号", "Merge into no.";
    FilingWhenMergedANumber => "并案时:同一会议的编号", "when merged: a number of the same meeting";
    FilingDate => "日期", "Date";
    FilingFiling => "立案审查", "Filing";
    FilingGiveTheNumberOf => "并案须填写并入件的编号", "give the number of the item to merge into";
    // tui/dialogs/import.rs
    ImportGiveTheFileS => "请填写文件路径", "give the file's path";
    ImportFile => "文件", "File";
    ImportMeeting => "会议名称", "Meeting";
    ImportEmptyTheFileS => "留空:按文件中的届次列", "empty: the file's 届次 column";
    ImportCreateUnits => "新建未知单位", "Create units";
    ImportUnitsTheLedgerLacks => "文件中找不到的单位按原名新建", "units the ledger lacks are created";
    ImportUnitNames => "单位对应", "Unit names";
    ImportWRITTENUNITSeparatedBy => "写法=单位;多个用;分隔", "WRITTEN=UNIT; separated by ;";
    ImportImportExcelCSVChecked => "导入 Excel / CSV(先预检,不写入)", "Import Excel / CSV (checked first, nothing written)";
    ImportCheckPassedImportsCancels => "预检通过:{key:submit} 导入,{key:back} 取消", "Check passed: {key:submit} imports, {key:back} cancels";
    ImportTheCheckFoundErrors => "预检有错误,未导入;请修改文件后重试", "The check found errors; nothing imported. Fix the file and try again";
    // tui/dialogs/progress.rs
    ProgressSecondRound => "二次办理", "Second round";
    ProgressProgress => "进展", "Progress";
    ProgressSecondRoundProgress => "二次办理进展", "Second-round progress";
    ProgressProgressLogged => "已登记进展", "Progress logged";
    // tui/dialogs/receipt.rs
    ReceiptReceipt => "签收", "Receipt";
    ReceiptReceiptRecorded => "已签收", "Receipt recorded";
    // tui/dialogs/reminder.rs
    ReminderKind => "类型", "Kind";
    ReminderPhone => "电话", "phone";
    ReminderToWhom => "对象", "To whom";
    ReminderNote => "内容", "Note";
    ReminderReminderInterview => "催办/约谈", "Reminder / interview";
    ReminderLogged => "已登记", "Logged";
    // tui/dialogs/reopen_entry.rs
    ReopenEntryReason => "理由", "Reason";
    ReopenEntryReopen => "重新打开", "Reopen";
    ReopenEntryEntryReopened => "已重新打开", "Entry reopened";
    // tui/dialogs/reply.rs
    ReplyOpinionIn => "会办意见已到", "opinion in";
    ReplyOnePerLineDate => "每行一项:日期 内容(如 2027-06-30 完成道路改造);{key:new_line} 换行", "one per line: date text (2027-06-30 finish the road); {key:new_line} for a new line";
    ReplyUnit => "答复单位", "Unit";
    ReplyDocumentNo => "答复文号", "Document no.";
    ReplySignedBy => "签发人", "Signed by";
    ReplyResultClass => "办理结果", "Result class";
    ReplyDisclosure => "公开属性", "Disclosure";
    ReplyPublicationOK => "同意公开", "Publication OK";
    ReplyTheProposerAgreesTo => "代表委员同意公开答复", "the proposer agrees to publication";
    ReplyReplyText => "答复内容", "Reply text";
    ReplyOverride => "会办未到特批", "Override";
    ReplyOfficeReasonWhenOpinions => "会办意见未到齐时,办公室说明理由", "office reason when opinions are missing";
    ReplyRecordAReply => "登记答复", "Record a reply";
    ReplyReplyRecordedWaitingFor => "已登记答复,待审核", "Reply recorded, waiting for review";
    // tui/dialogs/request_reassignment.rs
    RequestReassignmentPassedARequestAfter => "(已过:逾期未提出退办申请的,不作调整)", "(passed: a request after the window is not accepted)";
    RequestReassignmentMayAskUntil => "申请调整期限至", "may ask until";
    RequestReassignmentOverride => "逾期特批理由", "Override";
    RequestReassignmentOfficeOnlyAfterThe => "窗口已过时由办公室填写", "office only, after the window";
    RequestReassignmentRequestRecorded => "已登记调整申请", "Request recorded";
    // tui/dialogs/review.rs
    ReviewApprove => "通过", "Approve";
    ReviewReturn => "退回重办", "Return";
    ReviewReply => "答复", "Reply";
    ReviewDecision => "审核", "Decision";
    ReviewReason => "退回理由", "Reason";
    ReviewRequiredToReturn => "退回时必填", "required to return";
    ReviewReviewAReply => "审核答复", "Review a reply";
    ReviewReplyApproved => "答复审核通过", "Reply approved";
    ReviewReplyReturnedWithA => "答复已退回重办,已给出新期限", "Reply returned with a new deadline";
    // tui/dialogs/second_round.rs
    SecondRoundTheLeadUnit => "(原承办单位)", "(the lead unit)";
    SecondRoundLeader => "包案领导", "Leader";
    SecondRoundUnit => "责任单位", "Unit";
    SecondRoundSecondRoundOpened => "已列入二次办理", "Second round opened";
    // tui/dialogs/undo.rs
    UndoUndoesItLeavesIt => "{key:submit} 撤销,{key:back} 取消", "{key:submit} undoes it, {key:back} leaves it";
    UndoUndo => "撤销上一步", "Undo";
    // tui/dialogs/withdraw.rs
    WithdrawReason => "撤回理由", "Reason";
    WithdrawFromTheWrittenRequest => "依代表委员书面申请", "from the written request";
    WithdrawWithdrawal => "撤回", "Withdrawal";
    WithdrawWithdrawnTheItemStays => "已撤回;该件仍在台账和报表中", "Withdrawn; the item stays in the ledger and reports";
    // tui/form_session.rs
    FormSessionNoMeetingIsOpen => "没有未归档的会议,不能登记新件", "no meeting is open for new items";
    FormSessionRegisteredWaitingForThe => "已登记,待立案审查", "Registered; waiting for the filing review";
    FormSessionNothingToUndoOnly => "没有可撤销的上一步(只能撤销本次最后一步的修改、立案审查、撤回、交办或销号)", "Nothing to undo (only your last edit, filing decision, withdrawal, assignment or closure)";
    FormSessionFilingQueueCounts => "待立案 · 各决定件数:", "Filing queue · counts: ";
    // tui/forms/draw.rs
    DrawNewMark => "(新建)", " (new)";
    DrawNewPrefix => "新建:", "new: ";
    DrawSomeoneElseChangedThis => "该件已被他人修改,你的填写尚未保存。", "Someone else changed this item; what you typed is not saved yet.";
    DrawTheirChanges => "他人的修改:", "Their changes:";
    DrawNoRecord => "  (无记录)", "  (no record)";
    DrawYours => "你的填写:", "Yours:";
    DrawSavesYoursOnTop => "{key:submit} 在他人版本上保存你的填写 · {key:reload_item} 重新读取(放弃填写) · {key:back} 取消", "{key:submit} saves yours on top of theirs · {key:reload_item} reloads (drops yours) · {key:back} cancels";
    // tui/update.rs
    UpdateThisItemIsNot => "该件不在当前台账列表中,没有上一件/下一件", "This item is not in the ledger's list: no next or previous";
    // tui/dialogs/co_opinion.rs
    CoOpinionTheItemHasNo => "该件没有会办单位", "the item has no co-handling unit";
    CoOpinionReceivedOn => "收到日期", "Received on";
    // tui/dialogs/commitment.rs
    CommitmentNoOpenCommitment => "没有未完成的承诺事项", "no open commitment";
    CommitmentDoneOn => "完成日期", "Done on";
    // tui/dialogs/decide_reassignment.rs
    DecideReassignmentNoReassignmentRequestIs => "没有待决定的调整申请", "no reassignment request is waiting";
    DecideReassignmentDecidedOn => "决定日期", "Decided on";
    // tui/dialogs/face_to_face.rs
    FaceToFaceTheItemHasNo => "该件尚未交办", "the item has no lead or split unit";
    FaceToFaceDate => "面复日期", "Date";
    // tui/dialogs/feedback.rs
    FeedbackReceivedOn => "反馈日期", "Received on";
    // tui/dialogs/progress.rs
    ProgressNoOpenSecondRound => "该件没有进行中的二次办理", "no open second round on this item";
    // tui/dialogs/receipt.rs
    ReceiptNoUnitIsWaiting => "没有待签收的承办单位", "no unit is waiting to sign for this item";
    ReceiptReceivedOn => "签收日期", "Received on";
    // tui/dialogs/reminder.rs
    ReminderTheItemHasNo => "该件尚未交办", "the item has no assignment";
    // tui/dialogs/reply.rs
    ReplyRepliedOn => "答复日期", "Replied on";
    // tui/dialogs/request_reassignment.rs
    RequestReassignmentRequestedOn => "申请日期", "Requested on";
    // tui/dialogs/review.rs
    ReviewNoReplyIsWaiting => "没有待审核的答复", "no reply is waiting for review";
    ReviewReviewedOn => "审核日期", "Reviewed on";
    // tui/dialogs/withdraw.rs
    WithdrawWithdrawnOn => "撤回日期", "Withdrawn on";
    // tui/dialogs (texts once inline)
    ListSep => "、", ", ";
    ListMore => "等", " …";
    FeedbackRecordedRoundOpen => "已登记满意度;二次办理进行中,待其提出人反馈", "Feedback recorded; the second round waits for its proposers";
    FeedbackRecordedTurned => "已登记满意度;二次办理转为满意", "Feedback recorded; the second round turned satisfied";
    FeedbackRecorded => "已登记满意度", "Feedback recorded";
    FormNotSavedQuit => "填写的内容尚未保存。再按一次 {key:quit} 放弃并退出,{key:submit} 保存,其他键继续填写", "What you typed is not saved. {key:quit} again discards it and quits, {key:submit} saves, any other key goes on editing";
    FormNotSavedBack => "填写的内容尚未保存。再按一次 {key:back} 放弃,{key:submit} 保存,其他键继续填写", "What you typed is not saved. {key:back} again discards it, {key:submit} saves, any other key goes on editing";
    UpdateLastItem => "已是最后一件", "This is the last item";
    UpdateFirstItem => "已是第一件", "This is the first item";
    // tui (texts once inline)
    NoTerminal => "没有终端:banli 的台账界面须在终端窗口中运行(标准输入和输出都须是终端)。脚本中请用子命令,如 banli search、banli export、banli report", "no terminal: the banli ledger runs in a terminal window (standard input and output must both be a terminal). In scripts use a command such as banli search, banli export or banli report";
    KeymapNoQuit => "该键位文件使台账界面没有任何退出键(quit),整个文件未采用,仍用默认键位", "this keymap leaves no key that quits from the ledger; the whole file is refused and the defaults stay";
    // cli (texts once inline)
    CliMapUnitShape => "--map-unit 应写成 写法=单位名称", "--map-unit takes WRITTEN=UNIT";
    CliReportFormat => "--format 应为 md 或 docx", "--format takes md or docx";
    CliExportFormat => "--format 应为 xlsx 或 csv", "--format takes xlsx or csv";
    CliHeadSource => "--head 给出的链头", "--head";
    CliItemOrUnit => "请给出 --item 编号 或 --unit 单位(二者取一)", "give --item NUMBER or --unit UNIT (one of them)";
    DoctorOk => "[正常]", "[ok]";
    DoctorWarn => "[注意]", "[warn]";
    DoctorFail => "[失败]", "[fail]";
    CliNoPassword => "标准输入中没有密码", "no password on standard input";
    // cli/migrate.rs
    MigrateDbNotSqlite => "--db 须为 SQLite 台账文件", "--db must be a SQLite ledger file";
    MigrateSourceHead => "源 SQLite", "source SQLite";
    MigrateTargetHead => "目标 PostgreSQL", "target PostgreSQL";
    // cli/doctor.rs
    DoctorDbFile => "数据库文件", "database file";
    DoctorWalFile => "WAL 文件", "WAL file";
    DoctorShmFile => "共享内存文件", "shared-memory file";
    DoctorNotBanli => "不是 banli 数据库(没有 banli 的数据表;文件可能为空或是别的数据库)", "not a banli database (no banli tables; the file may be empty or another database)";
    DoctorIntegrityOk => "完整性检查(integrity_check)通过", "integrity_check: ok";
    DoctorCannotOpen => "无法打开数据库", "cannot open the database";
    DoctorCannotRead => "无法读取数据库", "cannot read the database";
    DoctorIntegrityCannotRun => "完整性检查无法运行", "integrity_check could not run";
    DoctorNeverBackedUp => "从未备份:请运行 banli backup 目录", "never backed up: run banli backup FOLDER";
    SqliteCorrupt => "数据库文件已损坏,请从备份恢复", "the database file is damaged; restore a backup";
    SqliteNotADatabase => "这不是 banli 数据库(不是 SQLite 文件)", "not a banli database (not an SQLite file)";
    SqliteBusy => "数据库正被占用,请稍后再试", "the database is busy; try again later";
    SqliteNoPermission => "没有读取权限或文件无法打开", "no permission to read it, or it cannot be opened";
    SqliteDiskError => "读写磁盘出错", "a disk error";
    SqliteOther => "SQLite 报错", "an SQLite error";
    // tui/views/history_words.rs: field names, then review decisions and yes/no
    HistNumber => "编号", "number";
    HistTitle => "标题", "title";
    HistBodyText => "正文", "text";
    HistTopic => "分类", "topic";
    HistFiledOn => "提出日期", "filed on";
    HistTiming => "提出时间", "timing";
    HistKey => "重点件", "key item";
    HistLeader => "分管领导", "leader in charge";
    HistProposers => "提出人", "proposers";
    HistMeeting => "会议", "meeting";
    HistKind => "类别", "kind";
    HistFiling => "立案", "filing";
    HistStatus => "状态", "status";
    HistGround => "不予立案理由", "ground";
    HistNote => "备注", "note";
    HistOn => "日期", "date";
    HistOpinionUnit => "转送单位", "opinion sent to";
    HistMergedInto => "并入", "merged into";
    HistFrom => "来自", "from";
    HistUnit => "单位", "unit";
    HistRole => "角色", "role";
    HistReason => "理由", "reason";
    HistDecision => "决定", "decision";
    HistReviewApproved => "审核通过", "Review: approved";
    HistReviewReturned => "退回重办", "Returned for redoing";
    HistYes => "是", "yes";
    HistNo => "否", "no";
    // tui/dialogs/entry.rs
    EntryTitleHint => "关于……的建议/提案", "usually 关于……的建议/提案";
}

formats! {
    // tui/batch.rs
    /// "3 件已在办理中" (how many items, and why they are left alone).
    items_left(n, why) => "{n} 件{why}", "{n} {why}";
    /// An item's number as a sentence names it.
    number(number) => "第{number}号", "No. {number}";
    /// The first numbers of a list, then "等" when there are more.
    numbers(list, more) => "第{list}号{more}", "No. {list}{more}";
    marked_to_assign(marked, yes) => "已标记 {marked} 件:{yes} 件将交办", "{marked} marked: {yes} will be assigned";
    reassign_alone(key) => "在办件如需重新交办,请逐件按 {key}(重新交办)并说明理由", "to re-assign an item under way, open it alone with {key} (re-assign) and say why";
    assign_marked_title(marked, yes) => "交办 · 已标记 {marked} 件,交办其中 {yes} 件", "Assign · {marked} marked, {yes} to assign";
    hint_reassign(key) => ";如需重新交办,请按 {key}(重新交办)并说明理由", "; to re-assign it, press {key} (re-assign) and say why";
    hint_assign(key) => ";请按 {key} 交办", "; press {key} to assign it";
    hint_filing(key) => ";请先按 {key} 立案审查", "; decide its filing first ({key})";
    close_shown_head(n, yes, no) => "当前列表共 {n} 件:{yes} 件符合销号条件,{{key:submit}} 一次全部销号;{no} 件不符合,不作改动", "Shown {n}: {yes} qualify and close in one save on {{key:submit}}; {no} do not and stay as they are";
    close_marked_head(n, yes, no) => "已标记共 {n} 件:{yes} 件符合销号条件,{{key:submit}} 一次全部销号;{no} 件不符合,不作改动", "Marked {n}: {yes} qualify and close in one save on {{key:submit}}; {no} do not and stay as they are";
    /// A closure checklist line an entry does not meet.
    not_yet(check) => "未满足“{check}”", "not yet \"{check}\"";
    batch_close_title(n, yes) => "批量销号 · {n} 件中 {yes} 件符合", "Batch closure · {yes} of {n} qualify";
    took_cursor_row(marked, number) => "已标记 {marked} 件;本操作只登记光标所在的第{number}号", "{marked} rows marked; this form takes only No. {number}, the row under the cursor";
    // tui/dialogs
    assigned_n(n) => "已交办 {n} 件", "{n} item(s) assigned";
    closed_n(n) => "已销号 {n} 件", "{n} closed";
    left_open_n(n) => "未销号 {n} 件:", "{n} left open:";
    same_title(numbers) => "已登记;注意:与第{numbers}号标题相同,如为重复件可在立案审查(l)时并案", "Registered; note: same title as No. {numbers}; merge it at the filing review (l) if it is a duplicate";
    exists_not_overwritten(path) => "{path} 已存在,未覆盖", "{path} exists; not overwritten";
    second_round_waits(names) => "二次办理待 {names} 反馈;每位均满意或基本满意才转为满意", "The second round waits for {names}; it turns satisfied only when each answers satisfied";
    still_unsatisfied(to) => "已登记满意度;二次办理后仍不满意,转{to}", "Feedback recorded; still unsatisfied after the second round: {to}";
    merged_into(number) => ",并入第{number}号", " into No. {number}";
    no_item_numbered(number) => "本次会议没有编号为“{number}”的件", "no item numbered '{number}' in this meeting";
    no_file(path) => "找不到文件 {path}", "no file {path}";
    check_errors(errors) => "预检发现 {errors} 处错误:请修改文件后重试({{key:back}})", "{errors} error(s) found: fix the file and try again ({{key:back}})";
    /// What a save says when a choice cannot be read.
    choose(label) => "请选择{label}", "choose {label}";
    /// What a save says when a required field is empty.
    fill_in(label) => "请填写{label}", "{label} is required";
    reply_returned(unit, doc, reason) => "{unit} 的答复 {doc} 被退回重办:{reason}", "{unit}'s reply {doc} was returned: {reason}";
    commitment_no_date(line, text) => "承诺事项第{line}行缺少日期:{text}", "commitment line {line}: no date: {text}";
    commitment_no_text(line) => "承诺事项第{line}行缺少内容", "commitment line {line}: no text";
    /// What undo did.
    undone(what) => "已{what}", "Done: {what}";
    // tui/update.rs
    number_title(number, title) => "第{number}号 {title}", "No. {number} {title}";
    copied(text) => "已复制到剪贴板: {text}", "Copied to the clipboard: {text}";
    // tui (texts once inline)
    written_to(dir, files) => "已写入 {dir}:{files}", "Written to {dir}: {files}";
    commended(year, id) => "已列入{year}年表彰名单(第{id}条)", "On the {year} commendation list (entry {id})";
    uncommended(id) => "已将第{id}条撤出表彰名单", "Entry {id} taken off the commendation list";
    // cli (texts once inline)
    imported(items, unchanged, meetings, units, people) => "已导入:新增 {items} 件,跳过相同 {unchanged} 件,新建会议 {meetings} 个、单位 {units} 个、提出人 {people} 人。", "Imported: {items} new items, {unchanged} identical skipped; created {meetings} meetings, {units} units, {people} proposers.";
    audit_head(head) => "审计链头 {head}", "Audit chain head {head}";
    bad_what(value) => "--what {value}:应为 ledger(台账)、stats(统计表)或 public(公开答复)", "'{value}': use ledger, stats or public";
    bad_encoding(value) => "--encoding {value}:应为 utf-8 或 gbk", "'{value}': use utf-8 or gbk";
    no_meeting_named(name, known) => "没有名为“{name}”的会议;现有:{known}", "no meeting named '{name}'; there are: {known}";
    chain_intact_anchored(n, head, row) => "审计链完整:共 {n} 行,链头 {head};与锚定文件({row} 行)相符", "audit chain intact: {n} rows, head {head}; matches the anchor file (row {row})";
    chain_intact_unanchored(n, head) => "审计链完整:共 {n} 行,链头 {head};尚无锚定文件,被截掉的末尾查不出来:请运行 banli audit anchor", "audit chain intact: {n} rows, head {head}; no anchor file yet, so a cut tail cannot be found: run banli audit anchor";
    anchored(head, path) => "已锚定审计链头 {head} → {path}", "anchored the audit chain head {head} in {path}";
    no_item_number(number) => "没有编号为 {number} 的件", "no item numbered {number}";
    number_in_meetings(number, n) => "编号 {number} 在 {n} 个会议中都有,请加 --meeting 指明会议", "{n} meetings have an item numbered {number}; add --meeting";
    mark_recorded(year, id, unit, points, reason) => "已记入{year}年度考评(第{id}条):{unit} {points} 分,理由:{reason}", "Recorded for {year} (mark {id}): {unit} {points} points, because: {reason}";
    mark_withdrawn(id) => "已撤销第{id}条加减分", "Mark {id} withdrawn";
    eval_format(other) => "--format {other}:应为 md、xlsx 或 docx", "--format {other}: takes md, xlsx or docx";
    no_item_in_year(year, number) => "{year}年度的会议中没有编号为 {number} 的件", "no item numbered {number} in the meetings of {year}";
    number_in_year_meetings(n, year, number) => "编号 {number} 在{year}年度的 {n} 个会议中都有,请加 --meeting 指明会议", "{n} meetings of {year} have an item numbered {number}; add --meeting";
    no_database(path) => "数据库文件不存在:{path}(新建请运行 banli init --db {path})", "no database at {path} (to create one: banli init --db {path})";
    real_ledger(path) => "{path} 已有台账数据,演示数据不会覆盖它;请换一个 --db 路径", "{path} holds a real ledger; the demo will not replace it; choose another --db";
    already_exists(path) => "{path} 已存在", "{path} already exists";
    exists_for_gen(path) => "{path} 已存在;生成数据只写入新库", "{path} already exists; generated data goes into a new database";
    unit_order_set(n) => "已设定 {n} 个单位的顺序;其余单位按拼音排在后面。", "Order set for {n} units; the others follow by pinyin.";
    checks_failed(failed) => "{failed} 项检查失败", "{failed} checks failed";
    demo_server_not_empty(server) => "{server} 已有台账数据;演示数据只装入空库", "{server} holds a ledger; the demo loads into an empty one only";
    cannot_create(path) => "无法创建 {path}", "cannot create {path}";
    cannot_remove(path) => "无法删除 {path}", "cannot remove {path}";
    // cli/migrate.rs
    migrate_not_server(to) => "--to 须为 PostgreSQL 地址(postgres://…),而不是 {to}", "--to must be a PostgreSQL address (postgres://…), not {to}";
    migrate_differ(differ) => "{differ} 项不一致;目标库已写入,请检查后再启用", "{differ} lines differ; the target was written: check it before using it";
    migrated(server) => "迁移完成,全部一致:{server}", "migrated; everything agrees: {server}";
    // cli/doctor.rs: `what` is a file's name (数据库文件, WAL 文件, …), `mode` "0660 alice:banli"
    file_wrong_group(what, path, mode) => "{what} {path}:{mode},属组与数据库文件不同,其他经办人将无法打开数据库;请 chgrp 为数据库文件的组", "{what} {path}: {mode}, not in the database file's group, so other clerks cannot open the database; chgrp it to the database file's group";
    file_not_shared(what, path, mode) => "{what} {path}:{mode},同组用户不能读写;共用时请 chmod 660 并改为共用的组", "{what} {path}: {mode}, not readable and writable by its group; for sharing, chmod 660 and chgrp to the shared group";
    file_open_to_others(what, path, mode) => "{what} {path}:{mode},其他用户也能访问;请 chmod o-rwx(并设 umask 007)", "{what} {path}: {mode}, others can access it; chmod o-rwx (and set umask 007)";
    file_ok(what, path, mode) => "{what} {path}:{mode}", "{what} {path}: {mode}";
    dir_unreadable(path) => "目录 {path} 无法读取", "folder {path} cannot be read";
    dir_wrong_group(path, mode) => "目录 {path}:{mode},与数据库文件的属组不同;请 chgrp 为同一个组", "folder {path}: {mode}, a different group from the database file's; chgrp both to one group";
    dir_not_shared(path, mode) => "目录 {path}:{mode};多人共用时应为 2770(chmod 2770,新文件才会继承组)", "folder {path}: {mode}; for several clerks it should be 2770 (chmod 2770, so new files keep the group)";
    dir_ok(path, mode) => "目录 {path}:{mode}", "folder {path}: {mode}";
    locale_ok(var, value) => "区域设置 {var}={value}", "locale {var}={value}";
    locale_not_utf8(var, value) => "区域设置 {var}=“{value}”不是 UTF-8,中文可能显示为乱码;请设 LANG=zh_CN.UTF-8", "locale {var}='{value}' is not UTF-8; Chinese may not show; set LANG=zh_CN.UTF-8";
    no_db_file(path) => "数据库文件 {path} 不存在", "no database file at {path}";
    server_connected(server) => "已连接数据库服务器 {server}", "connected to the server {server}";
    schema_current(version) => "表结构版本 {version}(最新)", "schema version {version} (current)";
    schema_behind(version, latest) => "表结构版本 {version},本程序为 {latest};请由所有者运行 banli init", "schema version {version}, this banli writes {latest}: the owner runs banli init";
    db_newer(version, latest) => "数据库版本 {version} 比本程序支持的 {latest} 新;请使用新版 banli", "database version {version} is newer than this banli's {latest}; use a newer banli";
    db_older(version, latest) => "数据库版本较旧({version},当前为 {latest}),下次由 banli 打开时会升级", "database version {version} is older than {latest}; banli will upgrade it when it next opens it";
    db_version(version) => "数据库版本 {version}", "database version {version}";
    integrity_failed(detail) => "完整性检查未通过:数据库文件有损坏,请停止使用并从备份恢复(SQLite:{detail})", "integrity_check failed: the database file is damaged; stop using it and restore a backup (SQLite: {detail})";
    /// A failed SQLite call: what was tried, the cause in a clerk's words, SQLite's own text.
    sqlite_failed(what, cause, detail) => "{what}:{cause}(SQLite:{detail})", "{what}: {cause} (SQLite: {detail})";
    chain_intact(n) => "审计链完整:共 {n} 行", "audit chain intact: {n} rows";
    rules_unreadable(error) => "无法读取规则数据:{error}", "cannot read the rules: {error}";
    last_backup(at, days) => "上次备份:{at}({days} 天前)", "last backup: {at} ({days} days ago)";
    backup_too_old(at, days, limit) => "上次备份:{at}({days} 天前),超过 {limit} 天;请运行 banli backup 目录", "last backup: {at} ({days} days ago), more than {limit}; run banli backup FOLDER";
    // tui/dialogs/entry.rs
    /// A collective proposer in the proposer list ("九三学社区委会(集体)").
    collective_name(name) => "{name}(集体)", "{name} (collective)";
    // texts that name a key: the key the live keymap has for the action
    /// A list screen's note: the key that opens the selected unit's items.
    unit_items_key(key) => "{key} 查看该单位的件", "{key}: the unit's items";
    /// The dashboard's note when not every meeting fits; `more` names the key for the rest.
    more_meetings(a, b, n, more) => "显示第 {a}-{b} 个会议(共 {n} 个){more}", "meetings {a}-{b} of {n}{more}";
    more_meetings_key(key) => ",{key} 看其余", "; {key} shows the others";
    /// Documents asked for with no item selected.
    select_first(key) => "请先选中一件(或用 {key} 标记几件)", "select an item first (or mark some with {key})";
}

/// Says "nothing was changed" after a message, in the UI language.
pub fn with_nothing_changed(lang: Lang, msg: &str) -> String {
    match lang {
        Lang::Zh => format!("{msg}(未作任何修改)"),
        Lang::En => format!("{msg} (nothing was changed)"),
    }
}
