//! Unit tests of the search: tokens, folding, ranking, highlighting and
//! refreshed notes.

use super::matching::tokens;
use super::query::EXACT_ID_BONUS;
use super::*;
use crate::portfolio::Portfolio;
use crate::referentiel::parse;

#[test]
fn tokens_keep_ids_and_elisions_whole_and_know_their_offsets() {
    let found: Vec<(usize, &str)> = tokens("voir a1.c3, l'equipe (🎉) fin.").collect();
    assert_eq!(
        found,
        [
            (0, "voir"),
            (5, "a1.c3"),
            (12, "l'equipe"),
            (22, "🎉"),
            (25, "fin")
        ]
    );
}
#[test]
fn tokens_folded_on_the_way_are_the_tokens_of_the_folded_text() {
    for text in [
        "voir a1.c3, l'equipe (🎉) fin.",
        "  ..a..  --b-- x\u{b}y\u{3000}z\u{2028}w…v·u 会議,ok",
        "",
        "...",
        "é'.",
        "tab\there/and#there",
    ] {
        let raw = text
            .to_uppercase()
            .replace('\'', "’")
            .replace(' ', "\u{a0}")
            + " «Œuvre»`x`";
        let folded = folding::fold_text(&raw);
        let expected: Vec<&str> = tokens(&folded).map(|(_, token)| token).collect();
        let mut got = Vec::new();
        folding::each_folded_token(&raw, &mut String::new(), |t| got.push(t.to_string()));
        assert_eq!(got, expected, "{raw:?}");
    }
}

#[test]
fn chars_folded_from_the_table_fold_as_the_unicode_tables_say() {
    // `fold` goes through the Unicode tables; `fold_text` and the tokens
    // take the chars it folds most often from a table.
    let chars = (0x80..=0x2FF)
        .chain(0x2000..=0x2100)
        .chain([0x1E9E, 0xFB01, 0x3000]);
    for c in chars.filter_map(char::from_u32) {
        let text = format!("a{c}B");
        assert_eq!(
            folding::fold_text(&text),
            fold(&text).text,
            "{c:?} U+{:04X}",
            c as u32
        );
    }
}

use jiff::Timestamp;

const EXAMPLE: &str = include_str!("../../tests/valid_referentiels/exemple-minimal.ron");

/// A certification, its portfolio and their index: a search through the
/// index, checked against the streamed search of the same data.
struct Both {
    certification: crate::referentiel::Certification,
    portfolio: Portfolio,
    index: Index,
}

impl Both {
    fn new(certification: crate::referentiel::Certification, portfolio: Portfolio) -> Both {
        let index = Index::new(&certification, &portfolio);
        Both {
            certification,
            portfolio,
            index,
        }
    }

    fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let hits = self.index.search(query, limit, &self.portfolio);
        let streamed = search_stream(&self.certification, &self.portfolio, query, limit);
        assert_same(&hits, &streamed, query);
        hits
    }
}

/// The same results, in the same order, with the same scores and highlights.
fn assert_same(indexed: &[Hit], streamed: &[Hit], query: &str) {
    let key = |h: &Hit| {
        (
            h.entry.kind,
            h.entry.id.clone(),
            h.entry.path.clone(),
            h.entry.text.clone(),
            h.entry.target.clone(),
            h.score,
            h.positions.clone(),
        )
    };
    let indexed: Vec<_> = indexed.iter().map(key).collect();
    let streamed: Vec<_> = streamed.iter().map(key).collect();
    assert_eq!(indexed, streamed, "« {query} »: index, then stream");
}

fn index_with_notes(notes: &[(&str, &str)]) -> Both {
    let c = parse(EXAMPLE, None).unwrap();
    let mut p = Portfolio::new(&c.id);
    for (critere, text) in notes {
        p.add_note(critere, text, Timestamp::UNIX_EPOCH);
    }
    Both::new(c, p)
}

fn ids(hits: &[Hit]) -> Vec<String> {
    hits.iter().map(|h| h.entry.id.clone()).collect()
}

#[test]
fn folding_drops_accents_case_ligatures_and_typography() {
    assert_eq!(fold("Stratégie").text, "strategie");
    assert_eq!(fold("Œuvre cœur").text, "oeuvre coeur");
    assert_eq!(fold("L’Équipe").text, "l'equipe");
    assert_eq!(fold("a\u{a0}b\u{202f}c").text, "a b c");
    assert_eq!(fold("ÆSIR").text, "aesir");
}

#[test]
fn folded_chars_point_back_to_their_original_char() {
    let folded = fold("cœur é");
    assert_eq!(folded.text, "coeur e");
    assert_eq!(folded.origin, [0, 1, 1, 2, 3, 4, 5]);
    // A decomposed accent (e + combining acute) maps to the same char.
    let folded = fold("e\u{301}t");
    assert_eq!(folded.text, "et");
    assert_eq!(folded.origin, [0, 2]);
}

