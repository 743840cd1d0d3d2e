//! The BPMN export: well-formed, ASCII unique ids, every reference
//! resolving, every node and flow once with its DI, names kept with
//! Cyrillic, deterministic; then the tools a user opens it with: the OMG
//! XSD (xmllint), bpmn-moddle, bpmnlint and bpmn-js in headless Chromium.
//!
//! The tool tests need `xmllint`, `node`, `/usr/bin/chromium` and
//! `tests/interop/node_modules` (`scripts/setup.sh` installs them). Where
//! one is missing they print a note and pass, except under CI (`CI` set),
//! where a missing tool is a failure.

mod common;

use common::{
    have_node, interop, is_xml_ascii_id, models, need, root, run, runs, Doc, El, NS_BPMN,
    NS_BPMNDI, NS_DC, NS_DI,
};
use regflow::layout::{self, Diagram, Options};
use regflow::model::{self, EventKind, Lang, Node, Orientation, Process};
use regflow::render::bpmn::{self, Ids};
use regflow::render::xml::num;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn export(p: &Process, o: Orientation, lang: Lang) -> (Diagram, String) {
    let d = layout::layout(
        p,
        &Options {
            lang,
            orientation: Some(o),
        },
    );
    let xml = bpmn::bpmn(p, &d, lang);
    (d, xml)
}

/// Every model in both forms, in its own language.
fn exports() -> Vec<(String, Process, Orientation, Diagram, String)> {
    let mut out = Vec::new();
    for (stem, p) in models() {
        for o in [Orientation::Table, Orientation::Bpmn] {
            let (d, xml) = export(&p, o, p.lang);
            out.push((stem.clone(), p.clone(), o, d, xml));
        }
    }
    out
}

fn form(o: Orientation) -> &'static str {
    match o {
        Orientation::Table => "table",
        Orientation::Bpmn => "bpmn",
    }
}

