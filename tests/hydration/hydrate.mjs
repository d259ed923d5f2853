// hydrate.mjs ORIGINAL BUILT [--jobs N] [--name NAME]
//
// Does a site that a JavaScript framework hydrates (Vue/VitePress/Nuxt, React/Next.js/Docusaurus/
// Gatsby, SvelteKit, Astro islands) still hydrate after `jamdeploy build` exactly as it did
// before?  A framework walks the server-rendered DOM and expects the nodes its components would
// render, including its comment markers (<!--[-->, <!-- -->, <!--$-->) and whitespace-only text
// nodes; when the minifier takes one away, hydration mismatches and the framework throws the
// server's DOM away and renders it again (or logs an error, or leaves a dead page).  The page
// may even look the same afterwards, so this compares what happens, not only what shows.
//
// Both folders are served from loopback (../rewrite/serve.mjs); any other host fails to resolve
// at once.  For every HTML page of ORIGINAL, loaded in Debian's /usr/bin/chromium through
// playwright-core, original and built page side by side, each line compares built with original:
//   - "no new console errors": console errors, uncaught exceptions, failed requests and HTTP
//     statuses >= 400 of the built page (over the load and the interactions below) are all
//     ones the original has too (server port, content hashes ".3f9a0c1d2e.", stacks and
//     line:column positions taken out; requests the page cancels, net::ERR_ABORTED, and the
//     browser's own /favicon.ico request left out: both come and go with the timing);
//   - "server DOM kept": an init script (before any page script) watches the document with a
//     MutationObserver and marks every node added while the document is still being parsed
//     (readyState "loading") as parser-created, except what a script inserts meanwhile (async
//     scripts run during parsing: the DOM's insertion methods are wrapped for that time).  Once
//     the page has settled: how many parser-created nodes of <body> are no longer in the
//     document, how many nodes in it are not parser-created, how many parser-created text nodes
//     had their text changed.  The built page may not have more of any, and the removed
//     elements (as "parent>tag#id.class") must be the same list: a framework that re-renders
//     after a mismatch removes hundreds of the server's nodes and adds its own.  <script>
//     elements do not count (webpack's chunk loader removes the parser's once loaded, or not,
//     by timing), nor does <head> (react-helmet and unhead replace its tags on a timer); the
//     whole document's numbers are printed for information;
//   - "body text identical": document.body.innerText, exact;
//   - "screenshot identical": full page, 1024x768 viewport, animations disabled, same bytes
//     (a pair that differs is shot again, from fresh loads, up to twice: a rendering race
//     differs once, a changed page every time);
//   - "#counter works" (where the original has #counter): clicked twice, its text is the
//     original's and changed; "#toggle works": clicked once, body text is the original's and
//     changed;
//   - "#nav navigates client-side" (where the original has #nav): clicked with window.__jdNoReload
//     set; the built page keeps it whenever the original does (no full reload), and ends on
//     the same path with the same body text.
// A 404-like page (404.html, 404/index.html, 200.html, _not-found) is skipped when the original
// itself has errors there (a client router that does not know the path), any page when the
// original cannot be measured (it navigates away by itself), and a click that fails on the
// original is not tried on the built page; "# ..." lines say so.  --jobs N: N pages at a
// time (default 2); --name NAME: the name the lines start with (default: ORIGINAL's last part).
// Prints "ok - NAME/PAGE: ..." / "not ok - NAME/PAGE: ...: detail" lines for tests/run, and
// "# NAME: N pages in S s" at the end; JD_TIMING=1 also prints how long each step of a visit took.
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../rewrite/serve.mjs';

const args = process.argv.slice(2);
const valued = ['--jobs', '--name'];
const valueOf = (f, dflt) => (args.includes(f) ? args[args.indexOf(f) + 1] : dflt);
const [orig, built] = args.filter((a, i) => !a.startsWith('--') && !valued.includes(args[i - 1]));
const jobs = Number(valueOf('--jobs', 2));
const name = valueOf('--name', orig.split('/').filter(Boolean).pop());
const started = Date.now();