#[test]
fn accents_ligatures_and_apostrophes_do_not_matter() {
    let index = index_with_notes(&[
        ("A1.C1.CR1", "Une œuvre collective"),
        ("A1.C1.CR2", "Travail avec l’équipe export"),
    ]);
    assert_eq!(ids(&index.search("oeuvre", 5)), ["A1.C1.CR1#1"]);
    assert_eq!(ids(&index.search("l'equipe", 5)), ["A1.C1.CR2#1"]);
    assert_eq!(ids(&index.search("ELABORER", 5)), ["BC01"]);
}

#[test]
fn every_word_must_match_in_any_order() {
    let index = index_with_notes(&[("A1.C1.CR1", "Salon de Casablanca\nprospection")]);
    assert_eq!(
        ids(&index.search("prospection casablanca", 5)),
        ["A1.C1.CR1#1"]
    );
    assert!(index.search("casablanca zzz", 5).is_empty());
}

#[test]
fn an_exact_id_ranks_first() {
    let index = index_with_notes(&[("A1.C1.CR2", "voir A1.C1.CR1 et A1.C1.CR1 encore")]);
    let hits = index.search("a1.c1.cr1", 5);
    assert_eq!(hits[0].entry.id, "A1.C1.CR1");
    assert_eq!(hits[0].entry.kind, Kind::Critere);
    assert_eq!(hits[0].entry.path, "BC01 › A1 › C1 › CR1");
}

#[test]
fn empty_and_impossible_queries_give_nothing() {
    let index = index_with_notes(&[]);
    assert!(index.search("", 5).is_empty());
    assert!(index.search("   ", 5).is_empty());
    assert!(index.search(&"x".repeat(5000), 5).is_empty());
    assert!(index.search("日本語", 5).is_empty());
    assert!(index.search("🎉", 5).is_empty());
}

#[test]
fn non_latin_and_emoji_notes_are_found() {
    let index = index_with_notes(&[("A1.C1.CR1", "会議 🎉 réunion")]);
    assert_eq!(ids(&index.search("会議", 5)), ["A1.C1.CR1#1"]);
    assert_eq!(ids(&index.search("🎉", 5)), ["A1.C1.CR1#1"]);
}

#[test]
fn highlight_positions_are_in_the_original_accented_text() {
    let index = index_with_notes(&[("A1.C1.CR1", "Élaboration d’une stratégie")]);
    let hits = index.search("strategie", 5);
    let hit = hits.iter().find(|h| h.entry.kind == Kind::Note).unwrap();
    let chars: Vec<char> = hit.entry.text.chars().collect();
    let highlighted: String = hit.positions.iter().map(|&i| chars[i]).collect();
    assert_eq!(highlighted, "stratégie");
}

#[test]
fn modalites_are_searchable_and_lead_to_their_bloc() {
    let index = index_with_notes(&[]);
    let hits = index.search("E1", 5);
    assert_eq!(hits[0].entry.kind, Kind::Modalite);
    assert_eq!(hits[0].entry.target, Target::Node("BC01".into()));
    assert_eq!(hits[0].entry.path, "BC01 › E1");
}

#[test]
fn a_note_found_by_its_exact_id_ranks_first_before_and_after_its_unit_changes() {
    let second = "Deuxième note : relance fournisseur, voir a1.c1.cr2#2, a1.c1.cr2#1, a1.c1.cr2#02";
    let mut both = index_with_notes(&[
        (
            "A1.C1.CR2",
            "Première note : relance client, voir a1.c1.cr2#3",
        ),
        ("A1.C1.CR2", second),
        ("A1.C1.CR1", "Une note ailleurs, voir a1.c1.cr2#2 aussi"),
    ]);
    let hits = both.search("a1.c1.cr2#2", 5);
    assert_eq!(hits[0].entry.id, "A1.C1.CR2#2");
    assert_eq!(hits[0].entry.path, "BC01 › A1 › C1 › CR2 › note 2");
    assert_eq!(hits[0].entry.text, second);
    assert!(hits[0].score >= EXACT_ID_BONUS);
    assert!(hits[1..].iter().all(|h| h.score < EXACT_ID_BONUS));
    // Found by their words, a leading zero and a note that is not there
    // are not exact.
    let no_bonus =
        |hits: Vec<Hit>| !hits.is_empty() && hits.iter().all(|h| h.score < EXACT_ID_BONUS);
    assert!(no_bonus(both.search("a1.c1.cr2#02", 5)));
    assert!(no_bonus(both.search("a1.c1.cr2#3", 5)));
    // The first note removed: the second is now the first, no longer exact
    // under its old id, and exact under its new one (an entry made by the
    // refresh, after the build).
    both.portfolio
        .delete_note("A1.C1.CR2", 0, Timestamp::UNIX_EPOCH);
    both.index.refresh_critere("A1.C1.CR2", &both.portfolio);
    assert!(no_bonus(both.search("a1.c1.cr2#2", 5)));
    let hits = both.search("a1.c1.cr2#1", 5);
    assert_eq!(hits[0].entry.id, "A1.C1.CR2#1");
    assert_eq!(hits[0].entry.text, second);
    assert!(hits[0].score >= EXACT_ID_BONUS);
}

