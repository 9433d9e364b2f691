//! Model-based property test (proptest-state-machine): random small ledgers and random
//! sequences of clerk actions, batch actions on random selections included. After every
//! step:
//!
//! - a refused action changed nothing (same audit rows, same versions, same records), and
//!   was refused with a clerk's reason, never a database error;
//! - the invariants of DOMAIN.md hold: one lead or several split units, never both; an item
//!   is closed exactly when it has a closure that was not reopened; no event is dated after
//!   today;
//! - no active assignment with a standing reply was ended (only the explicit reassignment
//!   of one item, with a reason, may do that; a withdrawal takes the whole item out);
//! - the audit chain verifies;
//! - the figures agree wherever they are shown (see [`figures_agree`]).
//!
//! `BANLI_FUZZ_SCALE=N` multiplies the number of cases.
mod common;
use banli::domain::{applies, Disclosure, Role, Satisfaction};
use banli::store::db::Db;
use banli::store::handling::assign::UnitRole;
use banli::store::handling::reply::NewReply;
use banli::store::{Store, StoreError};
use banli::text::Lang;
use banli::transfer::export::{tables, Val, What};
use banli::transfer::report;
use chrono::Days;
use common::{fixture, Fixture};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};

/// Items in a generated ledger (selections are bit masks over them).
const MAX_ITEMS: usize = 6;

/// One clerk action. Item indices and selection masks are taken modulo the ledger's size.
#[derive(Clone, Debug)]
enum Step {
    /// 交办 the marked rows: a lead and a co-handling unit, another lead, or two split units;
    /// either all marked rows straight to the store (refused whole when one does not apply), or
    /// as the form does, only the rows the rule lets through.
    Assign {
        marked: u8,
        plan: usize,
        as_the_form_does: bool,
    },
    Receive {
        item: usize,
    },
    CoOpinion {
        item: usize,
    },
    Reply {
        item: usize,
        class: usize,
        commitment: bool,
        override_opinions: bool,
    },
    Review {
        item: usize,
        approve: bool,
    },
    Feedback {
        item: usize,
        proposer: usize,
        level: usize,
    },
    /// Batch closure of the marked rows.
    Close {
        marked: u8,
    },
    Reopen {
        item: usize,
    },
    Commitment {
        item: usize,
        done: bool,
    },
    Withdraw {
        item: usize,
    },
    Undo,
    /// Time passes: deadlines and commitments fall due.
    Wait {
        days: u8,
    },
}

/// The reference model: the ledger's size, and how many steps ran (for the report).
#[derive(Clone, Debug)]
struct Model {
    items: usize,
}

impl ReferenceStateMachine for Model {
    type State = Model;
    type Transition = Step;

    fn init_state() -> BoxedStrategy<Model> {
        (2..=MAX_ITEMS).prop_map(|items| Model { items }).boxed()
    }

    fn transitions(_: &Model) -> BoxedStrategy<Step> {
        // Most actions fall on the first three items, so they get far along.
        let item = prop_oneof![3 => 0..3usize, 1 => 0..MAX_ITEMS];
        prop_oneof![
            3 => (any::<u8>(), 0..3usize, any::<bool>())
                .prop_map(|(marked, plan, as_the_form_does)| Step::Assign { marked, plan, as_the_form_does }),
            3 => item.clone().prop_map(|item| Step::Receive { item }),
            2 => item.clone().prop_map(|item| Step::CoOpinion { item }),
            3 => (item.clone(), 0..4usize, any::<bool>(), any::<bool>())
                .prop_map(|(item, class, commitment, override_opinions)| Step::Reply { item, class, commitment, override_opinions }),
            3 => (item.clone(), any::<bool>()).prop_map(|(item, approve)| Step::Review { item, approve }),
            3 => (item.clone(), 0..3usize, 0..3usize).prop_map(|(item, proposer, level)| Step::Feedback { item, proposer, level }),
            2 => any::<u8>().prop_map(|marked| Step::Close { marked }),
            1 => item.clone().prop_map(|item| Step::Reopen { item }),
            2 => (item.clone(), any::<bool>()).prop_map(|(item, done)| Step::Commitment { item, done }),
            1 => item.prop_map(|item| Step::Withdraw { item }),
            1 => Just(Step::Undo),
            1 => (1..120u8).prop_map(|days| Step::Wait { days }),
        ]
        .boxed()
    }

