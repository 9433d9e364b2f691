//! A list field: units (with their roles) or people picked by typing part of a name, a
//! short name or its pinyin (住建, zj, zhujian → 区住房和城乡建设局). Matching is
//! fuzzy-matcher's skim algorithm over the name, the other name and the usual pinyin
//! reading with its initials; a prefix match ranks first. [`rank`] is the one matcher every
//! picker uses: these list fields and the ledger's filter pickers (`m`, `z`, `u`).
use super::field::Opt;
use crate::search::pinyin_keys;
use crate::tui::input::Input;
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

/// How many matches the list shows under the typed text.
pub const SHOWN: usize = 6;

/// Something that can be picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub label: String,
    /// Matched but not shown in the picked row (a unit's full name, a delegation).
    pub also: String,
    /// Lower-case pinyin of label and also, and their initials.
    keys: [String; 4],
}

impl Candidate {
    pub fn new(id: i64, label: String, also: String) -> Candidate {
        let (a, b) = pinyin_keys::primary(&label);
        let (c, d) = pinyin_keys::primary(&also);
        Candidate { id, label, also, keys: [a, b, c, d] }
    }

    /// The best score over the texts; the shown name and its pinyin count more than the
    /// other name, and a run of the typed text more than scattered letters.
    fn score(&self, m: &SkimMatcherV2, q: &str) -> Option<i64> {
        let texts = [
            (self.label.as_str(), 2000),
            (self.keys[0].as_str(), 2000),
            (self.keys[1].as_str(), 2000),
            (self.also.as_str(), 1000),
            (self.keys[2].as_str(), 1000),
            (self.keys[3].as_str(), 1000),
        ];
        let mut best = None;
        for (t, weight) in texts {
            if t.is_empty() {
                continue;
            }
            let mut s = m.fuzzy_match(t, q);
            if let Some(v) = &mut s {
                if t.starts_with(q) {
                    *v += weight + 500;
                } else if let Some(at) = t.find(q) {
                    // The earlier the better: "zj" is 区住建局 (qzjj) before 区财政局 (qczj).
                    *v += weight - (at as i64 * 50).min(weight);
                }
            }
            best = best.max(s);
        }
        best
    }
}

/// One picked row: a known id, or a new person to create with this name (`id` `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picked {
    pub id: Option<i64>,
    pub label: String,
    /// Index into the list's roles (0 when it has none).
    pub role: usize,
}

/// The state of a list field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListField {
    pub candidates: Vec<Candidate>,
    pub picked: Vec<Picked>,
    /// Roles a picked row can take (主办 / 分办 / 会办); empty for people.
    pub roles: Vec<Opt>,
    /// Offer "new: <typed name>" among the matches (people created in place).
    pub allow_new: bool,
    pub query: Input,
    /// The highlighted match while text is typed.
    pub selected: usize,
    /// The highlighted picked row while no text is typed.
    pub row: usize,
}

/// A match shown under the typed text: a candidate, or the typed name as a new entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    Known(usize),
    New(String),
}

impl ListField {
    pub fn new(candidates: Vec<Candidate>, roles: Vec<Opt>, allow_new: bool) -> ListField {
        ListField { candidates, picked: Vec::new(), roles, allow_new, query: Input::default(), selected: 0, row: 0 }
    }

    /// Adds a known candidate as picked (when building an edit form).
    pub fn push(&mut self, id: i64, role: usize) {
        if let Some(c) = self.candidates.iter().find(|c| c.id == id) {
            self.picked.push(Picked { id: Some(id), label: c.label.clone(), role });
        }
    }

    /// The best matches for the typed text, not already picked.
    pub fn matches(&self) -> Vec<Match> {
        let open = self.candidates.iter().enumerate().filter(|(_, c)| !self.picked.iter().any(|p| p.id == Some(c.id)));
        let mut out: Vec<Match> = rank(open, &self.query.value()).into_iter().take(SHOWN).map(Match::Known).collect();
        let typed = self.query.value().trim().to_string();
        // Pinyin (mjx) finds people; only a name typed in characters can be a new person.
        if self.allow_new && is_name(&typed) && !self.candidates.iter().any(|c| c.label == typed) {
            out.push(Match::New(typed));
        }
        out
    }

    pub fn type_text(&mut self, s: &str) {
        self.query.insert(s);
        self.selected = 0;
    }

    /// Deletes a typed character, or with nothing typed the highlighted picked row.
    pub fn backspace(&mut self) {
        if self.query.is_empty() {
            self.remove_current();
        } else {
            self.query.backspace();
            self.selected = 0;
        }
    }

    /// Removes the highlighted picked row.
    pub fn remove_current(&mut self) {
        if self.row < self.picked.len() {
            self.picked.remove(self.row);
            self.row = self.row.min(self.picked.len().saturating_sub(1));
        }
    }

    /// Moves among the matches (text typed) or the picked rows; `false` past either end
    /// of the picked rows, so the focus moves on to the next field.
    pub fn step(&mut self, delta: isize) -> bool {
        if !self.query.is_empty() {
            let n = self.matches().len();
            self.selected = self.selected.saturating_add_signed(delta).min(n.saturating_sub(1));
            return true;
        }
        let next = self.row as isize + delta;
        if next < 0 || next >= self.picked.len() as isize {
            return false;
        }
        self.row = next as usize;
        true
    }

