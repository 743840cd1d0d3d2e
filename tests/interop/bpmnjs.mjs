// Opens BPMN files in bpmn-js (the bpmn.io viewer) inside headless
// Chromium, as a person opening them in bpmn.io or Camunda Modeler would.
// Prints the import warnings, what was drawn and every task whose name as
// bpmn-js draws it does not fit its box (overflow), as one JSON line per file,
// and with --png DIR a screenshot DIR/<name>.bpmnjs.png of each, the
// diagram fitted to the viewport (BPMNJS_VIEWPORT=WxH, default 1600x1000).
// Exit 0 when every file imports without a warning.
//
//   node tests/interop/bpmnjs.mjs [--png DIR] a.bpmn [b.bpmn …]
//
// The browser is Debian's chromium (CHROMIUM overrides the path); nothing
// is downloaded, and the page loads bpmn-js from node_modules only.
import { readFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'node_modules', 'bpmn-js', 'dist');

let args = process.argv.slice(2);
let pngDir = null;
if (args[0] === '--png') {
  pngDir = args[1];
  args = args.slice(2);
  mkdirSync(pngDir, { recursive: true });
}
if (args.length === 0) {
  console.error('usage: node bpmnjs.mjs [--png DIR] FILE.bpmn…');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
let bad = 0;
try {
  for (const file of args) {
    const [width, height] = (process.env.BPMNJS_VIEWPORT || '1600x1000').split('x').map(Number);
    const page = await browser.newPage({ viewport: { width, height } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // No network at all: everything the page needs is injected below.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(
      '<!doctype html><html><head><meta charset="utf-8"></head>' +
        '<body style="margin:0;background:#fff"><div id="canvas" style="width:100vw;height:100vh"></div></body></html>',
    );
    for (const css of ['diagram-js.css', 'bpmn-js.css']) {
      await page.addStyleTag({ path: join(dist, 'assets', css) });
    }
    await page.addScriptTag({ path: join(dist, 'bpmn-viewer.production.min.js') });
    const result = await page.evaluate(async (xml) => {
      // global BpmnJS from the dist bundle
      const viewer = new window.BpmnJS({ container: '#canvas' });
      try {
        const { warnings } = await viewer.importXML(xml);
        const canvas = viewer.get('canvas');
        canvas.zoom('fit-viewport', 'auto');
        const counts = {};
        for (const e of viewer.get('elementRegistry').getAll()) {
          const t = e.labelTarget ? 'label' : e.type;
          counts[t] = (counts[t] || 0) + 1;
        }
        // A task's name as bpmn-js draws it (its own font and wrapping)
        // must lie inside the task's box.
        const registry = viewer.get('elementRegistry');
        const overflow = [];
        for (const e of registry.getAll()) {
          if (e.labelTarget || !/Task$|CallActivity$/.test(e.type)) continue;
          const text = registry.getGraphics(e).querySelector('text');
          if (!text) continue;
          const b = text.getBBox();
          const tol = 0.5;
          if (b.x < -tol || b.y < -tol || b.x + b.width > e.width + tol || b.y + b.height > e.height + tol) {
            overflow.push(`${e.id} text ${Math.round(b.width)}x${Math.round(b.height)} in ${e.width}x${e.height}`);
          }
        }
        const { svg } = await viewer.saveSVG();
        return {
          warnings: warnings.map((w) => w.message),
          overflow,
          counts,
          svgBytes: svg.length,
        };
      } catch (e) {
        return { error: String(e && e.message ? e.message : e), warnings: (e.warnings || []).map((w) => w.message) };
      }
    }, readFileSync(file, 'utf8'));
    result.file = file;
    if (errors.length) result.pageErrors = errors;
    if (result.error || result.warnings.length || errors.length) bad++;
    if (pngDir) {
      const png = join(pngDir, basename(file).replace(/\.bpmn$/, '') + '.bpmnjs.png');
      await page.screenshot({ path: png });
      result.png = png;
    }
    console.log(JSON.stringify(result));
    await page.close();
  }
} finally {
  await browser.close();
}
process.exit(bad ? 1 : 0);
