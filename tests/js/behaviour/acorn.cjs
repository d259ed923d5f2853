// acorn.cjs FILE - drives acorn (FILE: acorn's dist/acorn.js or a minified copy) on the ten
// corpus libraries: for each, the count of every node type in its tree and a digest of the
// whole tree as JSON, so a parser that reads one token differently shows (see lib.cjs).
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { loadCommonJS, show, run, nodeModules } = require('./lib.cjs');

const corpus = ['jquery/dist/jquery.js', 'lodash/lodash.js', 'd3/dist/d3.js', 'three/build/three.module.js',
	'react-dom/umd/react-dom.development.js', 'vue/dist/vue.global.js', 'moment/moment.js',
	'bootstrap/dist/js/bootstrap.js'];

run(() => {
	const acorn = loadCommonJS(process.argv[2]);
	show('version', acorn.version);
	for (const file of corpus) {
		const src = fs.readFileSync(path.join(nodeModules, file), 'utf8');
		const tree = acorn.parse(src, { ecmaVersion: 'latest', sourceType: file.includes('module') ? 'module' : 'script' });
		const counts = {};
		(function walk(node) {
			if (Array.isArray(node)) return node.forEach(walk);
			if (!node || typeof node.type !== 'string') return;
			counts[node.type] = (counts[node.type] || 0) + 1;
			for (const key of Object.keys(node)) if (node[key] && typeof node[key] === 'object') walk(node[key]);
		})(tree);
		for (const type of Object.keys(counts).sort()) show(file + ' ' + type, counts[type]);
		show(file + ' digest', crypto.createHash('sha256').update(JSON.stringify(tree)).digest('hex'));
	}
});
