//! The item rows `banli search` scores, read into one buffer per stretch of ids, and the
//! same buffers kept packed in the `search_pack` table, 1,024 ids to a row (migration 009).
//!
//! Reading 10k item rows one by one out of SQLite took most of a 10 ms `banli search`;
//! one pack is one blob. A pack is derived data: the triggers of migration 009 drop it when
//! an item of its ids is added, changed in a field read here, or removed, and the next
//! search of someone who may write packs it again, inside a write transaction (the rows
//! read there are the committed ones). A pack that cannot be read is ignored.
//!
//! A pack is scored where SQLite holds its blob ([`with_pack`], [`View`]): checked once,
//! its rows read off the bytes as they are scored; only a pack read ahead (kept until the
//! names are scored) is copied.
use super::db::Db;
use super::Result;
use crate::search::stream::RowBits;
use rusqlite::params;

/// Ids per pack, as a shift: pack `k` holds the items with `id >> PACK_SHIFT == k`.
pub(super) const PACK_SHIFT: u32 = 10;

/// Packs written by one search at most (the first search of a 1M ledger would otherwise
/// write them all: 200 MB).
pub(super) const PACKS_PER_SEARCH: usize = 64;

/// The pack layout's version (its first byte): a pack of another layout is ignored, as is
/// one whose bits were made by other functions ([`RowBits::stamp`], the next 8 bytes).
const LAYOUT: u8 = 2;

/// Bytes before the entries: layout, stamp, row count.
const HEAD: usize = 1 + 8 + 4;

/// Bytes of one row's entry: id, meeting id, where its four fields end in the text, and
/// its bits (characters, key letters, digits).
const ENTRY: usize = 8 + 8 + 4 * 4 + 16 + 8 + 8;

const ITEM_ROWS: &str =
    "SELECT id, number_key, title, meeting_id, topic, search_keys FROM item WHERE id >= ?1 AND id < ?2";

/// Item rows read: their number key, title, topic and stored keys, one after the other in
/// one buffer (checked as UTF-8 when scored).
#[derive(Default)]
pub(super) struct Rows {
    pub text: Vec<u8>,
    pub rows: Vec<RowAt>,
}

/// One row: where its number key, title, topic and stored keys end in the buffer, and its
/// bits when they were kept (a pack's rows).
#[derive(Clone, Copy)]
pub(super) struct RowAt {
    pub id: i64,
    pub meeting_id: i64,
    pub ends: [usize; 4],
    pub bits: Option<RowBits>,
}

/// Reads the item rows of `from <= id < to` (their stored keys only when `keys`); `None`
/// when `wanted` says stop (asked every `check_every` rows).
pub(super) fn read_rows(
    c: &Db,
    (from, to): (i64, i64),
    keys: bool,
    check_every: usize,
    wanted: impl Fn() -> bool,
) -> Result<Option<Rows>> {
    let mut out = Rows::default();
    let mut st = c.prepare_cached(ITEM_ROWS)?;
    let mut rows = st.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        let r = &r;
        let mut ends = [0; 4];
        for (end, col) in ends.iter_mut().zip([1, 2, 4, 5]) {
            if col != 5 || keys {
                out.text.extend_from_slice(r.text_bytes(col)?);
            }
            *end = out.text.len();
        }
        out.rows.push(RowAt { id: r.get(0)?, meeting_id: r.get(3)?, ends, bits: None });
        if out.rows.len() % check_every == 0 && !wanted() {
            return Ok(None);
        }
    }
    Ok(Some(out))
}

/// Rows to score, as read from the table or as a pack holds them.
#[derive(Clone, Copy)]
pub(super) enum View<'a> {
    Table(&'a Rows),
    Pack(PackRows<'a>),
}

impl<'a> View<'a> {
    /// The rows' text, one field after the other.
    pub fn text(self) -> &'a [u8] {
        match self {
            View::Table(r) => &r.text,
            View::Pack(p) => p.text,
        }
    }

    pub fn len(self) -> usize {
        match self {
            View::Table(r) => r.rows.len(),
            View::Pack(p) => p.n,
        }
    }

    /// Row `i` (below [`View::len`]).
    pub fn row(self, i: usize) -> Option<RowAt> {
        match self {
            View::Table(r) => r.rows.get(i).copied(),
            View::Pack(p) => p.row(i),
        }
    }
}