async function pages(root, dir = root) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await pages(root, p)));
    else if (e.name.endsWith('.html')) out.push(relative(root, p).split(sep).join('/'));
  }
  return out.sort();
}

// The URL a page is visited at: the one the site's own links use, so that a client router
// finds its route ("docs/index.html" as /docs/, "about.html" as /about; the server answers
// /about with about.html) unless a folder of the same name makes that ambiguous.
async function urlPath(key) {
  if (key === 'index.html') return '/';
  if (key.endsWith('/index.html')) return '/' + key.slice(0, -'index.html'.length);
  const bare = key.slice(0, -'.html'.length);
  const dir = await stat(join(orig, bare)).then((s) => s.isDirectory(), () => false);
  return '/' + (dir ? key : bare);
}
const errorPageLike = (key) => /(^|\/)(404|500|200|_not-found|not-found|_error)(\.html|\/index\.html)$/.test(key);

// Runs in every document before its scripts: marks what the parser builds, counts what goes.
function observeParser() {
  const parsed = new WeakSet(), inBody = new WeakSet(), all = [], removedRoots = new Map(), changed = new Set();
  let parsing = true;
  const desc = (n) => {
    if (n.nodeType !== 1) return n.nodeName;
    let s = n.localName;
    if (n.id) s += '#' + n.id;
    const cls = typeof n.className === 'string' ? n.className.trim().split(/\s+/).filter(Boolean) : [];
    for (const c of cls.slice(0, 2)) s += '.' + c;
    return s;
  };
  const path = (n) => {
    const p = [];
    for (let k = 0; n && n.nodeType === 1 && k < 3; n = n.parentNode, k++) p.unshift(desc(n));
    return p.join('>');
  };
  // A node and what it holds; the parser adds a node before its children, so this is cheap.
  // <script> elements are marked but not counted: a chunk loader (webpack's) that finds the
  // parser's <script> for a chunk it wants takes it over and removes it once loaded, or not,
  // as the timing has it, and a script element that has run does nothing to the page.
  const mark = (n) => {
    if (parsed.has(n)) return;
    parsed.add(n);
    if (n.localName !== 'script' && n.parentNode?.localName !== 'script') all.push(n);
    if (n.localName === 'body' || inBody.has(n.parentNode)) inBody.add(n);
    for (let c = n.firstChild; c; c = c.nextSibling) mark(c);
  };
  const handle = (records, byParser = parsing) => {
    for (const r of records) {
      if (r.type === 'characterData') {
        if (!parsing && parsed.has(r.target)) changed.add(r.target);
        continue;
      }
      if (byParser) for (const n of r.addedNodes) mark(n);
      for (const n of r.removedNodes)
        if (n.nodeType === 1 && n.localName !== 'script' && parsed.has(n)) removedRoots.set(n, path(r.target) + '>' + desc(n));
    }
  };
  const observer = new MutationObserver((records) => handle(records));
  observer.observe(document, { childList: true, subtree: true, characterData: true });
  mark(document);
  // Scripts that run while the parser is still at work (async, or the parser's own) insert
  // nodes too, and their records arrive while readyState is still "loading": a chunk loader's
  // <script> that goes again once loaded would count as a removed parser node, as many times as
  // the timing has it.  So while parsing, the DOM's insertion methods first hand the parser's
  // records over, then let the script's records through unmarked.
  let inScript = 0;
  const around = (f) => function (...a) {
    if (!parsing || inScript) return f.apply(this, a);
    handle(observer.takeRecords());
    inScript++;
    try { return f.apply(this, a); } finally { inScript--; handle(observer.takeRecords(), false); }
  };
  for (const [proto, names] of [
    [Node.prototype, ['appendChild', 'insertBefore', 'replaceChild']],
    [Element.prototype, ['append', 'prepend', 'before', 'after', 'replaceWith', 'replaceChildren',
      'insertAdjacentElement', 'insertAdjacentHTML', 'insertAdjacentText', 'setHTMLUnsafe']],
    [CharacterData.prototype, ['before', 'after', 'replaceWith']],
    [Document.prototype, ['append', 'prepend', 'replaceChildren']],
    [Range.prototype, ['insertNode', 'surroundContents']],
  ]) for (const n of names) if (typeof proto[n] === 'function') proto[n] = around(proto[n]);
  for (const [proto, names] of [[Element.prototype, ['innerHTML', 'outerHTML']], [Node.prototype, ['textContent']],
    [HTMLElement.prototype, ['innerText', 'outerText']]]) {
    for (const n of names) {
      const d = Object.getOwnPropertyDescriptor(proto, n);
      if (d && d.set) Object.defineProperty(proto, n, { ...d, set: around(d.set) });
    }
  }
  document.addEventListener('readystatechange', () => {
    if (!parsing || document.readyState === 'loading') return;
    handle(observer.takeRecords());
    parsing = false;
  });
  window.__jdDomStats = () => {
    handle(observer.takeRecords());
    const stats = (root, mine) => {
      let kept = 0, removed = 0, added = 0, text = 0;
      for (const n of all) if (mine(n)) n.isConnected ? kept++ : removed++;
      const w = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
      for (let n = w.currentNode; n; n = w.nextNode()) if (!parsed.has(n)) added++;
      for (const n of changed) if (n.isConnected && mine(n)) text++;
      return { kept, removed, added, text };
    };
    return {
      doc: stats(document, () => true),
      body: document.body ? stats(document.body, (n) => inBody.has(n)) : { kept: 0, removed: 0, added: 0, text: 0 },
      removedList: [...removedRoots].filter(([n]) => !n.isConnected && inBody.has(n)).map(([, s]) => s).sort(),
    };
  };
}

