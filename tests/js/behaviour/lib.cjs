// lib.cjs - what the behaviour scripts (tests/js/behaviour/<lib>.cjs) share: loading a
// library file the same way whether it is the original or a minified copy, and printing
// values so that two runs can be compared line by line.
//
// A behaviour script takes the path of one library file, loads it with one of the loaders
// below, drives it on fixed inputs and prints one line per result.  The runner
// (tests/integration/js_behaviour.sh) runs it on the original and on the minified file and
// compares stdout.  So what is printed must depend only on what the library does: never on
// the clock, randomness or timing, and never on things a correct minifier may change:
// function and class names (.name, constructor names: the renamer shortens them), source
// positions in stacks, or the text of functions.  repr() prints functions as [Function].
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const Module = require('module');

// The libraries' own dependencies (@popperjs/core, react) and jsdom live in
// tests/js/node_modules; a minified copy in a temporary folder must find them there too.
const nodeModules = path.join(__dirname, '..', 'node_modules');

// Math.random made repeatable (a small LCG) in this realm and in every jsdom window, for the
// libraries that draw ids or UUIDs from it (Bootstrap's tooltip ids, three's UUIDs).
const seededRandomSource = `(function () {
	let state = 12345;
	Math.random = function () { state = (Math.imul(state, 1103515245) + 12345) >>> 0; return state / 4294967296; };
})();`;
vm.runInThisContext(seededRandomSource);

// Loads FILE as a CommonJS module whatever its folder's package.json says (d3's package is
// "type": "module" but dist/d3.js is a UMD script), with require() resolving from
// tests/js/node_modules.  Returns module.exports.
function loadCommonJS(file) {
	const m = new Module(file, module);
	m.filename = file;
	m.paths = Module._nodeModulePaths(path.dirname(file)).concat([nodeModules]);
	m._compile(fs.readFileSync(file, 'utf8'), file);
	return m.exports;
}

// Runs FILE as a classic script in a vm context (a jsdom window's, or a plain sandbox),
// where its top-level var and function declarations become globals of that context.
function runScript(file, context) {
	vm.runInContext(fs.readFileSync(file, 'utf8'), context, { filename: file });
}

// A jsdom window that runs scripts only when told to (runScript with dom.getInternalVMContext()),
// at a fixed URL.  Errors jsdom would swallow (an exception in an event handler) and console
// output from inside the window are printed: the first line only, since the rest is a stack.
function jsdomWindow(html, onConsole) {
	const { JSDOM, VirtualConsole } = require(path.join(nodeModules, 'jsdom'));
	const virtualConsole = new VirtualConsole();
	const firstLine = (args) => format(args).split('\n')[0];
	virtualConsole.on('jsdomError', (e) => console.log('jsdomError: ' + String(e.message).split('\n')[0]));
	for (const level of ['log', 'info', 'warn', 'error'])
		virtualConsole.on(level, (...args) => (onConsole ? onConsole(level, args) : console.log('console.' + level + ': ' + firstLine(args))));
	const dom = new JSDOM(html, { runScripts: 'outside-only', url: 'http://localhost/', virtualConsole });
	vm.runInContext(seededRandomSource, dom.getInternalVMContext());
	return dom;
}

// printf-style %s/%d/%i/%f/%o/%O/%c substitution as console.log does it, so that a library's
// warning prints the same text as it would.
function format(args) {
	if (typeof args[0] !== 'string') return args.map((a) => (typeof a === 'string' ? a : repr(a))).join(' ');
	let i = 1;
	let s = args[0].replace(/%[sdifoOc%]/g, (m) => {
		if (m === '%%') return '%';
		if (i >= args.length) return m;
		const a = args[i++];
		if (m === '%c') return '';
		if (m === '%s') return typeof a === 'string' ? a : repr(a);
		if (m === '%d' || m === '%i') return String(parseInt(a, 10));
		if (m === '%f') return String(parseFloat(a));
		return repr(a);
	});
	for (; i < args.length; i++) s += ' ' + (typeof args[i] === 'string' ? args[i] : repr(args[i]));
	return s;
}