    fn apply(state: Model, _: &Step) -> Model {
        state
    }
}

/// The ledger under test.
struct Ledger {
    f: Fixture,
    conn: Db,
    /// The last undoable step's record, as the clerk's session keeps it.
    undo: Option<banli::store::intake::undo::Undo>,
}

impl Ledger {
    fn store(&mut self) -> &mut Store {
        &mut self.f.store
    }

    /// Keeps a step's undo record, as the session does (a step that touched nothing leaves
    /// nothing to undo).
    fn keep(&mut self, undo: banli::store::intake::undo::Undo) {
        self.undo = (!undo.items.is_empty()).then_some(undo);
    }

    fn item(&self, i: usize) -> i64 {
        self.f.items[i % self.f.items.len()]
    }

    fn marked(&self, mask: u8) -> Vec<i64> {
        (0..self.f.items.len()).filter(|i| mask & (1 << i) != 0).map(|i| self.f.items[i]).collect()
    }

    fn version(&self, item: i64) -> i64 {
        self.conn.query_row("SELECT version FROM item WHERE id = ?1", [item], |r| r.get(0)).unwrap()
    }

    fn with_versions(&self, items: &[i64]) -> Vec<(i64, i64)> {
        items.iter().map(|&i| (i, self.version(i))).collect()
    }

    /// An active assignment of the item: `handling` picks lead or split units, otherwise
    /// co-handling ones; `received` filters on receipt.
    fn assignment(&self, item: i64, handling: bool, received: Option<bool>) -> Option<(i64, String)> {
        let roles = if handling { "('lead','split')" } else { "('co_handling')" };
        let received = match received {
            None => "",
            Some(true) => "AND a.received_on IS NOT NULL",
            Some(false) => "AND a.received_on IS NULL",
        };
        let sql = format!(
            "SELECT a.id, u.short_name FROM assignment a JOIN unit u ON u.id = a.unit_id
             WHERE a.item_id = ?1 AND a.ended_on IS NULL AND a.role IN {roles} {received} ORDER BY a.id LIMIT 1"
        );
        self.conn.query_row(&sql, [item], |r| Ok((r.get(0)?, r.get(1)?))).ok()
    }