// Waits until no request of the page has been in flight for 500 ms (after a client-side
// navigation, whose network Playwright's 'networkidle' does not wait for), at most 10 s.
function tracker(page) {
  let inflight = 0, last = Date.now();
  const up = () => { inflight++; last = Date.now(); };
  const down = () => { inflight = Math.max(0, inflight - 1); last = Date.now(); };
  page.on('request', up);
  page.on('requestfinished', down);
  page.on('requestfailed', down);
  return {
    async idle() {
      const end = Date.now() + 10000;
      while (Date.now() < end && (inflight > 0 || Date.now() - last < 500)) await page.waitForTimeout(50);
    },
    off() { page.off('request', up); page.off('requestfinished', down); page.off('requestfailed', down); },
  };
}

// Two idle periods and two frames: what a framework schedules after the load has run.
const settle = (page) => page.evaluate(() => document.fonts.ready.then(() => new Promise((r) =>
  requestIdleCallback(() => requestIdleCallback(() => requestAnimationFrame(() => requestAnimationFrame(r)),
    { timeout: 1000 }), { timeout: 1000 }))));

// A fresh load of `key` and its screenshot, nothing else: what a re-shot compares.
async function shot(page, base, key) {
  await page.mouse.move(0, 0);
  await page.goto(base + (await urlPath(key)), { waitUntil: 'networkidle', timeout: 30000 });
  await settle(page);
  return page.screenshot({ fullPage: true, animations: 'disabled' });
}

const bodyText = (page) => page.evaluate(() => (document.body ? document.body.innerText : ''));
const exists = (page, sel) => page.evaluate((s) => !!document.querySelector(s), sel);

