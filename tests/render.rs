//! What a user sees of rendering: valid, accessible, escaped SVG with real
//! text; PNG at the asked resolution; the legend in the model's wording;
//! identical bytes on every run; a batch that goes on past a bad model.

use regflow::model::{self, Lang, Orientation, Process};
use regflow::render::{self, RenderOptions, TextOutput};
use std::path::{Path, PathBuf};
use std::process::Command;

fn opts(lang: Lang) -> RenderOptions {
    RenderOptions {
        lang,
        orientation: None,
        text: TextOutput::Embedded,
        dpi: 96.0,
        paper: regflow::render::Paper::A4,
        legend_below: false,
        legend_used: false,
    }
}

fn models() -> Vec<(PathBuf, Process)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    regflow::check::model_files(&dir)
        .expect("models/")
        .into_iter()
        .map(|f| {
            let p = model::load_file(&f).expect("model loads").process;
            (f, p)
        })
        .collect()
}

fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[1..4], b"PNG", "a PNG file");
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    (w, h)
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("regflow-render-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn every_model_renders_valid_accessible_svg_with_real_text() {
    for (f, p) in models() {
        let r =
            render::render(&p, &opts(p.lang)).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let svg = &r.svg;
        assert!(svg.contains("viewBox=\"0 0 "), "{}", f.display());
        assert!(
            svg.contains("<title id=\"title\">") && svg.contains("<desc id=\"desc\">"),
            "{}",
            f.display()
        );
        assert!(svg.contains("@font-face"), "font embedded: {}", f.display());
        // usvg reads it: it is well-formed SVG.
        render::png::tree(svg).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        // Every step's first word is in a <text> element: selectable and searchable.
        for n in &p.nodes {
            if let Some(label) = n.label() {
                let word = label
                    .get(p.lang, p.lang)
                    .split_whitespace()
                    .next()
                    .unwrap_or("");
                let esc = render::xml::esc(word);
                assert!(
                    svg.contains(&esc),
                    "{}: `{word}` not in the SVG text",
                    f.display()
                );
            }
        }
        // Every lane name is drawn.
        for l in &p.lanes {
            let first = l
                .name
                .get(p.lang, p.lang)
                .split_whitespace()
                .next()
                .unwrap();
            assert!(
                svg.contains(&render::xml::esc(first)),
                "{}: lane {}",
                f.display(),
                l.id
            );
        }
    }
}

#[test]
fn rendering_is_byte_identical_across_runs() {
    for (f, p) in models().into_iter().take(3) {
        let a = render::render(&p, &opts(Lang::Ru)).unwrap();
        let b = render::render(&p, &opts(Lang::Ru)).unwrap();
        assert!(
            a.svg == b.svg
                && a.png == b.png
                && a.legend_svg == b.legend_svg
                && a.legend_png == b.legend_png,
            "{}",
            f.display()
        );
    }
}

#[test]
fn png_has_the_resolution_asked_for() {
    let (_, p) = models().remove(0);
    let at96 = render::render(&p, &opts(Lang::Ru)).unwrap();
    let at300 = render::render(
        &p,
        &RenderOptions {
            dpi: 300.0,
            ..opts(Lang::Ru)
        },
    )
    .unwrap();
    let (w, h) = png_size(&at96.png);
    assert_eq!(
        (w, h),
        (
            at96.layout.width.ceil() as u32,
            at96.layout.height.ceil() as u32
        )
    );
    let (w3, h3) = png_size(&at300.png);
    assert_eq!(w3, (at96.layout.width * 300.0 / 96.0).ceil() as u32);
    assert_eq!(h3, (at96.layout.height * 300.0 / 96.0).ceil() as u32);
    // The file says so too (pHYs, read back by an independent decoder that
    // checks every chunk's CRC), so Word places it at its print size: one
    // SVG px is 1/96 inch at either resolution.
    for (r, dpi) in [(&at96, 96.0), (&at300, 300.0)] {
        for png in [&r.png, &r.legend_png] {
            let reader = png::Decoder::new(std::io::Cursor::new(&png[..]))
                .read_info()
                .expect("a valid PNG");
            let dims = reader.info().pixel_dims.expect("a pHYs chunk");
            assert_eq!(dims.unit, png::Unit::Meter);
            let per_inch = f64::from(dims.xppu) * 0.0254;
            // Whole dots per metre: within 0.0127 dpi.
            assert!((per_inch - dpi).abs() < 0.02, "{per_inch} dpi, not {dpi}");
            assert_eq!(dims.xppu, dims.yppu);
        }
        let cm = f64::from(png_size(&r.png).0) / (f64::from(reader_ppm(&r.png)) / 100.0);
        let expected = r.layout.width / 96.0 * 2.54;
        assert!((cm - expected).abs() < 0.05, "{cm} cm wide, not {expected}");
    }
}

