//! Sizes: how the terminal is split into regions and how many lines each list shows. Both
//! `update` (paging moves by exactly what is on screen) and the views read them; nothing
//! here draws.
use ratatui::layout::Rect;

/// The smallest terminal the screens are drawn in.
pub const MIN_WIDTH: u16 = 60;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 12;

/// The screen's regions: a title line, the main area and a two-line footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Regions {
    pub title: Rect,
    pub main: Rect,
    pub hints: Rect,
    pub status: Rect,
}

/// Splits the terminal into its regions.
pub fn regions(area: Rect) -> Regions {
    let h = area.height;
    let line = |y: u16| Rect { x: area.x, y: area.y + y, width: area.width, height: 1.min(h) };
    Regions {
        title: line(0),
        main: Rect { x: area.x, y: area.y + 1, width: area.width, height: h.saturating_sub(3) },
        hints: line(h.saturating_sub(2)),
        status: line(h.saturating_sub(1)),
    }
}

/// The terminal's area for a size.
pub fn area_of(size: (u16, u16)) -> Rect {
    Rect { x: 0, y: 0, width: size.0, height: size.1 }
}

/// The main area for a terminal of `size`.
pub fn main_of(size: (u16, u16)) -> Rect {
    regions(area_of(size)).main
}

/// Whether the terminal is too small to draw the screens.
pub fn too_small(size: (u16, u16)) -> bool {
    size.0 < MIN_WIDTH || size.1 < MIN_HEIGHT
}

/// How many ledger rows fit on the screen (the table has one header line).
pub fn ledger_page(size: (u16, u16)) -> usize {
    usize::from(main_of(size).height.saturating_sub(1)).max(1)
}

/// Rows of a table on a list screen: the main area less the tab line and the header.
pub fn list_page(size: (u16, u16)) -> usize {
    usize::from(main_of(size).height.saturating_sub(2)).max(1)
}

/// The help overlay's rectangle in a terminal area: below the title line, above the two
/// footer lines (which show help's own hints).
pub fn help_rect(area: Rect) -> Rect {
    let w = area.width.saturating_sub(4).min(110);
    let h = area.height.saturating_sub(3);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + 1.min(area.height), width: w, height: h }
}

/// The inside (columns, rows) of the help overlay in a terminal of `size`.
pub fn help_body(size: (u16, u16)) -> (usize, usize) {
    let r = help_rect(area_of(size));
    (usize::from(r.width.saturating_sub(2)), usize::from(r.height.saturating_sub(2)))
}

/// Whether the search box is tall enough (inside) for a column header line.
pub fn search_has_header(inner_height: u16) -> bool {
    inner_height >= 10
}

/// How many results the search box lists in a terminal of `size` (paging moves by this).
pub fn search_page(size: (u16, u16)) -> usize {
    let inner = main_of(size).height.saturating_sub(2);
    let header = u16::from(search_has_header(inner));
    usize::from(inner.saturating_sub(1 + header)).max(1)
}

/// How many choices a picker lists in a main area `rows` high.
pub fn picker_page(rows: u16) -> usize {
    usize::from(rows.saturating_sub(8)).clamp(3, 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_the_window() {
        assert_eq!(ledger_page((80, 24)), 20, "title, header and two footer lines");
        assert_eq!(list_page((80, 24)), 19);
        assert_eq!(ledger_page((60, 3)), 1, "never zero");
        assert!(too_small((59, 20)) && too_small((80, 11)) && !too_small((60, 12)));
        assert_eq!(help_body((80, 24)), (74, 19));
        assert_eq!(picker_page(21), 13);
        assert_eq!(search_page((80, 24)), 17);
    }
}
