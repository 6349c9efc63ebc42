//! The référentiel as a Markdown outline, end to end through the binary:
//! `export-referentiel`, `import`, `check`, `new-referentiel`.

mod common;

use std::fs;
use std::path::Path;

use common::livret_in;
use livret::referentiel::{self as r, Certification};

fn run(data: &Path, args: &[&str]) -> (bool, String, String) {
    let out = livret_in(data, args);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn bundled() -> Vec<Certification> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut all: Vec<Certification> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| r::parse(&fs::read_to_string(e.path()).unwrap(), None).unwrap())
        .collect();
    all.sort_by(|a, b| a.id.cmp(&b.id));
    all
}

#[test]
fn every_bundled_referentiel_exported_as_an_outline_imports_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let all = bundled();
    assert_eq!(all.len(), 5);
    for original in all {
        let outline = data.join(format!("{}.md", original.id));
        let path = outline.to_str().unwrap();
        let (ok, _, stderr) = run(data, &["export-referentiel", &original.id, "-o", path]);
        assert!(ok, "{stderr}");
        // Under the bundled id it would be ignored: a centre renames it.
        let copy = format!("{}-centre", original.id);
        let text = fs::read_to_string(&outline).unwrap().replacen(
            &format!("id : {}", original.id),
            &format!("id : {copy}"),
            1,
        );
        fs::write(&outline, text).unwrap();
        let (ok, stdout, stderr) = run(data, &["check", path]);
        assert!(ok, "{stderr}");
        assert!(stdout.contains("valide"), "{stdout}");
        let (ok, stdout, stderr) = run(data, &["import", path]);
        assert!(ok, "{stderr}");
        assert!(stdout.contains("plan Markdown"), "{stdout}");
        let written = data.join("referentiels").join(format!("{copy}.ron"));
        let back = r::parse(&fs::read_to_string(written).unwrap(), Some(&copy)).unwrap();
        let mut expected = original.clone();
        expected.id = copy;
        expected.format_version = r::FORMAT_VERSION;
        assert_eq!(back, expected, "{}", original.id);
    }
    // The imported ones are listed like any certification.
    let (_, stdout, _) = run(data, &["list"]);
    assert!(stdout.contains("rncp23675-responsable-commerce-international-centre"));
}

#[test]
fn an_outline_is_refused_over_a_bundled_one_and_replaced_only_with_update() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let outline = data.join("r.md");
    let path = outline.to_str().unwrap();
    let id = "cqpm-animateur-commercial-international";
    assert!(run(data, &["export-referentiel", id, "-o", path]).0);
    let (ok, _, stderr) = run(data, &["import", path]);
    assert!(!ok);
    assert!(stderr.contains("livrée avec livret"), "{stderr}");
    assert!(!data.join("referentiels").exists(), "nothing written");

    let text = fs::read_to_string(&outline)
        .unwrap()
        .replacen(id, "mon-cqpm", 1);
    fs::write(&outline, &text).unwrap();
    assert!(run(data, &["import", path]).0);
    let (ok, _, stderr) = run(data, &["import", path]);
    assert!(!ok && stderr.contains("--update"), "{stderr}");
    fs::write(&outline, text.replacen("# ", "# Nouveau titre : ", 1)).unwrap();
    let (ok, stdout, stderr) = run(data, &["import", path, "--update"]);
    assert!(ok, "{stderr}");
    assert!(stdout.starts_with("Mis à jour"), "{stdout}");
    assert!(stdout.contains("Ancienne version gardée"), "{stdout}");
    // Exporting over an existing file asks for --force.
    let (ok, _, stderr) = run(data, &["export-referentiel", id, "-o", path]);
    assert!(!ok && stderr.contains("--force"), "{stderr}");
}

#[test]
fn the_skeleton_checks_and_imports_and_mistakes_are_given_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let skeleton = data.join("nouveau.md");
    let path = skeleton.to_str().unwrap();
    let (ok, stdout, _) = run(data, &["new-referentiel", path]);
    assert!(ok && stdout.contains("livret check"), "{stdout}");
    assert!(
        !run(data, &["new-referentiel", path]).0,
        "never over a file"
    );
    let (ok, stdout, stderr) = run(data, &["check", path]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("2 blocs dont 1 optionnel"), "{stdout}");
    let (ok, stdout, stderr) = run(data, &["import", path, "--json"]);
    assert!(ok, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["id"], "mon-referentiel");
    assert_eq!(report["criteres"], 4);

    let broken = data.join("casse.md");
    let cases = [
        (
            "# T\n\n## B1 — Bloc\n\n### C1 — Une\n\n- CR1 — a\n\n### C2 — Deux\n\n- CR1 — b\n",
            "ligne 11",
        ),
        ("# T\n\n## B1 — Bloc\n\n- un critère perdu\n", "ligne 5"),
        ("Pas de titre\n", "ligne 1"),
    ];
    for (text, line) in cases {
        fs::write(&broken, text).unwrap();
        let broken = broken.to_str().unwrap();
        let (ok, _, stderr) = run(data, &["check", broken]);
        assert!(!ok && stderr.contains(line), "{text:?}: {stderr}");
        let (ok, _, stderr) = run(data, &["import", broken]);
        assert!(!ok && stderr.contains(line), "{text:?}: {stderr}");
        assert!(stderr.contains("rien n’a été écrit"), "{stderr}");
    }
    assert!(!data.join("referentiels/t.ron").exists());
}

