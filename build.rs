//! Embeds every `data/*.ron` référentiel in the binary, so a fresh install
//! needs no file besides the executable.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo::rerun-if-changed=data");
    let mut files: Vec<String> = fs::read_dir("data")
        .expect("the data/ directory is part of the crate")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.ends_with(".ron").then_some(name)
        })
        .collect();
    files.sort();
    let mut code = String::from("pub static REFERENTIELS: &[(&str, &str)] = &[\n");
    for name in &files {
        let path = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap())
            .join("data")
            .join(name);
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("bundled.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