// A deterministic one-line text for any value: object keys in their own order (which the
// library decides, so a change is a change in behaviour), numbers exactly (-0 included),
// typed arrays, Map, Set, Date, RegExp, DOM nodes by their outerHTML, cycles as [Circular].
// Functions are [Function] and class instances print their own properties only.
function repr(v, depth = 0, seen = new Set()) {
	if (v === null) return 'null';
	switch (typeof v) {
	case 'undefined': return 'undefined';
	case 'number': return Object.is(v, -0) ? '-0' : String(v);
	case 'bigint': return v + 'n';
	case 'boolean': return String(v);
	case 'string': return JSON.stringify(v);
	case 'symbol': return 'Symbol(' + (v.description || '') + ')';
	case 'function': return '[Function]';
	}
	if (seen.has(v)) return '[Circular]';
	if (depth > 6) return '[Deep]';
	seen.add(v);
	try {
		const tag = Object.prototype.toString.call(v);
		if (tag === '[object Date]') return 'Date(' + (isNaN(v) ? 'Invalid' : v.toISOString()) + ')';
		if (tag === '[object RegExp]') return String(v);
		if (tag === '[object Error]') return 'Error(' + JSON.stringify(String(v.message)) + ')';
		if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return tag.slice(8, -1) + '[' + Array.from(v, (x) => repr(x)).join(',') + ']';
		if (typeof v.nodeType === 'number' && typeof v.nodeName === 'string')
			return 'Node(' + (v.outerHTML !== undefined ? v.outerHTML : v.nodeName + ':' + v.textContent) + ')';
		if (tag === '[object Map]') return 'Map{' + Array.from(v, ([k, x]) => repr(k, depth + 1, seen) + '=>' + repr(x, depth + 1, seen)).join(',') + '}';
		if (tag === '[object Set]') return 'Set{' + Array.from(v, (x) => repr(x, depth + 1, seen)).join(',') + '}';
		if (Array.isArray(v)) {
			const items = [];
			for (let i = 0; i < v.length; i++) items.push(i in v ? repr(v[i], depth + 1, seen) : '<hole>');
			const extra = Object.keys(v).filter((k) => !/^\d+$/.test(k));
			for (const k of extra) items.push(k + ':' + repr(v[k], depth + 1, seen));
			return '[' + items.join(',') + ']';
		}
		const keys = Object.keys(v);
		return '{' + keys.map((k) => JSON.stringify(k) + ':' + repr(v[k], depth + 1, seen)).join(',') + '}';
	} finally {
		seen.delete(v);
	}
}

// Prints "LABEL: value"; the value is repr()'d unless it is a string.
function show(label, value) {
	console.log(label + ': ' + (typeof value === 'string' ? value : repr(value)));
}

// Prints LABEL and then HTML (or SVG) markup one tag a line, indented, so that a difference
// shows as a short line rather than somewhere in one long one.
function showMarkup(label, markup) {
	const parts = markup.split(/(?=<)/);
	console.log(label + ': ' + parts.length + ' tags');
	for (const part of parts) console.log('  ' + part);
}

// Prints what calling FN gives, or "throws NAME: MESSAGE" (for errors a library throws on
// purpose; a built-in TypeError's message can name a variable, so those print no message.
// Errors from another realm, a jsdom window's, are not instances of this realm's TypeError:
// their message is printed, as Bootstrap's own TypeErrors need).
function attempt(label, fn) {
	try {
		show(label, fn());
	} catch (e) {
		const builtin = e instanceof TypeError || e instanceof ReferenceError;
		console.log(label + ': throws ' + (e && e.name) + (builtin ? '' : ': ' + String(e && e.message).split('\n')[0]));
	}
}

// Runs an async main; any exception fails the script (exit status 1, stack on stderr), so a
// library that breaks when minified cannot pass by printing the same partial output.
function run(main) {
	Promise.resolve().then(main).then(
		() => { process.exitCode = process.exitCode || 0; },
		(e) => { console.error(e && e.stack || e); process.exit(1); }
	);
}

module.exports = { loadCommonJS, runScript, jsdomWindow, format, repr, show, showMarkup, attempt, run, nodeModules };
