//! The lane bands and their headers, on the page.

use super::geometry::{LaneBox, Rect};
use super::size::{self, block};

/// One box per lane: its band across the frame (`bands` gives each lane's
/// start and end across the flow, from the frame's edge), its header (a
/// column `header_size` wide on the left in the BPMN form, its name written
/// upwards in it; a row `header_size` high on top in the table form) and its
/// name centred in the header.
pub fn lane_boxes(
    frame: Rect,
    bands: &[(f64, f64)],
    names: &[String],
    ids: Vec<String>,
    bpmn: bool,
    header_size: f64,
) -> Vec<LaneBox> {
    bands
        .iter()
        .zip(names)
        .zip(ids)
        .map(|((&(c0, c1), name), id)| {
            let (band, header) = if bpmn {
                let band = Rect {
                    x: frame.x,
                    y: frame.y + c0,
                    w: frame.w,
                    h: c1 - c0,
                };
                (
                    band,
                    Rect {
                        w: header_size,
                        ..band
                    },
                )
            } else {
                let band = Rect {
                    x: frame.x + c0,
                    y: frame.y,
                    w: c1 - c0,
                    h: frame.h,
                };
                (
                    band,
                    Rect {
                        h: header_size,
                        ..band
                    },
                )
            };
            // Upwards, the name's lines run along the header's height.
            let along = if bpmn { header.h } else { header.w };
            let mut title = block(name, size::BODY_SIZE, true, along - 2.0 * size::PAD, true);
            if bpmn {
                (title.rect.w, title.rect.h) = (title.rect.h, title.rect.w);
            }
            title.rect.x = header.x + (header.w - title.rect.w) / 2.0;
            title.rect.y = header.y + (header.h - title.rect.h) / 2.0;
            LaneBox {
                id,
                band,
                header,
                title,
                vertical: bpmn,
            }
        })
        .collect()
}