/// The structural checks a schema validator does not do.
fn check_structure(p: &Process, o: Orientation, d: &Diagram, lang: Lang, xml: &str) {
    let doc = Doc::parse(xml).unwrap_or_else(|e| panic!("not well-formed: {e}\n{xml}"));
    for e in &doc.els {
        assert!(
            [NS_BPMN, NS_BPMNDI, NS_DC, NS_DI].contains(&e.ns.as_str()),
            "{} in namespace {:?}",
            e.name,
            e.ns
        );
    }
    let root = &doc.els[0];
    assert!(root.is(NS_BPMN, "definitions"));
    assert!(root.attr("targetNamespace").is_some_and(|s| !s.is_empty()));

    // Ids: ASCII and unique.
    let mut ids = HashSet::new();
    for e in &doc.els {
        if let Some(id) = e.attr("id") {
            assert!(is_xml_ascii_id(id), "id {id:?} is not an ASCII XML id");
            assert!(ids.insert(id.to_string()), "id {id} twice");
        }
    }

    // References resolve.
    let mut refs = Vec::new();
    for e in &doc.els {
        for k in [
            "sourceRef",
            "targetRef",
            "bpmnElement",
            "processRef",
            "default",
        ] {
            if let Some(v) = e.attr(k) {
                refs.push((format!("{}@{k}", e.name), v.to_string()));
            }
        }
        if e.ns == NS_BPMN && matches!(e.name.as_str(), "flowNodeRef" | "incoming" | "outgoing") {
            refs.push((e.name.clone(), e.text.trim().to_string()));
        }
    }
    assert!(!refs.is_empty());
    for (what, target) in &refs {
        assert!(
            ids.contains(target),
            "{what} → {target:?} resolves to nothing"
        );
    }

    // The collaboration: one pool holding the process.
    let parts: Vec<_> = doc.all(NS_BPMN, "participant").collect();
    assert_eq!(parts.len(), 1);
    let process = doc.by_id(parts[0].attr("processRef").unwrap())[0];
    assert!(process.is(NS_BPMN, "process"));
    let def = p.default_lang();
    assert_eq!(parts[0].attr("name"), Some(p.service.get(lang, def)));

    let id = Ids::new(p);
    let edges = p.edges();
    let plane = doc.all(NS_BPMNDI, "BPMNPlane").collect::<Vec<_>>();
    assert_eq!(plane.len(), 1, "one plane");
    let collab = doc.all(NS_BPMN, "collaboration").next().unwrap();
    assert_eq!(plane[0].attr("bpmnElement"), collab.attr("id"));
    let di_of = |el: &str| -> Vec<&El> {
        doc.children(plane[0])
            .filter(|c| c.attr("bpmnElement") == Some(el))
            .collect()
    };
    let bounds = |shape: &El| -> [String; 4] {
        let b = doc
            .child(shape, NS_DC, "Bounds")
            .expect("a shape has bounds");
        ["x", "y", "width", "height"].map(|k| b.attr(k).unwrap().to_string())
    };
    let rect = |r: regflow::layout::Rect| [num(r.x), num(r.y), num(r.w), num(r.h)];
    let horizontal = match o {
        Orientation::Table => "false",
        Orientation::Bpmn => "true",
    };

    // The pool's shape spans the lanes' frame.
    let pool = di_of(parts[0].attr("id").unwrap());
    assert_eq!(pool.len(), 1);
    assert_eq!(pool[0].attr("isHorizontal"), Some(horizontal));
    assert_eq!(bounds(pool[0]), rect(bpmn::pool_bounds(d)));
    assert!(bpmn::pool_bounds(d).contains_rect(&d.frame));

    // Lanes: one per lane, named, holding their nodes, drawn as their band.
    let lanes: Vec<_> = doc.all(NS_BPMN, "lane").collect();
    assert_eq!(lanes.len(), p.lanes.len());
    for (li, lane) in p.lanes.iter().enumerate() {
        let el = doc.by_id(&id.lanes[li]);
        assert_eq!(el.len(), 1);
        assert!(el[0].is(NS_BPMN, "lane"));
        assert_eq!(el[0].attr("name"), Some(lane.name.get(lang, def)));
        let members: Vec<String> = doc
            .children(el[0])
            .filter(|c| c.is(NS_BPMN, "flowNodeRef"))
            .map(|c| c.text.clone())
            .collect();
        let expected: Vec<String> = (0..p.nodes.len())
            .filter(|&i| p.nodes[i].lane() == lane.id && p.nodes[i].in_flow())
            .map(|i| id.nodes[i].clone())
            .collect();
        assert_eq!(members, expected, "lane {}", lane.id);
        let di = di_of(&id.lanes[li]);
        assert_eq!(di.len(), 1, "lane {} drawn once", lane.id);
        assert_eq!(di[0].attr("isHorizontal"), Some(horizontal));
        let band = d.lanes.iter().find(|l| l.id == lane.id).unwrap().band;
        assert_eq!(bounds(di[0]), rect(band));
    }

    // Nodes: once each, of the right type and name, drawn once as drawn in SVG.
    let flow_nodes = [
        "startEvent",
        "endEvent",
        "task",
        "callActivity",
        "exclusiveGateway",
        "intermediateCatchEvent",
        "intermediateThrowEvent",
        "dataObjectReference",
    ];
    let n_flow_nodes = doc
        .els
        .iter()
        .filter(|e| e.ns == NS_BPMN && flow_nodes.contains(&e.name.as_str()))
        .count();
    assert_eq!(n_flow_nodes, p.nodes.len());
    for (i, n) in p.nodes.iter().enumerate() {
        let el = doc.by_id(&id.nodes[i]);
        assert_eq!(el.len(), 1);
        let el = el[0];
        let tag = match n {
            Node::Start { .. } => "startEvent",
            Node::End { .. } => "endEvent",
            Node::Step { .. } => "task",
            Node::Ref { .. } => "callActivity",
            Node::Choice { .. } => "exclusiveGateway",
            Node::Event {
                event: EventKind::Message | EventKind::Timer,
                ..
            } => "intermediateCatchEvent",
            Node::Event { .. } => "intermediateThrowEvent",
            Node::Document { .. } => "dataObjectReference",
        };
        assert!(el.is(NS_BPMN, tag), "{} is {}", id.nodes[i], el.name);
        let name = n.label().map(|t| t.get(lang, def)).unwrap_or("");
        // Every start is named: one the model leaves bare by the regulation's word.
        let name = match (n, name.trim().is_empty(), lang) {
            (Node::Start { .. }, true, Lang::Ru) => "Начало",
            (Node::Start { .. }, true, Lang::Kk) => "Басталуы",
            _ => name,
        };
        assert_eq!(el.attr("name").unwrap_or(""), name);
        if let Some(num) = n.number() {
            let doc_el = doc.child(el, NS_BPMN, "documentation").unwrap();
            assert!(
                doc_el.text.starts_with(&format!("№ {num}")),
                "{}",
                doc_el.text
            );
        }
        // Schema order: documentation, incoming*, outgoing*.
        let order: Vec<&str> = doc.children(el).map(|c| c.name.as_str()).collect();
        let rank = |s: &str| match s {
            "documentation" => 0,
            "incoming" => 1,
            "outgoing" => 2,
            d if d.ends_with("EventDefinition") => 3,
            other => panic!("unexpected child {other}"),
        };
        assert!(
            order.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
            "{order:?}"
        );
        let text_of = |kind: &str| -> Vec<String> {
            doc.children(el)
                .filter(|c| c.name == kind)
                .map(|c| c.text.clone())
                .collect()
        };
        let inc: Vec<String> = (0..edges.len())
            .filter(|&k| edges[k].to == i)
            .map(|k| id.flows[k].clone())
            .collect();
        let out: Vec<String> = (0..edges.len())
            .filter(|&k| edges[k].from == i)
            .map(|k| id.flows[k].clone())
            .collect();
        assert_eq!(text_of("incoming"), inc);
        assert_eq!(text_of("outgoing"), out);
        let di = di_of(&id.nodes[i]);
        assert_eq!(di.len(), 1, "{} drawn once", id.nodes[i]);
        let shape = d.shapes.iter().find(|s| s.node == i).unwrap();
        assert_eq!(bounds(di[0]), rect(shape.body));
        if matches!(
            n,
            Node::End {
                result: Some(_),
                ..
            } | Node::Choice { .. }
                | Node::Start { .. }
        ) {
            assert!(
                doc.child(di[0], NS_BPMNDI, "BPMNLabel").is_some(),
                "{} has its caption placed",
                id.nodes[i]
            );
        }
        if let (Node::Start { .. }, Some(l)) = (n, doc.child(di[0], NS_BPMNDI, "BPMNLabel")) {
            // A start's name lands on no other symbol and no caption.
            let b = doc.child(l, NS_DC, "Bounds").unwrap();
            let f = |k: &str| b.attr(k).unwrap().parse::<f64>().unwrap();
            let r = regflow::layout::Rect {
                x: f("x"),
                y: f("y"),
                w: f("width"),
                h: f("height"),
            };
            for s in d.shapes.iter().filter(|s| s.node != i) {
                assert!(
                    !s.body.overlaps(&r),
                    "{}: the start's name on a shape",
                    id.nodes[i]
                );
                for t in &s.text {
                    assert!(
                        !t.rect.overlaps(&r),
                        "{}: the start's name on a caption",
                        id.nodes[i]
                    );
                }
            }
        }
    }

    // Flows: once each, between the right nodes, named by the outcome, drawn once.
    let flows: Vec<_> = doc.all(NS_BPMN, "sequenceFlow").collect();
    assert_eq!(flows.len(), edges.len());
    for (k, e) in edges.iter().enumerate() {
        let el = doc.by_id(&id.flows[k]);
        assert_eq!(el.len(), 1);
        let el = el[0];
        assert!(el.is(NS_BPMN, "sequenceFlow"));
        assert_eq!(el.attr("sourceRef"), Some(id.nodes[e.from].as_str()));
        assert_eq!(el.attr("targetRef"), Some(id.nodes[e.to].as_str()));
        let label = e.label.as_ref().map(|t| t.get(lang, def));
        assert_eq!(el.attr("name"), label);
        let di = di_of(&id.flows[k]);
        assert_eq!(di.len(), 1, "{} drawn once", id.flows[k]);
        let pts: Vec<(String, String)> = doc
            .children(di[0])
            .filter(|c| c.is(NS_DI, "waypoint"))
            .map(|w| {
                (
                    w.attr("x").unwrap().to_string(),
                    w.attr("y").unwrap().to_string(),
                )
            })
            .collect();
        let path = d
            .edges
            .iter()
            .find(|x| x.from == e.from && x.to == e.to)
            .unwrap();
        let expect: Vec<(String, String)> =
            path.points.iter().map(|q| (num(q.x), num(q.y))).collect();
        assert_eq!(pts, expect, "{}", id.flows[k]);
        assert!(pts.len() >= 2);
        assert_eq!(
            doc.child(di[0], NS_BPMNDI, "BPMNLabel").is_some(),
            path.label.is_some()
        );
    }
    // Message flows and document associations: once each, drawn once.
    let all = p.all_edges();
    for (k, e) in all.iter().enumerate().skip(edges.len()) {
        let tag = match e.kind {
            model::FlowKind::Message => "messageFlow",
            model::FlowKind::Association => "association",
            model::FlowKind::Sequence => unreachable!("sequence flows come first"),
        };
        let el = doc.by_id(&id.flows[k]);
        assert_eq!(el.len(), 1, "{}", id.flows[k]);
        assert!(el[0].is(NS_BPMN, tag), "{} is a {tag}", id.flows[k]);
        assert_eq!(el[0].attr("sourceRef"), Some(id.nodes[e.from].as_str()));
        assert_eq!(el[0].attr("targetRef"), Some(id.nodes[e.to].as_str()));
        assert_eq!(di_of(&id.flows[k]).len(), 1, "{} drawn once", id.flows[k]);
    }
    // Nothing else is drawn.
    let drawn = doc.children(plane[0]).count();
    assert_eq!(drawn, 1 + p.lanes.len() + p.nodes.len() + all.len());
}

