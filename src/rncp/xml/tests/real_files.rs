//! The shared real exports, read and checked against a plain string
//! search: fields, blocs, filter, summary and progress.

use super::*;

fn between<'t>(text: &'t str, open: &str, close: &str) -> Option<&'t str> {
    let start = text.find(open)? + open.len();
    let end = start + text[start..].find(close)?;
    Some(&text[start..end])
}

fn decode(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
        .trim()
        .to_string()
}

struct Expected {
    numero: String,
    intitule: String,
    /// Code, libellé, compétences, modalités.
    blocs: Vec<(String, String, String, String)>,
}

/// The fiches as plain string search sees them (no XML parser).
fn independent(xml: &str) -> Vec<Expected> {
    xml.split("<FICHE>")
        .skip(1)
        .map(|chunk| {
            let fiche = &chunk[..chunk.find("</FICHE>").expect("</FICHE>")];
            let field = |text: &str, name: &str| {
                between(text, &format!("<{name}>"), &format!("</{name}>"))
                    .map(decode)
                    .unwrap_or_default()
            };
            let blocs = between(fiche, "<BLOCS_COMPETENCES>", "</BLOCS_COMPETENCES>")
                .map(|section| {
                    section
                        .split("<BLOC_COMPETENCES>")
                        .skip(1)
                        .map(|bloc| {
                            (
                                field(bloc, "CODE"),
                                field(bloc, "LIBELLE"),
                                field(bloc, "LISTE_COMPETENCES"),
                                field(bloc, "MODALITES_EVALUATION"),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            Expected {
                numero: field(fiche, "NUMERO_FICHE"),
                intitule: field(fiche, "INTITULE"),
                blocs,
            }
        })
        .collect()
}

#[test]
fn real_files_match_an_independent_extraction() {
    for name in [DEV, SIO, RS] {
        let Some(bytes) = shared_bytes(name) else {
            return;
        };
        let text = std::str::from_utf8(&bytes).unwrap();
        let expected = independent(text);
        let fiches = read_all(&bytes).unwrap();
        assert_eq!(fiches.len(), text.matches("<FICHE>").count(), "{name}");
        assert_eq!(fiches.len(), expected.len(), "{name}");
        for (fiche, expected) in fiches.iter().zip(&expected) {
            assert_eq!(fiche.numero, expected.numero);
            assert_eq!(fiche.intitule, expected.intitule);
            let blocs: Vec<_> = fiche
                .blocs
                .iter()
                .map(|b| {
                    (
                        b.code.clone(),
                        b.libelle.clone(),
                        b.competences.clone(),
                        b.modalites.clone(),
                    )
                })
                .collect();
            assert_eq!(blocs, expected.blocs, "{}", fiche.numero);
            // Never the blocs of CORRESPONDANCES: every code is the fiche's.
            for bloc in &fiche.blocs {
                assert!(bloc.code.starts_with(&fiche.numero), "{}", bloc.code);
            }
        }
    }
}

#[test]
fn dev_file_numbers_and_bloc_counts() {
    let Some(bytes) = shared_bytes(DEV) else {
        return;
    };
    let fiches = read_all(&bytes).unwrap();
    let summary: Vec<_> = fiches
        .iter()
        .map(|f| (f.numero.as_str(), f.blocs.len()))
        .collect();
    let text = std::str::from_utf8(&bytes).unwrap();
    // Every <CODE> under BLOCS_COMPETENCES/BLOC_COMPETENCES, counted by
    // string search.
    let codes: usize = text
        .split("<BLOCS_COMPETENCES>")
        .skip(1)
        .map(|s| {
            s[..s.find("</BLOCS_COMPETENCES>").unwrap()]
                .matches("<CODE>")
                .count()
        })
        .sum();
    assert_eq!(summary.iter().map(|(_, n)| n).sum::<usize>(), codes);
    assert_eq!(summary[0], ("RNCP34762", 5));
    assert_eq!(summary[1], ("RNCP35809", 4));
    assert_eq!(
        summary.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        ["RNCP34762", "RNCP35809", "RNCP40344", "RNCP36490"]
    );
    // The file also has <BLOC_COMPETENCES> under CORRESPONDANCES.
    assert!(text.matches("<BLOC_COMPETENCES>").count() > codes);
}

#[test]
fn fields_of_a_real_fiche() {
    let Some(bytes) = shared_bytes(DEV) else {
        return;
    };
    let fiche = read_all(&bytes).unwrap().remove(0);
    assert_eq!(fiche.numero, "RNCP34762");
    assert_eq!(
        fiche.intitule,
        "Programme Grande Ecole – Diplôme d’études supérieures en management"
    );
    assert_eq!(fiche.niveau.as_deref(), Some("NIV7"));
    assert_eq!(fiche.niveau_libelle.as_deref(), Some("Niveau 7"));
    assert_eq!(
        fiche.abrege.as_deref(),
        Some("Diplôme visé grade de master")
    );
    assert_eq!(
        fiche.certificateurs,
        [
            "ETABLISSEMENT D'ENSEIGNEMENT SUPERIEUR CONSULAIRE GRENOBLE ECOLE DE MANAGEMENT",
            "MINISTERE DE L'ENSEIGNEMENT SUPERIEUR ET DE LA RECHERCHE"
        ]
    );
    assert_eq!(fiche.actif, Some(false));
    assert_eq!(fiche.etat.as_deref(), Some("Publiée"));
    assert_eq!(fiche.date_fin.as_deref(), Some("31/08/2024"));
    let keys: Vec<_> = fiche.texts.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "ACTIVITES_VISEES",
            "CAPACITES_ATTESTEES",
            "SECTEURS_ACTIVITE",
            "TYPE_EMPLOI_ACCESSIBLES",
            "OBJECTIFS_CONTEXTE",
            "PREREQUIS_ENTREE_FORMATION"
        ]
    );
    let capacites = &fiche.texts[1].1;
    assert!(capacites.starts_with("Les compétences attestées sont les suivantes :       A1C1."));
    let voies: Vec<_> = fiche.voies.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        voies,
        [
            "Formation initiale",
            "Contrat d’apprentissage",
            "Formation continue",
            "Contrat de professionnalisation",
            "VAE"
        ]
    );
    for (_, jury) in &fiche.voies {
        assert!(
            jury.starts_with("Le jury est nommé par le Recteur"),
            "{jury}"
        );
    }
}

#[test]
fn rs_fiches_have_no_blocs_and_their_texts() {
    let Some(bytes) = shared_bytes(RS) else {
        return;
    };
    let fiches = read_all(&bytes).unwrap();
    assert_eq!(fiches.len(), 3);
    for fiche in &fiches {
        assert!(fiche.numero.starts_with("RS"));
        assert!(fiche.blocs.is_empty());
        assert!(
            fiche
                .texts
                .iter()
                .any(|(k, v)| k == "CAPACITES_ATTESTEES" && !v.is_empty())
        );
        assert_eq!(fiche.niveau, None);
    }
    let first = &fiches[0];
    assert_eq!(first.numero, "RS6232");
    assert_eq!(first.abrege, None);
    assert_eq!(
        first.certificateurs,
        ["ADXF2", "ADX FORMATION", "ADX FORMATION"]
    );
    let keys: Vec<_> = first.texts.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "CAPACITES_ATTESTEES",
            "REGLEMENTATIONS_ACTIVITES",
            "OBJECTIFS_CONTEXTE",
            "NIVEAU_MAITRISE_COMPETENCES",
            "PREREQUIS_ENTREE_FORMATION"
        ]
    );
    assert_eq!(
        first.voies,
        [
            (
                "Formation continue".to_string(),
                "Un représentant de l'organisme de certification, un référent métier \
                     maritime et un référent amiante."
                    .to_string()
            ),
            (
                "Candidature individuelle".to_string(),
                "Un représentant de l'organisme de certification, un référent métier \
                     maritime et un référent amiante."
                    .to_string()
            )
        ]
    );
}

