//! The site a web editor publishes, checked as they would check it.
//!
//! `output/site/` is what `regflow site models -o output/site` builds (CI
//! checks it is current): one page per service, an index grouped by
//! regulation, Kazakh pages with a Kazakh index. In headless Chromium
//! (tests/interop/site.mjs, one browser, pages in parallel tabs) every page
//! of `output/` and of `output/site/` at 1366×900 and 375×800 loads with no
//! console error and no request outside its folder, every link resolves,
//! axe-core finds no WCAG 2.1 A/AA violation, the page does not scroll
//! sideways on a phone, and each fragment pasted into a foreign page
//! changes none of its computed styles.

// The shared helpers are for every interop test; this one needs a few.
#[allow(dead_code)]
mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/render.sh)", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    v.sort();
    v
}

fn site() -> PathBuf {
    root().join("output").join("site")
}

#[test]
fn the_site_has_one_page_per_service_with_every_variant_and_a_kazakh_side() {
    let dir = site();
    let files = names(&dir);
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
    let pages: Vec<&String> = files
        .iter()
        .filter(|n| n.ends_with(".html") && !n.starts_with("index."))
        .collect();
    let models: Vec<_> = models()
        .into_iter()
        .filter(|(s, _)| root().join("models").join(format!("{s}.ron")).is_file())
        .collect();
    // Every model is a figure on exactly one Russian service page, and its
    // four downloads are beside it.
    for (stem, p) in &models {
        let id = format!("id=\"rf-{stem}\"");
        // On the page in its own language (zhambyl's is Kazakh).
        let own_kk = p.lang == regflow::model::Lang::Kk;
        let on: Vec<&&String> = pages
            .iter()
            .filter(|n| n.ends_with(".kk.html") == own_kk && read(n).contains(&id))
            .collect();
        assert_eq!(on.len(), 1, "{stem} is on {on:?}");
        for ext in ["pdf", "png", "svg", "bpmn"] {
            let own = format!("{stem}.{ext}");
            assert!(files.contains(&own), "{own} missing");
            assert!(
                read(on[0]).contains(&format!("href=\"{own}\"")),
                "{on:?} lacks {own}"
            );
        }
        // Where the model has Kazakh, so does the site.
        if !own_kk && p.untranslated(regflow::model::Lang::Kk).is_empty() {
            let kk = on[0].replace(".html", ".kk.html");
            let text = read(&kk);
            assert!(
                text.contains(&id) && text.contains("<html lang=\"kk\""),
                "{kk}"
            );
            assert!(
                text.contains("href=\"index.kk.html\""),
                "{kk} links to the Russian index"
            );
            assert!(files.contains(&format!("{stem}.kk.svg")));
        }
    }
    // Services with several variants have them on one page.
    assert!(pages.len() < models.len(), "{} pages", pages.len());
    let asp = read("almaty-13-spravka-asp.html");
    assert!(["gk-center", "portal", "provider"]
        .iter()
        .all(|v| asp.contains(&format!("id=\"rf-almaty-13-spravka-asp-{v}\""))));
    // One copy of the font per page, however many variants it shows.
    assert_eq!(
        asp.matches("@font-face{font-family:\"rf-PT Sans\";font-weight:normal")
            .count(),
        1,
        "{}",
        &asp[..asp.find("</style>").unwrap_or(0).min(400)]
    );
    // The indexes: grouped by regulation, every service page linked, each
    // linking to the other language.
    let index = read("index.html");
    let kk = read("index.kk.html");
    for page in &pages {
        let index = if page.ends_with(".kk.html") {
            &kk
        } else {
            &index
        };
        assert!(
            index.contains(&format!("href=\"{page}#")),
            "no index links {page}"
        );
    }
    assert!(index.contains("href=\"index.kk.html\"") && kk.contains("href=\"index.html\""));
    assert!(kk.contains("<html lang=\"kk\"") && kk.contains("Нұсқа"));
    assert_eq!(index.matches("<h2").count(), 5, "grouped by the five acts");
}

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
    let gallery = root().join("output");
    let dirs = [gallery.clone(), site()];
    let count = |dir: &Path, f: &dyn Fn(&str) -> bool| names(dir).iter().filter(|n| f(n)).count();
    let pages: usize = dirs
        .iter()
        .map(|d| {
            count(d, &|n| {
                n.ends_with(".html") && !n.ends_with(".fragment.html")
            })
        })
        .sum();
    let fragments: usize = dirs
        .iter()
        .map(|d| count(d, &|n| n.ends_with(".fragment.html")))
        .sum();
    // Both languages where the model has both: the s004 models.
    assert!(names(&gallery)
        .iter()
        .any(|n| n == "mzhumabaev-deti-invalidy-portal.kk.html"));
    let shots = root().join("target").join("site-shots");
    let (ok, text) = run(Command::new("node")
        .arg(interop().join("site.mjs"))
        .arg("--png")
        .arg(&shots)
        .args(&dirs));
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