#[test]
fn refreshing_notes_replaces_only_the_notes() {
    let c = parse(EXAMPLE, None).unwrap();
    let mut p = Portfolio::new(&c.id);
    let mut index = Index::new(&c, &p);
    let before = index.len();
    p.add_note("C2.1.CR1", "Ancienne version", Timestamp::UNIX_EPOCH);
    index.refresh_critere("C2.1.CR1", &p);
    assert_eq!(index.len(), before + 1);
    p.delete_note("C2.1.CR1", 0, jiff::Timestamp::UNIX_EPOCH);
    p.add_note("C2.1.CR1", "Incoterms DAP", Timestamp::UNIX_EPOCH);
    index.refresh_critere("C2.1.CR1", &p);
    assert_eq!(index.len(), before + 1);
    assert!(
        index.search("ancienne", 5, &p).is_empty(),
        "replaced entries are gone"
    );
    assert_eq!(
        index.search("incoterms", 5, &p)[0].entry.target,
        Target::Note {
            critere: "C2.1.CR1".into(),
            index: 0
        }
    );
}

#[test]
fn a_draft_is_found_as_a_brouillon_not_as_a_note() {
    let c = parse(EXAMPLE, None).unwrap();
    let mut p = Portfolio::new(&c.id);
    p.put_draft(
        "A1.C1.CR1",
        None,
        "Incoterms à relire",
        Timestamp::UNIX_EPOCH,
    );
    let mut index = Index::new(&c, &p);
    let hits = index.search("incoterms", 5, &p);
    assert_eq!(hits[0].entry.kind, Kind::Draft);
    assert_eq!(hits[0].entry.kind.label(), "brouillon");
    // Finished, it is a note.
    p.finish_draft("A1.C1.CR1", 0, "Incoterms relus", Timestamp::UNIX_EPOCH);
    index.refresh_critere("A1.C1.CR1", &p);
    assert_eq!(index.search("incoterms", 5, &p)[0].entry.kind, Kind::Note);
}

#[test]
fn french_stemming_finds_other_forms_of_a_word() {
    let index = index_with_notes(&[
        ("A1.C1.CR1", "En veillant sur les prix"),
        ("A1.C1.CR2", "Veiller aux concurrents"),
        ("C2.1.CR1", "Un veilleur de nuit"),
    ]);
    let hits = index.search("veille", 10);
    let found = ids(&hits);
    assert!(found.contains(&"A1.C1.CR1#1".to_string()), "{found:?}");
    assert!(found.contains(&"A1.C1.CR2#1".to_string()), "{found:?}");
    // The form found by its stem is highlighted too, in the original text.
    let veillant = hits.iter().find(|h| h.entry.id == "A1.C1.CR1#1").unwrap();
    assert_eq!(veillant.positions, vec![3, 4, 5, 6], "« veil », the stem");
    // A short word is not stemmed: « prix » does not find « pris ».
    let index = index_with_notes(&[("A1.C1.CR1", "Il a pris la parole")]);
    assert!(index.search("prix", 5).is_empty());
}

#[test]
fn for_the_same_score_a_critere_comes_before_its_bloc() {
    let example = EXAMPLE.replace("Bloc optionnel", "Bloc de la négociation");
    let c = parse(&example, None).unwrap();
    let p = Portfolio::new(&c.id);
    let index = Both::new(c, p);
    let hits = index.search("negociation", 5);
    assert_eq!(hits[0].score, hits[1].score, "{:?}", ids(&hits));
    assert_eq!(ids(&hits)[..2], ["C2.1.CR1", "BC02"]);
}

#[test]
fn notes_kept_hors_referentiel_are_found_under_that_branch() {
    let c = parse(EXAMPLE, None).unwrap();
    let mut p = Portfolio::new(&c.id);
    p.add_note(
        "A1.C9.CR1",
        "Tableau de bord mensuel",
        Timestamp::UNIX_EPOCH,
    );
    let mut index = Index::new(&c, &p);
    let hits = index.search("tableau", 5, &p);
    assert_eq!(ids(&hits), ["A1.C9.CR1#1"]);
    assert_eq!(hits[0].entry.path, "hors référentiel › A1.C9.CR1 › note 1");
    assert_eq!(
        hits[0].entry.target,
        Target::Note {
            critere: "A1.C9.CR1".into(),
            index: 0
        }
    );
    // Edited, it is refreshed like any other.
    p.update_note("A1.C9.CR1", 0, "Tableau revu", Timestamp::UNIX_EPOCH);
    index.refresh_critere("A1.C9.CR1", &p);
    assert_eq!(index.search("revu", 5, &p).len(), 1);
}