#[test]
fn filter_builds_only_the_kept_fiches() {
    let Some(bytes) = shared_bytes(DEV) else {
        return;
    };
    let full = read_all(&bytes).unwrap();
    let mut seen = Vec::new();
    let mut reader = FicheReader::with_filter(&bytes[..], |numero| {
        seen.push(numero.to_string());
        numero == "RNCP40344"
    });
    let kept: Vec<_> = reader.by_ref().collect::<Result<_, _>>().unwrap();
    let progress = reader.progress();
    drop(reader);
    assert_eq!(kept, [full[2].clone()]);
    assert_eq!(seen, ["RNCP34762", "RNCP35809", "RNCP40344", "RNCP36490"]);
    assert_eq!(progress.fiches, 4);
    assert_eq!(progress.bytes, complete_length(&bytes) as u64);

    let none: Vec<_> = FicheReader::with_filter(&bytes[..], |_| false)
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(none.is_empty());
    let all: Vec<_> = FicheReader::with_filter(&bytes[..], |_| true)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(all, full);
}

#[test]
fn summary_is_what_a_listing_shows_of_the_full_fiche() {
    for name in [DEV, SIO, RS] {
        let Some(bytes) = shared_bytes(name) else {
            return;
        };
        let full = read_all(&bytes).unwrap();
        let summaries: Vec<_> = FicheReader::new(&bytes[..])
            .detail(Detail::Summary)
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(summaries.len(), full.len());
        for (summary, fiche) in summaries.iter().zip(&full) {
            let mut expected = fiche.clone();
            expected.texts.clear();
            expected.voies.clear();
            expected.abrege = None;
            expected.certificateurs.clear();
            expected.etat = None;
            for bloc in &mut expected.blocs {
                bloc.competences.clear();
                bloc.modalites.clear();
            }
            assert_eq!(*summary, expected);
        }
    }
}

#[test]
fn progress_counts_bytes_and_fiches() {
    let Some(bytes) = shared_bytes(DEV) else {
        return;
    };
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(&bytes);
    for data in [&bytes[..], &with_bom[..]] {
        let mut reader = FicheReader::new(data);
        assert_eq!(reader.progress(), Progress::default());
        let mut last = 0;
        for expected in 1..=4 {
            reader.next().unwrap().unwrap();
            let progress = reader.progress();
            assert_eq!(progress.fiches, expected);
            assert!(progress.bytes > last);
            last = progress.bytes;
            // Right after this fiche's closing tag.
            assert!(data[..last as usize].ends_with(b"</FICHE>"));
        }
        assert!(reader.next().is_none());
        assert_eq!(reader.progress().bytes, complete_length(data) as u64);
        assert!(reader.next().is_none());
    }
}
