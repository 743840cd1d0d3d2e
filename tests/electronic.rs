//! Electronic-service elements in every format: message, timer and error
//! events, intermediate events, e-documents, message flows, information-
//! system lanes, the twelve-symbol legend and the action table.

use regflow::layout::{self, metrics, Options};
use regflow::model::{self, EventKind, FlowKind, Lang, NodeKind, Orientation, Process};
use regflow::render::{self, RenderOptions, TextOutput};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/e-service.ron")
}

fn process() -> Process {
    let m = model::load_file(&fixture()).expect("fixture loads");
    let errors: Vec<_> = model::validate(&m)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    m.process
}

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

fn check_src(src: &str) -> Vec<regflow::diag::Diagnostic> {
    let m = model::load_str(Path::new("e.ron"), src).expect("parses");
    model::validate(&m)
        .into_iter()
        .filter(|d| d.is_error())
        .collect()
}

#[test]
fn the_model_says_every_element() {
    let p = process();
    let kinds: Vec<(NodeKind, EventKind)> = p.nodes.iter().map(|n| (n.kind(), n.event())).collect();
    for want in [
        (NodeKind::Start, EventKind::Message),
        (NodeKind::End, EventKind::Message),
        (NodeKind::End, EventKind::Error),
        (NodeKind::Event, EventKind::Message),
        (NodeKind::Event, EventKind::Timer),
        (NodeKind::Document, EventKind::Plain),
    ] {
        assert!(kinds.contains(&want), "{want:?}");
    }
    let all = p.all_edges();
    assert_eq!(
        all.iter().filter(|e| e.kind == FlowKind::Message).count(),
        1
    );
    assert_eq!(
        all.iter()
            .filter(|e| e.kind == FlowKind::Association)
            .count(),
        1
    );
    // A document takes no part in the flow: the step before it flows past it.
    let doc = p
        .nodes
        .iter()
        .position(|n| n.kind() == NodeKind::Document)
        .unwrap();
    assert!(p.edges().iter().all(|e| e.to != doc && e.from != doc));
}

#[test]
fn validation_locates_electronic_mistakes() {
    let base = std::fs::read_to_string(fixture()).unwrap();
    let bad_from = base.replace("from: \"5\")", "from: \"55\")");
    let d = check_src(&bad_from);
    assert!(
        d.iter()
            .any(|d| d.message == "unknown node `55`"
                && d.help.as_deref() == Some("did you mean `5`?")),
        "{d:?}"
    );
    let bad_msg = base.replace(
        "(from: \"3\", to: \"status\"",
        "(from: \"3\", to: \"statsu\"",
    );
    let d = check_src(&bad_msg);
    let hit = d
        .iter()
        .find(|d| d.message == "unknown node `statsu`")
        .expect("reported");
    assert!(hit
        .source_line
        .trim_start()
        .starts_with("(from: \"3\", to: \"statsu\""));
    let bad_start = base.replace(
        "Start(lane: \"consumer\", event: Message)",
        "Start(lane: \"consumer\", event: Error)",
    );
    let d = check_src(&bad_start);
    assert!(
        d.iter()
            .any(|d| d.message == "a process cannot start with an error"),
        "{d:?}"
    );
    // A node reached by a message alone is not part of the flow.
    let by_message = base.replace(
        "Event(id: \"status\", lane: \"pep\", event: Message,",
        "End(id: \"x\", lane: \"mio\"), Event(id: \"status\", lane: \"pep\", event: Message,",
    );
    let d = check_src(&by_message);
    assert!(
        d.iter()
            .any(|d| d.message == "`status` cannot be reached from the start"),
        "{d:?}"
    );
    let into_doc = base.replace(
        "Step(n: \"5\", lane: \"pep\",",
        "Step(n: \"5\", lane: \"pep\", next: [\"doc\"],",
    );
    let d = check_src(&into_doc);
    assert!(
        d.iter()
            .any(|d| d.message == "a flow into the document `doc`"),
        "{d:?}"
    );
}

#[test]
fn layout_has_no_defects_with_messages_and_documents() {
    let p = process();
    for o in [Orientation::Table, Orientation::Bpmn] {
        for lang in [Lang::Ru, Lang::Kk] {
            let d = layout::layout(
                &p,
                &Options {
                    lang,
                    orientation: Some(o),
                },
            );
            let m = metrics::measure(&d);
            assert_eq!(
                m.defects(),
                0,
                "{o:?} {lang:?}: {:?}",
                metrics::defect_list(&d)
            );
            assert_eq!(d.edges.len(), p.all_edges().len(), "every flow is drawn");
        }
    }
}

#[test]
fn svg_draws_bpmn_symbols() {
    let p = process();
    let r = render::render(&p, &opts(Lang::Ru)).unwrap();
    let svg = &r.svg;
    // Message flow: dashed, a circle where it starts, an open arrow where it ends.
    assert_eq!(
        svg.matches("marker-start=\"url(#message-start)\"").count(),
        1
    );
    assert!(svg.contains("stroke-dasharray=\"6 4\""));
    // Document association: dotted.
    assert!(svg.contains("stroke-dasharray=\"2 3\""));
    // Envelopes (start, intermediate, end), the clock, the lightning, the page.
    assert!(svg.matches("<polyline points=").count() >= 3);
    assert!(svg.contains("<polygon points=") && svg.contains("stroke-linejoin=\"round\""));
    assert!(svg.contains("<path d=\"M"), "document page");
    render::png::tree(svg).expect("valid SVG");
    assert!(r.png.len() > 1000);
}

