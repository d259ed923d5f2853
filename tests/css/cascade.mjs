// cascade.mjs - elements styled by our minified CSS compute exactly what the original gives them.
//
//   node tests/css/cascade.mjs INPUT.css OUTPUT.css NAME [INPUT2 OUTPUT2 NAME2 ...]
//
// cssom.mjs compares rules one selector at a time; what it cannot see is the cascade between
// rules: a merge that moves a declaration past another rule's, an override dropped that still
// won somewhere.  Here elements meet many rules at once.  From every selector of INPUT (read
// with css-tree) a small tree of elements that matches it is built: one element per compound
// (its type, or a <div>; its id, classes and attributes), nested for descendant and child
// combinators, side by side for sibling ones; pseudo-classes and pseudo-elements are left out,
// compounds on html, body and :root style the page's own.  Elements made for one selector
// match many others (a .btn inside a .navbar meets the rules of both).  Headless Chromium
// (Debian's /usr/bin/chromium through playwright-core, borrowed from tests/rewrite) styles
// the same trees with INPUT and then with OUTPUT, 1200 and 400 pixels wide, and
// getComputedStyle() of every element, and of its ::before and ::after when they have
// content, must be equal.  Prints one "ok - css framework NAME: ..." line per pair and width.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const csstree = require('css-tree');
const { chromium } = createRequire(new URL('../rewrite/', import.meta.url))('playwright-core');

// "sm\:flex" -> "sm:flex": CSS escapes in names, as the DOM wants them.
const unescape = (s) => s.replace(/\\([0-9a-fA-F]{1,6})\s?|\\(.)/g, (m, hex, ch) => (hex ? String.fromCodePoint(parseInt(hex, 16)) : ch));

// The selectors of a stylesheet as lists of compounds: [{combinator, tag, id, classes, attrs}],
// then for each rule an element that the first selectors of it and of each of the next two
// rules match together (the last compounds merged, inside the first one's ancestors): where
// a minifier merges or drops rules, neighbours are what the cascade must keep apart.
function selectors(css) {
  const out = [], firsts = [];
  const ast = csstree.parse(css, { parseValue: false, parseCustomProperty: false, onParseError: () => {} });
  csstree.walk(ast, {
    visit: 'Rule',
    enter(rule) {
      if (this.atrule && /keyframes|font-face|page/.test(this.atrule.name)) return;
      if (rule.prelude.type !== 'SelectorList') return;
      let first = true;
      for (const sel of rule.prelude.children) {
        const compounds = [];
        let cur = { combinator: ' ', tag: null, id: null, classes: [], attrs: [] };
        for (const part of sel.children) {
          if (part.type === 'Combinator') {
            compounds.push(cur);
            cur = { combinator: part.name.trim() || ' ', tag: null, id: null, classes: [], attrs: [] };
          } else if (part.type === 'TypeSelector') cur.tag = part.name.replace(/^.*\|/, '');
          else if (part.type === 'ClassSelector') cur.classes.push(unescape(part.name));
          else if (part.type === 'IdSelector') cur.id = unescape(part.name);
          else if (part.type === 'AttributeSelector') {
            const v = part.value ? (part.value.type === 'String' ? part.value.value : part.value.name) : '';
            cur.attrs.push([unescape(part.name.name), unescape(v)]);
          }
        }
        compounds.push(cur);
        out.push(compounds);
        if (first) firsts.push(compounds);
        first = false;
      }
    },
  });
  for (let i = 0; i < firsts.length; i++)
    for (const j of [i + 1, i + 2]) {
      if (j >= firsts.length) break;
      const a = firsts[i], b = firsts[j], x = a[a.length - 1], y = b[b.length - 1];
      if (x.tag && y.tag && x.tag !== y.tag) continue;
      if (x.id && y.id && x.id !== y.id) continue;
      const both = { combinator: x.combinator, tag: x.tag || y.tag, id: x.id || y.id,
                     classes: [...x.classes, ...y.classes], attrs: [...x.attrs, ...y.attrs] };
      out.push([...a.slice(0, -1), both]);
    }
  /* .a, .a:hover and .a::before build the same tree: one of each is enough */
  const seen = new Set();
  return out.filter((t) => { const k = JSON.stringify(t); return !seen.has(k) && seen.add(k); });
}

