//! The legend, «Условные обозначения» / «Шартты белгілер», in the wording
//! of the regulations: the regulation's fixed list of symbols, its
//! footnote as the model gives it, and for e-services the «Примечание».

use super::svg::{self, Svg, TextMode, INK};
use super::xml::num;
use crate::font;
use crate::i18n::{self, Symbol};
use crate::layout::{Rect, TextBlock};
use crate::model::{EventKind, FlowKind, LaneKind, Lang, LegendWording, NodeKind, Process};

const WIDTH: f64 = 520.0;
const SYMBOL_W: f64 = 64.0;

/// The symbols a process's diagram uses, in legend order.
pub fn used_symbols(p: &Process) -> Vec<Symbol> {
    if p.legend == LegendWording::Bpmn {
        return i18n::BPMN_SYMBOLS
            .into_iter()
            .filter(|s| bpmn_symbol_used(p, *s))
            .collect();
    }
    let has = |k: &[NodeKind]| p.nodes.iter().any(|n| k.contains(&n.kind()));
    let mut v = Vec::new();
    if has(&[NodeKind::Start, NodeKind::End]) {
        v.push(Symbol::StartEnd);
    }
    if has(&[NodeKind::Step, NodeKind::Ref]) {
        v.push(Symbol::Procedure);
    }
    if has(&[NodeKind::Choice]) {
        v.push(Symbol::Choice);
    }
    if !p.edges().is_empty() {
        v.push(Symbol::Transition);
    }
    v
}

fn bpmn_symbol_used(p: &Process, s: Symbol) -> bool {
    let node = |k: NodeKind, e: Option<EventKind>| {
        p.nodes
            .iter()
            .any(|n| n.kind() == k && e.is_none_or(|e| n.event() == e))
    };
    let flow = |k: FlowKind| p.all_edges().iter().any(|e| e.kind == k);
    match s {
        Symbol::MessageStart => node(NodeKind::Start, Some(EventKind::Message)),
        Symbol::MessageEnd => node(NodeKind::End, Some(EventKind::Message)),
        Symbol::MessageIntermediate => node(NodeKind::Event, Some(EventKind::Message)),
        // Plain starts are drawn with the same circle as plain ends.
        Symbol::PlainEnd => {
            node(NodeKind::End, Some(EventKind::Plain))
                || node(NodeKind::Start, Some(EventKind::Plain))
        }
        Symbol::Error => p.nodes.iter().any(|n| n.event() == EventKind::Error),
        Symbol::Timer => p.nodes.iter().any(|n| n.event() == EventKind::Timer),
        Symbol::InformationSystem => p
            .lanes
            .iter()
            .any(|l| l.kind == LaneKind::InformationSystem),
        Symbol::Process => node(NodeKind::Step, None) || node(NodeKind::Ref, None),
        Symbol::Condition => node(NodeKind::Choice, None),
        Symbol::MessageFlow => flow(FlowKind::Message),
        Symbol::ControlFlow => flow(FlowKind::Sequence),
        Symbol::Document => node(NodeKind::Document, None),
        _ => false,
    }
}

/// The symbols of the regulation's legend, in its order: a fixed list
/// per wording (seed-inventory §3), or only those the diagram uses.
fn symbols(p: &Process, used_only: bool) -> Vec<Symbol> {
    let fixed = match p.legend {
        LegendWording::Bpmn => i18n::BPMN_SYMBOLS.to_vec(),
        LegendWording::Provider | LegendWording::Recipient => vec![
            Symbol::StartEnd,
            Symbol::Procedure,
            Symbol::Choice,
            Symbol::Transition,
        ],
        LegendWording::RecipientNoChoice => {
            vec![Symbol::StartEnd, Symbol::Procedure, Symbol::Transition]
        }
        LegendWording::FootnoteOnly => Vec::new(),
    };
    if !used_only {
        return fixed;
    }
    let used = used_symbols(p);
    fixed.into_iter().filter(|s| used.contains(s)).collect()
}

/// The legend's parts, measured: the items, the heading, and the note
/// under them (the model's СФЕ footnote, or the BPMN «Примечание»).
fn items(
    p: &Process,
    lang: Lang,
    used_only: bool,
) -> (Vec<(Symbol, TextBlock)>, TextBlock, TextBlock) {
    let wording = p.legend;
    let syms = symbols(p, used_only);
    let text_w = WIDTH - SYMBOL_W - 28.0;
    let items = syms
        .into_iter()
        .map(|s| {
            let text = i18n::legend_item(s, lang, wording);
            let text = if wording == LegendWording::Bpmn {
                text.to_string()
            } else {
                format!("– {text}")
            };
            let lines = font::wrap(&text, 11.0, false, text_w);
            let h = lines.len() as f64 * font::line_height(11.0);
            (
                s,
                TextBlock {
                    rect: Rect {
                        x: 0.0,
                        y: 0.0,
                        w: text_w,
                        h,
                    },
                    lines,
                    size: 11.0,
                    bold: false,
                    centered: false,
                },
            )
        })
        .collect();
    let heading = TextBlock {
        rect: Rect::default(),
        lines: vec![if wording == LegendWording::Bpmn {
            i18n::bpmn_legend_title(lang)
        } else {
            i18n::legend_title(lang)
        }
        .to_string()],
        size: 12.0,
        bold: true,
        centered: false,
    };
    // The footnote belongs to the regulation: the model says it, or there
    // is none. The BPMN legend ends with its «Примечание».
    let mut lines = Vec::new();
    if let Some(f) = &p.footnote {
        lines.extend(font::wrap(
            f.get(lang, p.default_lang()),
            10.0,
            false,
            WIDTH - 24.0,
        ));
    }
    if wording == LegendWording::Bpmn {
        for para in i18n::bpmn_legend_note(lang) {
            lines.extend(font::wrap(para, 10.0, false, WIDTH - 24.0));
        }
    }
    let footnote = TextBlock {
        rect: Rect {
            x: 0.0,
            y: 0.0,
            w: WIDTH - 24.0,
            h: lines.len() as f64 * font::line_height(10.0),
        },
        lines,
        size: 10.0,
        bold: false,
        centered: false,
    };
    (items, heading, footnote)
}

