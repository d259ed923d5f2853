// behaviour.js - the minified libraries must do what the originals do.
//
//   node behaviour.js NODE_MODULES DIR
//
// DIR holds the minifier's outputs as js_roundtrip.sh writes them (DIR/NAME.min.js).  For
// each library below, the original and the minified build are loaded side by side (each in
// its own module scope or vm context) and the same deterministic calls are made on both;
// the JSON of the results must be equal.  Renaming bugs (a captured variable, a shadowed
// global, a shorthand property that lost its key) show up here, where the tree comparison
// that ignores identifier names cannot see them.  Prints one "ok - ..." or "not ok - ..."
// line per library.
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const { pathToFileURL } = require('url');

const [nm, dir] = process.argv.slice(2);

// Load a CommonJS/UMD file from `file` as a fresh module (no require cache sharing).
function loadCommonJS(file) {
  const module = { exports: {} };
  const fn = vm.runInThisContext('(function (exports, require, module, __filename, __dirname) {' +
    fs.readFileSync(file, 'utf8') + '\n})', { filename: file });
  fn.call(module.exports, module.exports, require, module, file, path.dirname(file));
  return module.exports;
}

// Run a browser global build in its own context and return the global it defines.
function loadGlobal(file, name) {
  const quiet = { log() {}, info() {}, warn() {}, error() {} };
  const sandbox = { console: quiet, setTimeout, clearTimeout, queueMicrotask, Promise };
  sandbox.window = sandbox;
  sandbox.self = sandbox;
  vm.createContext(sandbox);
  vm.runInContext(fs.readFileSync(file, 'utf8'), sandbox, { filename: file });
  return sandbox[name];
}

async function loadModule(file) {
  const copy = path.join(dir, path.basename(file).replace(/\.js$/, '') + '.behaviour.mjs');
  fs.copyFileSync(file, copy);
  return import(pathToFileURL(copy).href);
}