#[test]
fn twelve_symbol_legend_in_both_languages() {
    let p = process();
    // By default the regulation's whole list, with its «Примечание».
    let ru = render::legend::document(&p, Lang::Ru, false, render::TextMode::Plain);
    for item in [
        "Таблица. Условные обозначения",
        "Сообщение начальное",
        "Сообщение завершающее",
        "Сообщение промежуточное",
        "Простые события завершающие",
        "Ошибка",
        "События-таймеры",
        "Информационная система",
        "Процесс",
        "Условие",
        "Поток сообщений",
        "Поток управления",
        "Электронный документ, представляемый конечному потребителю",
        "Примечание:",
        "Типовое оформление диаграммы приведено в графической нотации BPMN 1.2",
    ] {
        assert!(ru.contains(item), "{item}");
    }
    let kk = render::legend::document(&p, Lang::Kk, false, render::TextMode::Plain);
    for item in [
        "Кесте. Шартты белгілер",
        "Бастапқы хабарлама",
        "Оқиға-таймерлер",
        "Ақпараттық жүйе",
        "Хабарлама ағыны",
        "Соңында тұтынушыға ұсынылатын электрондық құжат",
        "Ескерту:",
    ] {
        assert!(kk.contains(item), "{item}");
    }
    // `--legend-used`: only what the diagram uses; no plain end in the fixture.
    let used = render::legend::document(&p, Lang::Ru, true, render::TextMode::Plain);
    assert!(!used.contains("Простые события завершающие"));
    assert!(used.contains("Ошибка"));
}

#[test]
fn bpmn_export_carries_event_definitions_messages_and_documents() {
    let p = process();
    let r = render::render(&p, &opts(Lang::Kk)).unwrap();
    let x = &r.bpmn;
    for needle in [
        // A message inside the one pool: a bpmn:message, no message flow.
        "<bpmn:message id=\"Message_1\"",
        "<bpmn:messageEventDefinition ",
        "<bpmn:timerEventDefinition ",
        "<bpmn:errorEventDefinition ",
        "<bpmn:intermediateCatchEvent ",
        "<bpmn:dataObjectReference ",
        "<bpmn:dataObject ",
        "<bpmn:association ",
        "name=\"Мәртебе туралы хабарлама\"",
    ] {
        assert!(x.contains(needle), "{needle}");
    }
    assert!(!x.contains("<bpmn:messageFlow "));
}

#[test]
fn action_table_in_the_regulations_layout() {
    let p = process();
    let rows = render::table::rows(&p, Lang::Ru);
    assert_eq!(
        rows.iter().map(|r| r.number.as_str()).collect::<Vec<_>>(),
        ["1", "2", "3", "4", "5"]
    );
    assert_eq!(rows[0].performer, "ИС ПЭП");
    assert_eq!(rows[0].time, "Не более 1 минуты");
    // Through the choice: the refusal ends without an action, and the
    // regulation's table prints only «2».
    assert_eq!(rows[0].next, "2", "through the choice");
    assert_eq!(rows[3].time, "В течение 10 рабочих дней");
    assert_eq!(
        rows[3].form,
        "Формирование уведомления, либо мотивированного отказа"
    );
    assert_eq!(rows[4].next, "—");
    let kk = render::table::rows(&p, Lang::Kk);
    assert_eq!(kk[0].time, "1 минуттан артық емес");
    assert_eq!(kk[3].time, "10 жұмыс күн ішінде");
    let md = render::table::markdown(&p, Lang::Ru);
    assert!(md.contains("| № действия (хода, потока работ) | Наименование СФЕ, ИС |"));
    let html = render::table::html(&p, Lang::Kk);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"kk\">"));
    assert!(html.contains("<th scope=\"col\">Орындау мерзімдері</th>"));
    assert!(!html.contains("<script"));
}

#[test]
fn table_escapes_model_text() {
    let src = std::fs::read_to_string(fixture()).unwrap().replace(
        "Присвоение номера заявлению",
        "Присвоение <b>номера</b> | заявлению",
    );
    let m = model::load_str(Path::new("e.ron"), &src).unwrap();
    let html = render::table::html(&m.process, Lang::Ru);
    assert!(html.contains("Присвоение &lt;b&gt;номера&lt;/b&gt; | заявлению"));
    let md = render::table::markdown(&m.process, Lang::Ru);
    assert!(md.contains("Присвоение <b>номера</b> \\| заявлению"));
}

#[test]
fn cli_table_writes_markdown_and_html() {
    let out = std::env::temp_dir().join(format!("regflow-table-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let st = Command::new(env!("CARGO_BIN_EXE_regflow"))
        .args(["table", "--lang", "kk", "-o"])
        .arg(&out)
        .arg(fixture())
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let md = std::fs::read_to_string(out.join("e-service.table.md")).unwrap();
    assert!(md.contains("ҚФБ, АЖ атауы"));
    assert!(out.join("e-service.table.html").is_file());
}

/// The s004 models carry both languages whole; a Russian-only model names
/// what it lacks for a Kazakh drawing.
#[test]
fn bilingual_models_lack_nothing_in_kazakh() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    for name in [
        "mzhumabaev-deti-invalidy-mio",
        "mzhumabaev-deti-invalidy-portal",
    ] {
        let p = regflow::model::load_file(&root.join(format!("{name}.ron")))
            .unwrap()
            .process;
        assert_eq!(p.untranslated(Lang::Kk), Vec::<String>::new(), "{name}");
        assert_eq!(p.untranslated(Lang::Ru), Vec::<String>::new(), "{name}");
    }
    let p = regflow::model::load_file(&root.join("almaty-01-yadernye-ispytaniya-gk.ron"))
        .unwrap()
        .process;
    let missing = p.untranslated(Lang::Kk);
    assert!(
        missing.contains(&"service".to_string()) && missing.contains(&"lanes[0].name".to_string()),
        "{missing:?}"
    );
}
