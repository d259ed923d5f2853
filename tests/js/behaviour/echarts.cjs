// echarts.cjs FILE - renders charts of many series types to SVG with echarts' server-side
// rendering (ssr: true, no DOM), animation off, and prints the SVG one element a line; then
// some of echarts' format and number helpers (see lib.cjs for the rules of the output).
'use strict';
process.env.TZ = 'UTC';
const { loadCommonJS, show, showMarkup, run } = require('./lib.cjs');

run(() => {
	const echarts = loadCommonJS(process.argv[2]);
	show('version', echarts.version);
	const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
	const tree = { name: 'root', children: [{ name: 'a', children: [{ name: 'a1', value: 3 }, { name: 'a2', value: 5 }] }, { name: 'b', value: 7 }, { name: 'c', children: [{ name: 'c1', value: 2 }, { name: 'c2', value: 4 }] }] };
	const charts = {
		lineBar: {
			title: { text: 'Line and bar', subtext: 'fixed data' }, legend: {}, tooltip: { trigger: 'axis' },
			xAxis: { type: 'category', data: days }, yAxis: [{ type: 'value' }, { type: 'log', logBase: 10 }],
			series: [
				{ name: 'line', type: 'line', smooth: true, data: [120, 200, 150, 80, 70, 110, 130], markLine: { data: [{ type: 'average' }] }, areaStyle: {} },
				{ name: 'bar', type: 'bar', yAxisIndex: 1, data: [12, 20, 15, 8, 7, 11, 1300], label: { show: true, position: 'top' }, markPoint: { data: [{ type: 'max' }] } },
				{ name: 'step', type: 'line', step: 'middle', data: [5, 50, 25, 75, 40, 60, 90] },
			],
		},
		stackedHorizontal: {
			dataset: { source: [['k', 'x', 'y'], ['p', 43.3, 85.8], ['q', 83.1, 73.4], ['r', 86.4, 65.2], ['s', 72.4, 53.9]] },
			xAxis: { type: 'value' }, yAxis: { type: 'category', inverse: true }, grid: { left: 40, right: 20 },
			series: [{ type: 'bar', stack: 't', encode: { x: 'x', y: 'k' } }, { type: 'bar', stack: 't', encode: { x: 'y', y: 'k' }, itemStyle: { borderRadius: [0, 4, 4, 0] } }],
		},
		pieRose: {
			series: [{ type: 'pie', radius: ['20%', '60%'], roseType: 'area', label: { formatter: '{b}: {d}%' }, data: days.map((d, i) => ({ name: d, value: (i * 37) % 23 + 5 })) },
				{ type: 'pie', radius: '15%', center: ['85%', '20%'], data: [{ name: 'x', value: 1 }, { name: 'y', value: 2 }] }],
		},
		scatterVisualMap: {
			xAxis: { scale: true }, yAxis: { scale: true }, visualMap: { min: 0, max: 50, dimension: 2, inRange: { color: ['#313695', '#a50026'], symbolSize: [5, 25] } },
			series: [{ type: 'scatter', data: Array.from({ length: 25 }, (_, i) => [(i * 13) % 17, (i * 7) % 11, (i * 29) % 51]) }, { type: 'effectScatter', data: [[3, 3]], rippleEffect: { brushType: 'stroke' } }],
		},
		radarGauge: {
			radar: { indicator: days.slice(0, 5).map((d) => ({ name: d, max: 100 })), shape: 'circle' },
			series: [{ type: 'radar', data: [{ value: [60, 73, 85, 40, 92], name: 'r1', areaStyle: {} }, { value: [30, 43, 95, 70, 12], name: 'r2' }] },
				{ type: 'gauge', center: ['80%', '70%'], radius: '25%', progress: { show: true }, detail: { formatter: '{value}%' }, data: [{ value: 67.5, name: 'load' }] }],
		},
		treemapSunburst: {
			series: [{ type: 'treemap', left: 0, width: '50%', data: tree.children, leafDepth: 2, label: { show: true } }, { type: 'sunburst', center: ['75%', '50%'], radius: [0, '40%'], data: tree.children, sort: 'desc' }],
		},
		sankeyFunnel: {
			series: [{ type: 'sankey', left: 10, width: '45%', layoutIterations: 5, data: ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name })), links: [{ source: 'a', target: 'b', value: 5 }, { source: 'a', target: 'c', value: 3 }, { source: 'b', target: 'd', value: 4 }, { source: 'c', target: 'd', value: 2 }, { source: 'c', target: 'e', value: 1 }] },
				{ type: 'funnel', left: '60%', width: '35%', sort: 'ascending', data: [{ name: 'v', value: 60 }, { name: 'w', value: 40 }, { name: 'x', value: 20 }, { name: 'y', value: 80 }] }],
		},
		heatmapCalendar: {
			visualMap: { min: 0, max: 10, calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
			calendar: { range: '2024-02', cellSize: [20, 20], top: 40 },
			series: [{ type: 'heatmap', coordinateSystem: 'calendar', data: Array.from({ length: 29 }, (_, i) => ['2024-02-' + String(i + 1).padStart(2, '0'), (i * 7) % 11]) }],
		},
		candlestickBoxplot: {
			xAxis: [{ type: 'category', data: ['d1', 'd2', 'd3', 'd4'], gridIndex: 0 }, { type: 'category', data: ['g1', 'g2'], gridIndex: 1 }],
			yAxis: [{ scale: true, gridIndex: 0 }, { gridIndex: 1 }], grid: [{ bottom: '55%' }, { top: '55%' }],
			series: [{ type: 'candlestick', data: [[20, 34, 10, 38], [40, 35, 30, 50], [31, 38, 33, 44], [38, 15, 5, 42]] },
				{ type: 'boxplot', xAxisIndex: 1, yAxisIndex: 1, data: [[1, 3, 5, 7, 9], [2, 2.5, 4, 6, 10]] }],
		},
		graphTree: {
			series: [{ type: 'graph', layout: 'circular', width: '40%', roam: false, label: { show: true }, edgeSymbol: ['circle', 'arrow'], data: ['n1', 'n2', 'n3', 'n4', 'n5'].map((name, i) => ({ name, value: i, symbolSize: 10 + i * 4 })), links: [{ source: 'n1', target: 'n2' }, { source: 'n2', target: 'n3' }, { source: 'n3', target: 'n1' }, { source: 'n4', target: 'n5' }] },
				{ type: 'tree', left: '55%', data: [tree], orient: 'LR', label: { position: 'left' }, expandAndCollapse: false }],
		},
		parallelRiver: {
			parallelAxis: [{ dim: 0, name: 'p' }, { dim: 1, name: 'q' }, { dim: 2, name: 'r', type: 'category', data: ['lo', 'mid', 'hi'] }], parallel: { bottom: '55%' },
			singleAxis: { top: '55%', type: 'time' },
			series: [{ type: 'parallel', data: [[1, 55, 'lo'], [2, 25, 'hi'], [3, 35, 'mid']] },
				{ type: 'themeRiver', data: [['2024-01-01', 10, 'x'], ['2024-01-02', 15, 'x'], ['2024-01-03', 35, 'x'], ['2024-01-01', 20, 'y'], ['2024-01-02', 5, 'y'], ['2024-01-03', 15, 'y']] }],
		},
		polarTimeAxis: {
			polar: { center: ['25%', '50%'], radius: '35%' }, angleAxis: { type: 'category', data: days }, radiusAxis: {},
			xAxis: { type: 'time', gridIndex: 0 }, yAxis: { type: 'value', gridIndex: 0 }, grid: { left: '55%' },
			dataZoom: [{ type: 'slider', xAxisIndex: 0, start: 10, end: 90 }],
			series: [{ type: 'bar', coordinateSystem: 'polar', data: [1, 2, 3, 4, 3, 5, 1] },
				{ type: 'line', data: Array.from({ length: 20 }, (_, i) => [Date.UTC(2024, 0, 1 + i * 3), (i * 17) % 13]) }],
		},
		richText: {
			graphic: [{ type: 'rect', shape: { x: 10, y: 10, width: 80, height: 40, r: 5 }, style: { fill: '#eee', stroke: '#333' } }, { type: 'circle', shape: { cx: 150, cy: 30, r: 20 }, style: { fill: 'none', stroke: 'red', lineDash: [4, 2] } },
				{ type: 'text', left: 200, top: 10, style: { text: '{a|Rich} {b|text}\nsecond line', rich: { a: { fontSize: 20, fontWeight: 'bold', color: 'blue' }, b: { backgroundColor: '#ccc', padding: [2, 4] } } } },
				{ type: 'polyline', shape: { points: [[10, 100], [60, 150], [110, 100]], smooth: 0.5 }, style: { stroke: 'green' } }],
		},
	};
	for (const [name, option] of Object.entries(charts)) {
		const chart = echarts.init(null, name === 'richText' ? 'dark' : null, { renderer: 'svg', ssr: true, width: 600, height: 400 });
		chart.setOption(Object.assign({ animation: false }, option));
		showMarkup('chart ' + name, chart.renderToSVGString());
		show('chart ' + name + ' option keys', Object.keys(chart.getOption()).sort());
		show('chart ' + name + ' pixel', chart.containPixel({ gridIndex: 0 }, [300, 200]) === true);
		chart.dispose();
	}
	const f = echarts.format;
	show('format', [f.addCommas(1234567.891), f.toCamelCase('font-size'), f.encodeHTML('<a&"\'>'), f.formatTpl('{a0}: {c0}', [{ seriesName: 's', value: 3, name: 'n' }]), echarts.time.format(Date.UTC(2024, 1, 29, 13, 45, 30), '{yyyy}-{MM}-{dd} {HH}:{mm}:{ss} {MMM} {eeee}', true), f.capitalFirst('hello'), f.truncateText('a long piece of text to cut', 60, '12px sans-serif', '…')]);
	const n = echarts.number;
	show('number', [n.round(1.23456, 2), n.linearMap(5, [0, 10], [100, 200]), n.nice(123.4, true), n.nice(0.0042), n.quantile([1, 2, 3, 4], 0.5), n.parseDate('2024-02-29 13:45:30').toISOString(), n.isNumeric('12'), n.numericToNumber('1e3')]);
	show('util', [echarts.util.map([1, 2], (x) => x * 2), echarts.util.merge({ a: { b: 1 } }, { a: { c: 2 } }), echarts.util.indexOf([1, 2, 3], 3), echarts.color.lift('#336699', 0.2), echarts.color.modifyHSL('#336699', 120), echarts.color.lerp(0.3, ['#000', '#fff']), echarts.color.stringify([1, 2, 3, 0.5], 'rgba')]);
	show('graphic', [echarts.graphic.clipPointsByRect([[0, 0], [50, 50], [150, 150]], { x: 10, y: 10, width: 100, height: 100 }), echarts.innerDrawElementOnCanvas === undefined]);
});
