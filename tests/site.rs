//! The site a web editor publishes, checked in headless Chromium as they
//! would check it (tests/interop/site.mjs): every page of a folder render
//! at 1366×900 and 375×800 loads with no console error and no request
//! outside the folder, every link resolves, axe-core finds no WCAG 2.1 A/AA
//! violation, the page does not scroll sideways on a phone, and each
//! fragment pasted into a foreign page changes none of its computed styles.

// The shared helpers are for every interop test; this one needs a few.
#[allow(dead_code)]
mod common;
use common::*;
use std::path::Path;
use std::process::Command;

#[test]
fn every_page_passes_in_a_browser_and_every_fragment_pastes_cleanly() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !have_node()
        || !need("chromium", Path::new(&chromium).is_file())
        || !need(
            "axe-core in tests/interop/node_modules",
            interop().join("node_modules").join("axe-core").is_dir(),
        )
    {
        return;
    }
    let site = root().join("target").join("site-test");
    let _ = std::fs::remove_dir_all(&site);
    let (ok, text) = run(Command::new(env!("CARGO_BIN_EXE_regflow"))
        .arg("render")
        .arg(root().join("models"))
        .arg("-o")
        .arg(&site)
        .args(["--format", "svg,png,bpmn,html,pdf,legend", "--quiet"]));
    assert!(ok, "{text}");
    let names: Vec<String> = std::fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let pages = names
        .iter()
        .filter(|n| n.ends_with(".html") && !n.ends_with(".fragment.html"))
        .count();
    let fragments = names
        .iter()
        .filter(|n| n.ends_with(".fragment.html"))
        .count();
    // Both languages where the model has both: the s004 models.
    assert!(names
        .iter()
        .any(|n| n == "mzhumabaev-deti-invalidy-portal.kk.html"));
    let shots = root().join("target").join("site-shots");
    let (ok, text) = run(Command::new("node")
        .arg(interop().join("site.mjs"))
        .arg("--png")
        .arg(&shots)
        .arg(&site));
    let failing: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.starts_with('{')
                && !(l.contains("\"errors\":[],\"outside\":[]")
                    && (l.contains("\"broken\":[],\"violations\":[]")
                        || l.contains("\"changed\":[]")))
        })
        .collect();
    assert!(ok, "failing: {failing:#?}\n{text}");
    let lines = text.lines().filter(|l| l.starts_with('{')).count();
    assert_eq!(
        lines,
        2 * pages + fragments,
        "one line per page and width, one per fragment:\n{text}"
    );
}
