//! Small hand-written exports: CDATA, entities, skipped parts, roots,
//! malformed XML, access routes, unknown texts, sniffing.

use super::*;

#[test]
fn cdata_and_entities() {
    let xml = wrap(
        "<FICHE><ID_FICHE>1</ID_FICHE><NUMERO_FICHE> RNCP1 </NUMERO_FICHE>\
             <INTITULE><![CDATA[Vente & <b>négoce</b>]]></INTITULE>\
             <ACTIVITES_VISEES>  caf&#233; &amp; th&#xE9;,  d&eacute;j&agrave; &lt;ici&gt; &inconnue;  </ACTIVITES_VISEES>\
             <OBJECTIFS_CONTEXTE>avant <![CDATA[ <milieu> ]]> apr&#232;s</OBJECTIFS_CONTEXTE>\
             <BLOCS_COMPETENCES><BLOC_COMPETENCES><CODE>RNCP1BC01</CODE>\
             <LIBELLE><![CDATA[Bloc « un » & deux]]></LIBELLE>\
             <LISTE_COMPETENCES><![CDATA[- A  - B]]></LISTE_COMPETENCES>\
             <MODALITES_EVALUATION>Oral&#160;</MODALITES_EVALUATION>\
             </BLOC_COMPETENCES></BLOCS_COMPETENCES></FICHE>\n",
    );
    let fiche = read_all(xml.as_bytes()).unwrap().remove(0);
    assert_eq!(fiche.numero, "RNCP1");
    assert_eq!(fiche.intitule, "Vente & <b>négoce</b>");
    assert_eq!(
        fiche.texts,
        [
            (
                "ACTIVITES_VISEES".to_string(),
                "café & thé,  déjà <ici> &inconnue;".to_string()
            ),
            (
                "OBJECTIFS_CONTEXTE".to_string(),
                "avant  <milieu>  après".to_string()
            )
        ]
    );
    let bloc = &fiche.blocs[0];
    assert_eq!(bloc.libelle, "Bloc « un » & deux");
    assert_eq!(bloc.competences, "- A  - B");
    // A no-break space is whitespace at the ends.
    assert_eq!(bloc.modalites, "Oral");
}

#[test]
fn skipping_steps_over_cdata_and_comments() {
    let xml = wrap(
        "<FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE>\
             <ACTIVITES_VISEES><![CDATA[ </ACTIVITES_VISEES> </FICHE> ]]></ACTIVITES_VISEES>\
             <!-- </FICHE> --><BLOCS_COMPETENCES><BLOC_COMPETENCES><CODE>RNCP1BC01</CODE>\
             <LISTE_COMPETENCES><![CDATA[</LISTE_COMPETENCES>]]><!-- </LISTE_COMPETENCES> -->\
             </LISTE_COMPETENCES ><LISTE_COMPETENCESX/></BLOC_COMPETENCES></BLOCS_COMPETENCES>\
             </FICHE ><FICHE><NUMERO_FICHE>RNCP2</NUMERO_FICHE><INTITULE>Deux</INTITULE></FICHE>",
    );
    let full = read_all(xml.as_bytes()).unwrap();
    assert_eq!(full.len(), 2);
    assert_eq!(full[0].texts[0].1, "</ACTIVITES_VISEES> </FICHE>");
    assert_eq!(full[0].blocs[0].competences, "</LISTE_COMPETENCES>");
    let summaries: Vec<_> = FicheReader::new(xml.as_bytes())
        .detail(Detail::Summary)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(summaries.len(), 2);
    assert_eq!(summaries[0].blocs[0].code, "RNCP1BC01");
    let kept: Vec<_> = FicheReader::with_filter(xml.as_bytes(), |n| n == "RNCP2")
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(kept, [full[1].clone()]);
}

#[test]
fn empty_exports_and_foreign_roots() {
    assert!(read_all(wrap("").as_bytes()).unwrap().is_empty());
    assert!(read_all(b"<FICHES/>").unwrap().is_empty());
    assert!(
        read_all(b"\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- x --><FICHES></FICHES>")
            .unwrap()
            .is_empty()
    );
    let error = read_all(b"<?xml version=\"1.0\"?>\n<html><FICHE/></html>").unwrap_err();
    assert_eq!(
        error.kind,
        ReadErrorKind::NotAnExport {
            root: "html".to_string()
        }
    );
    let error = read_all(b"<rss/>").unwrap_err();
    assert_eq!(
        error.kind,
        ReadErrorKind::NotAnExport {
            root: "rss".to_string()
        }
    );
    let error = read_all(b"").unwrap_err();
    assert_eq!(
        error.kind,
        ReadErrorKind::Truncated {
            open: "FICHES".to_string()
        }
    );
    let error = read_all(b"bonjour").unwrap_err();
    assert!(matches!(error.kind, ReadErrorKind::Syntax(_)), "{error:?}");
}

