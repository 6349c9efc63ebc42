//! Trees from a flat list whose elements name their parent by a key
//! (Moodle's `Parent ID number`, Mahara's `parentelementid`, CASE's
//! `isChildOf`).

use std::collections::HashMap;

use super::tree::{Node, quoted};

/// An element of a flat list that names its parent by a key.
#[derive(Debug, Clone, Default)]
pub(crate) struct Flat {
    pub node: Node,
    /// What children call it (`ID number`, `elementid`, `identifier`).
    pub key: Option<String>,
    /// The key of its parent; `None`: a root.
    pub parent: Option<String>,
    /// Tried when `parent` names nothing (Mahara: the element's standard).
    pub fallback: Option<String>,
    /// Order among siblings (CASE's `sequenceNumber`); file order after.
    pub rank: Option<i64>,
    /// How a warning names it: `ligne 12 (« Titre »)`.
    pub place: String,
}

/// Where an element goes whose parent is absent, itself, or in a loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Orphans {
    /// At the top: it becomes a bloc.
    Top,
    /// Under the root holding the element just before it in the file,
    /// for files listed depth first (as Moodle exports them).
    WhereTheyAppear,
}

/// Deeper elements are raised to this level, so that no walk recurses far.
pub(super) const MAX_DEPTH: usize = 32;
/// A walk up from an element stops after this many steps.
const MAX_WALK: usize = 10_000;

/// The trees of a flat list. A parent key naming several elements means
/// the nearest one before the child (else the first after); an element
/// naming itself means another element with its key, if any. Elements
/// whose parent is absent, themselves, or in a loop (the first of the loop
/// in the file) go where `orphans` says; every such case is reported.
pub(crate) fn link(flat: Vec<Flat>, orphans: Orphans, warnings: &mut Vec<String>) -> Vec<Node> {
    let mut linker = Linker {
        parent: vec![None; flat.len()],
        orphan: vec![None; flat.len()],
    };
    linker.resolve(&flat, warnings);
    linker.break_loops(&flat);
    linker.place_orphans(&flat, orphans, warnings);
    linker.raise_deep(warnings);
    linker.build(flat)
}

struct Linker {
    parent: Vec<Option<usize>>,
    /// Why an element has no parent it can keep.
    orphan: Vec<Option<String>>,
}

/// The nearest of `candidates` (ascending) before `i`, else the first after.
fn nearest(candidates: &[usize], i: usize) -> Option<usize> {
    let at = candidates.partition_point(|&j| j < i);
    match at.checked_sub(1) {
        Some(before) => candidates.get(before).copied(),
        None => candidates.get(at..)?.iter().copied().find(|&j| j != i),
    }
}

impl Linker {
    fn resolve(&mut self, flat: &[Flat], warnings: &mut Vec<String>) {
        // Per key, the elements that have it, those not naming themselves
        // as parent first: they are the ones a child can mean.
        let mut keys: HashMap<&str, (Vec<usize>, Vec<usize>)> = HashMap::new();
        for (i, f) in flat.iter().enumerate() {
            if let Some(key) = f.key.as_deref() {
                let (sane, all) = keys.entry(key).or_default();
                if f.parent.as_deref() != Some(key) {
                    sane.push(i);
                }
                all.push(i);
            }
        }
        let mut ambiguous = Vec::new();
        let find = |key: &str, i| {
            let (sane, all) = keys.get(key)?;
            nearest(sane, i).or_else(|| nearest(all, i))
        };
        for (i, f) in flat.iter().enumerate() {
            let Some(wanted) = f.parent.as_deref() else {
                continue;
            };
            let itself = f.key.as_deref() == Some(wanted);
            let shared = keys.get(wanted).is_some_and(|(_, all)| all.len() > 1);
            if let Some(j) = find(wanted, i) {
                self.parent[i] = Some(j);
                if itself {
                    warnings.push(format!(
                        "{} : se désigne comme son propre parent (« {wanted} ») ; rattachement à \
                         l’autre élément de ce code, {}",
                        f.place, flat[j].place
                    ));
                } else if shared && !ambiguous.contains(&wanted) {
                    ambiguous.push(wanted);
                }
            } else if let Some(j) = f.fallback.as_deref().and_then(|k| find(k, i)) {
                self.parent[i] = Some(j);
                warnings.push(format!(
                    "{} : parent « {wanted} » absent du fichier ; rattachement à {}",
                    f.place, flat[j].place
                ));
            } else if itself {
                self.orphan[i] = Some(format!("se désigne comme son propre parent (« {wanted} »)"));
            } else {
                self.orphan[i] = Some(format!("parent « {wanted} » absent du fichier"));
            }
        }
        if !ambiguous.is_empty() {
            warnings.push(format!(
                "codes parents portés par plusieurs éléments : {} ; chaque enfant est rattaché au \
                 plus proche qui le précède dans le fichier (hors ceux qui se désignent comme leur \
                 propre parent)",
                quoted(&ambiguous)
            ));
        }
    }

