// frameworks.mjs - check our minified CSS against the input with css-tree (the reference parser).
//
//   node tests/css/frameworks.mjs INPUT.css OUTPUT.css NAME
//
// Prints one "ok - css framework NAME ..." line when
//   1. css-tree parses OUTPUT with no errors, and
//   2. both files yield the same rules: for every (at-rule context, single selector) the same
//      winning declarations (the last one per property, !important first), after a
//      normalisation that undoes only what a minifier may legitimately change: whitespace,
//      number spelling (0.50 / .5, 1e3 / 1000), zero lengths, colour spelling (#fff / white /
//      rgb(255,255,255)), quotes in url() and attribute selectors, from/0% and to/100% in
//      keyframes, ms / s, 1-4 value box forms, font-weight keywords,
//      flex none / 0 0 auto and auto / 1 1 auto, aspect-ratio N/1 / N, scale(a,a) / scale(a),
//      translateX(a) / translate(a),
//      calc(A*B) or calc(A/B) of numbers (at most one with a unit, non-negative result, an integer
//      when unitless) / its product, and comments.  Shorthands with plain word values (margin,
//      padding, flex, overflow) are compared as the longhands they set (see longhands()).
// Otherwise "not ok" with the first differences.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const csstree = require('css-tree');
const [inPath, outPath, name] = process.argv.slice(2);

const NAMED = {
	black: '000000', white: 'ffffff', red: 'ff0000', lime: '00ff00', blue: '0000ff', yellow: 'ffff00',
	cyan: '00ffff', aqua: '00ffff', magenta: 'ff00ff', fuchsia: 'ff00ff', gray: '808080', grey: '808080',
	silver: 'c0c0c0', maroon: '800000', olive: '808000', green: '008000', purple: '800080', teal: '008080',
	navy: '000080', orange: 'ffa500',
};
const LENGTH = new Set(['px', 'em', 'rem', 'ex', 'ch', 'vw', 'vh', 'vmin', 'vmax', 'cm', 'mm', 'in', 'pt', 'pc', 'q']);

function num(s) {
	const v = Number(s);
	return Number.isFinite(v) ? String(v) : s;
}

function hexColor(h) {
	h = h.toLowerCase();
	if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
	if (h.length === 8 && h.endsWith('ff')) h = h.slice(0, 6);
	return h.length === 6 || h.length === 8 ? '#' + h : null;
}

// Rewrite a parsed value (or prelude / selector) in place into a canonical spelling.
function normalise(ast, prop) {
	csstree.walk(ast, {
		enter(node, item, list) {
			switch (node.type) {
			case 'Number': node.value = num(node.value); break;
			case 'Percentage': node.value = num(node.value); break;
			case 'Dimension':
				node.value = num(node.value);
				if (node.unit.toLowerCase() === 'ms') {
					node.value = num(String(Number(node.value) / 1000));
					node.unit = 's';
				}
				if (node.value === '0' && LENGTH.has(node.unit.toLowerCase()) && list)
					list.replace(item, list.createItem({ type: 'Number', value: '0' }));
				break;
			case 'Hash': {
				const h = hexColor(node.value);
				if (h) node.value = h.slice(1);
				break;
			}
			case 'Identifier': {
				const n = node.name.toLowerCase();
				if (NAMED[n] && prop !== 'font-family' && list)
					list.replace(item, list.createItem({ type: 'Hash', value: NAMED[n] }));
				break;
			}
			case 'Function': {
				const f = node.name.toLowerCase();
				if (f === 'calc' && list) {
					// calc(A*B) / calc(A/B) of numbers with at most one unit is its product
					const parts = node.children.toArray().filter((c) => c.type !== 'WhiteSpace');
					const ok = parts.length === 3 && parts[1].type === 'Operator' && /^[*/]$/.test(parts[1].value) &&
						[parts[0], parts[2]].every((c) => c.type === 'Number' || c.type === 'Dimension') &&
						!(parts[0].type === 'Dimension' && parts[2].type === 'Dimension') &&
						!(parts[1].value === '/' && parts[2].type === 'Dimension');
					if (ok) {
						const x = Number(parts[0].value), y = Number(parts[2].value);
						const v = parts[1].value === '*' ? x * y : x / y;
						const dim = parts.find((c) => c.type === 'Dimension');
						if (v >= 0 && Number.isFinite(v) && (dim || Number.isInteger(v)))
							list.replace(item, list.createItem(dim ? { type: 'Dimension', value: num(String(v)), unit: dim.unit }
								: { type: 'Number', value: num(String(v)) }));
					}
				}
				if (f === 'translatex') node.name = 'translate'; // translateX(a) is translate(a)
				if (f === 'scale' && list) {
					// scale(a,a) is scale(a)
					const parts = node.children.toArray().filter((c) => c.type !== 'WhiteSpace');
					if (parts.length === 3 && parts[1].type === 'Operator' && parts[1].value === ',' &&
						csstree.generate(parts[0]) === csstree.generate(parts[2]))
						node.children = new csstree.List().fromArray([parts[0]]);
				}
				if ((f === 'rgb' || f === 'rgba') && list) {
					const parts = node.children.toArray().filter((c) => c.type !== 'Operator' && c.type !== 'WhiteSpace');
					if (parts.every((c) => c.type === 'Number' || c.type === 'Percentage') && (parts.length === 3 || parts.length === 4)) {
						const v = parts.map((c) => Number(c.value));
						if (parts.length === 4 && parts[3].type === 'Percentage') v[3] /= 100;
						if (parts.slice(0, 3).every((c) => c.type === 'Number') && v.slice(0, 3).every((x) => Number.isInteger(x))) {
							const a = parts.length === 4 ? v[3] * 255 : 255;
							if (Number.isInteger(Math.round(a * 1e9) / 1e9)) {
								const hex = [v[0], v[1], v[2], Math.round(a)].map((x) => x.toString(16).padStart(2, '0')).join('');
								list.replace(item, list.createItem({ type: 'Hash', value: hexColor(hex).slice(1) }));
							}
						}
					}
				}
				break;
			}
			case 'Raw': {
				// a var() fallback: parse it as a value of its own and normalise that
				let errs = 0;
				const v = csstree.parse(node.value, { context: 'value', onParseError: () => errs++ });
				if (!errs) node.value = csstree.generate(normalise(v, prop));
				break;
			}
			case 'AttributeSelector':
				if (node.value && node.value.type === 'Identifier')
					node.value = { type: 'String', value: node.value.name };
				break;
			case 'PseudoClassSelector':
				if (/^(before|after|first-line|first-letter)$/i.test(node.name)) node.type = 'PseudoElementSelector';
				break;
			case 'TypeSelector':
				// *.a is .a: the universal selector is implied before another simple selector
				if (node.name === '*' && list && item.next && !/Combinator|WhiteSpace/.test(item.next.data.type)) {
					list.remove(item);
					break;
				}
				if (prop === 'keyframe' && node.name.toLowerCase() === 'from') node.name = '0%';
				if (prop === 'keyframe' && node.name.toLowerCase() === 'to') node.name = '100%';
				break;
			default: break;
			}
		},
	});
	return ast;
}