    fn apply(&mut self, step: &Step) -> Result<(), StoreError> {
        let today = self.f.store.today();
        let units = self.f.units.clone();
        match *step {
            Step::Assign { marked, plan, as_the_form_does } => {
                let plan = match plan {
                    0 => vec![unit_role(units[0], Role::Lead), unit_role(units[1], Role::CoHandling)],
                    1 => vec![unit_role(units[4], Role::Lead)],
                    _ => vec![unit_role(units[2], Role::Split), unit_role(units[3], Role::Split)],
                };
                let mut pairs = self.with_versions(&self.marked(marked));
                if as_the_form_does {
                    let ids: Vec<i64> = pairs.iter().map(|p| p.0).collect();
                    let applies = self.f.store.candidates(&ids)?;
                    pairs = applies
                        .iter()
                        .filter(|c| applies::assign(&c.facts).is_ok())
                        .map(|c| (c.id, c.version))
                        .collect();
                }
                let undo = self.store().assign(&pairs, &plan, today)?;
                self.keep(undo);
                Ok(())
            }
            Step::Receive { item } => {
                let item = self.item(item);
                let Some((a, _)) =
                    self.assignment(item, true, Some(false)).or(self.assignment(item, false, Some(false)))
                else {
                    return Ok(());
                };
                let v = self.version(item);
                self.store().receive(a, v, today)
            }
            Step::CoOpinion { item } => {
                let item = self.item(item);
                let Some((a, _)) = self.assignment(item, false, None) else { return Ok(()) };
                let v = self.version(item);
                self.store().record_co_opinion(a, v, today, "", "同意").map(drop)
            }
            Step::Reply { item, class, commitment, override_opinions } => {
                let item = self.item(item);
                let Some((a, unit)) = self.assignment(item, true, Some(true)) else { return Ok(()) };
                let doc = self.f.store.next_doc_number(&unit, banli::domain::Kind::Proposal, 2026, false)?;
                let class = ["A", "B", "C", "D"][class].to_string();
                let commitments =
                    if commitment { vec![("完成改造".to_string(), today + Days::new(30))] } else { vec![] };
                let r = NewReply {
                    on: today,
                    doc_number: doc,
                    signer: "张局长".into(),
                    result_class: class,
                    disclosure: Disclosure::Public,
                    consent: true,
                    text: "答复正文".into(),
                    commitments,
                };
                let v = self.version(item);
                let why = override_opinions.then_some("会办单位意见已电话沟通");
                self.store().record_reply(a, v, &r, why).map(drop)
            }
            Step::Review { item, approve } => {
                let item = self.item(item);
                let pending: Option<i64> = self
                    .conn
                    .query_row(
                        "SELECT r.id FROM reply r JOIN assignment a ON a.id = r.assignment_id
                         WHERE a.item_id = ?1 AND r.review = 'pending' ORDER BY r.id LIMIT 1",
                        [item],
                        |r| r.get(0),
                    )
                    .ok();
                let Some(reply) = pending else { return Ok(()) };
                let v = self.version(item);
                self.store().review_reply(reply, v, approve, if approve { "" } else { "答复过于笼统" }, today)
            }
            Step::Feedback { item, proposer, level } => {
                let item = self.item(item);
                let person: Option<i64> = self
                    .conn
                    .query_row(
                        "SELECT person_id FROM item_proposer WHERE item_id = ?1 ORDER BY position LIMIT 1 OFFSET ?2",
                        rusqlite::params![item, proposer as i64],
                        |r| r.get(0),
                    )
                    .ok();
                let level = [Satisfaction::Satisfied, Satisfaction::Basic, Satisfaction::Unsatisfied][level];
                let v = self.version(item);
                self.store().record_feedback(item, v, person, level, today, "").map(drop)
            }
            Step::Close { marked } => {
                let pairs = self.with_versions(&self.marked(marked));
                self.store().close_many(&pairs, today).map(drop)
            }
            Step::Reopen { item } => {
                let item = self.item(item);
                let v = self.version(item);
                self.store().reopen_entry(item, v, "群众反映问题未解决", today)
            }
            Step::Commitment { item, done } => {
                let item = self.item(item);
                let open: Option<i64> = self
                    .conn
                    .query_row(
                        "SELECT id FROM commitment WHERE item_id = ?1 AND done_on IS NULL AND carried = FALSE ORDER BY id LIMIT 1",
                        [item],
                        |r| r.get(0),
                    )
                    .ok();
                let Some(c) = open else { return Ok(()) };
                let v = self.version(item);
                if done {
                    self.store().commitment_done(c, v, today)
                } else {
                    self.store().carry_commitment(c, v)
                }
            }
            Step::Withdraw { item } => {
                let item = self.item(item);
                let v = self.version(item);
                let undo = self.store().withdraw(item, v, today, "提出人申请撤回")?;
                self.keep(undo);
                Ok(())
            }
            Step::Undo => {
                let Some(undo) = self.undo.clone() else {
                    return Err(StoreError::rule("没有可撤销的上一步", "nothing to undo"));
                };
                self.store().undo(&undo)?;
                self.undo = None;
                Ok(())
            }
            Step::Wait { days } => {
                let later = today + Days::new(days as u64);
                self.store().set_today(later);
                Ok(())
            }
        }
    }

    /// What a refused action must leave as it was.
    fn digest(&self) -> Vec<i64> {
        [
            "SELECT count(*) FROM audit_log",
            "SELECT coalesce(sum(version), 0) FROM item",
            "SELECT count(*) FROM assignment WHERE ended_on IS NULL",
            "SELECT count(*) FROM reply",
            "SELECT count(*) FROM review",
            "SELECT count(*) FROM feedback",
            "SELECT count(*) FROM closure WHERE reopened_on IS NULL",
            "SELECT count(*) FROM second_round WHERE closed_on IS NULL",
            "SELECT count(*) FROM commitment WHERE done_on IS NULL AND carried = FALSE",
        ]
        .iter()
        .map(|sql| self.conn.query_row(sql, [], |r| r.get(0)).unwrap())
        .collect()
    }