    /// Each loop is cut above its first element in the file, which becomes
    /// an orphan: every element is kept.
    fn break_loops(&mut self, flat: &[Flat]) {
        let mut state = vec![0u8; self.parent.len()]; // 0 new, 1 on this walk, 2 done
        for start in 0..self.parent.len() {
            let mut walk = Vec::new();
            let mut current = Some(start);
            while let Some(i) = current {
                if state[i] == 2 {
                    break;
                }
                if state[i] == 1 {
                    let from = walk.iter().position(|&w| w == i).unwrap_or(0);
                    let cycle = &walk[from..];
                    let first = cycle.iter().copied().min().unwrap_or(i);
                    let places: Vec<&str> = cycle.iter().map(|&c| flat[c].place.as_str()).collect();
                    let path = match places.as_slice() {
                        [a, b, .., z] if places.len() > 4 => {
                            format!("{a} → {b} → … → {z} ({} éléments)", places.len())
                        }
                        _ => places.join(" → "),
                    };
                    self.parent[first] = None;
                    self.orphan[first] =
                        Some(format!("boucle de parents : {path} → {}", flat[i].place));
                    break;
                }
                state[i] = 1;
                walk.push(i);
                current = self.parent[i];
            }
            for i in walk {
                state[i] = 2;
            }
        }
    }

    /// Orphans next to each other in the file, with the same reason and
    /// the same place, are reported once.
    fn place_orphans(&mut self, flat: &[Flat], orphans: Orphans, warnings: &mut Vec<String>) {
        let mut runs: Vec<(String, Option<usize>, usize, usize)> = Vec::new();
        for i in 0..self.parent.len() {
            let Some(why) = self.orphan[i].take() else {
                continue;
            };
            let target = match orphans {
                Orphans::Top => None,
                Orphans::WhereTheyAppear => i.checked_sub(1).and_then(|p| self.root_of(p, i)),
            };
            self.parent[i] = target;
            match runs.last_mut() {
                Some((w, t, _, last)) if *w == why && *t == target && *last + 1 == i => *last = i,
                _ => runs.push((why, target, i, i)),
            }
        }
        for (why, target, first, last) in runs {
            let who = match last - first {
                0 => flat[first].place.clone(),
                n => format!(
                    "{} … {} ({} éléments)",
                    flat[first].place,
                    flat[last].place,
                    n + 1
                ),
            };
            warnings.push(match target {
                Some(root) => format!(
                    "{who} : {why} ; rattachement à {}, le premier niveau en cours à cet endroit \
                     du fichier",
                    flat[root].place
                ),
                None => format!("{who} : {why} ; placement au premier niveau"),
            });
        }
    }

    /// The root above `p`; `None` when `i` is on the way (attaching `i`
    /// there would make a loop) or the way is too long.
    fn root_of(&self, p: usize, i: usize) -> Option<usize> {
        let mut current = p;
        for _ in 0..MAX_WALK {
            if current == i {
                return None;
            }
            match self.parent[current] {
                Some(up) => current = up,
                None => return Some(current),
            }
        }
        None
    }

    /// Elements deeper than [`MAX_DEPTH`] are raised to it, under their
    /// ancestor one level up.
    fn raise_deep(&mut self, warnings: &mut Vec<String>) {
        let n = self.parent.len();
        let mut depth: Vec<Option<usize>> = vec![None; n];
        for start in 0..n {
            let mut walk = Vec::new();
            let mut current = Some(start);
            let mut above = 0;
            while let Some(i) = current.filter(|_| walk.len() <= n) {
                if let Some(known) = depth[i] {
                    above = known + 1;
                    break;
                }
                walk.push(i);
                current = self.parent[i];
            }
            for (k, &i) in walk.iter().rev().enumerate() {
                depth[i] = Some(above + k);
            }
        }
        let depth: Vec<usize> = depth.into_iter().map(Option::unwrap_or_default).collect();
        let mut order: Vec<usize> = (0..n).filter(|&i| depth[i] + 1 >= MAX_DEPTH).collect();
        order.sort_by_key(|&i| depth[i]);
        // The ancestor at level MAX_DEPTH - 1 of each deep element.
        let mut anchor: Vec<Option<usize>> = vec![None; n];
        for &i in &order {
            anchor[i] = if depth[i] + 1 == MAX_DEPTH {
                Some(i)
            } else {
                self.parent[i].and_then(|p| anchor[p])
            };
        }
        let deep: Vec<usize> = order
            .into_iter()
            .filter(|&i| depth[i] > MAX_DEPTH)
            .collect();
        for &i in &deep {
            self.parent[i] = anchor[i].or(self.parent[i]);
        }
        if !deep.is_empty() {
            warnings.push(format!(
                "{} éléments à plus de {MAX_DEPTH} niveaux de profondeur : remontés au \
                 {MAX_DEPTH}ᵉ niveau",
                deep.len()
            ));
        }
    }

    fn build(&self, flat: Vec<Flat>) -> Vec<Node> {
        let n = flat.len();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for i in 0..n {
            match self.parent[i] {
                Some(p) => children[p].push(i),
                None => roots.push(i),
            }
        }
        let ranks: Vec<Option<i64>> = flat.iter().map(|f| f.rank).collect();
        let key = |&i: &usize| (ranks[i].is_none(), ranks[i], i);
        roots.sort_by_key(key);
        children.iter_mut().for_each(|c| c.sort_by_key(key));
        let mut slots: Vec<Option<Node>> = flat.into_iter().map(|f| Some(f.node)).collect();
        roots
            .iter()
            .map(|&r| take(r, &mut slots, &children))
            .collect()
    }
}

fn take(i: usize, slots: &mut [Option<Node>], children: &[Vec<usize>]) -> Node {
    let mut node = slots.get_mut(i).and_then(Option::take).unwrap_or_default();
    node.children = children[i]
        .iter()
        .map(|&c| take(c, slots, children))
        .collect();
    node
}
