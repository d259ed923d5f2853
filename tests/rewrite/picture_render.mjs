// picture_render.mjs PLAIN WEBP OUTDIR - a page built with --webp against the same page built
// without it, in headless Chromium (Debian's /usr/bin/chromium through playwright-core).
//
// PLAIN and WEBP are two `jamdeploy build` outputs of one site; both are served from loopback by
// a static server started here (serve.mjs).  For WEBP/index.html it prints "ok - ..." / "not ok - ..." lines:
//   - no request fails (network error or HTTP status >= 400) on either page,
//   - the WebP page loads WebP images (responses of type image/webp), and every <img> inside a
//     <picture> we wrote shows a .webp (currentSrc),
//   - every element other than <picture>/<source> has the same box (getBoundingClientRect)
//     as on the plain page: the <picture> wrapper changed no layout.
// Screenshots go to OUTDIR/plain.png and OUTDIR/webp.png; the caller compares their pixels
// (lossy WebP is close to, not equal to, the JPEG).
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const [plainDir, webpDir, outDir] = process.argv.slice(2);

let failed = 0;
function check(name, cond, detail) {
  if (cond) console.log(`ok - ${name}`);
  else {
    console.log(`not ok - ${name}${detail ? ': ' + detail : ''}`);
    failed++;
  }
}

async function visit(browser, base, shotPath) {
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  const problems = [], types = [];
  page.on('requestfailed', (r) => problems.push(`failed ${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
    types.push(r.headers()['content-type'] || '');
  });
  await page.goto(`${base}/index.html`, { waitUntil: 'networkidle' });
  await page.evaluate(() => Promise.all(Array.from(document.images).map((i) => i.decode().catch(() => {}))));
  const info = await page.evaluate(() => ({
    boxes: Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.tagName !== 'PICTURE' && e.tagName !== 'SOURCE')
      .map((e) => {
        const r = e.getBoundingClientRect();
        return `${e.tagName}#${e.id} ${r.x},${r.y} ${r.width}x${r.height}`;
      }),
    wrapped: Array.from(document.querySelectorAll('picture > img')).map((i) => ({
      id: i.id, src: i.currentSrc, webp: !!i.parentElement.querySelector('source[type="image/webp"]'),
    })),
    broken: Array.from(document.images).filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.id),
  }));
  await page.screenshot({ path: shotPath, fullPage: true, animations: 'disabled' });
  await page.close();
  return { problems, types, ...info };
}

const [a, b] = [await serve(plainDir), await serve(webpDir)];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const plain = await visit(browser, `http://127.0.0.1:${a.address().port}`, join(outDir, 'plain.png'));
  const webp = await visit(browser, `http://127.0.0.1:${b.address().port}`, join(outDir, 'webp.png'));
  check('render: the plain build loads with no failed request', plain.problems.length === 0, plain.problems.slice(0, 3).join('; '));
  check('render: the --webp build loads with no failed request', webp.problems.length === 0, webp.problems.slice(0, 3).join('; '));
  check('render: every image of the --webp build decodes', webp.broken.length === 0, webp.broken.join(', '));
  const nwebp = webp.types.filter((t) => t.startsWith('image/webp')).length;
  check(`render: the --webp build loads WebP images (${nwebp})`, nwebp > 0);
  check('render: the plain build loads no WebP', !plain.types.some((t) => t.startsWith('image/webp')));
  const ours = webp.wrapped.filter((w) => w.webp && w.id !== 'kept');
  check(`render: each <img> we wrapped shows its .webp (${ours.length})`,
        ours.length > 0 && ours.every((w) => /\.webp$/.test(w.src)),
        ours.filter((w) => !/\.webp$/.test(w.src)).map((w) => `${w.id}: ${w.src}`).join('; '));
  let diff = -1;
  for (let k = 0; k < Math.max(plain.boxes.length, webp.boxes.length); k++)
    if (plain.boxes[k] !== webp.boxes[k]) { diff = k; break; }
  check(`render: all ${plain.boxes.length} element boxes identical with and without <picture>`, diff < 0,
        diff < 0 ? '' : `${plain.boxes[diff]} vs ${webp.boxes[diff]}`);
} finally {
  await browser.close();
  a.close();
  b.close();
}
process.exit(failed ? 1 : 0);