fn reader_ppm(png: &[u8]) -> u32 {
    png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .unwrap()
        .info()
        .pixel_dims
        .unwrap()
        .xppu
}

fn hostile() -> Process {
    let src = r#"Process(
        service: "Услуга <script>alert('x')</script> & \"кавычки\"",
        variant: "]]> <!-- -->",
        lanes: [Lane(id: "a", name: "Отдел <b>&amp;</b>"), Lane(id: "b", name: "Әкім «ауыл»")],
        nodes: [
            Start(lane: "a"),
            Step(n: "1<", lane: "a", text: "Шаг </text><script>x</script>", time: Text("согласно <графику>")),
            Choice(id: "c", lane: "b", question: "Да & нет?", outcomes: [(label: "<да>", to: "e"), (label: "\"нет\"", to: "1<")]),
            End(id: "e", lane: "b", result: "Ұ Ү Һ І ә ғ қ ң ө"),
        ],
    )"#;
    model::load_str(Path::new("hostile.ron"), src)
        .expect("hostile model parses")
        .process
}

#[test]
fn everything_from_the_model_is_escaped() {
    let p = hostile();
    let r = render::render(&p, &opts(Lang::Ru)).unwrap();
    for svg in [&r.svg, &r.legend_svg] {
        assert!(!svg.contains("<script"), "raw markup leaked");
        assert!(!svg.contains("<b>"), "raw markup leaked");
        assert!(!svg.contains("<!-- -->"), "raw comment leaked");
        render::png::tree(svg).expect("still well-formed");
    }
    assert!(r.svg.contains("&lt;script&gt;"));
    assert!(r.svg.contains("Ұ Ү Һ І ә ғ қ ң ө"));
}

/// The words of every `<text>`, and the title and description, of an
/// SVG read by a strict XML parser, references resolved.
fn read_back(svg: &str) -> (String, String, Vec<String>) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
    let text_of = |name: &str| -> Vec<String> {
        doc.descendants()
            .filter(|n| n.has_tag_name(name))
            .map(|n| n.text().unwrap_or_default().to_string())
            .collect()
    };
    let words = text_of("text")
        .iter()
        .flat_map(|t| t.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect();
    (text_of("title").concat(), text_of("desc").concat(), words)
}

#[test]
fn model_text_reads_back_from_the_svg_as_the_model_wrote_it() {
    let p = hostile();
    let r = render::render(&p, &opts(Lang::Ru)).unwrap();
    let (title, desc, words) = read_back(&r.svg);
    assert!(
        title.contains("Услуга <script>alert('x')</script> & \"кавычки\""),
        "{title}"
    );
    assert!(title.contains("]]> <!-- -->"), "{title}");
    assert!(desc.contains("Отдел <b>&amp;</b>"), "{desc}");
    for word in [
        "<b>&amp;</b>",
        "</text><script>x</script>",
        "<графику>",
        "&",
        "<да>",
        "\"нет\"",
        "«ауыл»",
    ] {
        assert!(
            words.iter().any(|w| w.contains(word)),
            "{word} in {words:?}"
        );
    }
    let (_, _, legend) = read_back(&r.legend_svg);
    assert!(legend.iter().any(|w| w == "обозначения"), "{legend:?}");
}

