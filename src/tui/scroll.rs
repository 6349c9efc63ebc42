//! Scroll arithmetic for lists taller than their pane: pure, shared by the
//! update (which keeps the selection in view) and the views.

/// First visible row so that the selection stays in view, centred once past
/// half a screen: stateless, so the same state always draws the same screen.
pub fn scroll_offset(selected: usize, rows: usize, height: usize) -> usize {
    if height == 0 || rows <= height {
        return 0;
    }
    selected.saturating_sub(height / 2).min(rows - height)
}

/// How far the tree scrolls when the selection steps past an edge: half a
/// screen, so that the next moves redraw two rows each rather than the whole
/// tree every time (vim's `scrolljump` and mutt's paged menus do the same,
/// for slow links).
fn jump(height: usize) -> usize {
    (height / 2).max(1)
}

/// First visible row when the previous one was `offset`: unchanged while
/// the selection is in view, so that a move redraws two rows, not the whole
/// tree; moved by half a screen (or as much as shows the selection) when it
/// steps past an edge; centred on it after a jump of more than a screen.
pub fn follow(offset: usize, selected: usize, rows: usize, height: usize) -> usize {
    if height == 0 || rows <= height {
        return 0;
    }
    let last = rows - height;
    let offset = offset.min(last);
    if selected + height < offset || selected >= offset + 2 * height {
        scroll_offset(selected, rows, height)
    } else if selected < offset {
        selected.min(offset.saturating_sub(jump(height)))
    } else if selected >= offset + height {
        (selected + 1 - height).max(offset + jump(height)).min(last)
    } else {
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selection_stays_visible() {
        assert_eq!(scroll_offset(0, 100, 10), 0);
        assert_eq!(scroll_offset(4, 100, 10), 0);
        assert_eq!(scroll_offset(50, 100, 10), 45);
        assert_eq!(scroll_offset(99, 100, 10), 90);
        assert_eq!(scroll_offset(3, 5, 10), 0);
        assert_eq!(scroll_offset(3, 5, 0), 0);
    }

    #[test]
    fn the_tree_scrolls_only_past_its_edges() {
        // Within the window: nothing moves.
        assert_eq!(follow(20, 20, 100, 10), 20);
        assert_eq!(follow(20, 29, 100, 10), 20);
        // One step past an edge: half a screen.
        assert_eq!(follow(20, 30, 100, 10), 25);
        assert_eq!(follow(20, 19, 100, 10), 15);
        // Further past an edge: as much as shows the selection.
        assert_eq!(follow(20, 39, 100, 10), 30);
        assert_eq!(follow(20, 10, 100, 10), 10);
        // A jump: centred.
        assert_eq!(follow(20, 70, 100, 10), 65);
        assert_eq!(follow(50, 2, 100, 10), 0);
        // Clamped at both ends; a short tree never scrolls.
        assert_eq!(follow(88, 98, 100, 10), 90);
        assert_eq!(follow(3, 2, 100, 10), 0);
        assert_eq!(follow(95, 99, 100, 10), 90);
        assert_eq!(follow(7, 3, 5, 10), 0);
        assert_eq!(follow(7, 3, 50, 0), 0);
    }
}
