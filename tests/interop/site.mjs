// Opens every page of a rendered folder in headless Chromium as a web
// editor would check it before publishing: at 1366×900 and at 375×800,
// the page must load with no console error and no request outside the
// folder, every link must resolve, axe-core must find no WCAG 2.1 A/AA
// violation, and at 375 px the page itself must not scroll sideways. Each
// X.fragment.html is pasted into a foreign page, whose computed styles
// must not change. One JSON line per page and viewport, one per fragment;
// with --png DIR a screenshot of each first screen.
// Exit 0 when every check passes.
//
//   node tests/interop/site.mjs [--png DIR] SITE_DIR...
//
// Each folder's pages open in SITE_TABS (default 4) tabs at once.
//
// The browser is Debian's chromium (CHROMIUM overrides the path); nothing
// is downloaded: the pages are served from SITE_DIR through an intercepted
// origin, and every other request is refused and reported.
import { readFileSync, readdirSync, existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const axe = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const ORIGIN = 'http://site.invalid/';

let args = process.argv.slice(2);
let pngDir = null;
if (args[0] === '--png') {
  pngDir = args[1];
  args = args.slice(2);
  mkdirSync(pngDir, { recursive: true });
}
if (args.length < 1) {
  console.error('usage: node site.mjs [--png DIR] SITE_DIR...');
  process.exit(2);
}
// Pages open in this many tabs at once (one browser for everything).
const TABS = Number(process.env.SITE_TABS || 4);
const types = { html: 'text/html; charset=utf-8', svg: 'image/svg+xml', png: 'image/png', pdf: 'application/pdf', bpmn: 'application/xml', txt: 'text/plain; charset=utf-8', md: 'text/markdown' };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// A browser context serving `dir` at ORIGIN; requests elsewhere are
// refused and pushed to the `outside` list of the page that made them.
async function open(dir, viewport, outsideOf) {
  const context = await browser.newContext({ viewport });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:')) return route.continue();
    if (!url.startsWith(ORIGIN)) {
      outsideOf(route.request()).push(url);
      return route.abort();
    }
    const name = decodeURIComponent(url.slice(ORIGIN.length).split('#')[0].split('?')[0]);
    if (name === '__foreign__.html') return route.fulfill({ status: 200, contentType: types.html, body: FOREIGN });
    const path = join(dir, name);
    if (name.includes('/') || !existsSync(path)) return route.fulfill({ status: 404, body: 'not found' });
    const ext = name.split('.').pop();
    return route.fulfill({ status: 200, contentType: types[ext] || 'application/octet-stream', body: readFileSync(path) });
  });
  return context;
}

// Runs `work` over `items`, `TABS` at a time, keeping the items' order in
// the results.
async function pool(items, work) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(TABS, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  }));
  return out;
}

let failed = false;

async function checkPage(dir, context, outsideByPage, name, viewport) {
  const page = await context.newPage();
  const outside = [];
  outsideByPage.set(page, outside);
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const response = await page.goto(ORIGIN + encodeURIComponent(name), { waitUntil: 'load' });
  const status = response ? response.status() : 0;
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const links = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')));
  const broken = [];
  for (const href of links) {
    const [file, anchor] = href.split('#');
    const target = file === '' ? name : decodeURIComponent(file);
    if (file !== '' && (file.includes(':') || !existsSync(join(dir, target)))) { broken.push(href); continue; }
    if (!anchor) continue;
    if (target === name) {
      if (!(await page.evaluate((id) => !!document.getElementById(id), anchor))) broken.push(href);
    } else if (target.endsWith('.html') && !readFileSync(join(dir, target), 'utf8').includes(`id="${anchor}"`)) {
      broken.push(href);
    }
  }
  await page.addScriptTag({ content: axe });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
  const sticky = await stickyHeaders(page);
  if (pngDir) await page.screenshot({ path: join(pngDir, `${dir.split('/').filter(Boolean).pop()}-${name}.${viewport.width}.png`) });
  const ok = status === 200 && errors.length === 0 && outside.length === 0 && broken.length === 0 && result.length === 0 && sticky.length === 0 && (viewport.width > 375 || sideways <= 0);
  if (!ok) failed = true;
  await page.close();
  return JSON.stringify({ page: name, dir, width: viewport.width, status, sideways, errors, outside, broken, violations: result, sticky });
}