#[test]
fn text_as_paths_has_no_text_elements() {
    let (_, p) = models().remove(0);
    let r = render::render(
        &p,
        &RenderOptions {
            text: TextOutput::Paths,
            ..opts(Lang::Ru)
        },
    )
    .unwrap();
    assert!(!r.svg.contains("<text"), "text left as text");
    assert!(r.svg.contains("<path"), "outlines drawn");
}

#[test]
fn legend_speaks_the_models_language_and_shows_what_is_used() {
    let all = models();
    let find = |name: &str| {
        all.iter()
            .find(|(n, _)| n.to_string_lossy().contains(name))
            .unwrap()
            .1
            .clone()
    };
    // The regulation's list, and its footnote verbatim (seed 003, line 172).
    let ru = find("almaty-01-yadernye-ispytaniya-gk");
    let r = render::render(&ru, &opts(Lang::Ru)).unwrap();
    assert!(r.legend_svg.contains("Условные обозначения"));
    assert!(r.legend_svg.contains("вариант выбора"));
    assert!(r
        .legend_svg
        .contains("переход к следующей процедуре (действию)"));
    assert!(r.legend_svg.contains("услугодателя и (или) СФЕ"), "set A");
    assert!(r.legend_svg.contains(
        "*СФЕ – структурно-функциональная единица: взаимодействие структурных подразделений"
    ));
    let kk = render::render(&ru, &opts(Lang::Kk)).unwrap();
    assert!(kk.legend_svg.contains("Шартты белгілер"));
    assert!(kk.legend_svg.contains("таңдау нұсқасы"));
    // Seed 000 has no СФЕ footnote: none is made up from the lanes.
    let kz = find("kyzylorda-1-adresnaya-pomoshch-center");
    let r = render::legend::document(&kz, Lang::Ru, false, render::TextMode::Plain);
    assert!(!r.contains("СФЕ –"), "{r}");
    // Set C has no choice symbol, although the model draws a choice.
    let c = find("almaty-04-adresnaya-pomoshch-center-akim");
    assert!(c.nodes.iter().any(|n| n.kind() == model::NodeKind::Choice));
    let r = render::legend::document(&c, Lang::Ru, false, render::TextMode::Plain);
    assert!(!r.contains("вариант выбора"));
    assert!(
        r.contains("услугодателя, Центра, акима сельского округа"),
        "{r}"
    );
    // Set D: the footnote alone, no «Условные обозначения» (seed 003, line 830).
    let d = find("almaty-09-uhod-na-domu-provider");
    let r = render::legend::document(&d, Lang::Ru, false, render::TextMode::Plain);
    assert!(
        !r.contains("Условные обозначения</text>") && r.contains("СФЕ –"),
        "{r}"
    );
    // `--legend-used`: a process without a choice has no choice symbol.
    let mut plain = ru.clone();
    plain.nodes.retain(|n| n.kind() != model::NodeKind::Choice);
    let fixed = render::legend::document(&plain, Lang::Ru, false, render::TextMode::Plain);
    assert!(fixed.contains("вариант выбора"));
    let used = render::legend::document(&plain, Lang::Ru, true, render::TextMode::Plain);
    assert!(!used.contains("вариант выбора"));
}

/// The heading is the appendix's as the regulation prints it: the line
/// «Приложение к регламенту …» only where the regulation has one, and a
/// period inside another's named by its step number, not an internal id.
#[test]
fn headings_and_captions_read_as_the_regulation_prints_them() {
    let all = models();
    let svg = |name: &str| {
        let p = &all
            .iter()
            .find(|(n, _)| n.to_string_lossy().contains(name))
            .unwrap()
            .1;
        render::render(p, &opts(p.lang)).unwrap().svg
    };
    let with = svg("almaty-02-protezy-provider");
    assert!(with.contains("Приложение к регламенту государственной услуги «Оформление документов"));
    assert!(with.contains("Постановление акимата Алматинской области от 1 марта 2018 года № 81"));
    let without = svg("almaty-03-surdo-tiflo-provider");
    assert!(
        !without.contains("Приложение к регламенту"),
        "seed 003, line 337"
    );
    assert!(without.contains("Справочник бизнес-процессов оказания государственной услуги"));
    let fee = svg("almaty-16-inostrannaya-rabsila-provider");
    assert!(fee.contains("входит в срок шага 3"));
    assert!(!fee.contains("шага 3i2"));
}

