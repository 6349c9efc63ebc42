//! `livret import`: the real exports of `../shared/data/rncp/` in each shape
//! (XML, zip of the XML, CSV, zip of the CSV), end to end through the binary,
//! and our own small files for every failure.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use common::{livret_in, shared_data};
use serde_json::Value;

const DEV: &str = "rncp/export-fiches-rncp-dev.xml";
const SIO: &str = "rncp/export-fiches-rncp-bts-sio-2025.xml";
const RS: &str = "rncp/export-fiches-rs-dev.xml";
const CSV_ZIP: &str = "rncp/export-fiches-csv-2024-02-22.zip";

fn run(data: &Path, args: &[&str]) -> (bool, String, String) {
    let out = livret_in(data, args);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(data: &Path, args: &[&str]) -> Value {
    let (ok, stdout, stderr) = run(data, args);
    assert!(ok, "livret {args:?} failed: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

fn referentiels(data: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(data.join("referentiels"))
        .map(|dir| {
            dir.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The five XML escapes, as the shared files use them (no CDATA).
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        let after = &rest[start + open.len()..];
        let Some(end) = after.find(close) else { break };
        found.push(&after[..end]);
        rest = &after[end + close.len()..];
    }
    found
}

/// An extraction independent of the importer: per fiche, its number and
/// the (code, libellé, LISTE_COMPETENCES) of the blocs directly under it.
struct XmlFiche {
    numero: String,
    blocs: Vec<(String, String, String)>,
}

fn fiches_of(path: &Path) -> Vec<XmlFiche> {
    let xml = fs::read_to_string(path).unwrap();
    between(&xml, "<FICHE>", "</FICHE>")
        .into_iter()
        .map(|fiche| {
            let numero = between(fiche, "<NUMERO_FICHE>", "</NUMERO_FICHE>")[0].to_string();
            // CORRESPONDANCES come after BLOCS_COMPETENCES and have no
            // BLOCS_COMPETENCES element of their own.
            let blocs = between(fiche, "<BLOCS_COMPETENCES>", "</BLOCS_COMPETENCES>")
                .first()
                .map(|blocs| {
                    between(blocs, "<BLOC_COMPETENCES>", "</BLOC_COMPETENCES>")
                        .into_iter()
                        .map(|b| {
                            let field = |name: &str| {
                                between(b, &format!("<{name}>"), &format!("</{name}>"))
                                    .first()
                                    .map(|t| unescape(t))
                                    .unwrap_or_default()
                            };
                            (field("CODE"), field("LIBELLE"), field("LISTE_COMPETENCES"))
                        })
                        .collect()
                })
                .unwrap_or_default();
            XmlFiche { numero, blocs }
        })
        .collect()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lowercased runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `needle` is a subsequence of `haystack`; the first word missing if not.
fn missing_in_order<'a>(needle: &'a [String], haystack: &[String]) -> Option<&'a str> {
    let mut rest = haystack.iter();
    needle
        .iter()
        .find(|w| !rest.any(|h| h == *w))
        .map(String::as_str)
}

#[test]
fn the_listing_shows_every_fiche_of_each_xml_file() {
    let Some(dev) = shared_data(DEV) else { return };
    let data = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(data.path(), &["import", dev.to_str().unwrap()]);
    assert!(ok, "{err}");
    for (numero, blocs) in [
        ("RNCP34762", 5),
        ("RNCP35809", 4),
        ("RNCP40344", 4),
        ("RNCP36490", 4),
    ] {
        let line = out
            .lines()
            .find(|l| l.starts_with(numero))
            .unwrap_or_else(|| panic!("{numero} not listed:\n{out}"));
        assert!(line.trim_end().ends_with(&blocs.to_string()), "{line}");
    }
    assert!(out.contains("4 fiches sur 4 : importables"), "{out}");
    assert!(
        out.contains("Niveau 7") && out.contains("31/08/2024"),
        "{out}"
    );

    let Some(rs) = shared_data(RS) else { return };
    let (ok, out, err) = run(data.path(), &["import", rs.to_str().unwrap(), "--list"]);
    assert!(ok, "{err}");
    assert_eq!(out.matches("RS, sans bloc").count(), 3, "{out}");
    assert!(out.contains("0 fiche sur 3"), "{out}");
    assert!(!out.contains("Importer :"), "{out}");
}

#[test]
fn the_query_ignores_accents_and_case_and_matches_numbers() {
    let Some(dev) = shared_data(DEV) else { return };
    let data = tempfile::tempdir().unwrap();
    let file = dev.to_str().unwrap();
    let listed = |query: &str| -> Vec<String> {
        let v = json(data.path(), &["import", file, "--list", query, "--json"]);
        v["fiches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["number"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(listed("DEVELOPPEUR"), ["RNCP36490"]);
    assert_eq!(listed("vétérinaire auxiliaire"), ["RNCP40344"]);
    assert_eq!(listed("35809"), ["RNCP35809"]);
    assert_eq!(listed("rncp34762"), ["RNCP34762"]);
    assert!(listed("introuvable").is_empty());
    assert_eq!(listed("").len(), 4);
    let (ok, out, _) = run(data.path(), &["import", file, "--list", "zzz"]);
    assert!(
        ok && out.contains("Aucune fiche ne correspond à « zzz »"),
        "{out}"
    );
}

#[test]
fn the_json_listing_is_a_contract() {
    let Some(dev) = shared_data(DEV) else { return };
    let data = tempfile::tempdir().unwrap();
    let v = json(data.path(), &["import", dev.to_str().unwrap(), "--json"]);
    assert_eq!(v["shape"], "xml");
    let first = &v["fiches"][0];
    assert_eq!(first["number"], "RNCP34762");
    assert_eq!(first["level"], "Niveau 7");
    assert_eq!(first["active"], false);
    assert_eq!(first["registration_end"], "31/08/2024");
    assert_eq!(first["valid_until"], "2024-08-31");
    assert_eq!(first["register"], "rncp");
    assert_eq!(first["importable"], true);
    assert_eq!(first["blocs"][0]["code"], "RNCP34762BC01");
    assert!(
        first["title"]
            .as_str()
            .unwrap()
            .starts_with("Programme Grande Ecole")
    );
}

/// Every fiche of both RNCP files: imported, then `show --json` gives the
/// blocs of the XML, codes and libellés, in order; and no word of any
/// LISTE_COMPETENCES is lost or invented.
#[test]
fn every_shared_fiche_imports_with_its_blocs_in_order_and_every_word() {
    for file in [DEV, SIO] {
        let Some(path) = shared_data(file) else {
            return;
        };
        let data = tempfile::tempdir().unwrap();
        for fiche in fiches_of(&path) {
            let (ok, out, err) = run(
                data.path(),
                &["import", path.to_str().unwrap(), "--fiche", &fiche.numero],
            );
            assert!(ok, "{}: {err}", fiche.numero);
            let id = fiche.numero.to_lowercase();
            assert!(out.contains(&format!("referentiels/{id}.ron")), "{out}");
            let shown = json(data.path(), &["show", &id, "--json"]);
            let blocs = shown["blocs"].as_array().unwrap();
            // The bloc's id is the code without the fiche's number
            // (`BC01`); `code` keeps it whole.
            let got: Vec<(String, String)> = blocs
                .iter()
                .map(|b| {
                    let id = b["id"].as_str().unwrap();
                    let code = b["code"].as_str().unwrap_or(id);
                    assert_eq!(code, format!("{}{id}", fiche.numero));
                    (code.to_string(), b["title"].as_str().unwrap().to_string())
                })
                .collect();
            let want: Vec<(String, String)> = fiche
                .blocs
                .iter()
                .map(|(code, libelle, _)| (code.clone(), collapse(libelle)))
                .collect();
            assert_eq!(got, want, "{}", fiche.numero);
            for ((code, _, liste), bloc) in fiche.blocs.iter().zip(blocs) {
                check_every_word(code, liste, bloc);
            }
        }
    }
}

/// The words of the source, list markers aside, appear in order in the
/// bloc's description, compétence codes, titles and critères; and the
/// titles and critères hold no word the source does not have.
fn check_every_word(code: &str, liste: &str, bloc: &Value) {
    let source: Vec<String> = words(liste)
        .into_iter()
        .filter(|w| w != "o") // the `o` sub-bullets
        .collect();
    let mut written = words(bloc["description"].as_str().unwrap());
    let mut texts = written.clone();
    // Ids are the bloc's id, a dot, then the source's codes.
    let bloc_id = bloc["id"].as_str().unwrap();
    let strip = |id: &str| {
        id.strip_prefix(bloc_id)
            .and_then(|r| r.strip_prefix('.'))
            .unwrap_or(id)
            .to_string()
    };
    for c in bloc["competences"].as_array().unwrap() {
        written.extend(words(&strip(c["id"].as_str().unwrap())));
        written.extend(words(c["title"].as_str().unwrap()));
        texts.extend(words(c["title"].as_str().unwrap()));
        for k in c["criteres"].as_array().unwrap() {
            written.extend(words(&strip(k["id"].as_str().unwrap())));
            written.extend(words(k["text"].as_str().unwrap()));
            texts.extend(words(k["text"].as_str().unwrap()));
        }
    }
    if let Some(word) = missing_in_order(&source, &written) {
        panic!("{code}: « {word} » of the source is missing or out of order");
    }
    if let Some(word) = missing_in_order(&texts, &source) {
        panic!("{code}: « {word} » is not a word of the source, or out of order");
    }
}

#[test]
fn an_import_says_what_it_wrote_and_the_app_can_open_it() {
    let Some(dev) = shared_data(DEV) else { return };
    let data = tempfile::tempdir().unwrap();
    let file = dev.to_str().unwrap();
    let (ok, out, err) = run(data.path(), &["import", file, "--fiche", "36490"]);
    assert!(ok, "{err}");
    assert!(out.contains("Écrit :"), "{out}");
    assert!(out.contains("Concepteur développeur d'applications (RNCP36490, Niveau 6)"));
    assert!(out.contains("4 blocs,"), "{out}");
    assert!(out.contains("livret open rncp36490"), "{out}");
    assert_eq!(referentiels(data.path()), ["rncp36490.ron"]);
    let (ok, out, err) = run(
        data.path(),
        &[
            "check",
            &format!("{}/referentiels/rncp36490.ron", data.path().display()),
        ],
    );
    assert!(ok, "{out}{err}");
    let list = json(data.path(), &["list", "--json"]);
    let entry = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "rncp36490")
        .expect("listed");
    assert_eq!(entry["code"], "RNCP36490");
    assert_eq!(entry["valid_until"], "2027-06-01");
    // The source names the file, the fiche and the licence.
    let shown = json(data.path(), &["show", "rncp36490", "--json"]);
    let source = shown["source"]["file"].as_str().unwrap();
    assert!(
        source.contains("export-fiches-rncp-dev.xml — fiche RNCP36490"),
        "{source}"
    );
    assert!(
        shown["source"]["note"]
            .as_str()
            .unwrap()
            .contains("Licence Ouverte")
    );
    // The JSON of an import.
    let data = tempfile::tempdir().unwrap();
    let v = json(
        data.path(),
        &[
            "import",
            file,
            "--fiche",
            "RNCP35809",
            "--fiche",
            "rncp40344",
            "--json",
        ],
    );
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["id"], "rncp35809");
    assert_eq!(v[0]["blocs"][0]["id"], "BC01");
    assert!(v[0]["competences"].as_u64().unwrap() > 20);
    assert_eq!(v[1]["code"], "RNCP40344");
    assert_eq!(v[1]["updated"], false);
}

/// Writes a zip holding `entries` (name, bytes), deflated.
fn zip_of(path: &Path, entries: &[(&str, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn the_zip_of_the_xml_reads_as_the_xml_whatever_its_name() {
    let Some(dev) = shared_data(DEV) else { return };
    let dir = tempfile::tempdir().unwrap();
    // A misleading name: the content decides.
    let zipped = dir.path().join("fiches.csv");
    zip_of(
        &zipped,
        &[
            ("LISEZMOI.txt", b"rien".to_vec()),
            (
                "export-fiches-rncp-v4-1-2026-08-16.xml",
                fs::read(&dev).unwrap(),
            ),
        ],
    );
    let data = tempfile::tempdir().unwrap();
    let v = json(data.path(), &["import", zipped.to_str().unwrap(), "--json"]);
    assert_eq!(v["shape"], "zip-xml");
    assert_eq!(v["export_date"], "2026-08-16");
    assert_eq!(v["fiches"].as_array().unwrap().len(), 4);
    let (ok, _, err) = run(
        data.path(),
        &["import", zipped.to_str().unwrap(), "--fiche", "RNCP36490"],
    );
    assert!(ok, "{err}");
    let from_zip = fs::read_to_string(data.path().join("referentiels/rncp36490.ron")).unwrap();
    let plain = tempfile::tempdir().unwrap();
    let (ok, _, err) = run(
        plain.path(),
        &["import", dev.to_str().unwrap(), "--fiche", "RNCP36490"],
    );
    assert!(ok, "{err}");
    let from_xml = fs::read_to_string(plain.path().join("referentiels/rncp36490.ron")).unwrap();
    // Same référentiel; only the source line differs (file name, date).
    let strip = |t: &str| {
        t.lines()
            .filter(|l| !l.contains("file:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&from_zip), strip(&from_xml));
    assert!(from_zip.contains("fiches.csv — fiche RNCP36490, export du 2026-08-16"));
}

#[test]
fn the_csv_export_zipped_or_as_files_gives_blocs_with_their_codes_and_libelles() {
    let Some(zipped) = shared_data(CSV_ZIP) else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let file = zipped.to_str().unwrap();
    let v = json(data.path(), &["import", file, "--json"]);
    assert_eq!(v["shape"], "zip-csv");
    assert_eq!(v["export_date"], "2024-02-22");
    let fiches = v["fiches"].as_array().unwrap();
    let rncp509 = fiches
        .iter()
        .find(|f| f["number"] == "RNCP509")
        .expect("RNCP509 listed");
    assert_eq!(
        rncp509["title"],
        "Agent vérificateur d'appareils extincteurs"
    );
    assert_eq!(rncp509["active"], false);
    let (ok, out, err) = run(data.path(), &["import", file, "--fiche", "RNCP509"]);
    assert!(ok, "{err}");
    // No compétence text in the CSV: one compétence per bloc, said so.
    assert!(out.contains("Avertissements"), "{out}");
    let shown = json(data.path(), &["show", "rncp509", "--json"]);
    let blocs = shown["blocs"].as_array().unwrap();
    assert_eq!(blocs[0]["id"], "BC05");
    assert_eq!(blocs[0]["code"], "RNCP509BC05");
    assert_eq!(
        blocs[0]["title"],
        "UG2 : Mathématiques-Sciences physiques et chimiques"
    );
    assert_eq!(blocs[0]["competences"].as_array().unwrap().len(), 1);
    assert_eq!(
        shown["certifier"],
        "MINISTERE DE L'EDUCATION NATIONALE ET DE LA JEUNESSE"
    );

    // The same tables unpacked: the blocs file alone finds the others beside it.
    let dir = tempfile::tempdir().unwrap();
    let mut archive = zip::ZipArchive::new(fs::File::open(&zipped).unwrap()).unwrap();
    let mut blocs_file = None;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        let target = dir.path().join(format!("table-{i}.csv"));
        if bytes.starts_with(b"\"Numero_Fiche\";\"Bloc_Competences_Code\"") {
            blocs_file = Some(target.clone());
        }
        fs::write(target, bytes).unwrap();
    }
    let blocs_file = blocs_file.expect("a blocs table in the zip");
    let data = tempfile::tempdir().unwrap();
    let (ok, _, err) = run(
        data.path(),
        &["import", blocs_file.to_str().unwrap(), "--fiche", "RNCP509"],
    );
    assert!(ok, "{err}");
    let shown = json(data.path(), &["show", "rncp509", "--json"]);
    assert_eq!(shown["title"], "Agent vérificateur d'appareils extincteurs");
}

#[test]
fn rs_fiches_are_refused_with_the_reason_and_nothing_is_written() {
    let Some(rs) = shared_data(RS) else { return };
    let data = tempfile::tempdir().unwrap();
    let (ok, _, err) = run(
        data.path(),
        &["import", rs.to_str().unwrap(), "--fiche", "RS6547"],
    );
    assert!(!ok);
    assert!(err.contains("répertoire spécifique"), "{err}");
    assert!(referentiels(data.path()).is_empty());
}

/// One fiche of our own, in the export's shape.
fn fiche_xml(numero: &str, blocs: &[(&str, &str, &str)]) -> String {
    let blocs: String = blocs
        .iter()
        .map(|(code, libelle, liste)| {
            format!(
                "<BLOC_COMPETENCES><CODE>{code}</CODE><LIBELLE>{libelle}</LIBELLE>\
                 <LISTE_COMPETENCES>{liste}</LISTE_COMPETENCES>\
                 <MODALITES_EVALUATION>Dossier    Entretien</MODALITES_EVALUATION>\
                 </BLOC_COMPETENCES>"
            )
        })
        .collect();
    let blocs = if blocs.is_empty() {
        String::new()
    } else {
        format!("<BLOCS_COMPETENCES>{blocs}</BLOCS_COMPETENCES>")
    };
    format!(
        "<FICHE><ID_FICHE>1</ID_FICHE><NUMERO_FICHE>{numero}</NUMERO_FICHE>\
         <INTITULE>Métier d’essai</INTITULE>\
         <NOMENCLATURE_EUROPE><NIVEAU>NIV4</NIVEAU><LIBELLE>Niveau 4</LIBELLE></NOMENCLATURE_EUROPE>\
         <ACTIF>Oui</ACTIF><DATE_FIN_ENREGISTREMENT>01/01/2030</DATE_FIN_ENREGISTREMENT>\
         {blocs}</FICHE>"
    )
}

fn export(fiches: &[String]) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<FICHES><VERSION_FLUX>4.1</VERSION_FLUX>\n{}\n</FICHES>\n",
        fiches.join("\n")
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_fiche_without_blocs_is_listed_as_such_and_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "export.xml",
        &export(&[fiche_xml("RNCP99001", &[])]),
    );
    let data = tempfile::tempdir().unwrap();
    let (ok, out, _) = run(data.path(), &["import", file.to_str().unwrap()]);
    assert!(ok);
    assert!(
        out.lines()
            .any(|l| l.starts_with("RNCP99001") && l.ends_with("aucun")),
        "{out}"
    );
    let (ok, _, err) = run(
        data.path(),
        &["import", file.to_str().unwrap(), "--fiche", "RNCP99001"],
    );
    assert!(!ok);
    assert!(err.contains("aucun bloc de compétences"), "{err}");
    let (ok, _, err) = run(
        data.path(),
        &["import", file.to_str().unwrap(), "--fiche", "RNCP12"],
    );
    assert!(!ok && err.contains("pas de fiche RNCP12"), "{err}");
    let (ok, _, err) = run(
        data.path(),
        &["import", file.to_str().unwrap(), "--fiche", "douze"],
    );
    assert!(!ok && err.contains("n’est pas un numéro de fiche"), "{err}");
    assert!(referentiels(data.path()).is_empty());
}

#[test]
fn entities_cdata_and_escaped_html_become_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let liste = "<![CDATA[- Piloter la R&D  - Gérer l’équipe]]>";
    let escaped = "&amp;lt;ul&amp;gt;&amp;lt;li&amp;gt;Accueillir le public&amp;lt;/li&amp;gt;\
                   &amp;lt;li&amp;gt;R&amp;amp;eacute;diger un rapport&amp;lt;/li&amp;gt;&amp;lt;/ul&amp;gt;";
    let file = write(
        dir.path(),
        "export.xml",
        &export(&[fiche_xml(
            "RNCP99002",
            &[
                (
                    "RNCP99002BC01",
                    "Conduite &amp; pilotage &#233;tendu",
                    liste,
                ),
                ("RNCP99002BC02", "Accueil", escaped),
            ],
        )]),
    );
    let data = tempfile::tempdir().unwrap();
    let (ok, _, err) = run(
        data.path(),
        &["import", file.to_str().unwrap(), "--fiche", "RNCP99002"],
    );
    assert!(ok, "{err}");
    let shown = json(data.path(), &["show", "rncp99002", "--json"]);
    let bloc = |i: usize| &shown["blocs"][i];
    assert_eq!(bloc(0)["title"], "Conduite & pilotage étendu");
    let titles = |i: usize| -> Vec<String> {
        bloc(i)["competences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["title"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(titles(0), ["Piloter la R&D", "Gérer l’équipe"]);
    assert_eq!(titles(1), ["Accueillir le public", "Rédiger un rapport"]);
    assert_eq!(shown["valid_until"], "2030-01-01");
}

#[test]
fn broken_and_foreign_files_say_what_and_where_and_write_nothing() {
    let Some(dev) = shared_data(DEV) else { return };
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let whole = fs::read(&dev).unwrap();
    // A download cut short: inside a fiche, after RNCP36490's start.
    let cut = String::from_utf8_lossy(&whole).find("RNCP36490").unwrap() + 2000;
    let truncated = dir.path().join("tronque.xml");
    fs::write(&truncated, &whole[..cut]).unwrap();
    for args in [
        vec!["import", truncated.to_str().unwrap()],
        vec![
            "import",
            truncated.to_str().unwrap(),
            "--fiche",
            "RNCP36490",
        ],
    ] {
        let (ok, _, err) = run(data.path(), &args);
        assert!(!ok, "{args:?}");
        assert!(err.contains("tronque.xml:"), "{err}");
        assert!(err.contains("incomplet"), "{err}");
        let line = err.split("tronque.xml:").nth(1).unwrap();
        let line: u64 = line.split(':').next().unwrap().parse().unwrap();
        assert!(line > 600, "{err}");
    }
    // The fiche before the cut still imports: it was read whole.
    let (ok, _, err) = run(
        data.path(),
        &[
            "import",
            truncated.to_str().unwrap(),
            "--fiche",
            "RNCP34762",
        ],
    );
    assert!(ok, "{err}");
    fs::remove_dir_all(data.path().join("referentiels")).unwrap();

    let foreign = [
        (
            "notes.txt",
            b"Bonjour, ceci n'est pas un export.\n".to_vec(),
        ),
        (
            "autre.xml",
            b"<?xml version=\"1.0\"?><catalogue><livre/></catalogue>".to_vec(),
        ),
        ("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        ("vide.xml", Vec::new()),
        (
            "table.csv",
            b"\"Numero_Fiche\";\"Nsf_Code\";\"Nsf_Intitule\"\r\n\"RNCP1\";\"1\";\"x\"\r\n".to_vec(),
        ),
        ("faux.zip", b"PK\x03\x04 pas vraiment un zip".to_vec()),
    ];
    for (name, bytes) in foreign {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        let (ok, _, err) = run(
            data.path(),
            &["import", path.to_str().unwrap(), "--fiche", "RNCP1"],
        );
        assert!(!ok, "{name}");
        assert!(err.contains(name), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
    let (ok, _, err) = run(data.path(), &["import", "/nonexistent/export.xml"]);
    assert!(!ok && err.contains("/nonexistent/export.xml"), "{err}");
    assert!(referentiels(data.path()).is_empty());
}

/// A portfolio on an imported fiche keeps every note through a newer export:
/// unchanged items keep their ids, notes on items gone are listed and kept.
#[test]
fn a_reimport_keeps_every_note() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let v1 = write(
        dir.path(),
        "export-2026-01-10.xml",
        &export(&[fiche_xml(
            "RNCP99003",
            &[(
                "RNCP99003BC01",
                "Accueil",
                "- Accueillir le public  - Orienter les visiteurs  - Tenir le registre",
            )],
        )]),
    );
    let (ok, _, err) = run(
        data.path(),
        &["import", v1.to_str().unwrap(), "--fiche", "RNCP99003"],
    );
    assert!(ok, "{err}");
    let shown = json(data.path(), &["show", "rncp99003", "--json"]);
    let ids: Vec<String> = shown["blocs"][0]["competences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 3);
    // Notes on « Orienter » and on « Tenir le registre ».
    fs::create_dir_all(data.path().join("portfolios")).unwrap();
    let note = |text: &str| {
        format!(
            "(text: \"{text}\", created: \"2026-02-01T10:00:00Z\", updated: \"2026-02-01T10:00:00Z\")"
        )
    };
    fs::write(
        data.path().join("portfolios/rncp99003.ron"),
        format!(
            "(format_version: 3, referentiel: \"rncp99003\", criteres: {{\
             \"{}\": (status: Ready, notes: [{}]),\
             \"{}\": (status: InProgress, notes: [{}]),\
             }})",
            ids[1],
            note("Orienter : accueil de 40 visiteurs par jour"),
            ids[2],
            note("Le registre des entrées"),
        ),
    )
    .unwrap();
    let before = json(data.path(), &["status", "rncp99003", "--json"]);
    assert_eq!(notes_total(&before), 2, "{before}");

    // The newer export: an item in front, « Tenir le registre » gone.
    let v2 = write(
        dir.path(),
        "export-2026-06-10.xml",
        &export(&[fiche_xml(
            "RNCP99003",
            &[(
                "RNCP99003BC01",
                "Accueil",
                "- Préparer l’espace  - Accueillir le public  - Orienter les visiteurs",
            )],
        )]),
    );
    let (ok, _, err) = run(
        data.path(),
        &["import", v2.to_str().unwrap(), "--fiche", "RNCP99003"],
    );
    assert!(!ok && err.contains("--update"), "{err}");
    let (ok, out, err) = run(
        data.path(),
        &[
            "import",
            v2.to_str().unwrap(),
            "--fiche",
            "RNCP99003",
            "--update",
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("Mis à jour"), "{out}");
    assert!(out.contains("Ancienne version gardée"), "{out}");
    assert!(out.contains(&format!("{} : 1 note", ids[2])), "{out}");
    let backups = data.path().join("backups/referentiels/rncp99003");
    assert_eq!(fs::read_dir(&backups).unwrap().count(), 1);

    let shown = json(data.path(), &["show", "rncp99003", "--json"]);
    let orienter = shown["blocs"][0]["competences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == "Orienter les visiteurs")
        .unwrap();
    // Same text, same id: the note stays on it.
    assert_eq!(orienter["id"].as_str().unwrap(), ids[1]);
    let after = json(data.path(), &["status", "rncp99003", "--json"]);
    let items = after["blocs"][0]["items"].as_array().unwrap();
    let item = items.iter().find(|i| i["id"] == ids[1].as_str()).unwrap();
    assert_eq!(item["notes"], 1);
    assert_eq!(item["status"], "Ready");
    // The gone item's note is still in the portfolio file.
    let portfolio = fs::read_to_string(data.path().join("portfolios/rncp99003.ron")).unwrap();
    assert!(portfolio.contains("Le registre des entrées"));
    // And the new item never took an id that named another text.
    let new_ids: Vec<&str> = shown["blocs"][0]["competences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(!new_ids.contains(&ids[2].as_str()), "{new_ids:?}");
}

fn notes_total(status: &Value) -> u64 {
    status["blocs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["items"].as_array().unwrap())
        .map(|i| i["notes"].as_u64().unwrap())
        .sum()
}

#[test]
fn the_same_fiche_named_twice_is_imported_once() {
    let Some(dev) = shared_data(DEV) else { return };
    let data = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(
        data.path(),
        &[
            "import",
            dev.to_str().unwrap(),
            "--fiche",
            "36490",
            "--fiche",
            "RNCP36490",
        ],
    );
    assert!(ok, "{err}");
    assert_eq!(out.matches("Écrit :").count(), 1, "{out}");
}

#[test]
fn a_referentiel_that_no_longer_reads_is_never_replaced() {
    let Some(dev) = shared_data(DEV) else { return };
    let data = tempfile::tempdir().unwrap();
    let file = dev.to_str().unwrap();
    let (ok, _, err) = run(data.path(), &["import", file, "--fiche", "36490"]);
    assert!(ok, "{err}");
    let target = data.path().join("referentiels/rncp36490.ron");
    let broken = fs::read_to_string(&target)
        .unwrap()
        .replace("format_version: 2", "format_version: 9");
    fs::write(&target, &broken).unwrap();
    let (ok, _, err) = run(
        data.path(),
        &["import", file, "--fiche", "36490", "--update"],
    );
    assert!(!ok);
    assert!(err.contains("rncp36490.ron:"), "{err}");
    assert!(err.contains("il n’est pas remplacé"), "{err}");
    assert_eq!(fs::read_to_string(&target).unwrap(), broken);
}

#[test]
fn a_directory_or_a_fifo_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let (ok, _, err) = run(data.path(), &["import", dir.path().to_str().unwrap()]);
    assert!(!ok && err.contains("c’est un dossier"), "{err}");
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let (ok, _, err) = run(data.path(), &["import", fifo.to_str().unwrap()]);
        assert!(!ok && err.contains("pas un fichier ordinaire"), "{err}");
    }
}

#[test]
fn a_fiche_that_livret_already_bundles_is_imported_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "export.xml",
        &export(&[fiche_xml(
            "RNCP23675",
            &[("RNCP23675BC01", "Commerce", "- Prospecter  - Négocier")],
        )]),
    );
    let data = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(
        data.path(),
        &["import", file.to_str().unwrap(), "--fiche", "RNCP23675"],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("livret contient déjà cette certification"),
        "{out}"
    );
    assert!(
        out.contains("rncp23675-responsable-commerce-international"),
        "{out}"
    );
}

#[test]
fn control_characters_in_a_file_name_never_reach_the_terminal() {
    let Some(dev) = shared_data(DEV) else { return };
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("bad\u{1b}[31mRED.xml");
    fs::copy(&dev, &odd).unwrap();
    let data = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(data.path(), &["import", odd.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("bad[31mRED.xml"), "{out}");
    assert!(!out.contains('\u{1b}') && !err.contains('\u{1b}'));
}