#[test]
fn every_model_exports_a_consistent_bpmn_in_both_forms_and_languages() {
    for (stem, p) in models() {
        for o in [Orientation::Table, Orientation::Bpmn] {
            for lang in [Lang::Ru, Lang::Kk] {
                let (d, xml) = export(&p, o, lang);
                let r = std::panic::catch_unwind(|| check_structure(&p, o, &d, lang, &xml));
                if r.is_err() {
                    panic!("{stem} {o:?} {lang:?}: see above");
                }
            }
        }
    }
}

#[test]
fn names_keep_cyrillic_and_kazakh_letters() {
    let all = exports();
    let mut kazakh = false;
    for (stem, p, _, _, xml) in &all {
        let def = p.default_lang();
        let doc = Doc::parse(xml).unwrap();
        let names: HashSet<&str> = doc.els.iter().filter_map(|e| e.attr("name")).collect();
        for n in &p.nodes {
            if let Some(t) = n.label() {
                assert!(names.contains(t.get(p.lang, def)), "{stem}: {t:?}");
            }
        }
        assert!(xml.chars().any(|c| ('а'..='я').contains(&c)), "{stem}");
        kazakh |= xml.chars().any(|c| "әғқңөұүһі".contains(c));
    }
    assert!(kazakh, "a Kazakh model is among the models");
}

