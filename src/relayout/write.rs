//! The new `bpmndi:BPMNDiagram` elements, and the file with them spliced in.

use super::place::{Placed, Rect};
use super::read::{Model, NS_BPMNDI};
use super::Drawn;
use roxmltree::Document;
use std::collections::HashSet;
use std::fmt::Write;
use std::ops::Range;

const NS_DC: &str = "http://www.omg.org/spec/DD/20100524/DC";
const NS_DI: &str = "http://www.omg.org/spec/DD/20100524/DI";

/// Ids for the DI elements, unlike any id of the file.
struct Ids {
    used: HashSet<String>,
}

impl Ids {
    fn make(&mut self, base: &str) -> String {
        let mut id = format!("{base}_di");
        let mut k = 2;
        while self.used.contains(&id) {
            id = format!("{base}_di{k}");
            k += 1;
        }
        self.used.insert(id.clone());
        id
    }
}

/// An attribute value: `&`, `<`, `"` escaped (ids come from the file).
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
}

fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

fn shape(out: &mut String, ids: &mut Ids, element: &str, r: &Rect, extra: &str) {
    let _ = writeln!(
        out,
        "      <bpmndi:BPMNShape id=\"{}\" bpmnElement=\"{}\"{extra}>\n        <dc:Bounds x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" />\n      </bpmndi:BPMNShape>",
        esc(&ids.make(element)),
        esc(element),
        num(r.x),
        num(r.y),
        num(r.w),
        num(r.h)
    );
}

/// Every plane's diagram, as text to splice in.
pub fn diagrams(m: &Model, placed: &[Placed]) -> (String, Drawn) {
    let mut ids = Ids {
        used: m.ids.iter().cloned().collect(),
    };
    let mut out = String::new();
    let mut drawn = Drawn::default();
    for (p, pl) in placed.iter().enumerate() {
        let plane = &m.planes[p];
        if plane.element.is_empty() {
            continue;
        }
        drawn.planes += 1;
        let diagram_id = ids.make(&format!("BPMNDiagram_{}", plane.element));
        let plane_id = ids.make(&format!("BPMNPlane_{}", plane.element));
        let _ = writeln!(
            out,
            "<bpmndi:BPMNDiagram xmlns:bpmndi=\"{NS_BPMNDI}\" xmlns:dc=\"{NS_DC}\" xmlns:di=\"{NS_DI}\" id=\"{}\">\n    <bpmndi:BPMNPlane id=\"{}\" bpmnElement=\"{}\">",
            esc(&diagram_id),
            esc(&plane_id),
            esc(&plane.element)
        );
        for (pool, r) in &pl.pools {
            if let Some(part) = &m.pools[*pool].participant {
                shape(&mut out, &mut ids, part, r, " isHorizontal=\"true\"");
                drawn.shapes += 1;
            }
        }
        for (lane, r) in &pl.lanes {
            shape(
                &mut out,
                &mut ids,
                &m.lanes[*lane].id,
                r,
                " isHorizontal=\"true\"",
            );
            drawn.shapes += 1;
        }
        for (i, r) in &pl.shapes {
            let it = &m.items[*i];
            if it.id.is_empty() {
                continue;
            }
            let extra = if it.inner.is_some() {
                " isExpanded=\"false\""
            } else {
                ""
            };
            shape(&mut out, &mut ids, &it.id, r, extra);
            drawn.shapes += 1;
        }
        for (k, pts) in &pl.edges {
            let e = &m.edges[*k];
            if e.id.is_empty() {
                continue;
            }
            let _ = writeln!(
                out,
                "      <bpmndi:BPMNEdge id=\"{}\" bpmnElement=\"{}\">",
                esc(&ids.make(&e.id)),
                esc(&e.id)
            );
            for (x, y) in pts {
                let _ = writeln!(
                    out,
                    "        <di:waypoint x=\"{}\" y=\"{}\" />",
                    num(*x),
                    num(*y)
                );
            }
            out.push_str("      </bpmndi:BPMNEdge>\n");
            drawn.edges += 1;
        }
        for k in &pl.skipped {
            let e = &m.edges[*k];
            drawn.skipped.push(format!(
                "{:?} {}: its ends are not both drawn on one plane",
                e.kind, e.id
            ));
        }
        // No white space between diagrams: it would not be inside one,
        // and the text outside the diagrams stays the input's.
        out.push_str("    </bpmndi:BPMNPlane>\n</bpmndi:BPMNDiagram>");
    }
    (out, drawn)
}

/// The byte ranges of the root's `BPMNDiagram` children.
pub fn diagram_ranges(doc: &Document) -> Vec<Range<usize>> {
    doc.root_element()
        .children()
        .filter(|n| {
            n.is_element()
                && n.tag_name().namespace() == Some(NS_BPMNDI)
                && n.tag_name().name() == "BPMNDiagram"
        })
        .map(|n| n.range())
        .collect()
}

/// The text with the old diagrams cut out and `diagram` where the first
/// stood (or before the root's end tag).
pub fn splice(text: &str, doc: &Document, diagram: &str) -> String {
    let ranges = diagram_ranges(doc);
    let mut out = String::with_capacity(text.len() + diagram.len());
    let body = diagram;
    match ranges.first() {
        Some(_) => {
            let mut at = 0;
            for (k, r) in ranges.iter().enumerate() {
                out.push_str(&text[at..r.start]);
                if k == 0 {
                    out.push_str(body);
                }
                at = r.end;
            }
            out.push_str(&text[at..]);
        }
        None => {
            let end = doc.root_element().range().end;
            let close = text[..end].rfind("</").unwrap_or(end);
            out.push_str(&text[..close]);
            out.push_str(body);
            out.push_str(&text[close..]);
        }
    }
    out
}
