//! Damaged input: reads of a few bytes, failing reads, truncation at
//! every offset, random and corrupted bytes; and `find_byte`.

use std::io::{self, BufRead, Read};

use super::*;
use crate::rncp::xml::skip::find_byte;

/// Gives a few bytes per read, to cut tags and texts at every place.
struct Trickle<'b> {
    data: &'b [u8],
    random: Random,
}

impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = (1 + self.random.below(11))
            .min(self.data.len())
            .min(out.len());
        out[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

#[test]
fn reads_of_a_few_bytes_give_the_same_fiches() {
    let Some(bytes) = shared_bytes(DEV) else {
        return;
    };
    let mut xml = bytes.clone();
    // Also a CDATA and a comment in a fiche that the filter skips.
    let at = std::str::from_utf8(&bytes)
        .unwrap()
        .find("<SECTEURS_ACTIVITE>")
        .unwrap();
    xml.splice(
        at..at,
        b"<!-- </FICHE> --><X><![CDATA[</FICHE>]]></X>"
            .iter()
            .copied(),
    );
    for mode in 0..3 {
        let read = |reader: Box<dyn BufRead>| -> Vec<Fiche> {
            let reader = match mode {
                0 => FicheReader::new(reader),
                1 => FicheReader::new(reader).detail(Detail::Summary),
                _ => FicheReader::with_filter(reader, |n| n == "RNCP40344"),
            };
            reader.collect::<Result<_, _>>().unwrap()
        };
        let whole = read(Box::new(&xml[..]));
        assert_eq!(whole.len(), if mode == 2 { 1 } else { 4 });
        for seed in 1..4 {
            let trickle = Trickle {
                data: &xml,
                random: Random(seed),
            };
            let fiches = read(Box::new(io::BufReader::with_capacity(7, trickle)));
            assert_eq!(fiches, whole, "mode {mode}");
        }
    }
}

#[test]
fn io_errors_are_reported() {
    struct Failing<'b>(&'b [u8]);
    impl Read for Failing<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::other("disque illisible"));
            }
            let n = self.0.len().min(out.len()).min(100);
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let xml = wrap("<FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE></FICHE>");
    let cut = &xml.as_bytes()[..xml.len() - 20];
    let error = FicheReader::new(io::BufReader::new(Failing(cut)))
        .find_map(Result::err)
        .unwrap();
    assert!(
        matches!(error.kind, ReadErrorKind::Io(ref m) if m.contains("disque")),
        "{error:?}"
    );
}

fn check_cut(bytes: &[u8], cut: usize, full: &[Fiche], mode: u8) -> Option<ReadError> {
    let prefix = &bytes[..cut];
    let reader = match mode {
        0 => FicheReader::new(prefix),
        1 => FicheReader::new(prefix).detail(Detail::Summary),
        _ => FicheReader::with_filter(prefix, |n| n.ends_with('0')),
    };
    let (fiches, error) = read_until_error(reader);
    if cut >= complete_length(bytes) {
        assert!(error.is_none(), "cut {cut}: {error:?}");
        return None;
    }
    let error = error.unwrap_or_else(|| {
        panic!(
            "cut at {cut} (mode {mode}): {} fiches and no error",
            fiches.len()
        )
    });
    assert!(
        matches!(
            error.kind,
            ReadErrorKind::Truncated { .. } | ReadErrorKind::Syntax(_)
        ),
        "cut {cut}: {error:?}"
    );
    assert!(error.offset <= cut as u64, "cut {cut}: {error:?}");
    if mode == 0 {
        // What came before the cut is right.
        assert_eq!(fiches[..], full[..fiches.len()], "cut {cut}");
    }
    Some(error)
}

