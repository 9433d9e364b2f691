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
    NotYetAvailable => "该功能尚未开放", "Not yet available";
}

/// Says "nothing was changed" after a message, in the UI language.
pub fn with_nothing_changed(lang: Lang, msg: &str) -> String {
    match lang {
        Lang::Zh => format!("{msg}(未作任何修改)"),
        Lang::En => format!("{msg} (nothing was changed)"),
    }
}