#[test]
fn the_readme_example_is_a_valid_outline() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("```markdown\n").expect("the example") + "```markdown\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let path = data.join("exemple.md");
    fs::write(&path, &readme[start..end]).unwrap();
    let path = path.to_str().unwrap();
    let (ok, stdout, stderr) = run(data, &["check", path]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("2 blocs dont 1 optionnel, 3 compétences, 4 critères"),
        "{stdout}"
    );
    assert!(run(data, &["import", path]).0);
    let c = r::parse(
        &fs::read_to_string(data.join("referentiels/agent-accueil-tourisme.ron")).unwrap(),
        None,
    )
    .unwrap();
    assert_eq!(c.blocs[1].activites[0].competences[0].id, "C3");
    assert_eq!(
        c.source.note.as_deref(),
        Some("Importé d’un plan Markdown (exemple.md).")
    );
    assert_eq!(
        c.blocs[0].competences[0].criteres[2].group.as_deref(),
        Some("En matière de langues :")
    );
}

/// The shared Moodle, Mahara and CASE files through `livret import`: each
/// written as a référentiel that opens, its report printed.
#[test]
fn moodle_mahara_and_case_frameworks_import_through_the_binary() {
    let files = [
        (
            "moodle/dcg-2019-fr.csv",
            "dcg-reforme-2019",
            "Moodle (CSV)",
            608,
        ),
        (
            "moodle/pharmacy-example.csv",
            "pharmacy",
            "Moodle (CSV)",
            178,
        ),
        ("mahara/nace_usa.matrix", "career-readiness", "Mahara", 0),
        (
            "mahara/behat_example.matrix",
            "title-of-your-framework",
            "Mahara",
            12,
        ),
        (
            "case/opensalt-sample-framework.json",
            "what-standards-could-be",
            "CASE",
            8,
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    for (relative, id, format, criteres) in files {
        let Some(path) = common::shared_data(relative) else {
            return;
        };
        let path = path.to_str().unwrap();
        let (ok, stdout, stderr) = run(data, &["import", path, "--json"]);
        assert!(ok, "{relative}: {stderr}");
        let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(report["id"], id, "{relative}");
        assert!(report["format"].as_str().unwrap().starts_with(format));
        assert_eq!(report["criteres"], criteres, "{relative}");
        let (ok, stdout, _) = run(data, &["status", id]);
        assert!(ok && stdout.contains(id), "{stdout}");
        // Its outline, imported back unchanged, gives the same référentiel:
        // a centre may edit it without losing the candidates' notes.
        let written = data.join("referentiels").join(format!("{id}.ron"));
        let before = fs::read_to_string(&written).unwrap();
        let outline = data.join(format!("{id}.md"));
        let outline = outline.to_str().unwrap();
        assert!(run(data, &["export-referentiel", id, "-o", outline]).0);
        let (ok, stdout, stderr) = run(data, &["import", outline, "--update"]);
        assert!(ok, "{relative}: {stderr}");
        assert!(!stdout.contains("Hors référentiel"), "{stdout}");
        assert_eq!(fs::read_to_string(&written).unwrap(), before, "{relative}");
    }
    // The dirty Moodle rows are reported, in words.
    let dcg = common::shared_data("moodle/dcg-2019-fr.csv").unwrap();
    let dcg = dcg.to_str().unwrap();
    let (ok, stdout, _) = run(data, &["import", dcg, "--update"]);
    assert!(ok);
    assert!(
        stdout.contains("se désigne comme son propre parent"),
        "{stdout}"
    );
    assert!(stdout.contains("absent"), "{stdout}");
}

#[test]
fn a_broken_framework_is_said_with_its_place_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let cases = [
        (
            "cassé.matrix",
            "{\n  \"framework\": {\n    \"name\": \"X\",\n    \"standards\": [\n",
            "ligne",
        ),
        (
            "types.json",
            "{\"CFDocument\": {\"identifier\": \"d\", \"title\": 3}, \"CFItems\": []}",
            "CFDocument.title",
        ),
        (
            "moodle.csv",
            "\"Parent ID number\",\"ID number\",Shortname,Description,\"Description format\",\
             \"Scale values\",\"Scale configuration\",\"Rule type (optional)\",\
             \"Rule outcome (optional)\",\"Rule config (optional)\",\
             \"Cross-referenced competency ID numbers\",\"Exported ID (optional)\",\
             \"Is framework\",Taxonomy\n,F,Cadre,,1,,,,,,,,1,\nF,A\n",
            "ligne 3",
        ),
    ];
    for (name, text, place) in cases {
        let path = data.join(name);
        fs::write(&path, text).unwrap();
        let (ok, _, stderr) = run(data, &["import", path.to_str().unwrap()]);
        assert!(!ok, "{name}");
        assert!(stderr.contains(place), "{name}: {stderr}");
        assert!(stderr.contains("rien n’a été écrit"), "{name}: {stderr}");
        assert!(!data.join("referentiels").exists(), "{name}");
    }
}