#[test]
fn legend_below_makes_the_picture_taller() {
    let (_, p) = models().remove(0);
    let plain = render::render(&p, &opts(Lang::Ru)).unwrap();
    let with = render::render(
        &p,
        &RenderOptions {
            legend_below: true,
            ..opts(Lang::Ru)
        },
    )
    .unwrap();
    assert!(png_size(&with.png).1 > png_size(&plain.png).1);
    assert!(with.svg.contains("Условные обозначения"));
}

#[test]
fn both_orientations_render_every_model() {
    for (f, p) in models() {
        for o in [Orientation::Table, Orientation::Bpmn] {
            let r = render::render(
                &p,
                &RenderOptions {
                    orientation: Some(o),
                    ..opts(p.lang)
                },
            )
            .unwrap();
            let (w, h) = png_size(&r.png);
            if o == Orientation::Bpmn {
                assert!(w > h / 2, "{} BPMN form runs left to right", f.display());
            }
            assert!(w > 100 && h > 100, "{}", f.display());
        }
    }
}

#[test]
fn cli_batch_goes_on_past_a_bad_model_and_leaves_no_partial_files() {
    let dir = tmp("batch");
    let models_dir = dir.join("models");
    std::fs::create_dir_all(&models_dir).unwrap();
    let good = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("models/almaty-01-yadernye-ispytaniya-provider.ron"),
    )
    .unwrap();
    std::fs::write(models_dir.join("a-good.ron"), &good).unwrap();
    std::fs::write(
        models_dir.join("b-bad.ron"),
        "Process(service: \"x\", lanes: [], nodes: [Start(lane: \"zz\")])",
    )
    .unwrap();
    let out = dir.join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_regflow"))
        .args(["render"])
        .arg(&models_dir)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(1),
        "a bad model makes the batch fail"
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("b-bad.ron:1:"), "{stderr}");
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert!(
        files.contains(&"a-good.svg".to_string()) && files.contains(&"a-good.png".to_string()),
        "{files:?}"
    );
    assert!(
        files.iter().all(|f| f.starts_with("a-good.")
            || f == "index.html"
            || f == "README.md"
            || f == ".regflow-cache"),
        "nothing of the bad model, no temporary files: {files:?}"
    );
    // The folder's index lists the service with its variant and term, and
    // every link leads to a file that is there; the bad model is not listed.
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("Постановление акимата Алматинской области от 1 марта 2018 года № 81"));
    assert!(
        index.contains("Приложение 1. «Регистрация граждан"),
        "{index}"
    );
    assert!(index.contains("при обращении к услугодателю"));
    assert!(index.contains("от 8 ч до 23 раб. дня 8 ч"), "{index}");
    assert!(!index.contains("b-bad"));
    for link in index.split("href=\"").skip(1) {
        let target = &link[..link.find('"').unwrap()];
        assert!(out.join(target).is_file(), "{target}");
    }
    let readme = std::fs::read_to_string(out.join("README.md")).unwrap();
    assert!(
        readme.contains("| при обращении к услугодателю | от 8 ч до 23 раб. дня 8 ч |"),
        "{readme}"
    );
}

