//! The new `bpmndi:BPMNDiagram` elements, and the file with them spliced in.

use super::place::{Placed, Rect};
use super::read::{Model, NS_BPMNDI};
use super::Drawn;
use crate::render::xml::{dc_bounds, num, Tag, Xml};
use roxmltree::Document;
use std::collections::HashSet;
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

/// A line break and `depth` levels of two spaces: the diagram is
/// spliced into a file at the indentation of the one it replaces, one
/// level in, which quick-xml's indenting writer cannot start from.
fn line(out: &mut Xml, depth: usize) {
    out.space(&format!("\n{:width$}", "", width = 2 * depth));
}

fn shape(out: &mut Xml, ids: &mut Ids, element: &str, r: &Rect, extra: Option<(&str, &str)>) {
    line(out, 3);
    let mut tag = Tag::new("bpmndi:BPMNShape")
        .read_attr("id", &ids.make(element))
        .read_attr("bpmnElement", element);
    if let Some((k, v)) = extra {
        tag = tag.attr(k, v);
    }
    out.open(tag);
    line(out, 4);
    out.empty(dc_bounds(r.x, r.y, r.w, r.h));
    line(out, 3);
    out.close("bpmndi:BPMNShape");
}

/// Every plane's diagram, as text to splice in.
pub fn diagrams(m: &Model, placed: &[Placed]) -> (String, Drawn) {
    let mut ids = Ids {
        used: m.ids.iter().cloned().collect(),
    };
    let mut out = Xml::flat();
    let mut drawn = Drawn::default();
    for (p, pl) in placed.iter().enumerate() {
        let plane = &m.planes[p];
        if plane.element.is_empty() {
            continue;
        }
        drawn.planes += 1;
        let diagram_id = ids.make(&format!("BPMNDiagram_{}", plane.element));
        let plane_id = ids.make(&format!("BPMNPlane_{}", plane.element));
        out.open(
            Tag::new("bpmndi:BPMNDiagram")
                .attr("xmlns:bpmndi", NS_BPMNDI)
                .attr("xmlns:dc", NS_DC)
                .attr("xmlns:di", NS_DI)
                .read_attr("id", &diagram_id),
        );
        line(&mut out, 2);
        out.open(
            Tag::new("bpmndi:BPMNPlane")
                .read_attr("id", &plane_id)
                .read_attr("bpmnElement", &plane.element),
        );
        for (pool, r) in &pl.pools {
            if let Some(part) = &m.pools[*pool].participant {
                shape(&mut out, &mut ids, part, r, Some(("isHorizontal", "true")));
                drawn.shapes += 1;
            }
        }
        for (lane, r) in &pl.lanes {
            shape(
                &mut out,
                &mut ids,
                &m.lanes[*lane].id,
                r,
                Some(("isHorizontal", "true")),
            );
            drawn.shapes += 1;
        }
        for (i, r) in &pl.shapes {
            let it = &m.items[*i];
            if it.id.is_empty() {
                continue;
            }
            let extra = it.inner.is_some().then_some(("isExpanded", "false"));
            shape(&mut out, &mut ids, &it.id, r, extra);
            drawn.shapes += 1;
        }
        for (k, pts) in &pl.edges {
            let e = &m.edges[*k];
            if e.id.is_empty() {
                continue;
            }
            line(&mut out, 3);
            out.open(
                Tag::new("bpmndi:BPMNEdge")
                    .read_attr("id", &ids.make(&e.id))
                    .read_attr("bpmnElement", &e.id),
            );
            for (x, y) in pts {
                line(&mut out, 4);
                out.empty(
                    Tag::new("di:waypoint")
                        .attr("x", &num(*x))
                        .attr("y", &num(*y)),
                );
            }
            line(&mut out, 3);
            out.close("bpmndi:BPMNEdge");
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
        line(&mut out, 2);
        out.close("bpmndi:BPMNPlane");
        line(&mut out, 0);
        out.close("bpmndi:BPMNDiagram");
    }
    (out.finish(false), drawn)
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