    /// Changes the highlighted picked row's role.
    pub fn cycle_role(&mut self, delta: isize) {
        let n = self.roles.len() as isize;
        if let Some(p) = self.picked.get_mut(self.row).filter(|_| n > 0) {
            p.role = (p.role as isize + delta).rem_euclid(n) as usize;
        }
    }

    /// Picks the highlighted match; `false` when nothing is typed. The first pick takes the
    /// first role (主办), later ones the last (会办).
    pub fn pick(&mut self) -> bool {
        if self.query.is_empty() {
            return false;
        }
        let role = if self.picked.is_empty() { 0 } else { self.roles.len().saturating_sub(1) };
        match self.matches().get(self.selected) {
            Some(Match::Known(i)) => {
                let c = &self.candidates[*i];
                self.picked.push(Picked { id: Some(c.id), label: c.label.clone(), role });
            }
            Some(Match::New(name)) => self.picked.push(Picked { id: None, label: name.clone(), role }),
            None => return true,
        }
        self.query = Input::default();
        self.selected = 0;
        self.row = self.picked.len() - 1;
        true
    }

    /// A picked row's role code.
    pub fn role_code(&self, p: &Picked) -> &str {
        self.roles.get(p.role).map(|o| o.code.as_str()).unwrap_or("")
    }
}

/// The indices of the candidates that match `query` (by name, other name, pinyin or its
/// initials; full-width letters count as half-width), best first; ties keep the given order.
/// Empty when nothing is typed.
pub fn rank<'a>(cands: impl IntoIterator<Item = (usize, &'a Candidate)>, query: &str) -> Vec<usize> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let q: String = q.chars().map(pinyin_keys::half_width).collect();
    let m = SkimMatcherV2::default();
    let mut scored: Vec<(i64, usize)> =
        cands.into_iter().filter_map(|(i, c)| c.score(&m, &q).map(|s| (s, i))).collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}

/// Whether `s` reads as a person's name, or a collective's (民建区委会): two or more Chinese
/// characters, with the middle dot of minority names (阿依古丽·买买提); no punctuation.
fn is_name(s: &str) -> bool {
    let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c);
    s.chars().filter(|c| han(*c)).count() >= 2 && s.chars().all(|c| han(c) || c == '·' || c == '•')
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_a_name_in_characters_can_be_a_new_person() {
        assert!(is_name("赵新民") && is_name("阿依古丽·买买提") && is_name("民建区委会"));
        assert!(!is_name("（测试）") && !is_name("赵") && !is_name("zhao") && !is_name("赵 新民"));
    }

    use super::*;

    fn units() -> ListField {
        let c = |id, l: &str, a: &str| Candidate::new(id, l.into(), a.into());
        ListField::new(
            vec![
                c(1, "区住建局", "区住房和城乡建设局"),
                c(2, "区财政局", "区财政局"),
                c(3, "区教体局", "区教育和体育局"),
                c(4, "区自然资源局", "区自然资源局"),
            ],
            vec![Opt::new("lead", "主办"), Opt::new("split", "分办"), Opt::new("co_handling", "会办")],
            false,
        )
    }

    fn first(l: &mut ListField, q: &str) -> Option<i64> {
        l.query = Input::new(q);
        match l.matches().first() {
            Some(Match::Known(i)) => Some(l.candidates[*i].id),
            _ => None,
        }
    }

    #[test]
    fn units_are_found_by_name_short_name_and_pinyin() {
        let mut l = units();
        assert_eq!(first(&mut l, "住建"), Some(1));
        assert_eq!(first(&mut l, "住房"), Some(1));
        assert_eq!(first(&mut l, "zj"), Some(1));
        assert_eq!(first(&mut l, "zhujian"), Some(1));
        assert_eq!(first(&mut l, "ＣＺ"), Some(2));
        assert_eq!(first(&mut l, "jiaoyu"), Some(3));
    }

    #[test]
    fn picking_gives_lead_then_co_handling_and_roles_cycle() {
        let mut l = units();
        l.type_text("zj");
        assert!(l.pick());
        l.type_text("财政");
        assert!(l.pick());
        assert_eq!(l.picked.iter().map(|p| l.role_code(p)).collect::<Vec<_>>(), ["lead", "co_handling"]);
        // A picked unit is not offered again.
        l.type_text("住建");
        assert!(l.matches().iter().all(|m| *m != Match::Known(0)));
        l.query = Input::default();
        l.row = 1;
        l.cycle_role(1);
        assert_eq!(l.role_code(&l.picked[1]), "lead");
        l.backspace();
        assert_eq!(l.picked.len(), 1);
        assert!(!l.step(1));
    }

    #[test]
    fn people_can_be_new() {
        let mut l = ListField::new(vec![Candidate::new(7, "马均侠".into(), "".into())], vec![], true);
        l.type_text("马均");
        assert_eq!(l.matches(), vec![Match::Known(0), Match::New("马均".into())]);
        l.type_text("平");
        l.step(5);
        l.pick();
        assert_eq!(l.picked[0], Picked { id: None, label: "马均平".into(), role: 0 });
    }
}
