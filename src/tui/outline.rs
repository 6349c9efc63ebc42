//! The visible rows of the référentiel tree, given which branches are open.
//!
//! Under a bloc: its activités and compétences, then the evaluations that
//! carry critères of their own (shared by the compétences they cover). A
//! covered compétence also lists those critères under its own, so that a
//! candidate finds them where they look; the row leads to the same critère.

use std::collections::BTreeSet;

use crate::referentiel::{Activite, Bloc, Certification, Competence, Critere, Modalite};

/// Where a node sits in the certification: indexes, cheap to copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodePath {
    Bloc(usize),
    Activite(usize, usize),
    /// Bloc, activité (if any), index in that activité or in the bloc.
    Competence(usize, Option<usize>, usize),
    Critere(usize, Option<usize>, usize, usize),
    /// Bloc, index of the modalité in the bloc.
    Evaluation(usize, usize),
    /// A critère of an evaluation, under it: bloc, modalité, critère.
    Shared(usize, usize, usize),
    /// The same critère seen under a compétence it covers: the compétence's
    /// place, then the modalité and the critère.
    Covering(usize, Option<usize>, usize, usize, usize),
    /// After the blocs: the work whose node is no longer in the référentiel.
    Orphans,
    /// One such id, by its index in the portfolio's orphans.
    Orphan(usize),
}

/// The id under which the « hors référentiel » branch is kept open; it has
/// a space, so no référentiel id can be equal to it.
pub const ORPHANS_ID: &str = crate::portfolio::ORPHANS;

/// A node resolved against its certification.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    Bloc(&'a Bloc),
    Activite(&'a Activite),
    Competence(&'a Competence),
    Critere(&'a Critere, &'a Competence),
    Evaluation(&'a Modalite),
    /// A critère of an evaluation (wherever the row that shows it is).
    Shared(&'a Critere, &'a Modalite),
    /// The branch of work kept « hors référentiel ».
    Orphans,
    /// The id of work whose node is no longer in the référentiel.
    Orphan(&'a str),
}

impl<'a> Node<'a> {
    pub fn id(&self) -> &'a str {
        match self {
            Node::Bloc(b) => &b.id,
            Node::Activite(a) => &a.id,
            Node::Competence(c) => &c.id,
            Node::Critere(k, _) | Node::Shared(k, _) => &k.id,
            Node::Evaluation(m) => m.id.as_deref().unwrap_or_default(),
            Node::Orphans => ORPHANS_ID,
            Node::Orphan(id) => id,
        }
    }

    /// Its title as the tree shows it after the id (a critère's text).
    pub fn title(&self) -> &'a str {
        match self {
            Node::Bloc(b) => &b.title,
            Node::Activite(a) => &a.title,
            Node::Competence(c) => &c.title,
            Node::Critere(k, _) | Node::Shared(k, _) => &k.text,
            Node::Evaluation(m) => &m.title,
            Node::Orphans => "Hors référentiel : notes gardées d’éléments disparus",
            Node::Orphan(_) => "",
        }
    }

    /// The id evidence attaches to when this node is selected: a critère,
    /// own or shared, or a compétence the source gives no critère.
    pub fn leaf_id(&self) -> Option<&'a str> {
        match self {
            Node::Critere(k, _) | Node::Shared(k, _) => Some(&k.id),
            Node::Competence(c) if c.is_leaf() => Some(&c.id),
            Node::Orphan(id) => Some(id),
            _ => None,
        }
    }
}

impl NodePath {
    /// The bloc the node is in; past the last bloc for the « hors
    /// référentiel » branch.
    pub fn bloc_index(self) -> usize {
        match self {
            NodePath::Orphans | NodePath::Orphan(_) => usize::MAX,
            NodePath::Bloc(b)
            | NodePath::Activite(b, _)
            | NodePath::Competence(b, ..)
            | NodePath::Critere(b, ..)
            | NodePath::Evaluation(b, _)
            | NodePath::Shared(b, ..)
            | NodePath::Covering(b, ..) => b,
        }
    }

