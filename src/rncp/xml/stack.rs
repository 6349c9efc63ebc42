//! The names of the open elements, in one reused buffer.

/// The names of the open elements, in one buffer.
#[derive(Default)]
pub(super) struct Stack {
    names: Vec<u8>,
    starts: Vec<usize>,
}

impl Stack {
    pub(super) fn push(&mut self, name: &[u8]) {
        self.starts.push(self.names.len());
        self.names.extend_from_slice(name);
    }

    pub(super) fn pop(&mut self) {
        if let Some(start) = self.starts.pop() {
            self.names.truncate(start);
        }
    }

    pub(super) fn len(&self) -> usize {
        self.starts.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The name at `index` (0: the root).
    pub(super) fn get(&self, index: usize) -> &[u8] {
        let start = self.starts[index];
        let end = self
            .starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.names.len());
        &self.names[start..end]
    }

    pub(super) fn top(&self) -> Option<&[u8]> {
        (!self.is_empty()).then(|| self.get(self.len() - 1))
    }

    pub(super) fn top_string(&self) -> String {
        String::from_utf8_lossy(self.top().unwrap_or_default()).into_owned()
    }
}
