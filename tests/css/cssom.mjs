// cssom.mjs - Chromium must read our minified CSS as the same rules as the original.
//
//   node tests/css/cssom.mjs INPUT.css OUTPUT.css NAME [INPUT2 OUTPUT2 NAME2 ...]
//
// frameworks.mjs asks css-tree; this asks the browser.  Headless Chromium (Debian's
// /usr/bin/chromium through playwright-core, borrowed from tests/rewrite/node_modules) parses
// each stylesheet into its CSSOM, and for every (context, selector) pair - context being the
// chain of @media, @supports, @layer, @container ... conditions, selector one selector of a
// rule's list as Chromium serializes it - the winning declarations (the last per longhand,
// !important first) must be the same.  A declaration Chromium rejects, a rule it drops, a
// selector it reads differently or a value it parses to something else shows up as a
// difference.  Keyframes compare per name and offset, @font-face per family and source.
//
// Chromium keeps a value that holds var(), attr() or env() as the text that was written, so
// those values are compared without whitespace; conditions of @media and @supports likewise.
// Besides that only spellings that mean the same by definition are equal: numbers with and
// without a leading 0, 0px/0em/0rem and 0, ms and s, calc() of one value and the value,
// colours (through a canvas, which spells each one way), font-weight normal/400 and bold/700,
// translateX(a)/translate(a), scale(a, a)/scale(a), and quoted and unquoted font family names
// (not generic ones).  Prints one "ok - css framework NAME:
// Chromium reads the same rules" line per pair, or "not ok" with the first differences.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../rewrite/', import.meta.url));
const { chromium } = require('playwright-core');

// Everything Chromium read from one stylesheet: Map "context || selector" -> {prop: [value, important]}.
async function readRules(page, css) {
  return new Map(await page.evaluate((text) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    const map = new Map();
    const splitList = (s) => {
      const out = []; let depth = 0, cur = '', quote = null;
      for (const ch of s) {
        if (quote) { cur += ch; if (ch === quote) quote = null; continue; }
        if (ch === '"' || ch === "'") quote = ch;
        if (ch === '(' || ch === '[') depth++;
        if (ch === ')' || ch === ']') depth--;
        if (ch === ',' && depth === 0) { out.push(cur.trim()); cur = ''; continue; }
        cur += ch;
      }
      out.push(cur.trim());
      return out;
    };
    // Chromium keeps a colour keyword as written but turns #000 into rgb(0, 0, 0): a canvas
    // spells every colour one way.
    const ctx2d = document.createElement('canvas').getContext('2d');
    const colour = (v) => v.replace(/(#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?)\([^()]*\)|\b[a-z]+\b)/g, (tok) => {
      if (!CSS.supports('color', tok) || /^(currentcolor|inherit|initial|unset|revert)$/i.test(tok)) return tok;
      ctx2d.fillStyle = '#010203';
      ctx2d.fillStyle = tok;
      return ctx2d.fillStyle;
    });
    const put = (key, style) => {
      let m = map.get(key);
      if (!m) map.set(key, (m = {}));
      for (let i = 0; i < style.length; i++) {
        const p = style[i], imp = style.getPropertyPriority(p) === 'important';
        if (m[p] && m[p][1] && !imp) continue;
        m[p] = [colour(style.getPropertyValue(p)), imp];
      }
    };
    const walk = (rules, ctx) => {
      for (const r of rules) {
        if (r instanceof CSSStyleRule) {
          for (const s of splitList(r.selectorText)) put(ctx + ' || ' + s, r.style);
          if (r.cssRules?.length) walk(r.cssRules, ctx + ' & ' + r.selectorText);
        } else if (r instanceof CSSKeyframesRule) {
          for (const k of r.cssRules) for (const s of k.keyText.split(',')) put(`${ctx} @keyframes ${r.name} || ${s.trim()}`, k.style);
        } else if (r instanceof CSSFontFaceRule) {
          const st = r.style;
          put(`${ctx} @font-face ${['font-family', 'src', 'font-weight', 'font-style', 'unicode-range'].map((p) => st.getPropertyValue(p)).join('|')}`, st);
        } else if (r instanceof CSSSupportsRule) {
          walk(r.cssRules, `${ctx} @supports ${r.conditionText.replace(/\s+/g, '')}`);
        } else if (r instanceof CSSMediaRule) {
          walk(r.cssRules, `${ctx} @media ${r.conditionText.replace(/\s+/g, '')}`);
        } else if (r.cssRules) {
          walk(r.cssRules, `${ctx} ${r.cssText.slice(0, r.cssText.indexOf('{')).replace(/\s+/g, '')}`);
        } else {
          map.set(`${ctx} other ${r.cssText}`, {});
        }
      }
    };
    walk(sheet.cssRules, '');
    return [...map];
  }, css));
}