async function visit(page, base, key, want) {
  const problems = [];
  // One line, without the stack (minified code names its functions differently).
  const strip = (s) => s.split('\n').filter((l) => !/^\s*at /.test(l)).join(' ').replace(/\s+/g, ' ').trim()
    .split(base).join('').replace(/[\d.]*\d:\d{2,5}(?=\/)/g, 'HOST')
    .replace(/\.[0-9a-f]{10}\./g, '.').replace(/:\d+:\d+\b/g, '');
  // net::ERR_ABORTED is a request the page (or a navigation) cancelled, such as a prefetch
  // a client router drops: not an error, and as timing-dependent as it gets.
  const onFail = (r) => { if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed ${strip(r.url())}: ${r.failure()?.errorText}`); };
  const onResponse = (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${strip(r.url())}`); };
  // The browser's own request for /favicon.ico (no page asked for it) is made once per tab
  // or not, as it likes; a console error about a missing resource names the resource.
  const onConsole = (m) => {
    if (m.type() !== 'error') return;
    const at = m.location()?.url || '';
    if (/^Failed to load resource/.test(m.text())) {
      if (/^[^?#]*\/favicon\.ico([?#]|$)/.test(at)) return;
      problems.push(`console: ${strip(m.text())} ${strip(at)}`);
    } else problems.push(`console: ${strip(m.text())}`);
  };
  const onError = (e) => problems.push(`exception: ${strip(e.message)}`);
  page.on('requestfailed', onFail);
  page.on('response', onResponse);
  page.on('console', onConsole);
  page.on('pageerror', onError);
  const net = tracker(page);
  const r = { problems, has: {} };
  const attempt = async (what, fn) => {
    try { await fn(); } catch (e) { r[what + 'Error'] = e.message.split('\n')[0]; }
  };
  const t0 = Date.now(), times = [];
  const lap = (what) => times.push(`${what} ${Date.now() - t0}`);
  try {
    await page.mouse.move(0, 0);
    await page.goto(base + (await urlPath(key)), { waitUntil: 'networkidle', timeout: 30000 });
    lap('load');
    await settle(page);
    lap('settle');
    r.dom = await page.evaluate(() => window.__jdDomStats());
    r.text = await bodyText(page);
    r.shot = await page.screenshot({ fullPage: true, animations: 'disabled' });
    lap('shot');
    for (const sel of ['#counter', '#toggle', '#nav']) r.has[sel] = await exists(page, sel);
    if (want['#counter'] && r.has['#counter']) {
      await attempt('counter', async () => {
        r.counterBefore = await page.textContent('#counter');
        await page.click('#counter', { timeout: 5000 });
        await page.click('#counter', { timeout: 5000 });
        await settle(page);
        r.counterAfter = await page.textContent('#counter');
      });
    }
    if (want['#toggle'] && r.has['#toggle']) {
      await attempt('toggle', async () => {
        r.toggleBefore = await bodyText(page);
        await page.click('#toggle', { timeout: 5000 });
        await settle(page);
        r.toggleAfter = await bodyText(page);
      });
    }
    if (want['#nav'] && r.has['#nav']) {
      await attempt('nav', async () => {
        const from = page.url();
        await page.evaluate(() => { window.__jdNoReload = 1; });
        await page.click('#nav', { timeout: 5000 });
        await page.waitForURL((u) => u.href !== from, { timeout: 10000, waitUntil: 'commit' });
        await net.idle();
        await page.waitForLoadState('load');
        await settle(page);
        r.nav = await page.evaluate(() => ({ kept: window.__jdNoReload === 1, path: location.pathname + location.search,
          text: document.body ? document.body.innerText : '' }));
      });
    }
    lap('interactions');
    await net.idle();
    lap('idle');
    if (process.env.JD_TIMING) console.log(`# ${base} ${key}: ${times.join(', ')} ms`);
  } catch (e) {
    r.fatal = e.message.split('\n')[0];
  } finally {
    net.off();
    page.off('requestfailed', onFail);
    page.off('response', onResponse);
    page.off('console', onConsole);
    page.off('pageerror', onError);
  }
  return r;
}

// "offset N: "...a..." vs "...b..."" for the first difference of two strings.
function textDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const ctx = (s) => JSON.stringify(s.slice(Math.max(0, i - 20), i + 40));
  return `lengths ${a.length} vs ${b.length}, first difference at offset ${i}: original ${ctx(a)} vs built ${ctx(b)}`;
}