#[test]
fn markup_in_texts_is_escaped_and_ids_stay_ascii() {
    let src = r#"Process(
        service: "Услуга <«A & B»> \"x\" 'y'",
        lanes: [
            Lane(id: "отдел", name: "Отдел & <сектор>"),
            Lane(id: "отдел_", name: "Второй"),
        ],
        nodes: [
            Start(lane: "отдел"),
            Step(id: "шаг", n: "1", lane: "отдел", text: "Принимает <документы> & «выдаёт»\nрасписку",
                 time: Within(WorkDays(2))),
            Choice(id: "вопрос", lane: "отдел_", question: "Полный пакет?",
                   outcomes: [(label: "да", to: "шаг2"), (label: "нет & <нет>", to: "конец")]),
            Step(id: "шаг2", n: "2", lane: "отдел_", text: "Готовит"),
            End(id: "конец", lane: "отдел_", result: "Расписка"),
        ],
    )"#;
    let m = model::load_str(Path::new("t.ron"), src).expect("loads");
    let errors: Vec<_> = model::validate(&m)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    for o in [Orientation::Table, Orientation::Bpmn] {
        let (d, xml) = export(&m.process, o, Lang::Ru);
        check_structure(&m.process, o, &d, Lang::Ru, &xml);
        assert!(xml.contains("в течение 2 рабочих дней"), "{xml}");
        assert!(xml.contains("&amp;"));
    }
}

