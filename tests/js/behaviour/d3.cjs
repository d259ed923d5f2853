// d3.cjs FILE - drives d3 (FILE: dist/d3.js or a minified copy): arrays, scales, number and
// time formats, colors, interpolators, shapes, hierarchy layouts, geo, delaunay, contours,
// dsv, a force simulation run for fixed ticks, and selections with an axis under jsdom
// (see lib.cjs for the rules of the output).
'use strict';
process.env.TZ = 'UTC';
const { loadCommonJS, jsdomWindow, show, attempt, run } = require('./lib.cjs');

run(() => {
	const d3 = loadCommonJS(process.argv[2]);
	const data = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7, 9, 5];
	const rows = data.map((v, i) => ({ i, v, g: 'abc'[i % 3], t: new Date(Date.UTC(2020, i % 12, 1 + i)) }));

	// d3-array
	show('stats', [d3.min(data), d3.max(data), d3.extent(data), d3.sum(data), d3.mean(data), d3.median(data), d3.mode(data), d3.variance(data), d3.deviation(data), d3.quantile(data, 0.25), d3.quantileSorted(d3.sort(data), 0.9), d3.cumsum(data.slice(0, 6))]);
	show('search', [d3.bisectLeft([1, 2, 3, 3, 4], 3), d3.bisectRight([1, 2, 3, 3, 4], 3), d3.bisector((d) => d.v).center(d3.sort(rows, (d) => d.v), 5.4), d3.least(rows, (a, b) => a.v - b.v).i, d3.greatestIndex(data), d3.scan(data)]);
	show('group', [...d3.group(rows, (d) => d.g)].map(([k, v]) => [k, v.length]));
	show('rollup', d3.rollup(rows, (v) => d3.sum(v, (d) => d.v), (d) => d.g, (d) => d.v > 4));
	show('index/flatRollup', [d3.flatRollup(rows, (v) => v.length, (d) => d.g), d3.index(rows.slice(0, 3), (d) => d.i).get(2).v]);
	show('bin', d3.bin().domain([0, 10]).thresholds(5)(data).map((b) => [b.x0, b.x1, b.length]));
	show('thresholds', [d3.thresholdSturges(data), d3.thresholdScott(data, 0, 10), d3.thresholdFreedmanDiaconis(data, 0, 10)]);
	show('ticks', [d3.ticks(0, 1, 10), d3.ticks(-3.7, 1234, 7), d3.tickStep(0, 1, 5), d3.tickIncrement(0, 1000, 7), d3.nice(0.123, 9.87, 10), d3.range(0, 1, 0.2)]);
	show('set ops', [d3.union([1, 2], [2, 3]), d3.intersection([1, 2, 3], [2, 3, 4]), d3.difference([1, 2, 3], [2]), d3.superset([1, 2, 3], [1]), d3.disjoint([1], [2])]);
	show('transforms', [d3.cross([1, 2], 'ab'), d3.pairs([1, 2, 3, 5]), d3.zip([1, 2], [3, 4]), d3.transpose([[1, 2], [3, 4]]), d3.merge([[1], [2, 3]]), d3.permute(['a', 'b', 'c'], [2, 0, 1]), d3.shuffler(d3.randomLcg(42))([1, 2, 3, 4, 5, 6]), d3.fsum([0.1, 0.2, 0.3]), d3.rank([3, 1, 2, 1])]);
	show('random lcg', Array.from({ length: 5 }, d3.randomNormal.source(d3.randomLcg(0.5))(10, 2)));

	// d3-scale
	const lin = d3.scaleLinear().domain([0, 10]).range([0, 960]).nice();
	show('linear', [lin(2.5), lin.invert(480), lin.ticks(5), lin.tickFormat(5, '+%')(0.5), lin.clamp(true)(20), lin.copy().domain([-1, 0, 1]).range(['red', 'white', 'green'])(0.5)]);
	show('pow/log/sqrt/symlog', [d3.scalePow().exponent(3)(2), d3.scaleSqrt().domain([0, 100])(25), d3.scaleLog().domain([1, 1000]).ticks(), d3.scaleLog().domain([1, 1000]).tickFormat(5)(100), d3.scaleSymlog().domain([-100, 100])(10), d3.scaleRadial().range([0, 10])(0.5)]);
	const t = d3.scaleUtc().domain([new Date(Date.UTC(2000, 0, 1)), new Date(Date.UTC(2000, 0, 2))]);
	show('utc scale', [t.ticks(6).map((d) => d.toISOString()), t.ticks(6).map(t.tickFormat()), t(new Date(Date.UTC(2000, 0, 1, 6)))]);
	show('time intervals', [d3.utcDay.count(new Date(Date.UTC(2020, 0, 1)), new Date(Date.UTC(2021, 0, 1))), d3.utcMonday.range(new Date(Date.UTC(2020, 0, 1)), new Date(Date.UTC(2020, 1, 1))).map((d) => d.getUTCDate()), d3.utcWeek.every(2).range(new Date(Date.UTC(2020, 0, 1)), new Date(Date.UTC(2020, 3, 1))).length, d3.utcYear.floor(new Date(Date.UTC(2020, 5, 5))).toISOString()]);
	show('ordinal/band/point', [d3.scaleOrdinal(d3.schemeCategory10)('b'), d3.scaleBand().domain('abcde').range([0, 100]).padding(0.1).bandwidth(), d3.scaleBand().domain('abcde').range([0, 100]).paddingInner(0.2)('c'), d3.scalePoint().domain('abc').range([0, 10])('b')]);
	show('quantize/quantile/threshold', [d3.scaleQuantize().domain([0, 1]).range(['a', 'b', 'c'])(0.5), d3.scaleQuantile().domain(data).range([0, 1, 2, 3]).quantiles(), d3.scaleThreshold().domain([0, 1]).range(['a', 'b', 'c'])(0.5), d3.scaleQuantize().domain([0, 100]).range([1, 2, 3]).invertExtent(2)]);
	show('sequential/diverging', [d3.scaleSequential(d3.interpolateViridis)(0.3), d3.scaleDiverging(d3.interpolateRdBu).domain([-1, 0, 1])(0.25), d3.scaleSequentialLog(d3.interpolateBlues).domain([1, 100])(10)]);
	show('schemes', [d3.schemeTableau10, d3.schemeBlues[5], d3.interpolateTurbo(0.5), d3.interpolateRainbow(0.2), d3.interpolateCividis(0.9), d3.interpolateSinebow(0.1)]);

	// d3-format and d3-time-format
	const specs = [',.2f', '.3s', '+.1%', '$,.0f', '#x', '08.2e', '^20', '.2r', ',d', '.0%', '(.2f', 'c', 'b', 'o', '.3~g', ' >10.1f'];
	for (const s of specs) show('format ' + s, [1234.5678, -0.00421, 42, 1e21, 255].map(d3.format(s)));
	show('formatPrefix', [d3.formatPrefix(',.0', 1e-6)(0.00042), d3.formatPrefix('.1', 1e6)(1234567), d3.precisionFixed(0.01), d3.precisionPrefix(1e5, 1.3e6), d3.precisionRound(0.01, 1.01), d3.formatSpecifier('s').toString()]);
	const fr = d3.formatLocale({ decimal: ',', thousands: '\u00a0', grouping: [3], currency: ['', '\u00a0€'], percent: '\u202f%' });
	show('formatLocale', [fr.format('$,.2f')(1234567.891), fr.format('.1%')(0.456)]);
	const when = new Date(Date.UTC(2024, 1, 29, 13, 45, 30, 123));
	for (const s of ['%Y-%m-%dT%H:%M:%S.%LZ', '%A %B %-d %Y %I:%M %p', '%a %b %e %j %U %W %V %G %u %w', '%c | %x | %X', '%Q %s %f %q %Z %%'])
		show('utcFormat ' + s, d3.utcFormat(s)(when));
	show('utcParse', [d3.utcParse('%Y-%m-%d %H:%M')('2021-06-05 07:08'), d3.utcParse('%d/%m/%Y')('31/12/1999'), d3.utcParse('%Y')('x'), d3.isoParse('2020-01-01T01:02:03.004Z'), d3.isoFormat(when)]);
	const de = d3.timeFormatLocale({ dateTime: '%A, der %e. %B %Y, %X', date: '%d.%m.%Y', time: '%H:%M:%S', periods: ['AM', 'PM'], days: ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'], shortDays: ['So', 'Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa'], months: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'], shortMonths: ['Jan', 'Feb', 'Mrz', 'Apr', 'Mai', 'Jun', 'Jul', 'Aug', 'Sep', 'Okt', 'Nov', 'Dez'] });
	show('timeFormatLocale', [de.utcFormat('%c')(when), de.utcParse('%e. %B %Y')('5. März 2021')]);

	// d3-color and d3-interpolate
	show('color', ['steelblue', '#abc', 'rgba(10,20,30,0.5)', 'hsl(120, 50%, 20%)', 'nonsense'].map((c) => { const x = d3.color(c); return x && [x.formatHex(), x.formatRgb(), x.formatHsl(), x.brighter(1).toString(), x.darker(0.5).toString(), x.opacity, x.displayable()]; }));
	show('color spaces', [d3.lab('steelblue').toString(), Object.values(d3.lab('steelblue')), Object.values(d3.hcl('#f00')), Object.values(d3.cubehelix('#0f0')), Object.values(d3.gray(50)), d3.rgb(d3.hsl(200, 0.5, 0.5)).formatHex()]);
	show('interpolate', [d3.interpolate('10px 20px', '30px 60px')(0.25), d3.interpolate({ a: 1, b: [1, 2] }, { a: 3, b: [5, 6] })(0.5), d3.interpolateNumber(1, 2)(0.3), d3.interpolateRgb.gamma(2.2)('red', 'blue')(0.5), d3.interpolateHcl('red', 'blue')(0.5), d3.interpolateLab('red', 'blue')(0.5), d3.interpolateCubehelixLong('red', 'blue')(0.5), d3.interpolateDate(new Date(0), new Date(1e10))(0.5), d3.interpolateRound(0, 10)(0.44)]);
	show('interpolate more', [d3.interpolateZoom([0, 0, 10], [100, 100, 50])(0.5), d3.quantize(d3.interpolateBasis([0, 10, 5]), 5), d3.piecewise(d3.interpolateRgb, ['red', 'green', 'blue'])(0.75), d3.interpolateString('a1b2', 'a3b8')(0.5)]);
	show('ease', ['easeLinear', 'easeQuadInOut', 'easeCubic', 'easeSinIn', 'easeExpOut', 'easeCircleIn', 'easeElasticOut', 'easeBackInOut', 'easeBounce', 'easePolyIn'].map((e) => d3[e](0.3)));

	// d3-shape and d3-path
	const pts = data.slice(0, 10).map((v, i) => [i * 10, v * 5]);
	for (const c of ['curveLinear', 'curveBasis', 'curveCardinal', 'curveCatmullRom', 'curveMonotoneX', 'curveNatural', 'curveStep', 'curveStepAfter', 'curveBundle'])
		show('line ' + c, d3.line().curve(d3[c])(pts));
	show('area', d3.area().y0(100).curve(d3.curveMonotoneX)(pts));
	const arcs = d3.pie().sort(null).padAngle(0.02)(data.slice(0, 6));
	show('pie', arcs.map((a) => [a.startAngle, a.endAngle, a.index]));
	show('arc', arcs.map((a) => d3.arc().innerRadius(20).outerRadius(50).cornerRadius(3)(a)));
	show('arc centroid', d3.arc().innerRadius(0).outerRadius(10).centroid(arcs[2]));
	show('symbols', d3.symbolsFill.concat(d3.symbolsStroke).map((s) => d3.symbol(s, 64)()));
	show('stack', d3.stack().keys(['a', 'b']).offset(d3.stackOffsetWiggle).order(d3.stackOrderInsideOut)([{ a: 1, b: 2 }, { a: 3, b: 1 }, { a: 2, b: 5 }]).map((s) => s.map((p) => [p[0], p[1]])));
	show('link/radial', [d3.linkHorizontal()({ source: [0, 0], target: [100, 50] }), d3.lineRadial()([[0, 10], [Math.PI / 2, 20], [Math.PI, 5]]), d3.areaRadial().innerRadius(5)([[0, 10], [1, 20]])]);
	const p = d3.path(); p.moveTo(1, 2); p.arcTo(10, 2, 10, 10, 4); p.quadraticCurveTo(3, 4, 5, 6); p.bezierCurveTo(1, 2, 3, 4, 5, 6); p.arc(50, 50, 10, 0, 5); p.rect(0, 0, 3, 4); p.closePath();
	const pr = d3.pathRound(1); pr.moveTo(1.234, 5.678); pr.arc(10.55, 10.55, 5.55, 0, 2); pr.lineTo(3.33, 4.44);
	show('path', [p.toString(), pr.toString()]);

	// d3-hierarchy
	const tree = { name: 'root', children: [{ name: 'a', children: [{ name: 'a1', v: 3 }, { name: 'a2', v: 5 }] }, { name: 'b', v: 7 }, { name: 'c', children: [{ name: 'c1', v: 2 }, { name: 'c2', v: 1 }, { name: 'c3', v: 8 }] }] };
	const root = () => d3.hierarchy(tree).sum((d) => d.v || 0).sort((a, b) => b.value - a.value);
	const dump = (r) => r.descendants().map((n) => [n.data.name, n.depth, n.height, n.value, +(n.x ?? n.x0 ?? 0).toFixed(9), +(n.y ?? n.y0 ?? 0).toFixed(9), n.x1 ?? n.r ?? null, n.y1 ?? null]);
	show('tree', dump(d3.tree().size([100, 200])(root())));
	show('cluster', dump(d3.cluster().nodeSize([10, 20])(root())));
	show('treemap', dump(d3.treemap().size([100, 60]).padding(1).tile(d3.treemapSquarify)(root())));
	show('treemap binary', dump(d3.treemap().size([100, 60]).tile(d3.treemapBinary)(root())));
	show('partition', dump(d3.partition().size([1, 1])(root())));
	show('pack', dump(d3.pack().size([100, 100]).padding(2)(root())));
	show('stratify', d3.stratify().id((d) => d.id).parentId((d) => d.p)([{ id: 'r' }, { id: 'x', p: 'r' }, { id: 'y', p: 'x' }]).descendants().map((n) => n.id + '<' + (n.parent ? n.parent.id : '')));
	show('hierarchy misc', [root().leaves().map((n) => n.data.name), root().find((n) => n.data.name === 'c2').ancestors().map((n) => n.data.name), (() => { const r = root(); return r.leaves()[1].path(r.leaves()[4]); })().map((n) => n.data.name), root().links().length, root().copy().count().value]);
	show('packSiblings', d3.packSiblings([{ r: 3 }, { r: 1 }, { r: 4 }, { r: 1 }, { r: 5 }]).map((c) => [c.x, c.y]));
	show('packEnclose', d3.packEnclose([{ x: 0, y: 0, r: 1 }, { x: 5, y: 0, r: 2 }, { x: 2, y: 4, r: 1 }]));

	// d3-geo
	const world = { type: 'FeatureCollection', features: [
		{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[-10, -10], [10, -10], [10, 10], [-10, 10], [-10, -10]]] } },
		{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[-100, 40], [-74, 40.7], [2.35, 48.86], [139.7, 35.7]] } },
		{ type: 'Feature', properties: {}, geometry: { type: 'MultiPoint', coordinates: [[0, 0], [45, 45]] } }] };
	for (const proj of ['geoMercator', 'geoOrthographic', 'geoAlbersUsa', 'geoEquirectangular', 'geoConicConformal', 'geoAzimuthalEqualArea', 'geoNaturalEarth1', 'geoStereographic', 'geoTransverseMercator', 'geoGnomonic']) {
		const pr = d3[proj]().fitSize([400, 300], world.features[0]);
		show('geo ' + proj, [d3.geoPath(pr)(world.features[1]), pr([2.35, 48.86]), pr.invert ? pr.invert([200, 150]) : null, d3.geoPath(pr).area(world.features[0]), d3.geoPath(pr).bounds(world)]);
	}
	show('geo math', [d3.geoArea(world.features[0]), d3.geoLength(world.features[1]), d3.geoCentroid(world.features[0]), d3.geoBounds(world), d3.geoDistance([0, 0], [90, 0]), d3.geoInterpolate([0, 0], [90, 45])(0.5), d3.geoContains(world.features[0], [1, 1]), d3.geoGraticule10().coordinates.length, d3.geoCircle().radius(10).precision(30)().coordinates[0].length, d3.geoRotation([10, 20, 30])([1, 2])]);
	show('geo stream', d3.geoPath(d3.geoIdentity().reflectY(true).scale(2)).centroid(world.features[0]));

	// d3-delaunay, d3-contour, d3-polygon, d3-quadtree
	const ptsD = Array.from({ length: 30 }, (_, i) => [(i * 37) % 101, (i * 53) % 97]);
	const del = d3.Delaunay.from(ptsD);
	show('delaunay', [Array.from(del.triangles.slice(0, 30)), Array.from(del.hull), del.find(50, 50), del.render().length, Array.from(del.neighbors(3))]);
	const vor = del.voronoi([0, 0, 110, 110]);
	show('voronoi', [vor.renderCell(5), vor.cellPolygon(7), vor.contains(3, 10, 10)]);
	const grid = Array.from({ length: 20 * 20 }, (_, k) => Math.sin((k % 20) / 3) * Math.cos(Math.floor(k / 20) / 4));
	show('contours', d3.contours().size([20, 20]).thresholds(5)(grid).map((c) => [c.value, c.coordinates.length, JSON.stringify(c.coordinates).length]));
	show('density', d3.contourDensity().size([100, 100]).bandwidth(10)(ptsD).map((c) => [c.value, c.coordinates.length]).slice(0, 8));
	show('polygon', [d3.polygonArea([[0, 0], [4, 0], [4, 3]]), d3.polygonCentroid([[0, 0], [4, 0], [4, 3]]), d3.polygonHull(ptsD), d3.polygonContains([[0, 0], [4, 0], [4, 3]], [3, 1]), d3.polygonLength([[0, 0], [4, 0], [4, 3]])]);
	const qt = d3.quadtree().addAll(ptsD);
	show('quadtree', [qt.find(40, 40), qt.size(), qt.extent(), qt.data().length]);

	// d3-dsv
	const csv = 'name,value,date\n"Smith, J",42,2020-01-01\nDoe,"7",\n"Q ""x""",3.5,1999-12-31\n';
	const parsed = d3.csvParse(csv, d3.autoType);
	show('csvParse', [parsed, parsed.columns]);
	show('csvFormat', [d3.csvFormat(parsed), d3.tsvFormatRows([['a\tb', 'c'], ['1', '"2"']]), d3.dsvFormat('|').parseRows('a|b\n1|2'), d3.csvParseRows('x,y\n1,2', (r, i) => r.concat(i))]);

	// d3-force: a fixed number of ticks, no timer (the simulation is stopped at once)
	const nodes = Array.from({ length: 12 }, (_, i) => ({ id: i }));
	const links = nodes.slice(1).map((n, i) => ({ source: Math.floor(i / 2), target: n.id }));
	const sim = d3.forceSimulation(nodes).randomSource(d3.randomLcg(7)).force('link', d3.forceLink(links).id((d) => d.id).distance(20)).force('charge', d3.forceManyBody().strength(-30)).force('center', d3.forceCenter(0, 0)).force('collide', d3.forceCollide(5)).force('x', d3.forceX(1)).force('radial', d3.forceRadial(50).strength(0.01)).stop();
	sim.tick(120);
	show('force', nodes.map((n) => [n.x, n.y, n.vx, n.vy]));
	show('force alpha', [sim.alpha(), sim.find(10, 10).id]);

	// d3-dispatch, d3-timer free of time: timerFlush with no timers
	const disp = d3.dispatch('start', 'end');
	const seen = [];
	disp.on('start.a', (x) => seen.push('a' + x)).on('start.b', (x) => seen.push('b' + x));
	disp.call('start', null, 1); disp.on('start.a', null); disp.call('start', null, 2);
	show('dispatch', seen);

	// d3-selection and d3-axis under jsdom
	const dom = jsdomWindow('<!DOCTYPE html><body><div id="chart"></div><ul><li>x</li><li>y</li></ul></body>');
	const doc = dom.window.document;
	const svg = d3.select(doc.getElementById('chart')).append('svg').attr('width', 300).attr('height', 100).attr('viewBox', [0, 0, 300, 100]);
	const xs = d3.scaleLinear().domain([0, 9]).range([10, 290]);
	svg.append('g').attr('transform', 'translate(0,80)').call(d3.axisBottom(xs).ticks(5, '.1f').tickSizeOuter(0));
	svg.append('g').call(d3.axisLeft(d3.scaleBand().domain(['p', 'q', 'r']).range([0, 80])).tickPadding(6));
	svg.selectAll('rect').data(data.slice(0, 8)).join('rect').attr('x', (d, i) => xs(i)).attr('height', (d) => d * 5).classed('bar', true).style('fill', (d) => (d > 4 ? 'red' : null));
	const li = d3.select(doc.body).select('ul').selectAll('li').data(['x', 'y', 'z'], (d) => d);
	li.enter().append('li').text((d) => d.toUpperCase());
	li.exit().remove();
	li.text((d) => d + '!').property('title', 't').order();
	let clicks = 0;
	svg.selectAll('rect').on('click', (event, d) => { clicks += d; });
	svg.selectAll('rect').dispatch('click');
	show('selection html', doc.body.innerHTML);
	show('selection misc', [svg.selectAll('rect').size(), svg.selectAll('rect').nodes().length, svg.select('rect').datum(), clicks, d3.selectAll(doc.querySelectorAll('li')).data(), svg.selectAll('.bar').filter((d) => d > 4).size(), d3.namespace('svg:rect')]);
	// Parts of d3 that use the global document.
	global.document = doc;
	show('with global document', [d3.create('svg:g').attr('id', 'made').node().outerHTML, d3.creator('p').call(doc.body).outerHTML]);
	delete global.document;
	attempt('bad namespace', () => d3.namespace('xlink:href'));
});