function multisetDifference(a, b) {
  const count = new Map();
  for (const s of a) count.set(s, (count.get(s) || 0) + 1);
  for (const s of b) count.set(s, (count.get(s) || 0) - 1);
  const only = (sign) => [...count].filter(([, n]) => n * sign > 0).map(([s, n]) => (Math.abs(n) > 1 ? `${Math.abs(n)}x ${s}` : s));
  return { onlyOriginal: only(1), onlyBuilt: only(-1) };
}

function report(key, before, after) {
  const say = (cond, what, detail) =>
    console.log(`${cond ? 'ok' : 'not ok'} - ${name}/${key}: ${what}${cond || !detail ? '' : ': ' + detail}`);
  if (after.fatal) {
    say(false, 'built page loads', after.fatal);
    return;
  }
  const known = new Set(before.problems);
  if (known.size) console.log(`# ${name}/${key}: the original has: ${[...known].slice(0, 3).join('; ').slice(0, 400)}`);
  const worse = [...new Set(after.problems.filter((p) => !known.has(p)))];
  say(!worse.length, `no new console errors (original has ${known.size})`, worse.slice(0, 3).join('; ').slice(0, 600));

  // Only <body> is held to it: in <head>, react-helmet (Docusaurus) and unhead (Nuxt) take the
  // server's tags out and put equal ones back on a timer, a different number each load.
  const o = before.dom, b = after.dom;
  const fmt = (d) => `${d.kept} parser nodes, ${d.removed} removed, ${d.added} added by scripts, ${d.text} texts changed`;
  const bad = [];
  for (const k of ['removed', 'added', 'text'])
    if (b.body[k] > o.body[k]) bad.push(`${k} ${b.body[k]} > ${o.body[k]}`);
  const diff = multisetDifference(o.removedList, b.removedList);
  const few = (l) => l.slice(0, 5).join(', ') + (l.length > 5 ? ` (+${l.length - 5})` : '');
  if (diff.onlyBuilt.length) bad.push(`removed only in built: ${few(diff.onlyBuilt)}`);
  if (diff.onlyOriginal.length) bad.push(`removed only in original: ${few(diff.onlyOriginal)}`);
  say(!bad.length, `server DOM kept (body: ${fmt(b.body)}; original: ${fmt(o.body) === fmt(b.body) ? 'same' : fmt(o.body)}; ` +
    `whole document: ${fmt(b.doc)}, original ${fmt(o.doc) === fmt(b.doc) ? 'same' : fmt(o.doc)})`, bad.join('; ').slice(0, 800));

  say(before.text === after.text, `body text identical (${after.text.length} characters)`, textDifference(before.text, after.text));
  if (after.reshots) console.log(`# ${name}/${key}: screenshots compared again ${after.reshots} time(s): the first pair differed`);
  say(Buffer.compare(before.shot, after.shot) === 0, 'screenshot identical to the original',
    `${before.shot.length} vs ${after.shot.length} bytes of PNG, in ${1 + (after.reshots || 0)} pairs of loads`);

  // Where the original's own click fails (a button hidden behind a menu), there is nothing to
  // compare with: a comment says so.
  const note = (what, why) => console.log(`# ${name}/${key}: ${what} not tried, it fails on the original: ${why}`);
  if (before.has['#counter']) {
    if (!after.has['#counter']) say(false, '#counter works', 'the built page has no #counter');
    else if (before.counterError) note('#counter', before.counterError);
    else if (after.counterError) say(false, '#counter works', `click failed: ${after.counterError}`);
    else
      say(after.counterAfter === before.counterAfter && after.counterAfter !== after.counterBefore,
        `#counter works (${JSON.stringify(after.counterBefore)} -> ${JSON.stringify(after.counterAfter)})`,
        `built ${JSON.stringify(after.counterBefore)} -> ${JSON.stringify(after.counterAfter)}, original ${JSON.stringify(before.counterBefore)} -> ${JSON.stringify(before.counterAfter)}`);
  }
  if (before.has['#toggle']) {
    if (!after.has['#toggle']) say(false, '#toggle works', 'the built page has no #toggle');
    else if (before.toggleError) note('#toggle', before.toggleError);
    else if (after.toggleError) say(false, '#toggle works', `click failed: ${after.toggleError}`);
    else if (after.toggleAfter === after.toggleBefore) say(false, '#toggle works', 'the built page\'s text did not change');
    else say(after.toggleAfter === before.toggleAfter, '#toggle works (body text changes as in the original)',
      textDifference(before.toggleAfter, after.toggleAfter));
  }
  if (before.has['#nav']) {
    if (!after.has['#nav']) say(false, '#nav navigates client-side', 'the built page has no #nav');
    else if (before.navError) note('#nav', before.navError);
    else if (after.navError) say(false, '#nav navigates client-side', after.navError);
    else {
      const n = before.nav, m = after.nav, bad2 = [];
      if (n.kept && !m.kept) bad2.push('the built page reloaded, the original did not');
      if (n.path !== m.path) bad2.push(`path ${m.path}, original ${n.path}`);
      if (n.text !== m.text) bad2.push('body text after it: ' + textDifference(n.text, m.text));
      say(!bad2.length, `#nav navigates ${n.kept ? 'client-side' : '(the original reloads the page)'} to ${n.path}`, bad2.join('; '));
    }
  }
}

