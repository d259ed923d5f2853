// typescript.cjs FILE - drives the TypeScript compiler API (FILE: lib/typescript.js or a
// minified copy): transpileModule of sample programs to several targets and module kinds,
// the scanner, the parser and printer, and a type-checked program in memory whose diagnostics,
// types and emitted .js/.d.ts are printed (see lib.cjs for the rules of the output).
'use strict';
const path = require('path');
const fs = require('fs');
const { loadCommonJS, nodeModules, show, run } = require('./lib.cjs');

const sample = `
import { readFile } from "fs";
export enum Color { Red, Green = "green", Blue = 4 }
export const enum Flags { None = 0, A = 1 << 0, B = 1 << 1, AB = A | B }
declare const decorate: any;
namespace Geometry { export const origin = { x: 0, y: 0 }; export namespace Inner { export let depth = 2; } }
export interface Shape { area(): number; readonly name?: string }
abstract class Base<T extends object = {}> implements Shape {
	static count = 0;
	#secret = 42;
	protected constructor(public readonly label: string, private options?: Partial<T>) { Base.count++; }
	abstract area(): number;
	get secret(): number { return this.#secret; }
	static { Base.count = 10; }
}
@decorate
export class Circle extends Base<{ r: number }> {
	constructor(private r: number) { super("circle", { r }); }
	area() { return Math.PI * this.r ** 2; }
	@decorate method(@decorate arg: string) { return arg?.length ?? 0; }
}
export function* gen<T>(items: T[]): Generator<T, void, unknown> { for (const x of items) yield x; }
export async function load(path: string): Promise<string> {
	for await (const chunk of (async function* () { yield "a"; yield "b"; })()) { void chunk; }
	const { a = 1, ...rest } = { a: 2, b: 3 } as { a?: number; b: number };
	let x: number | undefined;
	x ??= a; x ||= 5; x &&= x + 1;
	const tpl = \`path=\${path} rest=\${JSON.stringify(rest)}\`;
	return new Promise((resolve) => readFile(path, () => resolve(tpl)));
}
type Mapped<T> = { [K in keyof T as \`get\${Capitalize<string & K>}\`]: () => T[K] };
export const spread = [...[1, 2], ...new Set([3])];
export default (a: number, b = a * 2, ...c: number[]): number => a + b + c.length;
label: for (let i = 0; i < 3; i++) { if (i) continue label; }
export { Geometry };
`;

const tsx = `
import * as React from "react";
interface Props { name: string; items?: string[] }
export const Hello: React.FC<Props> = ({ name, items = [] }) => (
	<div className="hello" data-x={1}>
		<h1>Hello, {name}!</h1>
		<>{items.map((i) => <li key={i}>{i}</li>)}</>
		<input disabled value={name as string} />
	</div>
);
`;

const checked = {
	'/src/main.ts': `
import { helper, Box } from "./util";
import { find2, old } from "./jsdoc.js";
export const found = find2(["a"], (s) => s === "a"); old({ id9: 2 });
const n: number = helper("text");
const s: string = helper(3);
const box = new Box(5);
box.value.toFixed(2);
box.missing();
function f(x: string | number) { if (typeof x === "string") { return x.toUpperCase(); } return x.toFixed(); }
const t = f(true);
let arr = [1, "a", null];
type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
const dp: DeepPartial<{ a: { b: number } }> = { a: { b: "x" } };
export const result = [n, s, box, t, arr, dp];
for (const c of "str") { c.push(1); }
interface I { m(): void }
class C implements I {}
const u = undefined as unknown as { p?: { q: number } };
u.p.q;
`,
	'/src/jsdoc.js': `
/**
 * @template T2
 * @param {T2[]} items2 - the items
 * @param {(item: T2, index1: number) => boolean} pred3
 * @returns {T2 | undefined}
 */
export function find2(items2, pred3) { for (let i = 0; i < items2.length; i++) if (pred3(items2[i], i)) return items2[i]; return undefined; }
/** @type {{ a1: number, b2?: string }} */
export const rec = { a1: "not a number" };
/** @typedef {{ id9: number }} Rec9 */
/** @param {Rec9} r @deprecated use other */
export function old(r) { return r.id9.toFixed(); }
old({ id9: 1 });
find2([1, 2], (x) => x.startsWith("1"));
`,
	'/src/util.ts': `
export function helper(x: string): number;
export function helper(x: number): string;
export function helper(x: any): any { return x; }
export class Box<T> { constructor(public value: T) {} }
`,
};