#[test]
fn the_checker_catches_a_dangling_reference_and_a_cyrillic_id() {
    let (_, p) = models().remove(0);
    let (d, xml) = export(&p, Orientation::Bpmn, p.lang);
    let bad = xml.replacen("targetRef=\"", "targetRef=\"Missing", 1);
    let r = std::panic::catch_unwind(|| check_structure(&p, Orientation::Bpmn, &d, p.lang, &bad));
    assert!(r.is_err());
    assert!(!is_xml_ascii_id("Задача_1"));
    assert!(Doc::parse("<a><b></a>").is_err());
}

#[test]
fn export_is_byte_identical_across_runs() {
    for (stem, p) in models() {
        for o in [Orientation::Table, Orientation::Bpmn] {
            let (_, a) = export(&p, o, p.lang);
            let (_, b) = export(&p, o, p.lang);
            assert!(a == b, "{stem} {o:?}: two runs differ");
        }
    }
}

#[test]
fn render_fills_the_bpmn_and_the_cli_writes_it() {
    let (stem, p) = models().remove(0);
    let r = regflow::render::render(
        &p,
        &regflow::render::RenderOptions {
            lang: p.lang,
            orientation: None,
            text: regflow::render::TextOutput::Embedded,
            dpi: 48.0,
            paper: regflow::render::Paper::A4,
            legend_below: false,
            legend_used: false,
        },
    )
    .unwrap();
    assert_eq!(r.bpmn, bpmn::bpmn(&p, &r.layout, p.lang));

    let out = root().join("target").join("bpmn-cli");
    let _ = std::fs::remove_dir_all(&out);
    let model = root().join("models").join(format!("{stem}.ron"));
    let st = Command::new(env!("CARGO_BIN_EXE_regflow"))
        .args(["render", "--format", "bpmn", "-o"])
        .arg(&out)
        .arg(&model)
        .output()
        .unwrap();
    assert!(st.status.success(), "{st:?}");
    let written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".regflow-cache") // render's up-to-date stamps
        .collect();
    assert_eq!(written, vec![format!("{stem}.bpmn")]);
    assert_eq!(
        std::fs::read_to_string(out.join(format!("{stem}.bpmn"))).unwrap(),
        r.bpmn
    );
}

// ---------------------------------------------------------------------
// The tools.

/// Writes every export under target/bpmn-interop/<dir>/ and returns the files.
fn write_all(dir: &str) -> Vec<PathBuf> {
    let out = root().join("target").join("bpmn-interop").join(dir);
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    exports()
        .into_iter()
        .map(|(stem, _, o, _, xml)| {
            let f = out.join(format!("{stem}.{}.bpmn", form(o)));
            std::fs::write(&f, xml).unwrap();
            f
        })
        .collect()
}

#[test]
fn xsd_validation_with_xmllint() {
    if !need("xmllint", runs("xmllint", "--version")) || !have_node() {
        return;
    }
    let xsd = interop().join("node_modules/bpmn-moddle/resources/bpmn/xsd/BPMN20.xsd");
    assert!(xsd.is_file(), "{}", xsd.display());
    let files = write_all("xsd");
    let (ok, text) = run(Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .args(&files));
    assert!(ok, "{text}");
    assert_eq!(text.matches(" validates").count(), files.len(), "{text}");

    // The schema does catch what it should: incoming after outgoing.
    let bad = std::fs::read_to_string(&files[0]).unwrap().replacen(
        "<bpmn:outgoing>",
        "<bpmn:outgoing>Flow_1</bpmn:outgoing>\n<bpmn:incoming>Flow_1</bpmn:incoming>\n<bpmn:outgoing>",
        1,
    );
    let f = files[0].with_extension("bad.xml");
    std::fs::write(&f, bad).unwrap();
    let (ok, _) = run(Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(&f));
    assert!(!ok, "xmllint accepted incoming after outgoing");
}