    /// Active assignments that carry a standing (pending or approved) reply.
    fn replied_assignments(&self) -> BTreeSet<i64> {
        let mut st = self
            .conn
            .prepare(
                "SELECT DISTINCT a.id FROM assignment a JOIN reply r ON r.assignment_id = a.id
                 WHERE a.ended_on IS NULL AND r.review IN ('pending', 'approved')",
            )
            .unwrap();
        let rows = st.query_map([], |r| r.get(0)).unwrap();
        rows.map(|r| r.unwrap()).collect()
    }

    fn check_invariants(&self) {
        // One lead, or split units; never both.
        let mut st = self
            .conn
            .prepare(
                "SELECT item_id, count(*) FILTER (WHERE role = 'lead'), count(*) FILTER (WHERE role = 'split') FROM assignment
                 WHERE ended_on IS NULL GROUP BY item_id",
            )
            .unwrap();
        let rows: Vec<(i64, i64, i64)> =
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(|r| r.unwrap()).collect();
        for (item, lead, split) in rows {
            assert!(lead <= 1, "item {item}: {lead} active lead units");
            assert!(lead == 0 || split == 0, "item {item}: a lead and {split} split units");
        }
        // Closed exactly when a closure stands.
        let mismatched: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM item i WHERE (i.status = 'closed') !=
                   EXISTS (SELECT 1 FROM closure c WHERE c.item_id = i.id AND c.reopened_on IS NULL)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(mismatched, 0, "items whose status disagrees with their closures");
        // Nothing that happened is dated after today.
        let today = self.f.store.today().format("%Y-%m-%d").to_string();
        for (table, col) in [
            ("assignment", "received_on"),
            ("reply", "replied_on"),
            ("review", "reviewed_on"),
            ("feedback", "received_on"),
            ("closure", "closed_on"),
            ("commitment", "done_on"),
        ] {
            let late: i64 = self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table} WHERE {col} > ?1"), [&today], |r| r.get(0))
                .unwrap();
            assert_eq!(late, 0, "{table}.{col} after today {today}");
        }
        // The audit chain holds.
        let verified = self.f.store.verify_audit().unwrap();
        assert!(verified.is_ok(), "audit chain broken: {:?}", verified.err());
        figures_agree(&self.f.store);
    }
}

fn unit_role(unit_id: i64, role: Role) -> UnitRole {
    UnitRole { unit_id, role, deadline_override: None }
}

/// The same figures wherever they are shown: the dashboard's "all meetings" column, the
/// report's figures, its paragraph and its 合计 row, the statistics export, and the ranking
/// beside the export's per-unit table.
fn figures_agree(s: &Store) {
    let dash = s.dashboard(s.data.rules.due_soon_days).unwrap();
    let f = s.figures(None).unwrap();
    assert_eq!(dash.scopes[0].figures, f, "dashboard and report figures differ");

    let rep = report::build(s, None, Lang::Zh).unwrap();
    let text = rep.paragraphs.join("");
    if let Some(total) = rep.rows.last().filter(|r| r[0] == "合计") {
        for label in ["按时答复率", "面复率", "满意率"] {
            if let Some(col) = rep.header.iter().position(|h| h == label) {
                if text.contains(label) {
                    assert_eq!(total[col], rate_after(&text, label), "{label}: paragraph vs 合计 row\n{text}");
                }
            }
        }
    }

    let t = tables(s, What::Stats, None, Lang::Zh).unwrap();
    let col = |name: &str| t[0].header.iter().position(|h| h == name).unwrap();
    let all = &t[0].rows[0];
    assert_eq!(all[col("件数")], Val::Int(f.items as _), "export 件数");
    assert_eq!(all[col("逾期未答复")], Val::Int(f.overdue as _), "export 逾期未答复");
    assert_eq!(all[col("按时答复率")], Val::Percent(f.on_time_rate().tenths()), "export 按时答复率");
    assert_eq!(all[col("满意率")], Val::Percent(f.satisfaction_rate().tenths()), "export 满意率");

    let units = &t[1];
    let ucol = |name: &str| units.header.iter().position(|h| h == name).unwrap();
    for r in s.ranking().unwrap() {
        let row = units.rows.iter().find(|u| matches!(&u[0], Val::Text(n) if *n == r.name)).unwrap();
        assert_eq!(row[ucol("按时答复率")], Val::Percent(r.on_time_rate().tenths()), "ranking vs export: {}", r.name);
        assert_eq!(row[ucol("逾期未答复(个次)")], Val::Int(r.overdue as _), "ranking vs export: {}", r.name);
    }
}

