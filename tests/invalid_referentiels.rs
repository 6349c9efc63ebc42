//! Each broken fixture is refused with the file, line:column and a plain explanation.

use std::path::Path;

use livret::store::check_file;

fn error_of(name: &str) -> String {
    let path = Path::new("tests/invalid_referentiels").join(format!("{name}.ron"));
    check_file(&path)
        .expect_err("an invalid fixture must be refused")
        .to_string()
}

#[test]
fn unknown_field_names_it_and_lists_the_allowed_fields() {
    assert_eq!(
        error_of("unknown-field"),
        "tests/invalid_referentiels/unknown-field.ron:32:13: champ inconnu « connaissances » ; \
         champs possibles ici : id, code, title, optional, description, modalites, knowledge, activites, competences"
    );
}

#[test]
fn duplicate_critere_id_points_at_the_second_use_and_names_the_first() {
    assert_eq!(
        error_of("duplicate-critere-id"),
        "tests/invalid_referentiels/duplicate-critere-id.ron:60:37: identifiant « A1.C1.CR2 » \
         déjà utilisé (ligne 45) ; chaque identifiant doit être unique dans la certification"
    );
}

#[test]
fn empty_title_points_at_the_empty_string() {
    assert_eq!(
        error_of("empty-title"),
        "tests/invalid_referentiels/empty-title.ron:40:36: titre de compétence vide ; \
         écrivez le texte entre les guillemets"
    );
}

#[test]
fn truncated_file_says_it_stops_early() {
    assert_eq!(
        error_of("truncated"),
        "tests/invalid_referentiels/truncated.ron:51:11: le fichier s’arrête avant la fin \
         (fichier tronqué ?) : structure attendue : « ( »"
    );
}

#[test]
fn wrong_type_says_what_was_expected() {
    assert_eq!(
        error_of("wrong-type"),
        "tests/invalid_referentiels/wrong-type.ron:55:22: booléen attendu : true ou false"
    );
}

#[test]
fn every_fixture_here_is_covered_by_a_test() {
    let mut names: Vec<String> = std::fs::read_dir("tests/invalid_referentiels")
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "duplicate-critere-id.ron",
            "empty-title.ron",
            "truncated.ron",
            "unknown-field.ron",
            "wrong-type.ron"
        ]
    );
}
