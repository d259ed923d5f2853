// lodash.cjs FILE - drives lodash (FILE: lodash.js or a minified copy) through most of its
// API on fixed data and prints each result (see lib.cjs for the rules of the output).
'use strict';
const { loadCommonJS, show, attempt, run } = require('./lib.cjs');

run(() => {
	const _ = loadCommonJS(process.argv[2]);
	show('VERSION', _.VERSION);
	const users = [
		{ user: 'barney', age: 36, active: true, tags: ['a', 'b'] },
		{ user: 'fred', age: 40, active: false, tags: ['b'] },
		{ user: 'pebbles', age: 1, active: true, tags: [] },
		{ user: 'wilma', age: 36, active: false, tags: ['c', 'a'] },
	];
	const nums = [4, 8, 15, 16, 23, 42, 8, 4, -1, 0, 3.5];

	// Arrays
	show('chunk', _.chunk(nums, 3));
	show('compact', _.compact([0, 1, false, 2, '', 3, null, NaN, undefined]));
	show('concat', _.concat([1], 2, [3], [[4]]));
	show('difference', _.difference(nums, [4, 8]));
	show('differenceBy', _.differenceBy([2.1, 1.2, 3.3], [2.3, 3.4], Math.floor));
	show('differenceWith', _.differenceWith(users, [{ user: 'fred', age: 40, active: false, tags: ['b'] }], _.isEqual));
	show('drop/dropRight', [_.drop(nums, 2), _.dropRight(nums, 3)]);
	show('dropWhile', _.dropWhile(users, 'active'));
	show('fill', _.fill(Array(6), '*', 1, 4));
	show('findIndex', [_.findIndex(users, { age: 36, active: false }), _.findLastIndex(users, ['active', true])]);
	show('flatten', [_.flatten([1, [2, [3, [4]], 5]]), _.flattenDeep([1, [2, [3, [4]], 5]]), _.flattenDepth([1, [2, [3, [4]], 5]], 2)]);
	show('fromPairs/toPairs', [_.fromPairs([['a', 1], ['b', 2]]), _.toPairs({ x: 1, y: [2] })]);
	show('head/last/initial/tail/nth', [_.head(nums), _.last(nums), _.initial([1, 2, 3]), _.tail([1, 2, 3]), _.nth(nums, -2)]);
	show('indexOf', [_.indexOf(nums, 8), _.lastIndexOf(nums, 8), _.sortedIndex([30, 50], 40), _.sortedUniq([1, 1, 2, 3, 3])]);
	show('intersection', [_.intersection([2, 1, 4], [2, 3, 4], [4, 2]), _.intersectionBy([2.1, 1.2], [2.3, 3.4], Math.floor)]);
	show('join/reverse', [_.join(['a', 'b', 'c'], '~'), _.reverse([1, 2, 3])]);
	show('pull', (() => { const a = [1, 2, 3, 1, 2, 3]; _.pull(a, 2, 3); const b = ['a', 'b', 'c', 'd']; const p = _.pullAt(b, [1, 3]); return [a, b, p]; })());
	show('remove', (() => { const a = [1, 2, 3, 4, 5, 6]; const r = _.remove(a, (n) => n % 2 === 0); return [a, r]; })());
	show('slice/take', [_.slice(nums, 2, 5), _.take(nums, 2), _.takeRight(nums, 2), _.takeWhile(users, 'active')]);
	show('union', [_.union([2], [1, 2]), _.unionBy([2.1], [1.2, 2.3], Math.floor), _.uniq(nums), _.uniqBy(users, 'age')]);
	show('zip', [_.zip(['a', 'b'], [1, 2], [true, false]), _.unzip([['a', 1], ['b', 2]]), _.zipObject(['a', 'b'], [1, 2]), _.zipObjectDeep(['a.b[0].c', 'a.b[1].d'], [1, 2])]);
	show('xor', [_.xor([2, 1], [2, 3]), _.without(nums, 4, 8)]);

	// Collections
	show('countBy', _.countBy(nums, Math.floor));
	show('every/some', [_.every(users, { active: true }), _.some(users, ['active', false]), _.every(nums, Number.isFinite)]);
	show('filter', _.filter(users, (o) => o.age > 30));
	show('find', [_.find(users, { age: 1 }), _.findLast(users, 'active')]);
	show('flatMap', [_.flatMap([1, 2], (n) => [n, n * n]), _.flatMapDeep([1, 2], (n) => [[[n, n]]])]);
	show('groupBy', _.groupBy(users, 'age'));
	show('includes', [_.includes(nums, 42), _.includes({ a: 1 }, 1), _.includes('abcd', 'bc')]);
	show('invokeMap', _.invokeMap([[5, 1, 7], [3, 2, 1]], 'sort'));
	show('keyBy', _.keyBy(users, 'user'));
	show('map', [_.map(users, 'user'), _.map({ a: 4, b: 8 }, (n, k) => k + n * n)]);
	show('orderBy', _.orderBy(users, ['age', 'user'], ['desc', 'asc']).map((u) => u.user));
	show('sortBy', _.sortBy(users, [(o) => o.user.length, 'age']).map((u) => u.user));
	show('partition', _.partition(users, 'active').map((g) => g.map((u) => u.user)));
	show('reduce', [_.reduce(nums, (s, n) => s + n, 0), _.reduceRight([[0, 1], [2, 3]], (a, b) => a.concat(b), [])]);
	show('reject/size', [_.reject(users, 'active').length, _.size({ a: 1, b: 2 }), _.size('pebbles')]);
	show('sample-free shuffle check', _.sortBy(_.shuffle([3, 1, 2])));

	// Functions (no timers: debounce and throttle need the clock)
	const add = (a, b, c) => a + b + c;
	show('curry', [_.curry(add)(1)(2)(3), _.curryRight(add)('a')('b')('c')]);
	show('partial', [_.partial(add, 'x')('y', 'z'), _.partialRight(add, 'z')('x', 'y')]);
	show('ary/unary/rearg', [_.map(['6', '8', '10'], _.ary(parseInt, 1)), _.rearg((a, b, c) => [a, b, c], [2, 0, 1])('a', 'b', 'c')]);
	show('flip/negate/over', [_.flip((...a) => a)(1, 2, 3), _.filter(nums, _.negate((n) => n % 2 === 0)), _.over([Math.max, Math.min])(1, 2, 3, 4)]);
	let calls = 0;
	const once = _.once(() => ++calls);
	once(); once();
	const memo = _.memoize((n) => { calls += 10; return n * 2; });
	memo(2); memo(2); memo(3);
	show('once/memoize', [calls, Array.from(memo.cache.__data__ ? Object.keys(memo.cache.__data__) : [])]);
	show('before/after', (() => { let n = 0; const f = _.before(3, () => ++n); f(); f(); f(); f(); const g = _.after(2, () => 'done'); return [n, g(), g()]; })());
	show('flow', [_.flow([_.add, (x) => x * x])(2, 3), _.flowRight([_.toUpper, _.trim])('  hi ')]);
	show('spread/rest', [_.spread((a, b) => a + b)([1, 2]), _.rest((a, r) => [a, r])(1, 2, 3)]);
	show('wrap', _.wrap(_.escape, (f, t) => '<p>' + f(t) + '</p>')('fred, barney, & pebbles'));

	// Lang
	show('clone', (() => { const o = { a: [{ b: 1 }], d: new Date(0), m: new Map([[1, { x: 2 }]]), r: /x/gi }; const s = _.clone(o); const d = _.cloneDeep(o); return [s.a === o.a, d.a === o.a, d.a[0] === o.a[0], d, _.cloneDeepWith({ a: 1, b: 'x' }, (v) => (typeof v === 'number' ? v * 10 : undefined))]; })());
	show('isEqual', [_.isEqual({ a: [1, { b: new Set([1, 2]) }] }, { a: [1, { b: new Set([2, 1]) }] }), _.isEqual([1, 2], [2, 1]), _.isEqualWith([1, 'a'], [1, 'A'], (a, b) => (typeof a === 'string' ? a.toLowerCase() === b.toLowerCase() : undefined))]);
	show('isMatch', [_.isMatch({ a: 1, b: 2, c: { d: 3 } }, { c: { d: 3 } }), _.isMatch({ a: 1 }, { a: 2 })]);
	const samples = [null, undefined, 0, -0, NaN, 1.5, '', 'x', [], [1], {}, { a: 1 }, () => 0, new Date(0), /r/, new Map(), new Set(), Symbol('s'), new Error('e'), new Uint8Array(2), arguments, 10n];
	const preds = ['isArguments', 'isArray', 'isArrayLike', 'isArrayLikeObject', 'isBoolean', 'isDate', 'isEmpty', 'isError', 'isFinite', 'isFunction', 'isInteger', 'isLength', 'isMap', 'isNaN', 'isNil', 'isNull', 'isNumber', 'isObject', 'isObjectLike', 'isPlainObject', 'isRegExp', 'isSafeInteger', 'isSet', 'isString', 'isSymbol', 'isTypedArray', 'isUndefined'];
	for (const p of preds) show(p, samples.map((s) => (_[p](s) ? 1 : 0)).join(''));
	show('to*', ['3.7', '1e3', '-0', 'x', 3.7, Infinity, null, [1, 2]].map((v) => [_.toInteger(v), _.toFinite(v), _.toNumber(v), _.toSafeInteger(v), _.toLength(v), _.toString(v)]));
	show('castArray/conforms', [_.castArray(1), _.castArray([1]), _.conformsTo({ a: 1, b: 2 }, { b: (n) => n > 1 })]);
	show('gt/lt', [_.gt(3, 1), _.gte(1, 1), _.lt(1, 3), _.lte(3, 1), _.eq(NaN, NaN)]);

	// Math and numbers
	show('math', [_.add(6, 4), _.ceil(4.006, 2), _.ceil(6040, -2), _.divide(6, 4), _.floor(0.046, 2), _.max(nums), _.maxBy(users, 'age'), _.mean(nums), _.meanBy(users, 'age'), _.min(nums), _.minBy(users, (u) => u.user.length), _.multiply(6, 4), _.round(4.006, 2), _.round(4060, -2), _.subtract(6, 4), _.sum(nums), _.sumBy(users, 'age')]);
	show('number', [_.clamp(-10, -5, 5), _.clamp(10, -5, 5), _.inRange(3, 2, 4), _.inRange(-3, -2, -6), _.range(0, 20, 5), _.range(-4), _.rangeRight(1, 5)]);

	// Objects
	const obj = { a: [{ b: { c: 3 } }], x: { y: 1 } };
	show('get/has/set', [_.get(obj, 'a[0].b.c'), _.get(obj, ['a', '0', 'b', 'c']), _.get(obj, 'a.b.c', 'default'), _.has(obj, 'a[0].b'), _.hasIn(obj, 'toString'), _.set(_.cloneDeep(obj), 'a[0].b.d[2]', 4), _.setWith({}, '[0][1]', 'a', Object), _.unset(_.cloneDeep(obj), 'x.y')]);
	show('update', _.update({ a: [{ b: { c: 3 } }] }, 'a[0].b.c', (n) => n * n));
	show('assign', [_.assign({ a: 0 }, { b: 1 }, { c: 2, a: 3 }), _.assignIn({}, { a: 1 }), _.defaults({ a: 1 }, { b: 2 }, { a: 3 }), _.defaultsDeep({ a: { b: 2 } }, { a: { b: 1, c: 3 } })]);
	show('merge', [_.merge({ a: [{ b: 2 }, { d: 4 }] }, { a: [{ c: 3 }, { e: 5 }] }), _.mergeWith({ a: [1], b: [2] }, { a: [3], b: [4] }, (o, s) => (Array.isArray(o) ? o.concat(s) : undefined))]);
	show('at/invert', [_.at(obj, ['a[0].b.c', 'x.y']), _.invert({ a: 1, b: 2, c: 1 }), _.invertBy({ a: 1, b: 2, c: 1 }, (v) => 'g' + v)]);
	show('keys/values', [_.keys(obj), _.values({ a: 1, b: 'x' }), _.entries({ a: 1 }), _.keysIn(Object.create({ p: 1 }, { o: { value: 2, enumerable: true } }))]);
	show('mapKeys/mapValues', [_.mapKeys({ a: 1, b: 2 }, (v, k) => k + v), _.mapValues(_.keyBy(users, 'user'), 'age')]);
	show('omit/pick', [_.omit({ a: 1, b: '2', c: 3 }, ['a', 'c']), _.omitBy({ a: 1, b: '2', c: 3 }, _.isNumber), _.pick({ a: 1, b: '2', c: 3 }, ['a', 'c']), _.pickBy({ a: 1, b: '2', c: 3 }, _.isNumber)]);
	show('findKey', [_.findKey(_.keyBy(users, 'user'), (o) => o.age < 40), _.findLastKey(_.keyBy(users, 'user'), 'active')]);
	show('result/invoke', [_.result({ a: { b: () => 'called' } }, 'a.b'), _.invoke({ a: [{ b: { c: [1, 2, 3, 4] } }] }, 'a[0].b.c.slice', 1, 3)]);
	show('transform', _.transform({ a: 1, b: 2, c: 1 }, (r, v, k) => { (r[v] || (r[v] = [])).push(k); }, {}));
	show('forIn order', (() => { const out = []; _.forOwn({ b: 1, a: 2, 1: 3 }, (v, k) => out.push(k)); _.forEachRight([1, 2, 3], (v) => out.push(v)); return out; })());

	// Strings
	const strs = ['Foo Bar', '--foo-bar--', '__FOO_BAR__', 'fooBar', 'déjà vu', 'XMLHttpRequest2Go', ''];
	for (const f of ['camelCase', 'kebabCase', 'lowerCase', 'snakeCase', 'startCase', 'upperCase', 'capitalize', 'upperFirst', 'lowerFirst', 'deburr', 'escapeRegExp', 'words'])
		show(f, strs.map((s) => _[f](s)));
	show('pad', [_.pad('abc', 8, '_-'), _.padStart('abc', 6), _.padEnd('abc', 6, '.'), _.repeat('ab', 3), _.truncate('hi-diddly-ho there, neighborino', { length: 24, separator: /,? +/ })]);
	show('escape', [_.escape('<a href="x">&\'</a>'), _.unescape('&lt;b&gt;&amp;&quot;&#39;'), _.replace('Hi Fred', 'Fred', 'Barney'), _.split('a-b-c', '-', 2)]);
	show('trim', [_.trim('  abc  '), _.trim('-_-abc-_-', '_-'), _.trimStart('  x '), _.trimEnd('  x '), _.parseInt('08'), _.startsWith('abc', 'b', 1), _.endsWith('abc', 'b', 2)]);
	const tpl = _.template('<% _.forEach(users, function(u) { %><li><%- u.user %> (<%= u.age %>)</li><% }); %>${ count } total');
	show('template', tpl({ users, count: users.length }));
	show('template escape', _.template('<b><%- value %></b><%= "x" + 1 %>')({ value: '<script>' }));
	show('template variable', _.template('<%= data.a %>-${data.b}', { variable: 'data' })({ a: 1, b: 2 }));
	attempt('template error', () => _.template('<%= a.b.c %>')({}));

	// Util
	show('util', [_.identity(3), _.constant({ a: 1 })(), _.times(4, String), _.times(3), _.toPath('a[0].b.c'), _.uniqueId('id_'), _.uniqueId(), _.defaultTo(NaN, 10), _.cond([[_.matches({ a: 1 }), _.constant('matches A')], [_.stubTrue, _.constant('no match')]])({ a: 1, b: 2 })]);
	show('matchers', [_.filter(users, _.matchesProperty('age', 36)).length, _.map(users, _.property('tags.length')), _.map([[1, 2], [3]], _.propertyOf({ 0: 'zero', 1: 'one' })), _.filter(users, _.conforms({ age: (n) => n > 10 })).length]);
	show('method', [_.map([{ a: { b: () => 2 } }], _.method('a.b')), _.over(Math.max, Math.min)(3, 1, 2), _.overEvery([Boolean, isFinite])('1'), _.overSome([Boolean, isFinite])(null)]);
	show('mixin', (() => { const l = _.runInContext(); l.mixin({ vowels: (s) => _.filter(s, (c) => /[aeiou]/i.test(c)) }); return [l.vowels('fred'), l('fred').vowels().value(), l.chain('fred').vowels().join('').value()]; })());
	show('noConflict', typeof _.noConflict);

	// Chaining and lazy evaluation
	show('chain', _(users).filter('active').map('user').sortBy().reverse().value());
	show('lazy', _(_.range(1, 100)).map((n) => n * 3).filter((n) => n % 2 === 0).take(5).value());
	show('lazy reverse', _(_.range(50)).reverse().filter((n) => n % 7 === 0).map((n) => n + 1).takeRight(3).value());
	show('chain commit', _.chain([1, 2, 3]).tap((a) => a.push(4)).thru((a) => a.map((n) => n * n)).sum().value());
	show('wrapper ops', [_([1, 2, 3]).head(), _({ a: 1, b: 2 }).keys().join(), _([[1, 2], [3]]).flatten().size(), String(_([1, 2])), _([1, 2, 3]).toJSON()]);

	// Larger data: hashing and caches that only kick in beyond 200 items (LARGE_ARRAY_SIZE).
	const big = _.range(1000).map((i) => ({ id: i, g: (i * 7919) % 13, s: 'k' + ((i * 31) % 97) }));
	show('big uniqBy', _.uniqBy(big, 's').length);
	show('big groupBy sizes', _.mapValues(_.groupBy(big, 'g'), 'length'));
	show('big difference', _.difference(_.range(500), _.range(0, 500, 3)).slice(-5));
	show('big intersection', _.intersection(_.map(big, 'g'), [1, 5, 99]));
	show('big sortBy', _.sortBy(big, ['g', (o) => -o.id]).slice(0, 5).map((o) => o.id));
	show('big isEqual', _.isEqual(_.cloneDeep(big), big));
	show('big xorBy', _.xorBy(big.slice(0, 300), big.slice(250, 600), 'id').length);
	show('big zip', _.unzip(_.zip(_.range(300), _.range(300).map(String))).map((a) => a[299]));
});
