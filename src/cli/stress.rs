//! Hidden commands for the fault tests (`tests/faults.rs`): many processes editing the same
//! items, and batch actions to kill mid-way. They use the same store calls as the TUI.
use crate::domain::{ContactMethod, ContactStage, Role};
use crate::store::handling::assign::UnitRole;
use crate::store::handling::contact::NewContact;
use crate::store::ledger::LedgerFilter;
use crate::store::{Store, StoreError};

/// What a stress run counted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    pub ok: u64,
    pub conflict: u64,
    pub busy: u64,
}

/// `edits` contact logs on the first `items` items, each read-then-save like a clerk's form,
/// with a small pause between the read and the save so that processes collide.
pub fn edit(store: &mut Store, items: usize, edits: u64, seed: u64) -> Result<Counts, StoreError> {
    let ids: Vec<(i64, i64)> = {
        let all = store.ledger(&LedgerFilter { include_closed: true, ..Default::default() }, Default::default())?;
        all.iter().take(items).map(|r| (r.id, r.version)).collect()
    };
    let mut rng = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut c = Counts::default();
    let on = store.today();
    for n in 0..edits {
        let (id, _) = ids[(next() % ids.len() as u64) as usize];
        let version = store.item_detail_version(id)?;
        // A clerk's form stays open between the read and the save; a short pause lets other
        // processes save the same item meanwhile.
        std::thread::sleep(std::time::Duration::from_micros(next() % 300));
        let contact = NewContact {
            unit_id: None,
            stage: ContactStage::During,
            method: ContactMethod::Phone,
            on,
            participants: format!("stress-{seed}"),
            notes: format!("{seed}-{n}"),
        };
        match store.log_contact(id, version, &contact) {
            Ok(_) => c.ok += 1,
            Err(StoreError::Conflict { .. }) => c.conflict += 1,
            Err(StoreError::Busy) => c.busy += 1,
            Err(e) => return Err(e),
        }
    }
    Ok(c)
}

/// Assigns every unassigned filed item to the first unit as lead, in one transaction.
pub fn assign_all(store: &mut Store) -> Result<usize, StoreError> {
    let rows = store.ledger(
        &LedgerFilter { status: Some(crate::domain::Status::Unassigned), ..Default::default() },
        Default::default(),
    )?;
    let unit = store.units()?.first().map(|u| u.id).ok_or(StoreError::NotFound { entity: "unit", id: 0 })?;
    let sel: Vec<(i64, i64)> = rows.iter().map(|r| (r.id, r.version)).collect();
    let plan = [UnitRole { unit_id: unit, role: Role::Lead, deadline_override: None }];
    let today = store.today();
    store.assign(&sel, &plan, today).map(|undo| undo.items.len())
}

/// Closes every open entry that qualifies, in one transaction.
pub fn close_all(store: &mut Store) -> Result<usize, StoreError> {
    let rows = store.ledger(&LedgerFilter::default(), Default::default())?;
    let sel: Vec<(i64, i64)> = rows.iter().map(|r| (r.id, r.version)).collect();
    let today = store.today();
    Ok(store.close_many(&sel, today)?.closed.len())
}

/// Runs one hidden stress command.
pub(super) fn run(cli: &super::Cli, cmd: &super::StressCommand) -> anyhow::Result<()> {
    let mut store = super::open_existing(cli, &super::db_path(cli))?;
    let msg = |e: crate::store::StoreError| anyhow::anyhow!("{}", e.message(cli.lang));
    match cmd {
        super::StressCommand::Edit { items, edits, seed } => {
            let c = edit(&mut store, *items, *edits, *seed).map_err(msg)?;
            println!("{}", serde_json::to_string(&c)?);
        }
        super::StressCommand::AssignAll => println!("{}", assign_all(&mut store).map_err(msg)?),
        super::StressCommand::CloseAll => println!("{}", close_all(&mut store).map_err(msg)?),
    }
    Ok(())
}