// In the page: build the trees, style them with each stylesheet in turn, and return the
// number of elements and the first difference ("" when none).  Comparing in the page keeps
// the styles of thousands of elements from crossing to node twice.
function compareInPage({ trees, original, minified }) {
  const style = document.getElementById('s'), root = document.getElementById('gen');
  const make = (c) => {
    const el = document.createElement(c.tag && /^[a-z][a-z0-9-]*$/i.test(c.tag) ? c.tag : 'div');
    if (c.id) el.id = c.id;
    for (const k of c.classes) el.classList.add(k);
    for (const [n, v] of c.attrs) try { el.setAttribute(n, v); } catch { /* a name the DOM refuses */ }
    el.appendChild(document.createTextNode('Text'));
    return el;
  };
  for (const compounds of trees) {
    let prev = null;
    for (const c of compounds) {
      /* html, body, :root, or a compound of pseudo-classes only: the page's own elements */
      if (c.tag === 'html' || c.tag === 'body' ||
          ((!c.tag || c.tag === '*') && !c.id && !c.classes.length && !c.attrs.length)) {
        prev = null;
        continue;
      }
      const el = make(c);
      if (prev && (c.combinator === '+' || c.combinator === '~')) prev.after(el);
      else (prev || root).appendChild(el);
      prev = el;
    }
  }
  const elements = [document.documentElement, document.body, ...root.querySelectorAll('*')];
  const all = (cs) => { const p = []; for (let i = 0; i < cs.length; i++) p.push(cs[i] + ':' + cs.getPropertyValue(cs[i])); return p.join(';'); };
  const read = (css) => {
    style.textContent = css;
    return elements.map((el) => {
      let s = '{' + all(getComputedStyle(el)) + '}';
      for (const pseudo of ['::before', '::after']) {
        const cs = getComputedStyle(el, pseudo);
        if (cs.content !== 'none' && cs.content !== 'normal') s += pseudo + '{' + all(cs) + '}';
      }
      return s;
    });
  };
  const a = read(original), b = read(minified);
  const name = (el) => el.tagName + (typeof el.className === 'string' && el.className ? '.' + el.className.split(' ').join('.') : '');
  /* the first element that differs, past html and body (their size follows everything) */
  for (const from of [2, 0])
    for (let k = from; k < a.length; k++) {
      if (a[k] === b[k]) continue;
      const pa = a[k].split(';'), pb = b[k].split(';'), j = pa.findIndex((p, n) => p !== pb[n]);
      return { count: a.length, diff: `element ${k} ${name(elements[k])}: ${pa[j]} vs ${pb[j]}` };
    }
  return { count: a.length, diff: '' };
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});
let failed = 0;
try {
  const args = process.argv.slice(2);
  for (let i = 0; i + 3 <= args.length; i += 3) {
    const [input, output, name] = args.slice(i, i + 3);
    const original = readFileSync(input, 'utf8'), minified = readFileSync(output, 'utf8');
    const trees = selectors(original);
    for (const width of [1200, 400]) {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      await page.setContent('<!doctype html><html><head><style id=s></style></head><body><div id=gen></div></body></html>');
      const { count, diff } = await page.evaluate(compareInPage, { trees, original, minified });
      await page.close();
      const what = `css framework ${name}: ${count} elements from ${trees.length} selectors compute the same styles at ${width}px`;
      if (diff) {
        failed++;
        console.log(`not ok - ${what}: ${diff.slice(0, 400)}`);
      } else console.log(`ok - ${what}`);
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