#[test]
fn bpmn_moddle_reads_every_export_without_a_warning() {
    if !have_node() {
        return;
    }
    let files = write_all("moddle");
    let (ok, text) = run(Command::new("node")
        .arg(interop().join("moddle.mjs"))
        .args(&files));
    assert!(ok, "{text}");
    assert_eq!(
        text.matches("ok, 0 warnings").count(),
        files.len(),
        "{text}"
    );

    // It does warn about what bpmn-js chokes on: a Cyrillic id.
    let bad = std::fs::read_to_string(&files[0])
        .unwrap()
        .replace("StartEvent_1", "Начало_1");
    let f = files[0].with_extension("bad.bpmn");
    std::fs::write(&f, bad).unwrap();
    let (ok, text) = run(Command::new("node")
        .arg(interop().join("moddle.mjs"))
        .arg(&f));
    assert!(!ok && text.contains("illegal ID"), "{text}");
}

#[test]
fn bpmnlint_recommended_finds_no_error() {
    if !have_node() {
        return;
    }
    let files = write_all("lint");
    let (ok, text) = run(Command::new("node")
        .arg(interop().join("lint.mjs"))
        .args(&files));
    eprintln!("{text}");
    assert!(ok, "{text}");
    assert!(!text.contains(": error:"), "{text}");
}

#[test]
fn bpmn_js_imports_every_export_without_a_warning() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !have_node() || !need("chromium", Path::new(&chromium).is_file()) {
        return;
    }
    let all = exports();
    let files = write_all("bpmnjs");
    let png = root().join("target").join("bpmn-interop").join("bpmnjs");
    let (ok, text) = run(Command::new("node")
        .arg(interop().join("bpmnjs.mjs"))
        .arg("--png")
        .arg(&png)
        .args(&files));
    assert!(ok, "{text}");
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with('{')).collect();
    assert_eq!(lines.len(), files.len(), "{text}");
    for ((stem, p, o, _, _), line) in all.iter().zip(lines) {
        let count = |ty: &str| -> usize {
            let key = format!("\"{ty}\":");
            line.split(&key)
                .nth(1)
                .map(|s| {
                    s.chars()
                        .take_while(char::is_ascii_digit)
                        .collect::<String>()
                })
                .and_then(|s| s.parse().ok())
                .unwrap_or(0)
        };
        let what = format!("{stem} {o:?}: {line}");
        assert!(line.contains("\"warnings\":[]"), "{what}");
        assert!(!line.contains("\"error\""), "{what}");
        let kind = |k: model::NodeKind| p.nodes.iter().filter(|n| n.kind() == k).count();
        assert_eq!(count("bpmn:Participant"), 1, "{what}");
        assert_eq!(count("bpmn:Lane"), p.lanes.len(), "{what}");
        assert_eq!(count("bpmn:SequenceFlow"), p.edges().len(), "{what}");
        assert_eq!(count("bpmn:Task"), kind(model::NodeKind::Step), "{what}");
        assert_eq!(
            count("bpmn:CallActivity"),
            kind(model::NodeKind::Ref),
            "{what}"
        );
        assert_eq!(
            count("bpmn:ExclusiveGateway"),
            kind(model::NodeKind::Choice),
            "{what}"
        );
        assert_eq!(
            count("bpmn:StartEvent"),
            kind(model::NodeKind::Start),
            "{what}"
        );
        assert_eq!(count("bpmn:EndEvent"), kind(model::NodeKind::End), "{what}");
        assert!(count("svgBytes") > 10_000, "{what}");
    }
    eprintln!("bpmn-js screenshots in {}", png.display());
}
