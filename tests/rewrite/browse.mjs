// browse.mjs ORIGINAL BUILT [--styles] [--no-js] [--failing-original] [--jobs N] [--width W]
//
// Load every page of a site before and after `jamdeploy build` in headless Chromium (Debian's
// /usr/bin/chromium through playwright-core) and compare them.  Both folders are served from
// loopback by a small static server this script starts and stops; any other host fails to
// resolve at once (the sandbox has no network, and a page must not depend on one).  For every
// HTML page of ORIGINAL (the built site has the same HTML keys):
//   - "original loads cleanly": no request fails (network error or HTTP status >= 400, favicon
//     too), no console error, no uncaught exception.  With --failing-original (third-party pages
//     that name files they do not ship) this line is left out, and the next one only asks
//     for nothing worse than the original;
//   - "built page loads cleanly": the same for the built page;
//   - "screenshot identical": the full-page screenshots are the same bytes;
//   - with --styles, "computed styles identical": getComputedStyle() of every element in
//     document order, and of its ::before and ::after when they have content, are equal once
//     the server's origin and content hashes (".3f9a0c1d2e.") are taken out of URLs.
// --no-js loads the pages with JavaScript off (pages whose scripts animate or time things);
// --jobs N compares N pages at a time (default 1); --width W sets the viewport's width (default
// 480, the height is 360).  Prints "ok - ..." / "not ok - ..." lines for tests/run.
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const valueOf = (f, dflt) => (args.includes(f) ? Number(args[args.indexOf(f) + 1]) : dflt);
const [orig, built] = args.filter((a, i) => !a.startsWith('--') && !['--jobs', '--width'].includes(args[i - 1]));
const jobs = valueOf('--jobs', 1), width = valueOf('--width', 480);
const compareStyles = flag('--styles'), failingOriginal = flag('--failing-original'), js = !flag('--no-js');

async function pages(root, dir = root) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await pages(root, p)));
    else if (e.name.endsWith('.html')) out.push(relative(root, p).split(sep).join('/'));
  }
  return out.sort();
}

// One tab per site and worker, reused page after page (a new tab costs more than a load).
async function visit(page, base, key) {
  const problems = [];
  const strip = (u) => u.replace(base, '').replace(/\.[0-9a-f]{10}\./g, '.');
  const onFail = (r) => problems.push(`failed ${strip(r.url())}: ${r.failure()?.errorText}`);
  const onResponse = (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${strip(r.url())}`); };
  // "Failed to load resource" names no URL: the response and requestfailed events report the
  // same request with its URL, so two pages missing different files do not look alike.
  const onConsole = (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${strip(m.text())}`);
  };
  const onError = (e) => problems.push(`exception: ${e.message}`);
  page.on('requestfailed', onFail);
  page.on('response', onResponse);
  page.on('console', onConsole);
  page.on('pageerror', onError);
  // Network idle with JavaScript off too: a request that starts after the load event (a
  // stylesheet's late image) then always lands in the problems, never only sometimes.
  await page.goto(`${base}/${key}`, { waitUntil: 'networkidle' });
  await page.evaluate(() => document.fonts.ready);
  const shot = await page.screenshot({ fullPage: true, animations: 'disabled' });
  const styles = !compareStyles ? [] : await page.evaluate((origin) => {
    const norm = (v) => v.split(origin).join('').replace(/\.[0-9a-f]{10}\./g, '.');
    const all = (cs) => { const p = []; for (let i = 0; i < cs.length; i++) p.push(cs[i] + ':' + cs.getPropertyValue(cs[i])); return norm(p.join(';')); };
    return Array.from(document.querySelectorAll('*')).map((el) => {
      let s = el.tagName + '{' + all(getComputedStyle(el)) + '}';
      for (const pseudo of ['::before', '::after']) {
        const cs = getComputedStyle(el, pseudo);
        if (cs.content !== 'none' && cs.content !== 'normal') s += pseudo + '{' + all(cs) + '}';
      }
      return s;
    });
  }, base);
  page.off('requestfailed', onFail);
  page.off('response', onResponse);
  page.off('console', onConsole);
  page.off('pageerror', onError);
  return { problems, shot, styles };
}

// The first element whose styles differ, as "N of M: TAG prop:a vs prop:b".
function styleDifference(a, b) {
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    if (a[k] === b[k]) continue;
    if (a[k] === undefined || b[k] === undefined) return `element counts ${a.length} vs ${b.length}`;
    const pa = a[k].split(';'), pb = b[k].split(';');
    const i = pa.findIndex((p, j) => p !== pb[j]);
    return `element ${k} of ${a.length}, ${a[k].slice(0, a[k].indexOf('{'))}: ${pa[i]} vs ${pb[i]}`;
  }
  return '';
}

const [a, b] = [await serve(orig), await serve(built)];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});
const name = orig.split('/').filter(Boolean).pop();
try {
  const context = await browser.newContext({ viewport: { width, height: 360 }, javaScriptEnabled: js });
  const queue = await pages(orig);
  const results = new Map();
  await Promise.all(Array.from({ length: jobs }, async () => {
    const [pa, pb] = [await context.newPage(), await context.newPage()];
    for (let key; (key = queue.shift()) !== undefined;) {
      const before = await visit(pa, `http://127.0.0.1:${a.address().port}`, key);
      const after = await visit(pb, `http://127.0.0.1:${b.address().port}`, key);
      results.set(key, { before, after });
    }
  }));
  for (const key of [...results.keys()].sort()) {
    const { before, after } = results.get(key);
    const say = (cond, what, detail) => console.log(`${cond ? 'ok' : 'not ok'} - ${name}/${key}: ${what}${cond || !detail ? '' : ': ' + detail}`);
    if (!failingOriginal)
      say(!before.problems.length, 'original loads cleanly', before.problems.slice(0, 3).join('; '));
    const worse = after.problems.filter((p) => !failingOriginal || !before.problems.includes(p));
    say(!worse.length, failingOriginal ? 'built page loads no worse than the original' : 'built page loads cleanly',
        worse.slice(0, 3).join('; '));
    say(Buffer.compare(before.shot, after.shot) === 0, 'screenshot identical to the original');
    if (compareStyles) {
      const diff = styleDifference(before.styles, after.styles);
      say(!diff, `computed styles of all ${before.styles.length} elements identical`, diff.slice(0, 300));
    }
  }
} finally {
  await browser.close();
  a.close();
  b.close();
}