run(() => {
	const ts = loadCommonJS(process.argv[2]);
	show('version', [ts.version, ts.versionMajorMinor]);
	const targets = [['ES5', 'CommonJS'], ['ES2015', 'ESNext'], ['ES2017', 'AMD'], ['ES2020', 'UMD'], ['ES2022', 'System'], ['ESNext', 'NodeNext']];
	for (const [target, mod] of targets) {
		for (const decorators of [false, true]) {
			const out = ts.transpileModule(sample, {
				fileName: 'sample.ts', reportDiagnostics: true,
				compilerOptions: { target: ts.ScriptTarget[target], module: ts.ModuleKind[mod], experimentalDecorators: decorators, emitDecoratorMetadata: decorators, importHelpers: false, downlevelIteration: true, sourceMap: false, removeComments: target === 'ES5', useDefineForClassFields: !decorators },
			});
			console.log('transpile ' + target + ' ' + mod + ' decorators=' + decorators + ': ' + out.outputText.split('\n').length + ' lines');
			for (const line of out.outputText.split('\n')) console.log('  ' + line);
			show('  diagnostics', (out.diagnostics || []).map((d) => [d.code, ts.flattenDiagnosticMessageText(d.messageText, '|')]));
		}
	}
	const jsx = ts.transpileModule(tsx, { fileName: 'hello.tsx', compilerOptions: { target: ts.ScriptTarget.ES2019, module: ts.ModuleKind.CommonJS, jsx: ts.JsxEmit.React } });
	console.log('transpile tsx:\n' + jsx.outputText);
	const jsx2 = ts.transpileModule(tsx, { fileName: 'hello.tsx', compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, jsx: ts.JsxEmit.ReactJSX } });
	console.log('transpile tsx react-jsx:\n' + jsx2.outputText);

	// Scanner
	const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, 'let a = /re+/g.test(`x${1}y`) ?? 0x1F_n; // c');
	const tokens = [];
	for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) tokens.push(ts.SyntaxKind[k] + ':' + scanner.getTokenText());
	show('scanner', tokens);

	// Parser: node kinds of the sample, depth first
	const sf = ts.createSourceFile('sample.ts', sample, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
	const kinds = [];
	(function walk(node, depth) { kinds.push(depth + ts.SyntaxKind[node.kind]); ts.forEachChild(node, (c) => walk(c, depth + 1)); })(sf, 0);
	show('parse nodes', kinds.length);
	for (let i = 0; i < kinds.length; i += 40) console.log('  ' + kinds.slice(i, i + 40).join(' '));
	show('parse diagnostics', sf.parseDiagnostics.map((d) => d.code));

	// Printer and factory
	const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: false });
	console.log('printed:\n' + printer.printFile(sf));
	const f = ts.factory;
	const made = f.createFunctionDeclaration([f.createModifier(ts.SyntaxKind.ExportKeyword)], undefined, 'made', [f.createTypeParameterDeclaration(undefined, 'T')],
		[f.createParameterDeclaration(undefined, undefined, 'x', undefined, f.createTypeReferenceNode('T'))], f.createTypeReferenceNode('T'),
		f.createBlock([f.createReturnStatement(f.createConditionalExpression(f.createIdentifier('x'), undefined, f.createIdentifier('x'), undefined, f.createNumericLiteral(0)))], true));
	console.log('factory:\n' + printer.printNode(ts.EmitHint.Unspecified, made, ts.createSourceFile('m.ts', '', ts.ScriptTarget.Latest)));
	const transformed = ts.transform(sf, [(ctx) => (root) => ts.visitEachChild(root, function visit(node) {
		if (ts.isStringLiteral(node)) return ctx.factory.createStringLiteral(node.text.toUpperCase());
		return ts.visitEachChild(node, visit, ctx);
	}, ctx)]);
	console.log('transformed:\n' + printer.printFile(transformed.transformed[0]));

	// A type-checked program in memory; lib files come from the original package.
	const libDir = path.join(nodeModules, 'typescript', 'lib');
	const options = { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, strict: true, declaration: true, lib: ['lib.es2020.d.ts'], types: [], allowJs: true, checkJs: true, outDir: '/out', noEmitOnError: false };
	const written = {};
	const host = {
		getSourceFile: (name, lang) => {
			const text = checked[name] !== undefined ? checked[name] : name.startsWith('/lib/') ? fs.readFileSync(path.join(libDir, name.slice(5)), 'utf8') : undefined;
			return text === undefined ? undefined : ts.createSourceFile(name, text, lang);
		},
		getDefaultLibFileName: (o) => '/lib/' + ts.getDefaultLibFileName(o),
		getDefaultLibLocation: () => '/lib',
		writeFile: (name, text) => { written[name] = text; },
		getCurrentDirectory: () => '/src',
		getDirectories: () => [],
		fileExists: (name) => checked[name] !== undefined || (name.startsWith('/lib/') && fs.existsSync(path.join(libDir, name.slice(5)))),
		readFile: (name) => checked[name],
		getCanonicalFileName: (name) => name,
		useCaseSensitiveFileNames: () => true,
		getNewLine: () => '\n',
	};
	const program = ts.createProgram(['/src/main.ts'], options, host);
	const diags = ts.getPreEmitDiagnostics(program);
	show('checked files', program.getSourceFiles().map((s) => s.fileName));
	for (const d of diags) {
		const pos = d.file ? d.file.getLineAndCharacterOfPosition(d.start) : { line: -1, character: -1 };
		console.log('diagnostic ' + (d.file ? d.file.fileName : '') + ':' + (pos.line + 1) + ':' + (pos.character + 1) + ' TS' + d.code + ' ' + ts.flattenDiagnosticMessageText(d.messageText, ' / '));
	}
	const checker = program.getTypeChecker();
	const main = program.getSourceFile('/src/main.ts');
	ts.forEachChild(main, function visit(node) {
		if (ts.isVariableDeclaration(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) {
			const type = checker.getTypeAtLocation(node.name || node);
			console.log('type ' + node.name.getText() + ': ' + checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation));
		}
		ts.forEachChild(node, visit);
	});
	const emit = program.emit();
	show('emit skipped', emit.emitSkipped);
	for (const name of Object.keys(written).sort()) console.log('emitted ' + name + ':\n' + written[name]);
	show('formatDiagnostics', ts.formatDiagnostics(diags.slice(0, 3), { getCanonicalFileName: (n) => n, getCurrentDirectory: () => '/src', getNewLine: () => '\n' }));
});