/// The rate a paragraph gives right after `label`, e.g. "按时答复率" → "75.1%".
fn rate_after(text: &str, label: &str) -> String {
    let at = text.find(label).unwrap() + label.len();
    text[at..].chars().take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '%' | '—')).collect()
}

/// A refusal a clerk can read: never a database error.
fn is_clerks_refusal(e: &StoreError) -> bool {
    !matches!(e, StoreError::Db(_) | StoreError::Io(_) | StoreError::NotBanli | StoreError::NewerSchema(_))
}

struct Sut;

impl StateMachineTest for Sut {
    type SystemUnderTest = Ledger;
    type Reference = Model;

    fn init_test(model: &Model) -> Ledger {
        let f = fixture(model.items);
        let conn = common::raw(&f.path);
        let l = Ledger { f, conn, undo: None };
        l.check_invariants();
        l
    }

    fn apply(mut l: Ledger, _: &Model, step: Step) -> Ledger {
        let before = l.digest();
        let replied = l.replied_assignments();
        let outcome = l.apply(&step);
        if std::env::var("BANLI_MODEL_TRACE").is_ok() {
            eprintln!("{step:?} -> {:?}", outcome.as_ref().map_err(|e| e.message(Lang::En)));
        }
        match outcome {
            Ok(()) => {}
            Err(e) => {
                assert!(is_clerks_refusal(&e), "{step:?}: {e:?}");
                assert_eq!(l.digest(), before, "{step:?} was refused ({e:?}) but changed the ledger");
            }
        }
        let still = l.replied_assignments();
        let ended: i64 = replied
            .difference(&still)
            .filter(|a| {
                l.conn
                    .query_row("SELECT ended_on IS NOT NULL FROM assignment WHERE id = ?1", [**a], |r| {
                        r.get::<_, bool>(0)
                    })
                    .unwrap()
            })
            .count() as i64;
        // A withdrawal (撤回) takes the whole item out of handling; nothing else may end
        // an assignment whose reply stands.
        if !matches!(step, Step::Withdraw { .. }) {
            assert_eq!(ended, 0, "{step:?} ended an assignment that had a standing reply");
        }
        l.check_invariants();
        STEPS.fetch_add(1, Ordering::Relaxed);
        l
    }
}

static STEPS: AtomicU64 = AtomicU64::new(0);

fn scale() -> u32 {
    std::env::var("BANLI_FUZZ_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1)
}

#[test]
fn clerk_actions_keep_the_ledger_whole() {
    let config = Config { cases: 40 * scale(), max_shrink_iters: 1000, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config.clone());
    let sequences = AtomicU64::new(0);
    let result = runner.run(&Model::sequential_strategy(1..60), |(initial, steps, seen)| {
        sequences.fetch_add(1, Ordering::Relaxed);
        Sut::test_sequential(config.clone(), initial, steps, seen);
        Ok(())
    });
    eprintln!(
        "model: {} sequences, {} clerk actions checked",
        sequences.load(Ordering::Relaxed),
        STEPS.load(Ordering::Relaxed)
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// The defect of issue 13: batch assignment of a selection that mixes an item whose reply
/// was approved with an unassigned one must leave the replied item's lead in place: the
/// store refuses the mixed selection whole, and the form's selection (the rows the rule lets
/// through) assigns the unassigned item only.
#[test]
fn batch_assignment_leaves_work_under_way_alone() {
    let model = Model { items: 2 };
    let mut l = Sut::init_test(&model);
    for step in [
        Step::Assign { marked: 1, plan: 0, as_the_form_does: false },
        Step::Receive { item: 0 },
        Step::Reply { item: 0, class: 0, commitment: false, override_opinions: true },
        Step::Review { item: 0, approve: true },
        Step::Assign { marked: 3, plan: 2, as_the_form_does: false },
        Step::Assign { marked: 3, plan: 2, as_the_form_does: true },
    ] {
        l = Sut::apply(l, &model, step);
    }
    let leads: i64 = l
        .conn
        .query_row("SELECT count(*) FROM assignment WHERE role = 'split' AND ended_on IS NULL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(leads, 2, "the unassigned item got its two split units");
}