// Spellings that mean the same by definition, undone before comparing.
const GENERIC = /^(serif|sans-serif|monospace|cursive|fantasy|system-ui|ui-\w+|math|emoji|fangsong|inherit|initial|unset|default|revert)$/;
function normalise(prop, v) {
  v = v.replace(/(\d*\.?\d+)ms\b/g, (m, n) => `${Number(n) / 1000}s`)
    .replace(/(^|[^\w.-])(-?)0\.(\d)/g, '$1$2.$3')
    .replace(/(^|[\s,(])0(px|em|rem)(?=[\s,)]|$)/g, '$10')
    .replace(/calc\(([^()\s]+)\)/g, '$1');
  if (prop === 'font-weight') v = v.replace(/^normal$/, '400').replace(/^bold$/, '700');
  if (/transform$/.test(prop))
    v = v.replace(/translateX\(/g, 'translate(').replace(/scale\(\s*([^,()]+?)\s*,\s*\1\s*\)/g, 'scale($1)');
  if (prop === 'font-family')
    v = v.replace(/"([\w -]+)"/g, (m, name) => (name.split(' ').some((w) => GENERIC.test(w) || /^-?\d/.test(w)) ? m : name));
  /* substitution functions: Chromium keeps the text as written */
  return /\b(var|attr|env)\(/.test(v) ? v.replace(/\s+/g, '') : v;
}

function compare(a, b) {
  const diffs = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key) || {}, y = b.get(key) || {};
    for (const p of new Set([...Object.keys(x), ...Object.keys(y)])) {
      const vx = x[p] && normalise(p, x[p][0]) + (x[p][1] ? ' !important' : '');
      const vy = y[p] && normalise(p, y[p][0]) + (y[p][1] ? ' !important' : '');
      if (vx !== vy) diffs.push(`${key.slice(0, 120)}: ${p}: ${vx ?? '(none)'} vs ${vy ?? '(none)'}`);
    }
    if (!a.has(key) && Object.keys(y).length === 0) diffs.push(`${key.slice(0, 120)}: only in the output`);
    if (!b.has(key) && Object.keys(x).length === 0) diffs.push(`${key.slice(0, 120)}: missing from the output`);
  }
  return diffs;
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
let failed = 0;
try {
  const page = await browser.newPage();
  const args = process.argv.slice(2);
  for (let i = 0; i + 2 < args.length + 1; i += 3) {
    const [input, output, name] = args.slice(i, i + 3);
    const a = await readRules(page, readFileSync(input, 'utf8'));
    const b = await readRules(page, readFileSync(output, 'utf8'));
    const diffs = compare(a, b);
    if (diffs.length) {
      failed++;
      console.log(`not ok - css framework ${name}: Chromium reads the same rules (${a.size} selectors): ${diffs.length} differ`);
      for (const d of diffs.slice(0, 8)) console.log(`#   ${d}`);
    } else {
      console.log(`ok - css framework ${name}: Chromium reads the same rules (${a.size} selectors)`);
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