#[test]
fn html_page_is_standalone_with_unique_ids() {
    for (f, p) in models() {
        let r = render::render(&p, &opts(p.lang)).unwrap();
        let h = &r.html;
        assert!(h.starts_with("<!DOCTYPE html>"), "{}", f.display());
        assert!(h.contains(&format!("<html lang=\"{}\">", p.lang.code())));
        assert!(!h.contains("<script"), "{}: no scripts", f.display());
        // The diagram and the legend inline, and the lane headers once
        // more, kept in view while the diagram scrolls: the table form's
        // header row, the BPMN form's header column.
        let table = r.layout.orientation == regflow::model::Orientation::Table;
        let row = h.matches("-sticky\" aria-hidden=\"true\"><svg ").count();
        let column = h.matches("-stickycol\" aria-hidden=\"true\"><svg ").count();
        assert_eq!((row, column), if table { (1, 0) } else { (0, 1) });
        let sticky = row + column;
        assert_eq!(
            h.matches("<svg ").count(),
            2 + sticky,
            "diagram and legend inline"
        );
        // Every id is unique in the page (two inline SVGs would otherwise clash).
        let ids: Vec<&str> = h
            .match_indices(" id=\"")
            .map(|(i, m)| {
                let rest = &h[i + m.len()..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "{}: duplicate ids", f.display());
        // One copy of the font per page: a regular and a bold subset, no more,
        // under a family name of its own.
        assert!(h.matches("@font-face").count() <= 2, "{}", f.display());
        assert!(h.contains("font-family:\"rf-PT Sans\""), "{}", f.display());
        // Every model's steps are in the table, the diagram's long description.
        let has_rows = !render::table::rows(&p, p.lang).is_empty();
        assert_eq!(h.contains("-steps\""), has_rows, "{}", f.display());
        // The fragment restyles nothing outside itself: every rule of its
        // style is one of its own classes (or an at-rule holding them).
        let frag = &r.fragment;
        assert!(frag.starts_with("<figure class=\"rf-"), "{}", f.display());
        assert!(h.contains(frag.as_str()), "the page shows the fragment");
        let style = &frag[frag.find("<style>").unwrap() + 7..frag.find("</style>").unwrap()];
        for rule in style
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with("@font-face"))
        {
            let rule = rule
                .trim_start_matches("@media print{")
                .trim_start_matches("@media (max-width:40em){");
            for selector in rule.split('{').next().unwrap().split(',') {
                assert!(selector.starts_with(".rf-"), "{}: {selector}", f.display());
            }
        }
        assert!(
            r.alt.lines().count() > 2,
            "{}: the steps as text",
            f.display()
        );
    }
}

#[test]
fn render_only_makes_what_is_asked_and_the_same_bytes() {
    let (_, p) = models().remove(0);
    let all = render::render(&p, &opts(Lang::Ru)).unwrap();
    let want = render::Outputs {
        svg: false,
        png: false,
        bpmn: true,
        legend: false,
        html: false,
        pdf: false,
    };
    let some = render::render_only(&p, &opts(Lang::Ru), want).unwrap();
    assert_eq!(some.bpmn, all.bpmn);
    assert!(
        some.png.is_empty()
            && some.svg.is_empty()
            && some.legend_png.is_empty()
            && some.html.is_empty()
            && some.pdf.is_none()
    );
    let html_only = render::Outputs { html: true, ..want };
    assert_eq!(
        render::render_only(&p, &opts(Lang::Ru), html_only)
            .unwrap()
            .html,
        all.html
    );
}

#[test]
fn metrics_reads_bpmn_files_as_check_and_render_do() {
    let dir = tmp("metrics-bpmn");
    let model =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("models/almaty-01-yadernye-ispytaniya-gk.ron");
    let bin = env!("CARGO_BIN_EXE_regflow");
    let st = Command::new(bin)
        .args(["render", "--format", "bpmn", "-o"])
        .arg(&dir)
        .arg(&model)
        .output()
        .unwrap();
    assert!(st.status.success());
    let out = Command::new(bin)
        .arg("metrics")
        .arg(dir.join("almaty-01-yadernye-ispytaniya-gk.bpmn"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8_lossy(&out.stdout);
    let row = table.lines().nth(1).expect("one row");
    assert!(
        row.contains("almaty-01-yadernye-ispytaniya-gk.bpmn\t0\t0\t0\t0\t"),
        "{row}"
    );
}
