// ast_compare.js - the round-trip oracle for the JavaScript minifier.
//
//   node ast_compare.js [--count] [--renamed] LIST
//
// LIST has one line per case: "NAME<TAB>ORIGINAL<TAB>MINIFIED".  Each original is parsed by
// acorn as a script, or as a module when that fails (the minified file is parsed the same
// way); the minified file must parse, and both trees must be equal once positions and the
// spelling of literals (start, end, loc, range, raw, directive) are removed.  Prints
// "ok - NAME" or "not ok - NAME: why" per case, or with --count only a summary
// "COUNT equal of TOTAL" plus the names that differ, one per line, after "differs:".
// With --renamed the minifier renamed local bindings and shortened literals: the names of
// Identifier nodes and the `shorthand` flag of properties ({a} became {a:b}) are ignored, and
// !0, !1 and void 0 count as true, false and undefined; everything else must match.
'use strict';
const fs = require('fs');
const acorn = require('acorn');

const DROP = new Set(['start', 'end', 'loc', 'range', 'raw', 'directive']);
let renamed = false;

// Keys of `node` that take part in the comparison.
function keysOf(node) {
  const ident = renamed && node.type === 'Identifier';
  return Object.keys(node).filter((k) => !DROP.has(k) && !(renamed && k === 'shorthand') && !(ident && k === 'name'));
}

function parse(text, sourceType) {
  return acorn.parse(text, {
    ecmaVersion: 'latest', sourceType, allowHashBang: true,
    allowReturnOutsideFunction: sourceType === 'script', allowAwaitOutsideFunction: false,
  });
}

// !0 -> true, !1 -> false, void 0 -> undefined (with --renamed).
function norm(n) {
  if (!renamed || n === null || typeof n !== 'object' || n.type !== 'UnaryExpression') return n;
  const a = n.argument;
  if (!a || a.type !== 'Literal' || typeof a.value !== 'number') return n;
  if (n.operator === '!' && (a.value === 0 || a.value === 1)) return { type: 'Literal', value: a.value === 0 };
  if (n.operator === 'void' && a.value === 0) return { type: 'Identifier', name: 'undefined' };
  return n;
}

function strip(node) {
  node = norm(node);
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return typeof node === 'bigint' ? node.toString() + 'n' : node;
  if (node instanceof RegExp) return String(node);
  const out = {};
  for (const k of keysOf(node)) out[k] = strip(node[k]);
  return out;
}

// First path where two stripped trees differ, for the failure message.
function firstDiff(a, b, path) {
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object')
    return a === b ? null : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`.slice(0, 300);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDiff(a[k], b[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

// Equal trees, ignoring DROP keys; no copies, so the 9 MB typescript.js stays cheap.
function same(a, b) {
  a = norm(a);
  b = norm(b);
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'bigint' && typeof b === 'bigint' ? a === b : false;
  }
  if (a instanceof RegExp || b instanceof RegExp) return String(a) === String(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  const ka = keysOf(a), kb = keysOf(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!same(a[k], b[k])) return false;
  return true;
}

function check(orig, min) {
  const src = fs.readFileSync(orig, 'utf8');
  let type = 'script', a;
  try { a = parse(src, 'script'); } catch (e) {
    type = 'module';
    try { a = parse(src, 'module'); } catch (e2) { return { skip: `original does not parse: ${e.message}` }; }
  }
  let b;
  try { b = parse(fs.readFileSync(min, 'utf8'), type); } catch (e) { return { err: `minified output does not parse as a ${type}: ${e.message}` }; }
  if (same(a, b)) return { ok: true };
  const sa = strip(a), sb = strip(b);
  return { err: 'trees differ at ' + firstDiff(sa, sb, 'Program') };
}

const args = process.argv.slice(2);
const countOnly = args.includes('--count');
renamed = args.includes('--renamed');
const lines = fs.readFileSync(args.filter((a) => !a.startsWith('--'))[0], 'utf8').split('\n').filter(Boolean);
let equal = 0, total = 0, skipped = 0;
const differs = [];
for (const line of lines) {
  const [name, orig, min] = line.split('\t');
  let r;
  if (!fs.existsSync(min)) r = { err: 'minifier rejected the file: ' + (fs.existsSync(min + '.err') ? fs.readFileSync(min + '.err', 'utf8').trim() : '?') };
  else r = check(orig, min);
  if (r.skip) { skipped++; if (!countOnly) console.log(`not ok - ${name}: ${r.skip}`); continue; }
  total++;
  if (r.ok) equal++; else differs.push(`${name}: ${r.err}`);
  if (!countOnly) console.log(r.ok ? `ok - ${name}: acorn tree of the minified output equals the original's` : `not ok - ${name}: ${r.err}`);
}
if (countOnly) {
  console.log(`${equal} equal of ${total} (${skipped} originals acorn rejects)`);
  if (differs.length) { console.log('differs:'); for (const d of differs) console.log(d); }
}
