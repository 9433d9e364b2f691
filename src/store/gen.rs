//! `banli gen`: a synthetic ledger of any size (benchmarks, tests, trying the screens at
//! 100k items). Seeded and reproducible: the same seed and size give the same ledger.
//!
//! Two meetings (one 人大, one 政协), about 40 units, deputies and members from surname
//! and given-name lists, titles from place, verb, object and tail parts (关于加快城东街道
//! 老旧小区改造的建议), proposers, assignments, some replies, feedback and closures, with
//! derived columns and pinyin keys written as the rows are. One transaction, prepared
//! statements: 100k items take seconds.
use super::{Result, Store, StoreError};
use crate::domain::status::{self, Facts, HandlerFacts};
use crate::domain::{item::normalize_number, Body, Filing, Kind, ReviewState, Role, Satisfaction, Timing};
use crate::search::{doc::unit_keys, pinyin_keys};
use chrono::{Days, NaiveDate};
use rusqlite::params;
use std::collections::HashMap;

const SURNAMES: &str = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文新春海燕丹晓峰雪梅琳鹏辉宇浩然欣怡子涵俊杰思远嘉宁佳慧晨阳振东德胜永福立群淑珍凤兰学成";
const PLACES: &[&str] = &[
    "",
    "",
    "",
    "我区",
    "全区",
    "城区",
    "城东街道",
    "城西街道",
    "新华路",
    "解放路",
    "滨江片区",
    "老城区",
    "开发区",
    "高新区",
    "南湖社区",
    "北关村",
    "东山镇",
    "西河乡",
    "长江路",
    "重庆路",
];
const VERBS: &[&str] = &[
    "加快",
    "推进",
    "加强",
    "完善",
    "优化",
    "进一步做好",
    "持续推动",
    "健全",
    "提升",
    "规范",
    "支持",
    "解决",
    "推动",
    "重视",
    "改善",
];
const TAILS: &[&str] = &["", "", "", "工作", "力度", "机制", "水平", "管理"];
/// (topic area, object phrase, short name of the unit that usually leads).
const OBJECTS: &[(&str, &str, &str)] = &[
    ("城建环资", "老旧小区改造", "住建局"),
    ("城建环资", "城市道路停车管理", "城管局"),
    ("城建环资", "生活垃圾分类", "城管局"),
    ("城建环资", "河道综合治理", "水利局"),
    ("城建环资", "公共厕所建设", "城管局"),
    ("城建环资", "海绵城市建设", "住建局"),
    ("城建环资", "燃气管道更新", "住建局"),
    ("城建环资", "背街小巷整治", "城管局"),
    ("城建环资", "城中村改造", "住建局"),
    ("城建环资", "电动自行车充电设施", "住建局"),
    ("城建环资", "大气污染防治", "生态环境分局"),
    ("城建环资", "公交线路优化", "交通局"),
    ("财政经济", "营商环境", "发改委"),
    ("财政经济", "中小企业融资", "财政局"),
    ("财政经济", "民营经济发展", "工信局"),
    ("财政经济", "夜间经济", "商务局"),
    ("财政经济", "消费市场提振", "商务局"),
    ("财政经济", "招商引资", "商务局"),
    ("财政经济", "银行信贷服务", "人民银行"),
    ("财政经济", "重点项目建设", "发改委"),
    ("财政经济", "数字经济发展", "数据局"),
    ("财政经济", "政务服务便民", "数据局"),
    ("教科文卫", "义务教育均衡发展", "教体局"),
    ("教科文卫", "学前教育资源", "教体局"),
    ("教科文卫", "社区卫生服务", "卫健委"),
    ("教科文卫", "基层医疗", "卫健委"),
    ("教科文卫", "中医药发展", "卫健委"),
    ("教科文卫", "全民健身设施", "教体局"),
    ("教科文卫", "公共图书馆建设", "文旅局"),
    ("教科文卫", "非遗保护", "文旅局"),
    ("教科文卫", "青少年心理健康", "教体局"),
    ("教科文卫", "医保报销", "医保局"),
    ("社会建设", "养老服务体系", "民政局"),
    ("社会建设", "居家养老", "民政局"),
    ("社会建设", "社区治理", "民政局"),
    ("社会建设", "退役军人服务", "退役军人局"),
    ("社会建设", "残疾人就业", "残联"),
    ("社会建设", "婴幼儿托育", "卫健委"),
    ("社会建设", "食品安全监管", "市场监管局"),
    ("社会建设", "高校毕业生就业", "人社局"),
    ("农业农村", "高标准农田建设", "农业农村局"),
    ("农业农村", "乡村振兴", "农业农村局"),
    ("农业农村", "农产品冷链物流", "商务局"),
    ("农业农村", "农村供水保障", "水利局"),
    ("农业农村", "特色种植", "农业农村局"),
    ("农业农村", "农村电商", "商务局"),
    ("内务司法", "基层法律服务", "司法局"),
    ("内务司法", "矛盾纠纷调解", "司法局"),
    ("内务司法", "交通安全", "公安分局"),
    ("内务司法", "反诈宣传", "公安分局"),
    ("内务司法", "安全生产", "应急局"),
];
/// (full name, short name); the short names are what `OBJECTS` refers to.
const UNITS: &[(&str, &str)] = &[
    ("区住房和城乡建设局", "住建局"),
    ("区发展和改革委员会", "发改委"),
    ("区教育体育局", "教体局"),
    ("区卫生健康委员会", "卫健委"),
    ("区财政局", "财政局"),
    ("区民政局", "民政局"),
    ("区人力资源和社会保障局", "人社局"),
    ("区自然资源局", "自然资源局"),
    ("市生态环境局区分局", "生态环境分局"),
    ("区交通运输局", "交通局"),
    ("区水利局", "水利局"),
    ("区农业农村局", "农业农村局"),
    ("区商务局", "商务局"),
    ("区文化和旅游局", "文旅局"),
    ("区市场监督管理局", "市场监管局"),
    ("区城市管理局", "城管局"),
    ("区应急管理局", "应急局"),
    ("市公安局区分局", "公安分局"),
    ("区司法局", "司法局"),
    ("区退役军人事务局", "退役军人局"),
    ("区医疗保障局", "医保局"),
    ("区数据局", "数据局"),
    ("区科学技术局", "科技局"),
    ("区工业和信息化局", "工信局"),
    ("区审计局", "审计局"),
    ("区统计局", "统计局"),
    ("区林业局", "林业局"),
    ("区信访局", "信访局"),
    ("区残疾人联合会", "残联"),
    ("区总工会", "总工会"),
    ("共青团区委", "团区委"),
    ("区妇女联合会", "妇联"),
    ("国网区供电公司", "供电公司"),
    ("区自来水公司", "自来水公司"),
    ("区燃气公司", "燃气公司"),
    ("区税务局", "税务局"),
    ("人民银行区支行", "人民银行"),
    ("区消防救援大队", "消防大队"),
    ("城东街道办事处", "城东街道"),
    ("城西街道办事处", "城西街道"),
];
const DELEGATIONS: &[&str] = &["城东街道代表团", "城西街道代表团", "东山镇代表团", "西河乡代表团", "开发区代表团"];
const SECTORS: &[&str] =
    &["经济界", "教育界", "医药卫生界", "农业界", "科技界", "文化艺术界", "社会福利界", "工商联界"];