#[test]
fn malformed_xml_is_a_syntax_error() {
    for xml in [
        "<FICHES><FICHE><NUMERO_FICHE>RNCP1</INTITULE></FICHE></FICHES>",
        "<FICHES><FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE></FICHE></FICHE></FICHES>",
        "<FICHES><FICHE><INTITULE>a & b</INTITULE></FICHE></FICHES>",
        "<FICHES><FICHE><INTITULE>&#xZZ;</INTITULE></FICHE></FICHES>",
        "<FICHES><FICHE><!BOGUS></FICHE></FICHES>",
    ] {
        let (_, error) = read_until_error(FicheReader::new(xml.as_bytes()));
        let error = error.unwrap_or_else(|| panic!("no error for {xml}"));
        assert!(
            matches!(error.kind, ReadErrorKind::Syntax(_)),
            "{xml}: {error:?}"
        );
        assert!(error.offset <= xml.len() as u64);
    }
    let bad_utf8 = b"<FICHES><FICHE><INTITULE>caf\xE9</INTITULE></FICHE></FICHES>";
    let error = read_all(bad_utf8).unwrap_err();
    assert!(matches!(error.kind, ReadErrorKind::Syntax(_)), "{error:?}");
}

#[test]
fn legacy_routes() {
    let xml = wrap(
        "<FICHE><NUMERO_FICHE>RNCP2</NUMERO_FICHE>\
             <SI_JURY_FI>Non</SI_JURY_FI><SI_JURY_CA>Oui</SI_JURY_CA>\
             <JURY_CA>Jury CA</JURY_CA><SI_JURY_VAE>oui</SI_JURY_VAE>\
             <SI_JURY_CL>Un jury de professionnels</SI_JURY_CL>\
             <SI_JURY_FC><ACTIF>Oui</ACTIF></SI_JURY_FC><SI_JURY_CQ/></FICHE>",
    );
    let fiche = read_all(xml.as_bytes()).unwrap().remove(0);
    assert_eq!(
        fiche.voies,
        [
            ("Contrat d’apprentissage".to_string(), "Jury CA".to_string()),
            ("VAE".to_string(), String::new()),
            (
                "Candidature individuelle".to_string(),
                "Un jury de professionnels".to_string()
            ),
            ("Formation continue".to_string(), String::new()),
        ]
    );
}

#[test]
fn other_long_plain_texts_are_kept() {
    let long = "Un texte de plus de quatre-vingts caractères que le schéma suivant pourrait ajouter à la fiche.";
    let xml = wrap(&format!(
        "<FICHE><NUMERO_FICHE>RNCP3</NUMERO_FICHE>\
             <NOUVEAU_TEXTE>{long}</NOUVEAU_TEXTE><COURT>court</COURT>\
             <LIEN_URL_DESCRIPTION>{long}</LIEN_URL_DESCRIPTION>\
             <STRUCTURE><A>{long}</A></STRUCTURE><MIXTE>{long}<A/></MIXTE></FICHE>"
    ));
    let fiche = read_all(xml.as_bytes()).unwrap().remove(0);
    assert_eq!(
        fiche.texts,
        [("NOUVEAU_TEXTE".to_string(), long.to_string())]
    );
}

#[test]
fn sniffing() {
    assert!(looks_like_xml(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<FICHES>"
    ));
    assert!(looks_like_xml(b"\xEF\xBB\xBF<?xml version=\"1.0\"?>"));
    assert!(looks_like_xml(b"  \n<FICHES>\n<VERSION_FLUX>"));
    assert!(looks_like_xml(b"<!-- export --><FICHES"));
    assert!(!looks_like_xml(b"<FICHESX>"));
    assert!(!looks_like_xml(
        b"\"Numero_Fiche\";\"Bloc_Competences_Code\""
    ));
    assert!(!looks_like_xml(b"PK\x03\x04"));
    assert!(!looks_like_xml(b""));
    if let Some(bytes) = shared_bytes(RS) {
        assert!(looks_like_xml(&bytes[..bytes.len().min(4096)]));
    }
}