#[test]
fn truncations_are_reported_at_every_kind_of_offset() {
    let Some(bytes) = shared_bytes(DEV) else {
        return;
    };
    let full = read_all(&bytes).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    let mut cuts: Vec<usize> = (0..bytes.len()).step_by(1009).collect();
    // Around a number, inside tags, in the middle of texts and of an
    // accented character, at the end.
    let numero = text.find("<NUMERO_FICHE>RNCP35809").unwrap();
    cuts.extend(numero - 40..numero + 60);
    let tag = text.find("<MODALITES_EVALUATION>").unwrap();
    cuts.extend(tag..tag + 25);
    let accent = text.find("é").unwrap();
    cuts.extend([accent, accent + 1, accent + 2]);
    let end = complete_length(&bytes);
    cuts.extend(end - 30..=bytes.len());
    let mut kinds = std::collections::HashSet::new();
    for mode in 0..3 {
        for &cut in &cuts {
            if let Some(error) = check_cut(&bytes, cut, &full, mode) {
                kinds.insert(std::mem::discriminant(&error.kind));
            }
        }
    }
    assert!(!kinds.is_empty());
    // The innermost open element is named.
    let inside_text = text.find("A1C1. Evaluer").unwrap() + 30;
    let error = check_cut(&bytes, inside_text, &full, 0).unwrap();
    assert_eq!(
        error.kind,
        ReadErrorKind::Truncated {
            open: "CAPACITES_ATTESTEES".to_string()
        }
    );
    assert_eq!(error.offset, inside_text as u64);
    let error = check_cut(&bytes, inside_text, &full, 1).unwrap();
    assert_eq!(
        error.kind,
        ReadErrorKind::Truncated {
            open: "CAPACITES_ATTESTEES".to_string()
        }
    );
    let inside_tag = tag + 10;
    let error = check_cut(&bytes, inside_tag, &full, 0).unwrap();
    assert_eq!(
        error.kind,
        ReadErrorKind::Truncated {
            open: "BLOC_COMPETENCES".to_string()
        }
    );
    // A filtered-out fiche cut short is still a truncated download.
    let error = check_cut(&bytes, inside_text, &full, 2).unwrap();
    assert_eq!(
        error.kind,
        ReadErrorKind::Truncated {
            open: "FICHE".to_string()
        }
    );
}

#[test]
fn every_offset_of_a_small_export() {
    let xml = wrap(
        "<FICHE><ID_FICHE>1</ID_FICHE><NUMERO_FICHE>RNCP10</NUMERO_FICHE>\
             <INTITULE>Caf&#233; <![CDATA[& co]]></INTITULE><SI_JURY_VAE><ACTIF>Oui</ACTIF>\
             <COMPOSITION>Jury</COMPOSITION></SI_JURY_VAE><BLOCS_COMPETENCES><BLOC_COMPETENCES>\
             <CODE>RNCP10BC01</CODE><LIBELLE>Bloc</LIBELLE><LISTE_COMPETENCES>é</LISTE_COMPETENCES>\
             </BLOC_COMPETENCES></BLOCS_COMPETENCES><ACTIF>Oui</ACTIF></FICHE>\n\
             <FICHE><NUMERO_FICHE>RNCP11</NUMERO_FICHE><INTITULE>Deux</INTITULE></FICHE>\n",
    );
    let bytes = xml.as_bytes();
    let full = read_all(bytes).unwrap();
    assert_eq!(full.len(), 2);
    for mode in 0..3 {
        for cut in 0..=bytes.len() {
            check_cut(bytes, cut, &full, mode);
        }
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut random = Random(0x5EED_1234_ABCD_0001);
    let alphabet = b"<>/!?&;#[]CDATA FICHES NUMERO_FICHE xml=\"'\xC3\xA9\xEF\xBB\xBF\n";
    for round in 0..3000 {
        let len = random.below(300);
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                if round % 2 == 0 {
                    random.next() as u8
                } else {
                    alphabet[random.below(alphabet.len())]
                }
            })
            .collect();
        let mut data = if round % 3 == 0 {
            b"<FICHES><FICHE>".to_vec()
        } else {
            Vec::new()
        };
        data.extend(bytes);
        for mode in 0..3 {
            let reader = match mode {
                0 => FicheReader::new(&data[..]),
                1 => FicheReader::new(&data[..]).detail(Detail::Summary),
                _ => FicheReader::with_filter(&data[..], |_| false),
            };
            let _ = read_until_error(reader);
        }
    }
}

#[test]
fn corrupted_real_files_never_panic() {
    let Some(bytes) = shared_bytes(DEV) else {
        return;
    };
    let mut random = Random(42);
    for _ in 0..200 {
        let mut data = bytes.clone();
        for _ in 0..1 + random.below(5) {
            let at = random.below(data.len());
            data[at] = random.next() as u8;
        }
        for mode in 0..3 {
            let reader = match mode {
                0 => FicheReader::new(&data[..]),
                1 => FicheReader::new(&data[..]).detail(Detail::Summary),
                _ => FicheReader::with_filter(&data[..], |n| n == "RNCP36490"),
            };
            let _ = read_until_error(reader);
        }
    }
}

#[test]
fn find_byte_agrees_with_position() {
    let mut random = Random(7);
    for _ in 0..2000 {
        let len = random.below(70);
        let hay: Vec<u8> = (0..len).map(|_| b"ab<\x80\xFF"[random.below(5)]).collect();
        for needle in [b'<', b'\x80', b'z'] {
            assert_eq!(
                find_byte(needle, &hay),
                hay.iter().position(|&b| b == needle),
                "{hay:?}"
            );
        }
    }
}