function valueText(decl) {
	const prop = decl.property.toLowerCase();
	if (prop.startsWith('--'))
		return (decl.value.value ?? csstree.generate(decl.value)).replace(/\/\*[^]*?\*\//g, '').trim();
	let value = decl.value;
	if (value.type === 'Raw') {
		// css-tree leaves values with var() raw: parse them as a generic value
		let errs = 0;
		const parsed = csstree.parse(value.value, { context: 'value', onParseError: () => errs++ });
		if (errs) return value.value.replace(/\s+/g, ' ').trim();
		value = parsed;
	} else {
		value = csstree.clone(value);
	}
	// var() fallbacks stay Raw inside the parsed value: whitespace after their commas is free
	let v = csstree.generate(normalise(value, prop)).replace(/,\s+/g, ',');
	if (/^(margin|padding|inset|border-width|border-style|border-color|scroll-margin|scroll-padding)$/.test(prop) && /^[^(),/"'!]+$/.test(v)) {
		// a box value's 1-4 forms say the same thing: compare all four sides
		const [t, r = t, b = t, l = r] = v.split(' ');
		v = [t, r, b, l].join(' ');
	}
	if (prop === 'font-family') v = v.replace(/"([^"]*)"/g, '$1');
	if (prop === 'font-weight') v = v.replace(/^bold$/i, '700').replace(/^normal$/i, '400');
	if (/^(-webkit-|-ms-)?flex$/.test(prop)) v = v.replace(/^none$/i, '0 0 auto').replace(/^auto$/i, '1 1 auto');
	if (prop === 'aspect-ratio') v = v.replace(/^([\d.]+)\s*\/\s*1$/, '$1');
	return v;
}

// A shorthand sets its longhands: compare what each longhand ends up as, so that
// margin-top/right/bottom/left written as one margin (or the reverse) compare equal side by side.
// Only plain word values are split (what valueText left as 4 box words, 3 flex words, one overflow).
const LONGHANDS = {
	margin: ['margin-top', 'margin-right', 'margin-bottom', 'margin-left'],
	padding: ['padding-top', 'padding-right', 'padding-bottom', 'padding-left'],
	flex: ['flex-grow', 'flex-shrink', 'flex-basis'],
	overflow: ['overflow-x', 'overflow-y'],
};
function longhands(prop, v) {
	const w = v.split(' ');
	if ((prop === 'margin' || prop === 'padding') && /^[^(),/"'!]+$/.test(v) && w.length === 4)
		return LONGHANDS[prop].map((q, i) => [q, w[i]]);
	if (prop === 'flex' && w.length === 3 && /^[\d.]+$/.test(w[0]) && /^[\d.]+$/.test(w[1]))
		return LONGHANDS.flex.map((q, i) => [q, w[i]]);
	if (prop === 'overflow' && /^[a-z-]+$/i.test(v))
		return LONGHANDS.overflow.map((q) => [q, v]);
	return [[prop, v]];
}

function keyframeSelector(s) {
	return s.trim().toLowerCase().replace(/^from$/, '0%').replace(/^to$/, '100%').replace(/^(\d*\.?\d+)%$/, (m, n) => num(n) + '%');
}

// (context, selector) -> Map(property -> value), with the cascade's winner per property.
function rules(css, errors) {
	const ast = csstree.parse(css, {
		positions: false,
		parseCustomProperty: false,
		onParseError: (e) => errors.push(e.formattedMessage ? e.formattedMessage.split('\n')[0] : e.message),
	});
	const out = new Map();
	const counters = new Map();
	function put(key, block) {
		if (!out.has(key)) out.set(key, new Map());
		const m = out.get(key);
		block.children.forEach((d) => {
			if (d.type !== 'Declaration') return;
			const prop = d.property.startsWith('--') ? d.property : d.property.toLowerCase();
			for (const [p, value] of longhands(prop, valueText(d))) {
				const v = value + (d.important ? '!important' : '');
				const old = m.get(p);
				if (old && old.endsWith('!important') && !d.important) continue;
				m.set(p, v);
			}
		});
	}
	function walkList(list, ctx, inKeyframes) {
		list.forEach((node) => {
			if (node.type === 'Rule') {
				const selectors = node.prelude.type === 'SelectorList'
					? node.prelude.children.toArray().map((s) => inKeyframes ? keyframeSelector(csstree.generate(s))
						: csstree.generate(normalise(csstree.clone(s), 'selector')))
					: [inKeyframes ? node.prelude.value.split(',').map(keyframeSelector).join(',') : node.prelude.value.trim()];
				for (const s of selectors) put(ctx + ' | ' + s, node.block);
				if (node.block) walkList(node.block.children.filter((c) => c.type === 'Rule' || c.type === 'Atrule'), ctx + ' | ' + selectors.join(','), false);
			} else if (node.type === 'Atrule') {
				const pre = node.prelude ? (node.prelude.type === 'Raw' ? node.prelude.value.trim().replace(/\s+/g, ' ')
					: csstree.generate(normalise(csstree.clone(node.prelude), 'prelude'))) : '';
				let head = '@' + node.name.toLowerCase() + ' ' + pre;
				if (!node.block) { put(ctx + ' | ' + head, { children: { forEach() {} } }); return; }
				const kids = node.block.children.toArray();
				if (kids.some((k) => k.type === 'Declaration')) {
					const n = (counters.get(ctx + head) || 0) + 1;
					counters.set(ctx + head, n);
					put(ctx + ' | ' + head + ' #' + n, node.block);
				}
				walkList(node.block.children.filter((c) => c.type === 'Rule' || c.type === 'Atrule'), ctx + ' | ' + head, /keyframes$/i.test(node.name));
			}
		});
	}
	walkList(ast.children, '', false);
	for (const [k, m] of out) if (m.size === 0 && !/@(layer|import|charset|namespace)/.test(k)) out.delete(k);
	return out;
}

const inErrors = [], outErrors = [];
const a = rules(readFileSync(inPath, 'utf8'), inErrors);
const b = rules(readFileSync(outPath, 'utf8'), outErrors);
const diffs = [];
for (const [k, m] of a) {
	const n = b.get(k);
	if (!n) { diffs.push(`missing rule ${k}`); continue; }
	for (const [p, v] of m) if (n.get(p) !== v) diffs.push(`${k} { ${p}: ${JSON.stringify(v)} became ${JSON.stringify(n.get(p))} }`);
	for (const [p, v] of n) if (!m.has(p)) diffs.push(`${k} { ${p}: ${JSON.stringify(v)} added }`);
}
for (const k of b.keys()) if (!a.has(k)) diffs.push(`extra rule ${k}`);
const inB = readFileSync(inPath).length, outB = readFileSync(outPath).length;
// css-tree itself cannot parse a few constructs some frameworks ship (primer); the output
// may carry those same errors, never new ones.
const newErrors = outErrors.filter((e, i) => inErrors[i] !== e);
if (newErrors.length || outErrors.length > inErrors.length || diffs.length) {
	console.log(`not ok - css framework ${name}: ${outErrors.length} css-tree errors in the output (${inErrors.length} in the input), ${diffs.length} differences`);
	for (const e of outErrors.slice(0, 5)) console.log(`#   parse error: ${e}`);
	for (const d of diffs.slice(0, 8)) console.log(`#   ${d.slice(0, 300)}`);
	process.exit(1);
}
const errNote = inErrors.length ? `no errors beyond the input's own ${inErrors.length}` : 'no errors';
console.log(`ok - css framework ${name}: ${a.size} rules equal, ${inB} -> ${outB} bytes, css-tree parses the output with ${errNote}`);
