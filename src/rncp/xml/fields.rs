//! Which element of a fiche goes into which field of [`Fiche`]: what is
//! captured when an element opens, and stored when it closes.

use std::io::BufRead;

use super::{
    Detail, FicheReader, NOT_TEXT_ELEMENTS, OTHER_TEXT_MIN_CHARS, TEXT_ELEMENTS, voie_name, yes_no,
};
use crate::rncp::{Fiche, FicheBloc};

impl<R: BufRead> FicheReader<'_, R> {
    fn capturing(&self) -> bool {
        self.building
            .as_ref()
            .and_then(|building| building.capture)
            .is_some_and(|(depth, _)| depth == self.stack.len())
    }

    /// Whether text here is read: the element being captured, or the own
    /// text of a route (older exports: `<SI_JURY_VAE>Oui</SI_JURY_VAE>`).
    pub(super) fn wants_text(&self) -> bool {
        self.capturing()
            || (self.stack.len() == 3
                && self
                    .building
                    .as_ref()
                    .is_some_and(|building| building.voie.is_some()))
    }

    pub(super) fn append(&mut self, piece: &str) {
        if self.capturing() {
            self.text.push_str(piece);
        } else if self.stack.len() == 3
            && let Some(voie) = self
                .building
                .as_mut()
                .and_then(|building| building.voie.as_mut())
        {
            voie.direct.push_str(piece);
        }
    }

    /// An element was opened (and pushed). Returns whether its content must
    /// be skipped unparsed.
    pub(super) fn on_start(&mut self) -> bool {
        let depth = self.stack.len();
        if depth == 2 {
            if self.stack.get(1) == b"FICHE" {
                self.building = Some(Building::default());
            }
            return false;
        }
        let summary = self.detail == Detail::Summary;
        let Some(building) = self.building.as_mut() else {
            return false;
        };
        if let Some((capture_depth, target)) = building.capture
            && depth > capture_depth
        {
            if target == Target::Other {
                // Not plain text: not a text of the fiche.
                building.capture = None;
            }
            return false;
        }
        let stack = &self.stack;
        let target = match depth - 2 {
            1 => {
                let name = stack.get(2);
                match name {
                    b"NUMERO_FICHE" => Some(Target::Numero),
                    b"INTITULE" => Some(Target::Intitule),
                    // What a listing does not show is skipped unparsed.
                    b"ABREGE" | b"CERTIFICATEURS" | b"ETAT_FICHE" if summary => return true,
                    _ if summary && name.starts_with(b"SI_JURY_") => return true,
                    b"ETAT_FICHE" => Some(Target::Etat),
                    b"ACTIF" => Some(Target::Actif),
                    b"DATE_FIN_ENREGISTREMENT" => Some(Target::DateFin),
                    b"ABREGE"
                    | b"NOMENCLATURE_EUROPE"
                    | b"CERTIFICATEURS"
                    | b"BLOCS_COMPETENCES" => None,
                    _ if name.starts_with(b"SI_JURY_") => {
                        building.voie = Some(VoieBuild::new(&name[b"SI_JURY_".len()..]));
                        None
                    }
                    _ if summary => return true,
                    _ if name.starts_with(b"JURY_") => Some(Target::LegacyJury),
                    _ if TEXT_ELEMENTS.iter().any(|known| known.as_bytes() == name) => {
                        Some(Target::Text)
                    }
                    _ if is_other_text_candidate(name) => Some(Target::Other),
                    _ => None,
                }
            }
            2 => match (stack.get(2), stack.get(3)) {
                (b"ABREGE", b"LIBELLE") => Some(Target::Abrege),
                (b"NOMENCLATURE_EUROPE", b"NIVEAU") => Some(Target::Niveau),
                (b"NOMENCLATURE_EUROPE", b"LIBELLE") => Some(Target::NiveauLibelle),
                (b"BLOCS_COMPETENCES", b"BLOC_COMPETENCES") => {
                    building.bloc = Some(FicheBloc::default());
                    None
                }
                (parent, b"ACTIF") if parent.starts_with(b"SI_JURY_") => Some(Target::VoieActif),
                (parent, b"COMPOSITION") if parent.starts_with(b"SI_JURY_") => {
                    if summary {
                        return true;
                    }
                    Some(Target::VoieComposition)
                }
                (b"CERTIFICATEURS", b"CERTIFICATEUR") => None,
                _ => None,
            },
            3 => match (stack.get(2), stack.get(3), stack.get(4)) {
                (b"CERTIFICATEURS", b"CERTIFICATEUR", b"NOM_CERTIFICATEUR") => {
                    Some(Target::Certificateur)
                }
                (b"BLOCS_COMPETENCES", b"BLOC_COMPETENCES", name) => match name {
                    b"CODE" => Some(Target::BlocCode),
                    b"LIBELLE" => Some(Target::BlocLibelle),
                    b"LISTE_COMPETENCES" if summary => return true,
                    b"LISTE_COMPETENCES" => Some(Target::BlocCompetences),
                    b"MODALITES_EVALUATION" if summary => return true,
                    b"MODALITES_EVALUATION" => Some(Target::BlocModalites),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        if let Some(target) = target {
            self.text.clear();
            building.capture = Some((depth, target));
        }
        false
    }

    /// The element on top of the stack is closing (not popped yet).
    pub(super) fn on_end(&mut self) -> End {
        let depth = self.stack.len();
        if depth == 2 {
            let Some(mut building) = self.building.take() else {
                return End::Nothing;
            };
            self.fiches += 1;
            if !building.decided
                && let Some(keep) = self.keep.as_mut()
                && !keep(&building.fiche.numero)
            {
                return End::Nothing;
            }
            if building.rejected {
                return End::Nothing;
            }
            building.finish();
            return End::Fiche(Box::new(building.fiche));
        }
        let Some(building) = self.building.as_mut() else {
            return End::Nothing;
        };
        let mut result = End::Nothing;
        if let Some((capture_depth, target)) = building.capture
            && capture_depth == depth
        {
            building.capture = None;
            let value = self.text.trim();
            let fiche = &mut building.fiche;
            match target {
                Target::Numero => {
                    fiche.numero = value.to_string();
                    if let Some(keep) = self.keep.as_mut() {
                        building.decided = true;
                        if !keep(&fiche.numero) {
                            building.rejected = true;
                            result = End::SkipFiche;
                        }
                    }
                }
                Target::Intitule => fiche.intitule = value.to_string(),
                Target::Etat => fiche.etat = non_empty(value),
                Target::Actif => fiche.actif = yes_no(value),
                Target::DateFin => fiche.date_fin = non_empty(value),
                Target::Abrege => fiche.abrege = non_empty(value),
                Target::Niveau => fiche.niveau = non_empty(value),
                Target::NiveauLibelle => fiche.niveau_libelle = non_empty(value),
                Target::Certificateur => {
                    if !value.is_empty() {
                        fiche.certificateurs.push(value.to_string());
                    }
                }
                Target::Text => {
                    if !value.is_empty() {
                        fiche
                            .texts
                            .push((self.stack.top_string(), value.to_string()));
                    }
                }
                Target::Other => {
                    if value.chars().count() > OTHER_TEXT_MIN_CHARS
                        && value.contains(char::is_whitespace)
                        && !value.starts_with("http")
                    {
                        fiche
                            .texts
                            .push((self.stack.top_string(), value.to_string()));
                    }
                }
                Target::LegacyJury => {
                    if !value.is_empty() {
                        let code = self.stack.top_string()["JURY_".len()..].to_string();
                        building.legacy_juries.push((code, value.to_string()));
                    }
                }
                Target::VoieActif => {
                    if let Some(voie) = building.voie.as_mut() {
                        voie.actif = yes_no(value);
                    }
                }
                Target::VoieComposition => {
                    if let Some(voie) = building.voie.as_mut() {
                        voie.composition = value.to_string();
                    }
                }
                Target::BlocCode
                | Target::BlocLibelle
                | Target::BlocCompetences
                | Target::BlocModalites => {
                    if let Some(bloc) = building.bloc.as_mut() {
                        let field = match target {
                            Target::BlocCode => &mut bloc.code,
                            Target::BlocLibelle => &mut bloc.libelle,
                            Target::BlocCompetences => &mut bloc.competences,
                            _ => &mut bloc.modalites,
                        };
                        *field = value.to_string();
                    }
                }
            }
        }
        if depth == 3 && self.stack.get(2).starts_with(b"SI_JURY_") {
            if let Some(voie) = building.voie.take()
                && let Some(entry) = voie.finish()
            {
                building.fiche.voies.push(entry);
            }
        } else if depth == 4
            && self.stack.get(2) == b"BLOCS_COMPETENCES"
            && self.stack.get(3) == b"BLOC_COMPETENCES"
            && let Some(bloc) = building.bloc.take()
            && (!bloc.code.is_empty() || !bloc.libelle.is_empty())
        {
            building.fiche.blocs.push(bloc);
        }
        result
    }
}

fn non_empty(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_string())
}

fn is_other_text_candidate(name: &[u8]) -> bool {
    !(name.starts_with(b"DATE_")
        || name.starts_with(b"ID_")
        || name.starts_with(b"NUMERO_")
        || name.starts_with(b"SIRET")
        || NOT_TEXT_ELEMENTS
            .iter()
            .any(|known| known.as_bytes() == name))
}

pub(super) enum End {
    Nothing,
    Fiche(Box<Fiche>),
    /// The fiche's number was rejected by the filter: skip the rest.
    SkipFiche,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Numero,
    Intitule,
    Etat,
    Actif,
    DateFin,
    Abrege,
    Niveau,
    NiveauLibelle,
    Certificateur,
    /// One of [`TEXT_ELEMENTS`].
    Text,
    /// An unknown direct child of `FICHE`: kept if it is long plain text.
    Other,
    /// `JURY_<code>` of older exports: the jury of `SI_JURY_<code>`.
    LegacyJury,
    VoieActif,
    VoieComposition,
    BlocCode,
    BlocLibelle,
    BlocCompetences,
    BlocModalites,
}

#[derive(Default)]
pub(super) struct Building {
    fiche: Fiche,
    /// The filter has seen the number.
    decided: bool,
    /// The filter rejected the number.
    rejected: bool,
    /// The element whose text is being read (its depth) and where it goes.
    capture: Option<(usize, Target)>,
    bloc: Option<FicheBloc>,
    voie: Option<VoieBuild>,
    legacy_juries: Vec<(String, String)>,
}

impl Building {
    fn finish(&mut self) {
        for (code, text) in std::mem::take(&mut self.legacy_juries) {
            let name = voie_name(&code).map_or(code.clone(), str::to_string);
            if let Some((_, existing)) = self.fiche.voies.iter_mut().find(|(n, _)| *n == name)
                && existing.is_empty()
            {
                *existing = text;
            }
        }
    }
}

/// One `SI_JURY_<code>` being read.
struct VoieBuild {
    code: String,
    /// v4: `ACTIF`.
    actif: Option<bool>,
    /// v4: `COMPOSITION`.
    composition: String,
    /// Older exports: the element's own text (`Oui`, `Non` or the jury).
    direct: String,
}

impl VoieBuild {
    fn new(code: &[u8]) -> Self {
        VoieBuild {
            code: String::from_utf8_lossy(code).into_owned(),
            actif: None,
            composition: String::new(),
            direct: String::new(),
        }
    }

    /// The route's name and text if it is open.
    fn finish(self) -> Option<(String, String)> {
        let direct = self.direct.trim();
        let direct_yes_no = yes_no(direct);
        let open = match self.actif {
            Some(actif) => actif,
            None => match direct_yes_no {
                Some(open) => open,
                None => !direct.is_empty() || !self.composition.is_empty(),
            },
        };
        if !open {
            return None;
        }
        let text = if !self.composition.is_empty() {
            self.composition
        } else if direct_yes_no.is_none() {
            direct.to_string()
        } else {
            String::new()
        };
        let name = voie_name(&self.code).map_or(self.code, str::to_string);
        Some((name, text))
    }
}