const [a, b] = [await serve(orig), await serve(built)];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});
let count = 0;
try {
  const contexts = [];
  for (let i = 0; i < 2; i++) {
    const c = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    await c.addInitScript(observeParser);
    contexts.push(c);
  }
  const queue = await pages(orig);
  const results = new Map();
  await Promise.all(Array.from({ length: jobs }, async () => {
    const [pa, pb] = [await contexts[0].newPage(), await contexts[1].newPage()];
    for (let key; (key = queue.shift()) !== undefined;) {
      const before = await visit(pa, `http://127.0.0.1:${a.address().port}`, key, { '#counter': 1, '#toggle': 1, '#nav': 1 });
      if (before.fatal) {
        results.set(key, { skip: `the original could not be measured: ${before.fatal}`.slice(0, 300) });
        continue;
      }
      if (errorPageLike(key) && before.problems.length) {
        results.set(key, { skip: `the original fails there too: ${before.problems.slice(0, 2).join('; ')}`.slice(0, 300) });
        continue;
      }
      const after = await visit(pb, `http://127.0.0.1:${b.address().port}`, key, before.has);
      // Pixels that differ in one pair of loads and not in the next are a rendering race (a
      // font or a frame not ready on a loaded machine), not the page: the bytes served are
      // the same every time, so a real difference shows in every pair.  Two more pairs at most.
      for (let i = 0; i < 2 && Buffer.compare(before.shot, after.shot) !== 0; i++) {
        try {
          before.shot = await shot(pa, `http://127.0.0.1:${a.address().port}`, key);
          after.shot = await shot(pb, `http://127.0.0.1:${b.address().port}`, key);
          after.reshots = i + 1;
        } catch (e) { break; }
      }
      results.set(key, { before, after });
    }
  }));
  for (const key of [...results.keys()].sort()) {
    const r = results.get(key);
    if (r.skip) { console.log(`# ${name}/${key}: skipped, ${r.skip}`); continue; }
    report(key, r.before, r.after);
    count++;
  }
} finally {
  await browser.close();
  a.close();
  b.close();
}
if (!count) console.log(`not ok - ${name}: no page compared`);
console.log(`# ${name}: ${count} pages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
