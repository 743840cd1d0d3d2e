// Measures, in headless Chromium, the advance width of every character
// regflow's models use, in the font bpmn-js draws task names with
// (12px Arial, sans-serif: Liberation Sans on Debian, Arial's metrics),
// in thousandths of a pixel,
// and prints them as the Rust table `WIDTHS` in src/bpmnjs_text.rs.
//
//   node tests/interop/arial-widths.mjs > /tmp/table.rs
//
// The ranges: printable ASCII, Latin-1, Cyrillic (Kazakh letters included)
// and the punctuation the regulations write («» – — № …).
import { chromium } from 'playwright-core';

const ranges = [[0x20, 0x7e], [0xa0, 0xff], [0x400, 0x4ff], [0x2010, 0x2026], [0x2116, 0x2116]];
const chars = [];
for (const [a, b] of ranges) for (let c = a; c <= b; c++) chars.push(c);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  await page.route('**/*', (route) => route.abort());
  await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
  const widths = await page.evaluate((chars) => {
    // As bpmn-js measures (diagram-js util/Text.js getTextBBox): a canvas
    // 2D context in the font its TextRenderer sets. A run of 20 of the
    // character between two x, less the two x, ÷ 20: the advance, not the
    // ink, and a space is not trimmed.
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = 'normal 12px Arial, sans-serif';
    const xx = ctx.measureText('xx').width;
    return chars.map((c) => (ctx.measureText('x' + String.fromCodePoint(c).repeat(20) + 'x').width - xx) / 20);
  }, chars);
  const out = [];
  for (let k = 0; k < chars.length; k++) {
    out.push(`    (0x${chars[k].toString(16).padStart(4, '0')}, ${Math.round(widths[k] * 1000)}),`);
  }
  console.log(out.join('\n'));
} finally {
  await browser.close();
}
