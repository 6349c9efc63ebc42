//! The entries a token is in, kept small: increasing entry numbers, each
//! written as its distance from the one before in as few bytes as it needs
//! (7 bits a byte). At 10,000 notes a token is in about a hundred entries
//! on average, close to one another: a byte each rather than four, and no
//! capacity left over from growing.

/// Increasing entry numbers, appended in order.
#[derive(Debug, Default)]
pub(super) struct Postings {
    bytes: Vec<u8>,
    /// The last entry appended, to append the next one after it.
    last: Option<u32>,
}

impl Postings {
    /// Appends `entry` unless it is the last one already; entries come in
    /// increasing order (a new entry always has a greater number).
    pub(super) fn push(&mut self, entry: u32) {
        let gap = match self.last {
            Some(last) if entry == last => return,
            Some(last) => {
                debug_assert!(entry > last, "entries are appended in order");
                entry - last
            }
            None => entry,
        };
        self.last = Some(entry);
        let mut rest = gap;
        loop {
            let byte = (rest & 0x7f) as u8;
            rest >>= 7;
            if rest == 0 {
                self.bytes.push(byte);
                return;
            }
            self.bytes.push(byte | 0x80);
        }
    }

    /// Gives back what growing left unused (once the index is built).
    pub(super) fn shrink(&mut self) {
        self.bytes.shrink_to_fit();
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let mut bytes = self.bytes.iter();
        // The first gap is from 0: the first entry itself.
        let mut at = 0u32;
        std::iter::from_fn(move || {
            let mut gap = 0u32;
            let mut shift = 0;
            loop {
                let byte = *bytes.next()?;
                gap |= u32::from(byte & 0x7f) << shift;
                if byte & 0x80 == 0 {
                    break;
                }
                shift += 7;
            }
            at += gap;
            Some(at)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_come_back_in_order_whatever_their_gaps() {
        let entries = [0, 1, 2, 130, 131, 20_000, 2_000_000, u32::MAX - 1, u32::MAX];
        let mut postings = Postings::default();
        for &entry in &entries {
            postings.push(entry);
            postings.push(entry);
        }
        postings.shrink();
        assert_eq!(postings.iter().collect::<Vec<_>>(), entries);
        assert_eq!(Postings::default().iter().count(), 0);
    }

    #[test]
    fn close_entries_take_a_byte_each() {
        let mut postings = Postings::default();
        (10..110).for_each(|entry| postings.push(entry));
        assert_eq!(postings.bytes.len(), 100);
        assert_eq!(
            postings.iter().collect::<Vec<_>>(),
            (10..110).collect::<Vec<_>>()
        );
    }
}
