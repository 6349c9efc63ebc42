//! `livret export` with the real binary, on temporary data directories.

mod common;

use common::livret_in;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Output;

const EXAMPLE: &str = include_str!("valid_referentiels/exemple-minimal.ron");
const ID: &str = "exemple-minimal";

const PORTFOLIO: &str = r#"(
    format_version: 1,
    referentiel: "exemple-minimal",
    criteres: {
        "A1.C1.CR1": (status: Ready, level: 3, notes: [(text: "Mission <b>export</b>\nCorps", created: "2026-01-05T10:00:00Z", updated: "2026-01-05T10:00:00Z")]),
    },
)
"#;

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// A data dir with the example référentiel and a portfolio for it.
fn data_dir(portfolio: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("referentiels")).unwrap();
    fs::write(dir.path().join("referentiels/exemple-minimal.ron"), EXAMPLE).unwrap();
    fs::create_dir_all(dir.path().join("portfolios")).unwrap();
    fs::write(dir.path().join("portfolios/exemple-minimal.ron"), portfolio).unwrap();
    dir
}

#[test]
fn markdown_goes_to_stdout_without_an_output_file() {
    let dir = data_dir(PORTFOLIO);
    let output = livret_in(dir.path(), &["export", ID, "--format", "md"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("# Exemple de certification\n"), "{text}");
    assert!(
        text.contains("###### Mission \\<b\\>export\\</b\\>"),
        "{text}"
    );
    assert!(text.contains("- BC01 — Élaborer la stratégie"), "{text}");
    assert_eq!(stderr(&output), "");
    // The follow-up has the figures.
    let output = livret_in(dir.path(), &["export", ID, "--format", "md", "--suivi"]);
    assert!(stdout(&output).contains("| BC01 | Élaborer la stratégie | 1 | 0 | 1 |"));
    // The tutors' comments need the follow-up.
    let output = livret_in(
        dir.path(),
        &["export", ID, "--format", "md", "--with-reviews"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("il manque --suivi"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn html_is_written_to_the_output_file_privately() {
    let dir = data_dir(PORTFOLIO);
    let out = dir.path().join("dossier.html");
    let output = livret_in(
        dir.path(),
        &[
            "export",
            ID,
            "--format",
            "html",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let page = fs::read_to_string(&out).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("Mission &lt;b&gt;export&lt;/b&gt;"));
    let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn options_reach_the_export() {
    let dir = data_dir(PORTFOLIO);
    let output = livret_in(
        dir.path(),
        &[
            "export",
            ID,
            "--format",
            "md",
            "--only-ready",
            "--no-comments",
            "--bloc",
            "BC01",
            "--bloc",
            "BC02",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("Critère A1.C1.CR1"));
    assert!(!text.contains("Critère A1.C1.CR2"), "not prêt");
    assert!(
        text.contains("## BC02 — Bloc optionnel"),
        "named with --bloc"
    );
}

#[test]
fn a_missing_output_directory_is_an_error_and_is_not_created() {
    let dir = data_dir(PORTFOLIO);
    let missing = dir.path().join("absent");
    let out = missing.join("dossier.md");
    let output = livret_in(
        dir.path(),
        &["export", ID, "--format", "md", "-o", out.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        format!(
            "livret: {} : le dossier « {} » n’existe pas ; créez-le d’abord ou choisissez \
             un autre chemin avec -o\n",
            out.display(),
            missing.display()
        )
    );
    assert_eq!(stdout(&output), "");
    assert!(!missing.exists());
}

#[test]
fn an_unknown_certification_gets_the_same_message_as_status() {
    let dir = data_dir(PORTFOLIO);
    let export = livret_in(dir.path(), &["export", "inconnue", "--format", "html"]);
    let status = livret_in(dir.path(), &["status", "inconnue"]);
    assert_eq!(export.status.code(), Some(1));
    assert!(stderr(&export).starts_with("livret: certification « inconnue » inconnue"));
    assert_eq!(stderr(&export), stderr(&status));
}

#[test]
fn an_unknown_bloc_is_named() {
    let dir = data_dir(PORTFOLIO);
    let output = livret_in(
        dir.path(),
        &["export", ID, "--format", "md", "--bloc", "BC9"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "livret: bloc « BC9 » inconnu dans « exemple-minimal » ; blocs disponibles : BC01, BC02\n"
    );
}

#[test]
fn a_corrupt_portfolio_is_reported_and_nothing_is_exported() {
    let dir = data_dir("(format_version: 1, referentiel: \"exemple-minimal\", criteres: {");
    let out = dir.path().join("dossier.md");
    let output = livret_in(
        dir.path(),
        &["export", ID, "--format", "md", "-o", out.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("portfolios/exemple-minimal.ron:1:"),
        "{message}"
    );
    assert!(
        message.contains("le fichier n’a pas été modifié"),
        "{message}"
    );
    assert!(!out.exists());
}

#[test]
fn docx_goes_to_a_file_never_over_one_without_force() {
    let dir = data_dir(PORTFOLIO);
    let out = dir.path().join("dossier.docx");
    let args = [
        "export",
        ID,
        "--format",
        "docx",
        "-o",
        out.to_str().unwrap(),
    ];
    let output = livret_in(dir.path(), &args);
    assert!(output.status.success(), "{}", stderr(&output));
    let written = fs::read(&out).unwrap();
    assert!(written.starts_with(b"PK"), "a zip");
    // Again: refused, the file untouched.
    fs::write(&out, b"mon fichier").unwrap();
    let output = livret_in(dir.path(), &args);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("existe déjà : --force"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read(&out).unwrap(), b"mon fichier");
    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(livret_in(dir.path(), &forced).status.success());
    assert!(fs::read(&out).unwrap().starts_with(b"PK"));
    // Piped, the bytes go to the standard output.
    let output = livret_in(dir.path(), &["export", ID, "--format", "docx"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.starts_with(b"PK"));
    // A folder that is not there is a clear message.
    let missing = dir.path().join("absent/dossier.docx");
    let output = livret_in(
        dir.path(),
        &[
            "export",
            ID,
            "--format",
            "docx",
            "-o",
            missing.to_str().unwrap(),
        ],
    );
    assert!(
        stderr(&output).contains("n’existe pas"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_identity_block_is_kept_in_the_portfolio_and_printed_by_the_dossier() {
    let dir = data_dir(PORTFOLIO);
    let output = livret_in(
        dir.path(),
        &[
            "identite",
            ID,
            "--nom",
            "Camille\u{7} Martin",
            "--recevabilite",
            "VAE-2026-0142",
            "--date-recevabilite",
            "03/02/2026",
            "--contact",
            "camille@example.fr\n06 12 34 56 78",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains("Nom : Camille Martin"), "{said}");
    assert!(said.contains("Date de recevabilité : 03/02/2026"), "{said}");
    assert!(
        said.contains("Contact : camille@example.fr 06 12 34 56 78"),
        "one line: {said}"
    );
    let md = stdout(&livret_in(dir.path(), &["export", ID, "--format", "md"]));
    for line in [
        "- **Candidat :** Camille Martin",
        "- **N° de recevabilité :** VAE-2026-0142",
        "- **Date de recevabilité :** 03/02/2026",
    ] {
        assert!(md.contains(line), "{line} missing from:\n{md}");
    }
    assert!(
        md.contains("Je soussigné(e) Camille Martin déclare"),
        "{md}"
    );
    // A date to come is refused, nothing changed; an empty value clears.
    let output = livret_in(
        dir.path(),
        &["identite", ID, "--date-recevabilite", "2999-01-01"],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("rien n’a été modifié"),
        "{}",
        stderr(&output)
    );
    let output = livret_in(dir.path(), &["identite", ID, "--contact", ""]);
    assert!(
        stdout(&output).contains("Contact : (aucun)"),
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).contains("Date de recevabilité : 03/02/2026"));
}
