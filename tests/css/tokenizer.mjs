// tokenizer.mjs - run the CSS tokenizer conformance cases of @rmenke/css-tokenizer-tests
// against our lexer (build/tests/test_css --tokens FILE) and print one ok line per case.
//
// A case passes when every token agrees on type, raw text (our byte offsets turned back
// into the text they cover) and structured value (decoded name, string or url; number
// value, integer/number type and sign; dimension unit; hash type).
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { testCorpus } = require('@rmenke/css-tokenizer-tests');
const bin = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), 'csstok-'));
let pass = 0, fail = 0;

function same(a, b) {
	if (a === b) return true;
	if (typeof a === 'number' && typeof b === 'number')
		return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
	return false;
}

for (const [name, tc] of Object.entries(testCorpus)) {
	const file = join(dir, 'case.css');
	writeFileSync(file, tc.css);
	const bytes = Buffer.from(tc.css);
	let why = '';
	try {
		const out = execFileSync(bin, ['--tokens', file], { encoding: 'utf8' });
		const got = out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
		if (got.length !== tc.tokens.length) why = `${got.length} tokens, want ${tc.tokens.length}`;
		for (let i = 0; !why && i < got.length; i++) {
			const g = got[i], w = tc.tokens[i];
			const raw = bytes.subarray(g.start, g.end).toString();
			if (g.type !== w.type) why = `token ${i}: type ${g.type}, want ${w.type}`;
			else if (raw !== w.raw) why = `token ${i}: raw ${JSON.stringify(raw)}, want ${JSON.stringify(w.raw)}`;
			else if (w.structured) {
				for (const k of Object.keys(w.structured)) {
					const gv = g.structured ? g.structured[k] : undefined;
					if (!same(gv, w.structured[k])) {
						why = `token ${i}: ${k} ${JSON.stringify(gv)}, want ${JSON.stringify(w.structured[k])}`;
						break;
					}
				}
			}
		}
	} catch (e) {
		why = `driver failed: ${e.message.split('\n')[0]}`;
	}
	if (why) { fail++; console.log(`not ok - css tokenizer ${name}: ${why}`); }
	else { pass++; console.log(`ok - css tokenizer ${name}`); }
}
rmSync(dir, { recursive: true, force: true });
console.error(`css tokenizer conformance: ${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
