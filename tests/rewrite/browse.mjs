// browse.mjs ORIGINAL BUILT - load every page of a site before and after `jamdeploy build`
// in headless Chromium (Debian's /usr/bin/chromium through playwright-core) and compare.
//
// Both folders are served from loopback by a small static server this script starts
// and stops.  For every HTML page of ORIGINAL (the built site has the same HTML keys):
//   - no request of either page fails (network error or HTTP status >= 400, favicon too),
//   - no console error and no uncaught exception on the built page,
//   - its screenshot is pixel-identical to the original page's.
// Prints "ok - ..." / "not ok - ..." lines for tests/run.
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const [orig, built] = process.argv.slice(2);

async function pages(root, dir = root) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await pages(root, p)));
    else if (e.name.endsWith('.html')) out.push(relative(root, p).split(sep).join('/'));
  }
  return out.sort();
}

async function visit(browser, base, key) {
  const page = await browser.newPage({ viewport: { width: 480, height: 360 } });
  const problems = [];
  page.on('requestfailed', (r) => problems.push(`failed ${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location()?.url})`); });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  await page.goto(`${base}/${key}`, { waitUntil: 'networkidle' });
  await page.evaluate(() => document.fonts.ready);
  const shot = await page.screenshot({ fullPage: true, animations: 'disabled' });
  await page.close();
  return { problems, shot };
}

const [a, b] = [await serve(orig), await serve(built)];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const name = orig.split('/').filter(Boolean).pop();
try {
  for (const key of await pages(orig)) {
    const before = await visit(browser, `http://127.0.0.1:${a.address().port}`, key);
    const after = await visit(browser, `http://127.0.0.1:${b.address().port}`, key);
    if (before.problems.length) console.log(`not ok - ${name}/${key}: original loads cleanly: ${before.problems.slice(0, 3).join('; ')}`);
    else console.log(`ok - ${name}/${key}: original loads cleanly`);
    if (after.problems.length) console.log(`not ok - ${name}/${key}: built page loads cleanly: ${after.problems.slice(0, 3).join('; ')}`);
    else console.log(`ok - ${name}/${key}: built page loads cleanly`);
    if (Buffer.compare(before.shot, after.shot) === 0) console.log(`ok - ${name}/${key}: screenshot identical to the original`);
    else console.log(`not ok - ${name}/${key}: screenshot identical to the original`);
  }
} finally {
  await browser.close();
  a.close();
  b.close();
}
