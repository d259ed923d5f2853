// react-dom.cjs FILE - runs ReactDOM's development UMD build (FILE: umd/react-dom.development.js
// or a minified copy) with React's UMD build in a jsdom window: renders component trees with
// hooks, class components, context, portals, Suspense, error boundaries and controlled inputs
// through createRoot and the legacy render and hydrate, fires DOM events, and prints the DOM
// after each step (see lib.cjs for the rules of the output).
'use strict';
const path = require('path');
const { runScript, jsdomWindow, nodeModules, show, showMarkup, format, run } = require('./lib.cjs');

run(async () => {
	const consoleLines = [];
	const dom = jsdomWindow('<!DOCTYPE html><body><div id="root"></div><div id="portal"></div><div id="legacy"></div><div id="hydrate"><p class="h">server <!-- -->text<!-- --> 1</p></div></body>',
		(level, args) => consoleLines.push(level + ': ' + format(args).split('\n')[0]));
	const window = dom.window;
	const doc = window.document;
	// jsdom has no MessageChannel, which React's scheduler and act() post tasks through: a
	// minimal one over setImmediate (first in, first out, so the order stays fixed).
	window.MessageChannel = class {
		constructor() {
			const port1 = { onmessage: null };
			this.port1 = port1;
			this.port2 = { postMessage: (data) => setImmediate(() => port1.onmessage && port1.onmessage({ data })) };
		}
	};
	runScript(path.join(nodeModules, 'react/umd/react.development.js'), dom.getInternalVMContext());
	runScript(process.argv[2], dom.getInternalVMContext());
	const React = window.React, ReactDOM = window.ReactDOM;
	window.IS_REACT_ACT_ENVIRONMENT = true;
	const h = React.createElement;
	const act = (fn) => React.act(async () => { await fn(); });
	show('versions', [React.version, ReactDOM.version, Object.keys(ReactDOM).sort()]);
	const log = [];
	const body = (id) => doc.getElementById(id).innerHTML;

	const Theme = React.createContext('light');
	const store = { value: 1, listeners: new Set(), set(v) { this.value = v; this.listeners.forEach((l) => l()); }, subscribe(l) { store.listeners.add(l); return () => store.listeners.delete(l); } };
	function reducer(state, action) { switch (action.type) { case 'add': return { items: [...state.items, action.item] }; case 'drop': return { items: state.items.slice(1) }; default: return state; } }
	function Counter({ start, label }) {
		const [n, setN] = React.useState(start);
		const id = React.useId();
		const theme = React.useContext(Theme);
		const doubled = React.useMemo(() => n * 2, [n]);
		const ref = React.useRef(0);
		const inc = React.useCallback(() => setN((x) => x + 1), []);
		const ext = React.useSyncExternalStore(store.subscribe, () => store.value);
		React.useEffect(() => { log.push('effect ' + label + ' ' + n); return () => log.push('cleanup ' + label + ' ' + n); }, [n, label]);
		React.useLayoutEffect(() => { ref.current++; log.push('layout ' + label + ' renders=' + ref.current); });
		return h('div', { className: 'counter ' + theme, 'data-id': id, 'aria-label': label },
			h('span', { style: { color: n % 2 ? 'red' : 'blue', fontSize: 12 + n, marginTop: 0 } }, label + ': ' + n + ' (x2 ' + doubled + ', ext ' + ext + ')'),
			h('button', { onClick: inc, id: 'inc-' + label }, '+'));
	}
	class Lifecycle extends React.Component {
		constructor(props) { super(props); this.state = { ticks: 0 }; }
		static getDerivedStateFromProps(props, state) { return props.reset ? { ticks: 0 } : null; }
		componentDidMount() { log.push('didMount ' + this.props.name); }
		shouldComponentUpdate(nextProps, nextState) { return nextProps.name !== 'frozen' || nextState.ticks !== this.state.ticks; }
		getSnapshotBeforeUpdate() { return 'snap' + this.state.ticks; }
		componentDidUpdate(prevProps, prevState, snap) { log.push('didUpdate ' + this.props.name + ' ' + snap); }
		componentWillUnmount() { log.push('willUnmount ' + this.props.name); }
		render() { return h('p', { className: 'lc', onClick: () => this.setState((s) => ({ ticks: s.ticks + 1 })) }, this.props.name + ' ticks ' + this.state.ticks, this.props.children); }
	}
	class Boundary extends React.Component {
		constructor(props) { super(props); this.state = { error: null }; }
		static getDerivedStateFromError(error) { return { error: error.message }; }
		componentDidCatch(error, info) { log.push('caught ' + error.message + ' stack lines ' + (info.componentStack.trim().split('\n').length > 0)); }
		render() { return this.state.error ? h('p', { className: 'err' }, 'boundary: ' + this.state.error) : this.props.children; }
	}
	function Bomb({ explode }) { if (explode) throw new Error('kaboom'); return h('i', null, 'fine'); }
	function Todo() {
		const [state, dispatch] = React.useReducer(reducer, { items: ['a', 'b'] });
		const [text, setText] = React.useState('');
		const [checked, setChecked] = React.useState(false);
		const [choice, setChoice] = React.useState('y');
		const [isPending, startTransition] = React.useTransition();
		const deferred = React.useDeferredValue(text);
		return h(React.Fragment, null,
			h('input', { id: 'text', value: text, onChange: (e) => setText(e.target.value), onKeyDown: (e) => { if (e.key === 'Enter') startTransition(() => { dispatch({ type: 'add', item: text }); setText(''); }); } }),
			h('input', { id: 'check', type: 'checkbox', checked, onChange: (e) => setChecked(e.target.checked) }),
			h('select', { id: 'sel', value: choice, onChange: (e) => setChoice(e.target.value) }, ['x', 'y', 'z'].map((v) => h('option', { key: v, value: v }, v.toUpperCase()))),
			h('textarea', { id: 'ta', value: text + '!', readOnly: true }),
			h('ul', null, state.items.map((it, i) => h('li', { key: it + i, onClick: () => dispatch({ type: 'drop' }) }, it))),
			h('p', { className: 'status' }, 'pending ' + isPending + ' deferred ' + deferred + ' checked ' + checked + ' choice ' + choice));
	}
	const Fancy = React.forwardRef((props, ref) => h('label', { ref, htmlFor: 'text' }, props.children));
	const Memo = React.memo(function Memo({ v }) { log.push('memo render ' + v); return h('b', null, 'memo ' + v); });
	let resolveLazy;
	const Lazy = React.lazy(() => new Promise((resolve) => { resolveLazy = () => resolve({ default: () => h('em', null, 'lazy loaded') }); }));
	const fancyRef = React.createRef();
	function App({ theme, phase }) {
		return h(Theme.Provider, { value: theme },
			h('section', { id: 'app', 'data-phase': phase },
				h(Counter, { start: 1, label: 'one' }), phase < 3 && h(Counter, { start: 5, label: 'two' }),
				h(Lifecycle, { name: phase === 2 ? 'frozen' : 'lc', reset: phase === 4 }, h('small', null, 'child')),
				h(Boundary, null, h(Bomb, { explode: phase === 3 })),
				h(Todo), h(Fancy, { ref: fancyRef }, 'fancy'), h(Memo, { v: phase > 1 ? 'b' : 'a' }),
				h(React.Suspense, { fallback: h('span', null, 'loading...') }, h(Lazy)),
				ReactDOM.createPortal(h('div', { className: 'portal' }, 'portal phase ' + phase), doc.getElementById('portal')),
				h('div', { dangerouslySetInnerHTML: { __html: '<u>inner</u> html' } }),
				h('svg', { viewBox: '0 0 10 10', xmlnsXlink: 'http://www.w3.org/1999/xlink' }, h('circle', { cx: 5, cy: 5, r: phase, strokeWidth: 2, fillOpacity: 0.5 }), h('use', { xlinkHref: '#c' })),
				h('input', { id: 'uncontrolled', defaultValue: 'def', autoFocus: false, tabIndex: -1, 'aria-hidden': true, hidden: phase === 4 }),
				null, false, 'text node', 42));
	}
	const formState = () => { const q = (sel) => doc.querySelector(sel); return q('#text') ? [q('#text').value, q('#check').checked, q('#sel').value, q('#ta').value, q('.status').textContent, Array.from(doc.querySelectorAll('#root li'), (li) => li.textContent), q('#uncontrolled').value] : null; };
	const step = (label) => { show(label + ' form', formState()); showMarkup(label + ' root', body('root')); show(label + ' portal', body('portal')); show(label + ' log', log.splice(0)); };

	const root = ReactDOM.createRoot(doc.getElementById('root'), { identifierPrefix: 'p-' });
	await act(() => root.render(h(App, { theme: 'dark', phase: 1 })));
	step('mount');
	show('ref', [fancyRef.current && fancyRef.current.outerHTML]);
	await act(() => { doc.getElementById('inc-one').click(); });
	await act(() => { doc.getElementById('inc-one').dispatchEvent(new window.MouseEvent('click', { bubbles: true })); });
	step('after clicks');
	await act(() => { store.set(7); });
	step('external store');
	const setValue = (el, v) => { Object.getOwnPropertyDescriptor(window.HTMLInputElement.prototype, 'value').set.call(el, v); el.dispatchEvent(new window.Event('input', { bubbles: true })); };
	await act(() => { setValue(doc.getElementById('text'), 'new item'); });
	await act(() => { doc.getElementById('check').click(); });
	await act(() => { const s = doc.getElementById('sel'); s.value = 'z'; s.dispatchEvent(new window.Event('change', { bubbles: true })); });
	step('controlled inputs');
	await act(() => { doc.getElementById('text').dispatchEvent(new window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true })); });
	await act(() => { doc.querySelector('li').click(); });
	step('reducer');
	await act(() => { doc.querySelector('.lc').click(); });
	await act(() => root.render(h(App, { theme: 'light', phase: 2 })));
	step('phase 2');
	await act(() => { resolveLazy(); });
	step('lazy resolved');
	await act(() => root.render(h(App, { theme: 'light', phase: 3 })));
	step('phase 3 error');
	await act(() => root.render(h(App, { theme: 'dark', phase: 4 })));
	step('phase 4');
	ReactDOM.flushSync(() => root.render(h('p', null, 'flushed')));
	show('flushSync', body('root'));
	await act(() => root.unmount());
	step('unmounted');

	// The legacy API: render, findDOMNode, unstable_batchedUpdates, unmountComponentAtNode.
	let inst;
	ReactDOM.render(h(Lifecycle, { name: 'legacy', ref: (r) => { inst = r; } }), doc.getElementById('legacy'));
	show('legacy render', [body('legacy'), ReactDOM.findDOMNode(inst).tagName]);
	ReactDOM.unstable_batchedUpdates(() => { inst.setState({ ticks: 5 }); inst.setState((s) => ({ ticks: s.ticks + 1 })); });
	show('legacy batched', body('legacy'));
	show('legacy unmount', [ReactDOM.unmountComponentAtNode(doc.getElementById('legacy')), body('legacy'), log.splice(0)]);

	// Hydration of server markup, including a mismatch React reports and repairs.
	function Server({ n }) { return h('p', { className: 'h' }, 'server ', 'text', ' ', n); }
	await act(() => { ReactDOM.hydrateRoot(doc.getElementById('hydrate'), h(Server, { n: 1 }), { onRecoverableError: (e) => log.push('recoverable: ' + e.message.split('\n')[0]) }); });
	show('hydrate', [body('hydrate'), log.splice(0)]);
	const mismatch = doc.createElement('div');
	mismatch.innerHTML = '<p class="h">other</p>';
	doc.body.appendChild(mismatch);
	await act(() => { ReactDOM.hydrateRoot(mismatch, h(Server, { n: 2 }), { onRecoverableError: (e) => log.push('recoverable: ' + e.message.split('\n')[0]) }); });
	show('hydrate mismatch', [mismatch.innerHTML, log.splice(0)]);

	// Many elements: keyed reordering.
	const bigNode = doc.createElement('div');
	const big = ReactDOM.createRoot(bigNode);
	const List = ({ order }) => h('ol', null, order.map((k) => h('li', { key: k, 'data-k': k }, 'item ' + k)));
	const order = Array.from({ length: 200 }, (_, i) => i);
	await act(() => big.render(h(List, { order })));
	const shuffled = order.map((i) => (i * 73) % 200);
	await act(() => big.render(h(List, { order: shuffled.filter((i) => i % 7) })));
	await act(() => big.render(h(List, { order: shuffled.reverse().slice(0, 50) })));
	show('keyed list', Array.from(bigNode.querySelectorAll('li'), (li) => li.dataset.k + '=' + li.textContent).join(' '));
	show('console', consoleLines);
});