const cases = {
  lodash: {
    file: 'lodash/lodash.js',
    load: loadCommonJS,
    run: (_) => [
      _.chunk(_.range(0, 20, 3), 3),
      _.groupBy(['one', 'two', 'three', 'four'], 'length'),
      _.template('hello <%= user %>! <% _.forEach(items, function(i) { %><%- i %>,<% }); %>')(
        { user: 'fred', items: ['<a>', 'b'] }),
      _.sortBy([{ a: 3, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'z' }], ['a']),
      _.merge({ a: [{ b: 2 }, { d: 4 }] }, { a: [{ c: 3 }, { e: 5 }] }),
      [_.camelCase('Foo Bar_baz'), _.kebabCase('fooBar'), _.startCase('--foo-bar--'), _.words('fred, barney')],
      _.isEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }),
      _.uniqBy([2.1, 1.2, 2.3], Math.floor),
      _.cloneDeep({ a: { b: [1, 2, { c: new Date(0).toISOString() }] } }),
      _.flow([_.add, (n) => n * 2])(2, 3),
      _.memoize((n) => n * n)(12),
      _.zipObjectDeep(['a.b[0].c', 'a.b[1].d'], [1, 2]),
      _.partition([1, 2, 3, 4, 5], (n) => n % 2),
      _.escapeRegExp('[lodash](https://lodash.com/)'),
      _.get({ a: [{ b: { c: 3 } }] }, 'a[0].b.c'),
      _.difference([2, 1, 5, 7], [2, 3]),
      _.intersectionBy([2.1, 1.2], [2.3, 3.4], Math.floor),
      _.countBy(['one', 'two', 'three'], 'length'),
      _.padStart('abc', 8, '_-'),
      _.throttle !== undefined,
    ],
  },
  moment: {
    file: 'moment/moment.js',
    load: loadCommonJS,
    run: (moment) => {
      const m = moment.utc('2020-02-29T12:34:56Z');
      return [
        m.format('dddd, MMMM Do YYYY, h:mm:ss a'),
        m.clone().add(1, 'month').toISOString(),
        m.clone().subtract(1, 'year').format('LLLL'),
        moment.duration(3600000 * 27).humanize(),
        moment.utc('2020-01-01').diff(moment.utc('2019-01-01'), 'days'),
        moment.utc('2021-03-04', 'YYYY-MM-DD').week(),
        m.clone().startOf('isoWeek').format(),
        moment.utc('12-25-1995', 'MM-DD-YYYY').isValid(),
        moment.utc('1995-13-25').isValid(),
        m.from(moment.utc('2021-01-01')),
        moment.utc([2010, 1, 14, 15, 25, 50, 125]).format('x Q wo DDDo gggg'),
      ];
    },
  },
  d3: {
    file: 'd3/dist/d3.js',
    load: loadCommonJS,
    run: (d3) => {
      const x = d3.scaleLinear().domain([0, 10]).range([0, 100]);
      const t = d3.scaleUtc().domain([Date.UTC(2020, 0, 1), Date.UTC(2020, 11, 31)]);
      return [
        x(3.3), x.invert(50), x.ticks(7),
        d3.format(',.2f')(1234567.891), d3.format('.3s')(0.000123), d3.format('+$,.0f')(-42),
        d3.utcFormat('%Y-%m-%d %H:%M %A')(new Date(Date.UTC(2021, 4, 6, 7, 8))),
        t.ticks(5).map((d) => d.toISOString()),
        d3.extent([3, 1, 4, 1, 5, 9, 2, 6]), d3.mean([1, 2, 3, 4]), d3.quantile([1, 2, 3, 4, 5], 0.3),
        d3.interpolateRgb('red', 'blue')(0.3), d3.interpolateNumber(1, 5)(0.25),
        d3.csvParse('a,b\n1,2\n3,4'),
        d3.scaleOrdinal(d3.schemeCategory10)('x'),
        d3.line()([[0, 0], [1, 2], [3, 1]]),
        d3.arc()({ innerRadius: 10, outerRadius: 20, startAngle: 0, endAngle: 1 }),
        d3.hierarchy({ name: 'r', children: [{ name: 'a' }, { name: 'b', children: [{ name: 'c' }] }] })
          .descendants().map((n) => [n.data.name, n.depth, n.height]),
        d3.bin().thresholds(3)([1, 2, 2, 3, 4, 5, 6]).map((b) => [b.x0, b.x1, b.length]),
      ];
    },
  },
  three: {
    file: 'three/build/three.core.js',
    module: true,
    run: (T) => {
      const m = new T.Matrix4().makeRotationX(0.5).multiply(new T.Matrix4().makeTranslation(1, 2, 3));
      const q = new T.Quaternion().setFromEuler(new T.Euler(0.1, 0.2, 0.3));
      const box = new T.Box3().setFromPoints([new T.Vector3(1, 2, 3), new T.Vector3(-1, 5, 0)]);
      const g = new T.BoxGeometry(1, 2, 3, 2, 2, 2);
      return [
        m.elements, m.clone().invert().elements, q.toArray(),
        new T.Vector3(1, 2, 3).applyQuaternion(q).toArray(),
        box.getCenter(new T.Vector3()).toArray(), box.getSize(new T.Vector3()).toArray(),
        new T.Color('hsl(120, 50%, 50%)').getHexString(),
        g.attributes.position.count, Array.from(g.attributes.normal.array.slice(0, 9)),
        new T.Spherical().setFromVector3(new T.Vector3(1, 1, 1)),
        T.MathUtils.clamp(5, 0, 3), T.MathUtils.damp(1, 2, 3, 0.5),
      ];
    },
  },
  vue: {
    file: 'vue/dist/vue.global.js',
    load: (f) => loadGlobal(f, 'Vue'),
    run: (Vue) => [
      String(Vue.compile('<div :class="{a: ok}" @click="n++"><p v-for="i in items" :key="i">{{ i * 2 }}</p>' +
        '<span v-if="n > 1">many</span><span v-else>few</span><input v-model="text"></div>')),
      Vue.reactive({ a: 1 }).a, Vue.isRef(Vue.ref(3)), Vue.toRaw(Vue.reactive([1, 2])).length,
      Vue.computed(() => 2 + 3).value,
    ],
  },
  typescript: {
    file: 'typescript/lib/typescript.js',
    load: loadCommonJS,
    run: (ts) => [
      ts.transpileModule(
        'import { a } from "./a";\nexport enum E { A, B = 4, C }\n' +
        'export class C<T> extends a { constructor(private x: T, public y = 2) { super(); }\n' +
        '  async *gen(n: number): AsyncGenerator<number> { for (let i = 0; i < n; i++) yield i ** 2; } }\n' +
        'namespace N { export const z = { ...{ q: 1 }, r: [1, 2] as const }; }\n' +
        'export default (s?: string) => s?.length ?? 0;\n',
        { compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.CommonJS, downlevelIteration: true } },
      ).outputText,
      ts.version,
    ],
  },
};

(async () => {
  for (const [name, c] of Object.entries(cases)) {
    const orig = path.join(nm, c.file);
    const outName = name === 'three' ? 'three-core' : name;
    const min = path.join(dir, outName + '.min.js');
    if (!fs.existsSync(min)) {
      console.log(`not ok - ${name} behaves the same minified: no minified output`);
      continue;
    }
    try {
      const load = c.module ? loadModule : c.load;
      const a = JSON.stringify(c.run(await load(orig)));
      const b = JSON.stringify(c.run(await load(min)));
      if (a === b) {
        console.log(`ok - ${name} behaves the same minified (${a.length} bytes of results compared)`);
      } else {
        let i = 0;
        while (i < a.length && a[i] === b[i]) i++;
        console.log(`not ok - ${name} behaves differently minified: ...${a.slice(Math.max(0, i - 60), i + 60)} vs ...${b.slice(Math.max(0, i - 60), i + 60)}`);
      }
    } catch (e) {
      console.log(`not ok - ${name} behaves the same minified: ${String(e && e.stack || e).slice(0, 400)}`);
    }
  }
})();
