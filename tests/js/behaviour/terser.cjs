// terser.cjs FILE - drives terser (FILE: terser's dist/bundle.min.js or a minified copy):
// minifies three corpus libraries with compression and mangling, and prints each output in
// pieces with its digest, so any difference in what terser decides shows (see lib.cjs).
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { loadCommonJS, show, run, nodeModules } = require('./lib.cjs');

const corpus = ['jquery/dist/jquery.js', 'lodash/lodash.js', 'moment/moment.js'];

run(async () => {
	const terser = loadCommonJS(process.argv[2]);
	for (const file of corpus) {
		const src = fs.readFileSync(path.join(nodeModules, file), 'utf8');
		const out = await terser.minify(src, { compress: { passes: 2 }, mangle: true });
		show(file + ' bytes', out.code.length);
		show(file + ' digest', crypto.createHash('sha256').update(out.code).digest('hex'));
		for (let at = 0; at < out.code.length; at += 4096) show(file + ' @' + at, out.code.slice(at, at + 80));
	}
});