/// Draws the legend at (x, y) into `out`; returns its height.
pub fn draw(out: &mut Svg, p: &Process, lang: Lang, used_only: bool, x: f64, y: f64) -> f64 {
    let (items, mut heading, mut footnote) = items(p, lang, used_only);
    let mut cy = y + 12.0;
    heading.rect = Rect {
        x: x + 12.0,
        y: cy,
        w: WIDTH - 24.0,
        h: font::line_height(12.0),
    };
    // Set D prints the footnote alone, without «Условные обозначения».
    if p.legend != LegendWording::FootnoteOnly {
        svg::text_block(out, &heading);
        cy += heading.rect.h + 8.0;
    }
    for (sym, mut tb) in items {
        let row_h = tb.rect.h.max(28.0);
        draw_symbol(out, sym, x + 12.0, cy, row_h);
        tb.rect.x = x + 12.0 + SYMBOL_W + 12.0;
        tb.rect.y = cy + (row_h - tb.rect.h) / 2.0;
        svg::text_block(out, &tb);
        cy += row_h + 6.0;
    }
    cy += 4.0;
    footnote.rect.x = x + 12.0;
    footnote.rect.y = cy;
    svg::text_block(out, &footnote);
    cy += footnote.rect.h + 12.0;
    cy - y
}

/// Draws one legend symbol in the cell at (x, y) of width SYMBOL_W.
fn draw_symbol(out: &mut Svg, sym: Symbol, x: f64, y: f64, row_h: f64) {
    let mid = y + row_h / 2.0;
    let circle = Rect {
        x: x + SYMBOL_W / 2.0 - 12.0,
        y: mid - 12.0,
        w: 24.0,
        h: 24.0,
    };
    let wide = Rect {
        x: x + 6.0,
        y: mid - 12.0,
        w: SYMBOL_W - 12.0,
        h: 24.0,
    };
    let line = |out: &mut Svg, kind: FlowKind| {
        let pts = format!(
            "{},{} {},{}",
            num(x + 6.0),
            num(mid),
            num(x + SYMBOL_W - 6.0),
            num(mid)
        );
        svg::flow_line(out, &pts, &svg::flow_style(kind, svg::Piece::WHOLE));
    };
    match sym {
        Symbol::StartEnd => svg::symbol(out, NodeKind::Start, circle),
        Symbol::Procedure | Symbol::Process => svg::symbol(out, NodeKind::Step, wide),
        Symbol::Choice | Symbol::Condition => svg::symbol(
            out,
            NodeKind::Choice,
            Rect {
                x: x + 10.0,
                y: mid - 13.0,
                w: SYMBOL_W - 20.0,
                h: 26.0,
            },
        ),
        Symbol::Transition | Symbol::ControlFlow => line(out, FlowKind::Sequence),
        Symbol::MessageFlow => line(out, FlowKind::Message),
        Symbol::MessageStart => svg::symbol_event(out, NodeKind::Start, EventKind::Message, circle),
        Symbol::MessageEnd => svg::symbol_event(out, NodeKind::End, EventKind::Message, circle),
        Symbol::MessageIntermediate => {
            svg::symbol_event(out, NodeKind::Event, EventKind::Message, circle)
        }
        Symbol::PlainEnd => svg::symbol(out, NodeKind::End, circle),
        Symbol::Error => svg::symbol_event(out, NodeKind::End, EventKind::Error, circle),
        Symbol::Timer => svg::symbol_event(out, NodeKind::Event, EventKind::Timer, circle),
        Symbol::Document => svg::symbol(
            out,
            NodeKind::Document,
            Rect {
                x: x + SYMBOL_W / 2.0 - 10.0,
                y: mid - 13.0,
                w: 20.0,
                h: 26.0,
            },
        ),
        Symbol::InformationSystem => {
            // A lane: a band with its header.
            let band = Rect {
                x: x + 4.0,
                y: mid - 11.0,
                w: SYMBOL_W - 8.0,
                h: 22.0,
            };
            let head = Rect { w: 12.0, ..band };
            out.el(svg::rect(head)
                .read_attr("fill", svg::ACCENT)
                .read_attr("stroke", "none"));
            for r in [band, head] {
                out.el(svg::rect(r)
                    .read_attr("fill", "none")
                    .read_attr("stroke", INK)
                    .read_attr("stroke-width", "1"));
            }
        }
    }
}

/// Height of the legend without drawing it.
pub fn height(p: &Process, lang: Lang, used_only: bool) -> f64 {
    let mut scratch = Svg::new();
    draw(&mut scratch, p, lang, used_only, 0.0, 0.0)
}

pub fn width() -> f64 {
    WIDTH
}

/// The legend as its own SVG document.
pub fn document(p: &Process, lang: Lang, used_only: bool, mode: TextMode) -> String {
    let h = height(p, lang, used_only);
    let mut out = Svg::new();
    let title = format!(
        "{}: {}",
        i18n::legend_title(lang),
        p.service.get(lang, p.default_lang())
    );
    svg::open(
        &mut out,
        WIDTH,
        h,
        &title,
        i18n::legend_title(lang),
        mode,
        lang.code(),
    );
    draw(&mut out, p, lang, used_only, 0.0, 0.0);
    out.close("svg");
    svg::finish(out.finish(), mode)
}