// The lane headers stay in view while the reader scrolls a diagram's box
// to its far corner, fitted and at full size: the table form's header row
// at the box's top, the BPMN form's header column at its left. Each
// failure names the figure, the size and where the headers ended up.
async function stickyHeaders(page) {
  return page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const failures = [];
    for (const region of document.querySelectorAll('[role=region][tabindex="0"]')) {
      const head = region.querySelector('[class$="-sticky"], [class$="-stickycol"]');
      if (!head) {
        failures.push(`${region.closest('figure').id}: no lane headers that stay in view`);
        continue;
      }
      const column = /-stickycol$/.test(head.className.baseVal ?? head.className);
      const toggle = region.closest('figure').querySelector('input[type=checkbox]');
      for (const full of [false, true]) {
        toggle.checked = full;
        region.scrollTop = 0;
        region.scrollLeft = 0;
        await frame();
        const rects = () => [...head.querySelectorAll('rect')].map((r) => r.getBoundingClientRect());
        const box = region.getBoundingClientRect();
        const edge = () => column ? Math.min(...rects().map((r) => r.left)) - box.left : Math.min(...rects().map((r) => r.top)) - box.top;
        // Where the headers lie in the box before it is scrolled.
        const natural = edge();
        region.scrollTop = region.scrollHeight;
        region.scrollLeft = region.scrollWidth;
        await frame();
        const inView = rects().filter((r) => r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom);
        const scrolled = column ? region.scrollLeft : region.scrollTop;
        // They scroll with the diagram up to the box's edge, then stay there.
        const expected = Math.max(0, natural - scrolled);
        if (inView.length === 0 || Math.abs(edge() - expected) > 2.5) {
          failures.push(`${region.closest('figure').id} ${full ? 'full size' : 'fitted'}: ${column ? 'column' : 'row'} ${edge().toFixed(1)} px from the edge, not ${expected.toFixed(1)}, ${inView.length} headers in view (scrolled ${scrolled})`);
        }
        region.scrollTop = 0;
        region.scrollLeft = 0;
      }
      toggle.checked = false;
    }
    await frame();
    return failures;
  });
}

async function checkFragment(dir, context, outsideByPage, name) {
  const page = await context.newPage();
  const outside = [];
  outsideByPage.set(page, outside);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(ORIGIN + '__foreign__.html', { waitUntil: 'load' });
  const styles = () => [...document.querySelectorAll('body *:not(#cms-content):not(#cms-content *)')].map((e) => {
    const cs = getComputedStyle(e);
    return e.tagName + ':' + [...cs].map((p) => `${p}=${cs.getPropertyValue(p)}`).join(';');
  });
  const before = await page.evaluate(styles);
  const html = readFileSync(join(dir, name), 'utf8');
  await page.evaluate((h) => { document.getElementById('cms-content').innerHTML = h; }, html);
  await page.waitForTimeout(100);
  const after = await page.evaluate(styles);
  const changed = before.filter((s, i) => s !== after[i]).map((s) => s.split(':')[0]);
  const figures = await page.evaluate(() => document.querySelectorAll('#cms-content > figure').length);
  const ok = changed.length === 0 && figures === 1 && errors.length === 0 && outside.length === 0;
  if (!ok) failed = true;
  await page.close();
  return JSON.stringify({ fragment: name, dir, figures, changed, errors, outside });
}

// A page of a CMS: its own styles on the elements a fragment also uses.
const FOREIGN = `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Акимат</title>
<style>body{font:15px/1.6 Georgia,serif;color:#222;margin:10px}h1{color:#930;font-size:24px}p{margin:0 0 12px}
a{color:#060}table{border:2px solid #333}th,td{padding:4px;border:1px dotted #999}figure{margin:3px}ul{list-style:square}
svg{border:1px solid red}input,label{font-size:13px}</style></head>
<body><h1>Новости акимата</h1><p>Текст <a href="#x">ссылка</a></p><figure><figcaption>Фото</figcaption></figure>
<table><caption>Таблица</caption><tr><th>А</th><td>Б</td></tr></table><ul><li>пункт</li></ul>
<label for="q">Поиск</label><input id="q"><svg width="10" height="10"><rect width="5" height="5"/></svg>
<div id="cms-content"></div><p>Подвал</p></body></html>`;

for (const dir of args) {
  const files = readdirSync(dir).filter((f) => !f.startsWith('.'));
  const pages = files.filter((f) => f.endsWith('.html') && !f.endsWith('.fragment.html')).sort();
  const fragments = files.filter((f) => f.endsWith('.fragment.html')).sort();
  for (const viewport of [{ width: 1366, height: 900 }, { width: 375, height: 800 }]) {
    const outsideByPage = new Map();
    const context = await open(dir, viewport, (req) => outsideByPage.get(req.frame().page()) || []);
    for (const line of await pool(pages, (name) => checkPage(dir, context, outsideByPage, name, viewport))) console.log(line);
    if (viewport.width === 1366) {
      for (const line of await pool(fragments, (name) => checkFragment(dir, context, outsideByPage, name))) console.log(line);
    }
    await context.close();
  }
}

await browser.close();
process.exit(failed ? 1 : 0);