    /// The node at this path; `orphans` are the portfolio's ids kept « hors
    /// référentiel » ([`crate::portfolio::Portfolio::orphans`]).
    pub fn resolve<'a>(
        self,
        certification: &'a Certification,
        orphans: &'a [String],
    ) -> Option<Node<'a>> {
        match self {
            NodePath::Orphans => return (!orphans.is_empty()).then_some(Node::Orphans),
            NodePath::Orphan(i) => return orphans.get(i).map(|id| Node::Orphan(id)),
            _ => {}
        }
        let bloc = certification.blocs.get(self.bloc_index())?;
        let competence = |a: Option<usize>, c: usize| match a {
            Some(a) => bloc.activites.get(a)?.competences.get(c),
            None => bloc.competences.get(c),
        };
        Some(match self {
            NodePath::Bloc(_) => Node::Bloc(bloc),
            NodePath::Activite(_, a) => Node::Activite(bloc.activites.get(a)?),
            NodePath::Competence(_, a, c) => Node::Competence(competence(a, c)?),
            NodePath::Critere(_, a, c, k) => {
                let competence = competence(a, c)?;
                Node::Critere(competence.criteres.get(k)?, competence)
            }
            NodePath::Evaluation(_, m) => Node::Evaluation(bloc.modalites.get(m)?),
            NodePath::Shared(_, m, k) | NodePath::Covering(_, _, _, m, k) => {
                let modalite = bloc.modalites.get(m)?;
                Node::Shared(modalite.criteres.get(k)?, modalite)
            }
            NodePath::Orphans | NodePath::Orphan(_) => return None,
        })
    }

    /// The node one level up, if any.
    pub fn parent(self) -> Option<NodePath> {
        match self {
            NodePath::Bloc(_) | NodePath::Orphans => None,
            NodePath::Orphan(_) => Some(NodePath::Orphans),
            NodePath::Activite(b, _)
            | NodePath::Competence(b, None, _)
            | NodePath::Evaluation(b, _) => Some(NodePath::Bloc(b)),
            NodePath::Competence(b, Some(a), _) => Some(NodePath::Activite(b, a)),
            NodePath::Critere(b, a, c, _) | NodePath::Covering(b, a, c, ..) => {
                Some(NodePath::Competence(b, a, c))
            }
            NodePath::Shared(b, m, _) => Some(NodePath::Evaluation(b, m)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub path: NodePath,
    pub depth: u16,
    pub has_children: bool,
    pub expanded: bool,
}

/// Indexes of the bloc's evaluations that carry critères (tree nodes).
fn evaluations(bloc: &Bloc) -> impl Iterator<Item = (usize, &Modalite)> {
    bloc.modalites
        .iter()
        .enumerate()
        .filter(|(_, m)| m.id.is_some() && !m.criteres.is_empty())
}

/// The shared critères a compétence sees: (modalité index, critère index).
fn covering(bloc: &Bloc, competence: &Competence) -> Vec<(usize, usize)> {
    evaluations(bloc)
        .filter(|(_, m)| m.covers.contains(&competence.id))
        .flat_map(|(mi, m)| (0..m.criteres.len()).map(move |k| (mi, k)))
        .collect()
}

/// Every row shown for the given open branches (ids of blocs, activités,
/// compétences and evaluations), then the « hors référentiel » branch when
/// `orphans` ids carry work.
pub fn rows(
    certification: &Certification,
    expanded: &BTreeSet<String>,
    orphans: usize,
) -> Vec<Row> {
    let mut rows = Vec::new();
    let open = |id: &str| expanded.contains(id);
    let leaf = |path, depth| Row {
        path,
        depth,
        has_children: false,
        expanded: false,
    };
    let push_competence = |rows: &mut Vec<Row>,
                           bloc: &Bloc,
                           c: &Competence,
                           b: usize,
                           a: Option<usize>,
                           ci: usize,
                           depth| {
        let is_open = open(&c.id);
        let shared = covering(bloc, c);
        rows.push(Row {
            path: NodePath::Competence(b, a, ci),
            depth,
            has_children: !c.criteres.is_empty() || !shared.is_empty(),
            expanded: is_open,
        });
        if is_open {
            rows.extend(
                (0..c.criteres.len()).map(|k| leaf(NodePath::Critere(b, a, ci, k), depth + 1)),
            );
            rows.extend(
                shared
                    .into_iter()
                    .map(|(m, k)| leaf(NodePath::Covering(b, a, ci, m, k), depth + 1)),
            );
        }
    };
    for (b, bloc) in certification.blocs.iter().enumerate() {
        let bloc_open = open(&bloc.id);
        rows.push(Row {
            path: NodePath::Bloc(b),
            depth: 0,
            has_children: true,
            expanded: bloc_open,
        });
        if !bloc_open {
            continue;
        }
        for (a, activite) in bloc.activites.iter().enumerate() {
            let activite_open = open(&activite.id);
            rows.push(Row {
                path: NodePath::Activite(b, a),
                depth: 1,
                has_children: !activite.competences.is_empty(),
                expanded: activite_open,
            });
            if activite_open {
                for (ci, c) in activite.competences.iter().enumerate() {
                    push_competence(&mut rows, bloc, c, b, Some(a), ci, 2);
                }
            }
        }
        for (ci, c) in bloc.competences.iter().enumerate() {
            push_competence(&mut rows, bloc, c, b, None, ci, 1);
        }
        for (m, modalite) in evaluations(bloc) {
            let is_open = modalite.id.as_deref().is_some_and(open);
            rows.push(Row {
                path: NodePath::Evaluation(b, m),
                depth: 1,
                has_children: true,
                expanded: is_open,
            });
            if is_open {
                rows.extend(
                    (0..modalite.criteres.len()).map(|k| leaf(NodePath::Shared(b, m, k), 2)),
                );
            }
        }
    }
    if orphans > 0 {
        let is_open = open(ORPHANS_ID);
        rows.push(Row {
            path: NodePath::Orphans,
            depth: 0,
            has_children: true,
            expanded: is_open,
        });
        if is_open {
            rows.extend((0..orphans).map(|i| leaf(NodePath::Orphan(i), 1)));
        }
    }
    rows
}

/// The whole tree opened on the units `keep` accepts (critères, shared ones
/// under their evaluation, compétences without critère) and the branches
/// that lead to them; nothing else.
pub fn filtered_rows(certification: &Certification, keep: impl Fn(&str) -> bool) -> Vec<Row> {
    let mut rows = Vec::new();
    let leaf = |path, depth| Row {
        path,
        depth,
        has_children: false,
        expanded: false,
    };
    let competence_rows = |c: &Competence, b: usize, a: Option<usize>, ci: usize, depth: u16| {
        let kept: Vec<usize> = (0..c.criteres.len())
            .filter(|&k| keep(&c.criteres[k].id))
            .collect();
        if c.is_leaf() && keep(&c.id) {
            return vec![leaf(NodePath::Competence(b, a, ci), depth)];
        }
        if kept.is_empty() {
            return Vec::new();
        }
        let mut rows = vec![Row {
            path: NodePath::Competence(b, a, ci),
            depth,
            has_children: true,
            expanded: true,
        }];
        rows.extend(
            kept.into_iter()
                .map(|k| leaf(NodePath::Critere(b, a, ci, k), depth + 1)),
        );
        rows
    };
    for (b, bloc) in certification.blocs.iter().enumerate() {
        let mut below = Vec::new();
        for (a, activite) in bloc.activites.iter().enumerate() {
            let inner: Vec<Row> = activite
                .competences
                .iter()
                .enumerate()
                .flat_map(|(ci, c)| competence_rows(c, b, Some(a), ci, 2))
                .collect();
            if !inner.is_empty() {
                below.push(Row {
                    path: NodePath::Activite(b, a),
                    depth: 1,
                    has_children: true,
                    expanded: true,
                });
                below.extend(inner);
            }
        }
        for (ci, c) in bloc.competences.iter().enumerate() {
            below.extend(competence_rows(c, b, None, ci, 1));
        }
        for (m, modalite) in evaluations(bloc) {
            let kept: Vec<usize> = (0..modalite.criteres.len())
                .filter(|&k| keep(&modalite.criteres[k].id))
                .collect();
            if !kept.is_empty() {
                below.push(Row {
                    path: NodePath::Evaluation(b, m),
                    depth: 1,
                    has_children: true,
                    expanded: true,
                });
                below.extend(kept.into_iter().map(|k| leaf(NodePath::Shared(b, m, k), 2)));
            }
        }
        if !below.is_empty() {
            rows.push(Row {
                path: NodePath::Bloc(b),
                depth: 0,
                has_children: true,
                expanded: true,
            });
            rows.extend(below);
        }
    }
    rows
}

/// The path of the node with this id, searching the whole tree. A shared
/// critère is found under its evaluation.
pub fn find(certification: &Certification, id: &str) -> Option<NodePath> {
    for (b, bloc) in certification.blocs.iter().enumerate() {
        if bloc.id == id {
            return Some(NodePath::Bloc(b));
        }
        let groups = bloc
            .activites
            .iter()
            .enumerate()
            .map(|(a, act)| (Some(a), Some(act), &act.competences))
            .chain(std::iter::once((None, None, &bloc.competences)));
        for (a, activite, competences) in groups {
            if let (Some(a), Some(activite)) = (a, activite)
                && activite.id == id
            {
                return Some(NodePath::Activite(b, a));
            }
            for (ci, c) in competences.iter().enumerate() {
                if c.id == id {
                    return Some(NodePath::Competence(b, a, ci));
                }
                if let Some(k) = c.criteres.iter().position(|k| k.id == id) {
                    return Some(NodePath::Critere(b, a, ci, k));
                }
            }
        }
        for (m, modalite) in evaluations(bloc) {
            if modalite.id.as_deref() == Some(id) {
                return Some(NodePath::Evaluation(b, m));
            }
            if let Some(k) = modalite.criteres.iter().position(|k| k.id == id) {
                return Some(NodePath::Shared(b, m, k));
            }
        }
    }
    None
}

/// Ids of the branches to open so that `path` is visible (the orphans'
/// branch is opened by its own id).
pub fn ancestors(certification: &Certification, path: NodePath) -> Vec<String> {
    let mut ids = Vec::new();
    let mut current = path.parent();
    if current == Some(NodePath::Orphans) {
        return vec![ORPHANS_ID.to_string()];
    }
    while let Some(p) = current {
        if let Some(node) = p.resolve(certification, &[]) {
            ids.push(node.id().to_string());
        }
        current = p.parent();
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referentiel::parse;

    const EXAMPLE: &str = include_str!("../../tests/valid_referentiels/exemple-minimal.ron");

    #[test]
    fn work_outside_the_referentiel_has_its_own_branch() {
        let c = parse(EXAMPLE, None).unwrap();
        let orphans = vec!["A1.C9.CR1".to_string()];
        let closed = rows(&c, &BTreeSet::new(), 1);
        assert_eq!(closed.last().unwrap().path, NodePath::Orphans);
        let open: BTreeSet<String> = [ORPHANS_ID.to_string()].into();
        let rows = rows(&c, &open, 1);
        let last = rows.last().unwrap().path;
        assert_eq!(last, NodePath::Orphan(0));
        assert_eq!(
            last.resolve(&c, &orphans).unwrap().leaf_id(),
            Some("A1.C9.CR1")
        );
        assert_eq!(last.parent(), Some(NodePath::Orphans));
        assert_eq!(ancestors(&c, last), [ORPHANS_ID]);
    }

    #[test]
    fn closed_tree_shows_only_blocs() {
        let c = parse(EXAMPLE, None).unwrap();
        let rows = rows(&c, &BTreeSet::new(), 0);
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|r| r.depth == 0 && !r.expanded));
    }

    #[test]
    fn opening_branches_shows_their_children() {
        let c = parse(EXAMPLE, None).unwrap();
        let open: BTreeSet<String> = ["BC01", "A1", "A1.C1"].map(String::from).into();
        let ids: Vec<&str> = rows(&c, &open, 0)
            .iter()
            .map(|r| r.path.resolve(&c, &[]).unwrap().id())
            .collect();
        assert_eq!(
            ids,
            ["BC01", "A1", "A1.C1", "A1.C1.CR1", "A1.C1.CR2", "BC02"]
        );
    }

    #[test]
    fn a_filter_keeps_only_matching_criteres_and_their_branches() {
        let c = parse(EXAMPLE, None).unwrap();
        let ids: Vec<&str> = filtered_rows(&c, |id| id == "A1.C1.CR2")
            .iter()
            .map(|r| r.path.resolve(&c, &[]).unwrap().id())
            .collect();
        assert_eq!(ids, ["BC01", "A1", "A1.C1", "A1.C1.CR2"]);
        assert!(filtered_rows(&c, |_| false).is_empty());
    }

    #[test]
    fn find_and_ancestors_lead_to_a_critere() {
        let c = parse(EXAMPLE, None).unwrap();
        let path = find(&c, "A1.C1.CR2").unwrap();
        assert_eq!(path, NodePath::Critere(0, Some(0), 0, 1));
        assert_eq!(ancestors(&c, path), ["A1.C1", "A1", "BC01"]);
        assert_eq!(find(&c, "C2.1"), Some(NodePath::Competence(1, None, 0)));
        assert_eq!(find(&c, "nope"), None);
    }
}
