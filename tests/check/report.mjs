// report.mjs - open a `jamdeploy check --report` page in headless Chromium and check it.
//
// usage: node report.mjs REPORT.html SCREENSHOT.png EXPECTED_FILE_KEYS.txt
// Prints "ok - NAME" / "not ok - NAME: why" lines for tests/run.  Requests other than the
// report itself are counted (the page must be self-contained) and aborted.
import { chromium } from 'playwright-core';
import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [report, shot, keysFile] = process.argv.slice(2);
const want = readFileSync(keysFile, 'utf8').split('\n').filter(Boolean).sort();
let failed = 0;
const check = (name, cond, why = '') => {
  if (cond) console.log(`ok - ${name}`);
  else { console.log(`not ok - ${name}: ${why}`); failed++; }
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors = [], external = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const url = pathToFileURL(report).href;
  await page.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    external.push(route.request().url());
    return route.abort();
  });
  await page.goto(url, { waitUntil: 'load' });
  check('report loads with no console errors', errors.length === 0, errors.join('; '));
  check('report requests nothing but itself', external.length === 0, external.join(', '));
  check('report runs no scripts', (await page.locator('script').count()) === 0);

  const rects = await page.$$eval('.treemap .tm-file', (els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { key: e.dataset.key, w: r.width, h: r.height, x: r.x, y: r.y };
  }));
  const box = await page.$eval('.treemap', (e) => {
    const r = e.getBoundingClientRect();
    return { x: r.x, y: r.y, w: r.width, h: r.height };
  });
  check('treemap draws one rectangle per file', rects.length === want.length,
        `${rects.length} rectangles, ${want.length} files`);
  check('treemap rectangles are the site files',
        JSON.stringify(rects.map((r) => r.key).sort()) === JSON.stringify(want));
  check('every treemap rectangle has an area', rects.every((r) => r.w > 0 && r.h > 0),
        JSON.stringify(rects.filter((r) => !(r.w > 0 && r.h > 0))));
  const inside = rects.every((r) => r.x >= box.x - 0.5 && r.y >= box.y - 0.5 &&
                                    r.x + r.w <= box.x + box.w + 0.5 && r.y + r.h <= box.y + box.h + 0.5);
  check('treemap rectangles stay inside the treemap', inside);
  const area = rects.reduce((a, r) => a + r.w * r.h, 0);
  // The border of the treemap (1px each side) is outside the positioned area.
  check('treemap rectangles tile the treemap', Math.abs(area - (box.w - 2) * (box.h - 2)) < 0.01 * box.w * box.h,
        `area ${area.toFixed(0)} vs ${((box.w - 2) * (box.h - 2)).toFixed(0)}`);
  const bars = await page.locator('.budget').count();
  const over = await page.locator('.budget.over').count();
  check('budgets are drawn as bars', bars === Number(process.env.WANT_BUDGETS), `${bars} bars`);
  check('the failing budget is marked over', over === Number(process.env.WANT_OVER), `${over} over`);
  await page.screenshot({ path: shot, fullPage: true });
  check('screenshot taken', statSync(shot).size > 1000);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