impl Rows {
    pub fn view(&self) -> View<'_> {
        View::Table(self)
    }
}

/// Runs `f` on pack `k`'s rows where SQLite holds them (no copy), if the pack is there and
/// readable (an old schema has no pack table).
pub(super) fn with_pack<T>(c: &Db, k: i64, f: impl FnOnce(PackRows<'_>) -> T) -> Option<T> {
    let mut st = c.prepare_cached("SELECT rows FROM search_pack WHERE chunk = ?1").ok()?;
    let mut rows = st.query([k]).ok()?;
    let row = rows.next().ok()??;
    match row.get_ref(0).ok()? {
        rusqlite::types::ValueRef::Blob(b) => PackRows::parse(b).map(f),
        _ => None,
    }
}

/// A pack's rows, borrowed from its blob.
#[derive(Clone, Copy)]
pub(super) struct PackRows<'a> {
    /// The whole pack (kept to copy it).
    blob: &'a [u8],
    n: usize,
    text: &'a [u8],
}

impl<'a> PackRows<'a> {
    /// The rows of a well-formed pack of this layout and stamp (every row's ends are checked
    /// here: in order, within the text); `None` for anything else.
    fn parse(b: &'a [u8]) -> Option<PackRows<'a>> {
        if *b.first()? != LAYOUT || le(b, 1, 8)? as u64 != RowBits::stamp() {
            return None;
        }
        let n = le(b, 9, 4)? as usize;
        let text_len = b.len().checked_sub(n.checked_mul(ENTRY)?.checked_add(HEAD)?)?;
        let mut last = 0;
        for i in 0..n {
            for end in ends(b, HEAD + i * ENTRY)? {
                if end < last || end > text_len {
                    return None;
                }
                last = end;
            }
        }
        Some(PackRows::of(b, n))
    }

    /// The rows of `blob`, whose `n` entries [`PackRows::parse`] checked.
    fn of(blob: &'a [u8], n: usize) -> PackRows<'a> {
        PackRows { blob, n, text: blob.get(HEAD + n * ENTRY..).unwrap_or_default() }
    }

    pub fn len(&self) -> usize {
        self.n
    }

    /// Row `i`.
    fn row(&self, i: usize) -> Option<RowAt> {
        let b = self.blob;
        let at = HEAD + i.checked_mul(ENTRY)?;
        let bits =
            RowBits { chars: le(b, at + 32, 16)?, key: le(b, at + 48, 8)? as u64, digits: le(b, at + 56, 8)? as u64 };
        Some(RowAt {
            id: le(b, at, 8)? as u64 as i64,
            meeting_id: le(b, at + 8, 8)? as u64 as i64,
            ends: ends(b, at)?,
            bits: Some(bits),
        })
    }

    /// The pack, copied (rows read ahead, to be scored later).
    pub fn to_owned(self) -> Packed {
        Packed { blob: self.blob.to_vec(), n: self.n }
    }
}

/// A pack's blob, copied once it parsed.
pub(super) struct Packed {
    blob: Vec<u8>,
    n: usize,
}

impl Packed {
    pub fn view(&self) -> View<'_> {
        View::Pack(PackRows::of(&self.blob, self.n))
    }
}

/// Where the fields of the row whose entry is at `at` end in the text.
fn ends(b: &[u8], at: usize) -> Option<[usize; 4]> {
    let mut ends = [0; 4];
    for (j, end) in ends.iter_mut().enumerate() {
        *end = le(b, at + 16 + 4 * j, 4)? as usize;
    }
    Some(ends)
}

/// The `n`-byte little-endian number at `at` in `b` (`n` up to 16).
fn le(b: &[u8], at: usize, n: usize) -> Option<u128> {
    let mut v = [0u8; 16];
    v[..n].copy_from_slice(b.get(at..at.checked_add(n)?)?);
    Some(u128::from_le_bytes(v))
}

/// Packs `chunks` again from the item table, in one write transaction, when nobody else is
/// writing (else nothing: the next search tries again). Returns how many were written.
pub(super) fn write_packs(c: &mut Db, chunks: &[i64]) -> Result<usize> {
    if chunks.is_empty() {
        return Ok(0);
    }
    let Some(conn) = c.sqlite() else { return Ok(0) };
    conn.busy_timeout(std::time::Duration::ZERO)?;
    let written = (|| -> Result<usize> {
        let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
        let mut put = tx.prepare("INSERT OR REPLACE INTO search_pack (chunk, rows) VALUES (?1, ?2)")?;
        for &k in chunks.iter().take(PACKS_PER_SEARCH) {
            let ids = (k << PACK_SHIFT, (k + 1) << PACK_SHIFT);
            // Text that is not UTF-8 is no pack (the search says so from the table).
            if let Some(blob) = read_rows(c, ids, true, usize::MAX, || true)?.as_ref().and_then(encode) {
                put.execute(params![k, blob])?;
            }
        }
        drop(put);
        tx.commit()?;
        Ok(chunks.len().min(PACKS_PER_SEARCH))
    })();
    if let Some(conn) = c.sqlite_mut() {
        super::wait_for_locks(conn)?;
    }
    written
}

/// The pack of `rows` (read with their stored keys), with each row's bits; `None` when
/// their text is not UTF-8.
fn encode(rows: &Rows) -> Option<Vec<u8>> {
    let text = simdutf8::basic::from_utf8(&rows.text).ok()?;
    let mut out = Vec::with_capacity(HEAD + rows.rows.len() * ENTRY + rows.text.len());
    out.push(LAYOUT);
    out.extend_from_slice(&RowBits::stamp().to_le_bytes());
    out.extend_from_slice(&(rows.rows.len() as u32).to_le_bytes());
    for r in &rows.rows {
        let [_, title, topic, keys] = r.ends;
        let bits = RowBits::of(text.get(r.ends[0]..title)?, text.get(topic..keys)?);
        out.extend_from_slice(&r.id.to_le_bytes());
        out.extend_from_slice(&r.meeting_id.to_le_bytes());
        for e in r.ends {
            out.extend_from_slice(&(e as u32).to_le_bytes());
        }
        out.extend_from_slice(&bits.chars.to_le_bytes());
        out.extend_from_slice(&bits.key.to_le_bytes());
        out.extend_from_slice(&bits.digits.to_le_bytes());
    }
    out.extend_from_slice(&rows.text);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Rows {
        let mut r = Rows::default();
        for (id, fields) in [(7, ["1", "老旧小区", "住房", "k:LaoJiu"]), (9, ["2", "营商环境25", "", ""])] {
            let mut ends = [0; 4];
            for (end, f) in ends.iter_mut().zip(fields) {
                r.text.extend_from_slice(f.as_bytes());
                *end = r.text.len();
            }
            r.rows.push(RowAt { id, meeting_id: 1, ends, bits: None });
        }
        r
    }

    #[test]
    fn a_pack_reads_back_as_written_with_the_rows_bits_and_anything_else_is_refused() {
        let r = rows();
        let b = encode(&r).expect("UTF-8");
        let decode = |b: &[u8]| PackRows::parse(b).map(|p| p.to_owned());
        let back = decode(&b).expect("a pack");
        let back = back.view();
        assert_eq!(back.text(), r.text);
        let all = |v: View<'_>| (0..v.len()).map(|i| v.row(i).expect("a row")).collect::<Vec<_>>();
        let shape = |v: View<'_>| all(v).iter().map(|x| (x.id, x.meeting_id, x.ends)).collect::<Vec<_>>();
        assert_eq!(shape(back), shape(r.view()));
        let bits: Vec<_> = all(back).iter().map(|x| x.bits).collect();
        assert_eq!(bits, vec![Some(RowBits::of("老旧小区", "k:LaoJiu")), Some(RowBits::of("营商环境25", ""))]);
        // Cut short, another layout or stamp, an end past the text, ends going back: refused.
        assert!(decode(&b[..b.len() - 30]).is_none());
        assert!(decode(&[]).is_none());
        for at in [0, 1] {
            let mut other = b.clone();
            other[at] ^= 0x40;
            assert!(decode(&other).is_none(), "byte {at}");
        }
        let mut past = b.clone();
        past[HEAD + 16..HEAD + 20].copy_from_slice(&10_000u32.to_le_bytes());
        assert!(decode(&past).is_none());
        let mut back_again = b.clone();
        back_again[HEAD + 20..HEAD + 24].copy_from_slice(&0u32.to_le_bytes());
        assert!(decode(&back_again).is_none());
        // Text that is not UTF-8 is not packed.
        let mut bad = rows();
        bad.text[3] = 0xff;
        assert!(encode(&bad).is_none());
    }
}