const COLLECTIVES: &[&str] = &["民盟区委", "民进区委", "九三学社区委", "农工党区委", "致公党区委", "区工商联"];

/// A small seeded generator (splitmix64): reproducible without another crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len())]
    }
    /// True with probability `pct` percent.
    fn pct(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
}

/// What `banli gen` wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenCounts {
    pub items: usize,
    pub people: usize,
    pub units: usize,
}

fn name(rng: &mut Rng, surnames: &[char], given: &[char]) -> String {
    let mut s = String::new();
    s.push(*rng.pick(surnames));
    s.push(*rng.pick(given));
    if rng.pct(70) {
        s.push(*rng.pick(given));
    }
    s
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl Store {
    /// Writes a synthetic ledger of `items` items into an empty database, in one transaction.
    pub fn generate(&mut self, items: usize, seed: u64) -> Result<GenCounts> {
        if self.item_count()? > 0 {
            return Err(StoreError::rule(
                "数据库不是空的,生成数据只能写入空库",
                "the database is not empty; generated data goes into an empty one",
            ));
        }
        let mut rng = Rng(seed ^ 0x62_616e_6c69);
        let surnames: Vec<char> = SURNAMES.chars().collect();
        let given: Vec<char> = GIVEN.chars().collect();
        let per_body = (items / 20).clamp(150, 3000);
        self.write(|t| {
            let c = t.conn();
            let rules = &t.data.rules;
            let cal = &t.data.calendar;
            let opened = NaiveDate::from_ymd_opt(2026, 1, 10).unwrap_or(NaiveDate::MIN);
            let mut meetings = Vec::new();
            for (body, name, term) in [(Body::Npc, "区十八届人大一次会议", 18), (Body::Cppcc, "区政协十五届一次会议", 15)] {
                c.execute(
                    "INSERT INTO meeting (body, level, term, session, year, name, opened_on, closed_on) VALUES (?1,'区',?2,1,2026,?3,?4,?5)",
                    params![body.as_str(), term, name, ymd(opened), ymd(opened + Days::new(3))],
                )?;
                meetings.push((c.last_insert_rowid(), body));
            }
            let mut unit_ids = HashMap::new();
            let mut st = c.prepare("INSERT INTO unit (name, short_name, head, deputy_head, clerk, phone, search_keys) VALUES (?1,?2,?3,?4,?5,?6,?7)")?;
            for (i, (full, short)) in UNITS.iter().enumerate() {
                let keys = format!("{}{}", pinyin_keys::stored_tag(), unit_keys(full, short));
                let (h, d, k) = (name(&mut rng, &surnames, &given), name(&mut rng, &surnames, &given), name(&mut rng, &surnames, &given));
                st.execute(params![full, short, h, d, k, format!("0551-6{:07}", 1_000_000 + i * 37), keys])?;
                unit_ids.insert(*short, c.last_insert_rowid());
            }
            let all_units: Vec<i64> = unit_ids.values().copied().collect::<std::collections::BTreeSet<_>>().into_iter().collect();
            let mut people: HashMap<Body, Vec<(i64, String)>> = HashMap::new();
            let mut st = c.prepare("INSERT INTO person (name, body, collective, delegation, phone, search_keys) VALUES (?1,?2,?3,?4,?5,?6) ON CONFLICT DO NOTHING")?;
            for body in [Body::Npc, Body::Cppcc] {
                let mut list = Vec::new();
                let mut add = |st: &mut crate::store::db::Stmt, n: String, collective: bool, group: &str, rng: &mut Rng| -> Result<()> {
                    let phone = format!("13{:09}", rng.next() % 1_000_000_000);
                    if st.execute(params![n, body.as_str(), collective, group, phone, pinyin_keys::stored(&n)])? == 1 {
                        list.push((c.last_insert_rowid(), n));
                    }
                    Ok(())
                };
                if body == Body::Cppcc {
                    // A fixed member the tests and the examples look for.
                    add(&mut st, "马均侠".into(), false, "经济界", &mut rng)?;
                    for g in COLLECTIVES {
                        add(&mut st, g.to_string(), true, "", &mut rng)?;
                    }
                }
                for _ in 0..per_body {
                    let n = name(&mut rng, &surnames, &given);
                    let group = if body == Body::Npc { *rng.pick(DELEGATIONS) } else { *rng.pick(SECTORS) };
                    add(&mut st, n, false, group, &mut rng)?;
                }
                people.insert(body, list);
            }
            let mut ins_item = c.prepare(
                "INSERT INTO item (meeting_id, kind, number, number_key, title, topic, filed_on, timing, key_item, filing,
                                   status, due_on, lead_name, units_label, search_keys, created_at)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,'filed',?10,?11,?12,?13,?14,?15)",
            )?;
            let mut ins_prop = c.prepare("INSERT INTO item_proposer (item_id, person_id, position) VALUES (?1,?2,?3)")?;
            let mut ins_asg = c.prepare(
                "INSERT INTO assignment (item_id, unit_id, role, assigned_on, deadline, received_on) VALUES (?1,?2,?3,?4,?5,?6)",
            )?;
            let mut ins_reply = c.prepare(
                "INSERT INTO reply (assignment_id, replied_on, doc_number, signer, result_class, disclosure, review)
                 VALUES (?1,?2,?3,?4,?5,'public',?6)",
            )?;
            let mut ins_review = c.prepare("INSERT INTO review (reply_id, decision, reviewed_on) VALUES (?1,'approved',?2)")?;
            let mut ins_fb = c.prepare(
                "INSERT INTO feedback (item_id, person_id, level, received_on) VALUES (?1,?2,?3,?4)",
            )?;
            let mut ins_close = c.prepare("INSERT INTO closure (item_id, closed_on, operator) VALUES (?1,?2,'gen')")?;
            let mut numbers = [0usize; 2];
            let mut deadlines: HashMap<(Kind, Timing, Role, NaiveDate), String> = HashMap::new();
            let classes: Vec<String> = rules.scheme.classes.iter().map(|k| k.code.clone()).collect();
            let mut doc_no = 0usize;
            for _ in 0..items {
                let m = if rng.pct(55) { 0 } else { 1 };
                let (meeting_id, body) = meetings[m];
                let kind = body.kind();
                numbers[m] += 1;
                let number = if body == Body::Npc { numbers[m].to_string() } else { format!("{:04}", numbers[m]) };
                let (topic, object, lead_short) = *rng.pick(OBJECTS);
                let title = format!(
                    "关于{}{}{}{}的{}",
                    rng.pick(PLACES),
                    rng.pick(VERBS),
                    object,
                    rng.pick(TAILS),
                    if kind == Kind::Suggestion { "建议" } else { "提案" }
                );
                let timing = if rng.pct(85) { Timing::During } else { Timing::Between };
                let filed = opened + Days::new(if timing == Timing::During { rng.below(4) } else { 10 + rng.below(150) } as u64);
                // Proposers: the lead and up to four co-signers, all different.
                let pool = &people[&body];
                let mut proposers: Vec<usize> = vec![rng.below(pool.len())];
                for _ in 0..rng.below(5) {
                    let p = rng.below(pool.len());
                    if !proposers.contains(&p) {
                        proposers.push(p);
                    }
                }
                // Units: usually the object's own unit leads; some items are split; some have co-handlers.
                let mut roles: Vec<(i64, Role)> = Vec::new();
                if rng.pct(92) {
                    let lead = if rng.pct(75) { unit_ids[lead_short] } else { *rng.pick(&all_units) };
                    if rng.pct(12) {
                        let other = *rng.pick(&all_units);
                        roles.push((lead, Role::Split));
                        if other != lead {
                            roles.push((other, Role::Split));
                        }
                    } else {
                        roles.push((lead, Role::Lead));
                    }
                    for _ in 0..rng.below(3) {
                        let u = *rng.pick(&all_units);
                        if roles.iter().all(|(x, _)| *x != u) {
                            roles.push((u, Role::CoHandling));
                        }
                    }
                    if roles.iter().filter(|(_, r)| *r == Role::Split).count() == 1 {
                        roles[0].1 = Role::Lead;
                    }
                }
                let assigned = filed + Days::new(20 + rng.below(20) as u64);
                // How far handling got: 0 assigned, 1 received, 2 replied, 3 feedback in, 4 closed.
                let stage = if roles.is_empty() { 0 } else { [0, 1, 1, 1, 2, 2, 3, 4, 4, 1][rng.below(10)] };
                let mut handlers = Vec::new();
                let mut due: Option<String> = None;
                let replying: Vec<&(i64, Role)> = roles.iter().filter(|(_, r)| r.replies()).collect();
                for (_, role) in &roles {
                    let key = (kind, timing, *role, assigned);
                    let deadline = deadlines
                        .entry(key)
                        .or_insert_with(|| ymd(rules.add(cal, assigned, rules.deadline_period(kind, timing, *role)).date))
                        .clone();
                    if role.replies() {
                        handlers.push(HandlerFacts {
                            received: stage >= 1,
                            reply: (stage >= 2).then_some(ReviewState::Approved),
                        });
                        if stage < 2 && due.as_ref().is_none_or(|d| deadline < *d) {
                            due = Some(deadline.clone());
                        }
                    }
                }
                let closed = stage >= 4;
                let feedback = (stage >= 3).then(|| *rng.pick(&[Satisfaction::Satisfied, Satisfaction::Satisfied, Satisfaction::Basic]));
                let facts = Facts { filing: Filing::Filed, closed, open_second_round: false, handlers, feedback };
                let status = status::derive(&facts);
                let lead_name = &pool[proposers[0]].1;
                let mut label: Vec<&str> = replying.iter().map(|(u, _)| UNITS.iter().find(|x| unit_ids[x.1] == *u).map(|x| x.1).unwrap_or("")).collect();
                label.sort_unstable();
                ins_item.execute(params![
                    meeting_id, kind.as_str(), number, normalize_number(&number), title, topic, ymd(filed), timing.as_str(),
                    rng.pct(8), status.as_str(), due, lead_name, label.join("、"), pinyin_keys::stored(&title), t.now()
                ])?;
                let item_id = c.last_insert_rowid();
                for (pos, &p) in proposers.iter().enumerate() {
                    ins_prop.execute(params![item_id, pool[p].0, pos as i64])?;
                }
                for (u, role) in &roles {
                    let deadline = &deadlines[&(kind, timing, *role, assigned)];
                    let received = (stage >= 1).then(|| ymd(assigned + Days::new(2)));
                    ins_asg.execute(params![item_id, u, role.as_str(), ymd(assigned), deadline, received])?;
                    let aid = c.last_insert_rowid();
                    if stage >= 2 && role.replies() {
                        doc_no += 1;
                        let replied = ymd(assigned + Days::new(60 + rng.below(30) as u64));
                        let class = rng.pick(&classes).clone();
                        ins_reply.execute(params![aid, replied, format!("生成〔2026〕{doc_no}号"), "gen", class, "approved"])?;
                        ins_review.execute(params![c.last_insert_rowid(), replied])?;
                    }
                }
                if let Some(level) = feedback {
                    let day = ymd(assigned + Days::new(100));
                    ins_fb.execute(params![item_id, pool[proposers[0]].0, level.as_str(), day])?;
                }
                if closed {
                    ins_close.execute(params![item_id, ymd(assigned + Days::new(120))])?;
                }
            }
            let n_people = people.values().map(Vec::len).sum();
            t.audit("database", 0, None, crate::store::AuditAction::Generate, None, Some(&serde_json::json!({ "items": items, "seed": seed })))?;
            Ok(GenCounts { items, people: n_people, units: UNITS.len() })
        })
    }
}
