// vue.cjs FILE - runs Vue's global build (FILE: dist/vue.global.js or a minified copy) in a
// jsdom window: the template compiler's output for many templates, then apps mounted and
// updated through reactivity, components, slots, v-model, watchers, provide/inject and
// transitions, printing the DOM after each step (see lib.cjs for the rules of the output).
'use strict';
const { runScript, jsdomWindow, show, attempt, run } = require('./lib.cjs');

const templates = [
	'<div :class="{ a: ok, b: !ok }" :style="{ color: c }" @click="n++">{{ msg.toUpperCase() }} {{ n }}</div>',
	'<ul><li v-for="(item, i) in items" :key="item.id" v-show="item.on">{{ i }}: {{ item.name }}</li></ul>',
	'<template v-if="mode === 1"><p>one</p></template><p v-else-if="mode === 2">two</p><p v-else>other</p>',
	'<input v-model.trim.lazy="text"><select v-model="sel" multiple><option v-for="o in opts" :value="o">{{ o }}</option></select><input type="checkbox" v-model="flags" value="x">',
	'<comp-a v-bind="attrs" v-on="handlers" @custom-event.once="h($event, 1)"><template #header="{ title }"><h2>{{ title }}</h2></template><template v-slot:[dyn]>dynamic</template>default</comp-a>',
	'<div v-html="raw" v-text="t" v-once v-memo="[a]"></div><span v-pre>{{ not compiled }}</span><p v-cloak>x</p>',
	'<form @submit.prevent.stop="go" @keyup.enter.exact="k" @click.right.ctrl="r"><button :disabled="busy" @click.self="b">ok</button></form>',
	'<component :is="tag" ref="r" :[attr]="v"></component><keep-alive><Transition name="fade" mode="out-in"><slot name="x" :y="1"></slot></Transition></keep-alive>',
	'<teleport to="#other"><p>teleported {{ a?.b ?? "none" }}</p></teleport><Suspense><template #fallback>wait</template><Async /></Suspense>',
	'<svg viewBox="0 0 10 10"><circle :r="r" cx="5" cy="5" /><text x="1">{{ `${a} and ${b}` }}</text></svg><textarea>{{ raw }}</textarea>',
	'<div>  lots   of\n   whitespace <b> bold </b>  &amp; &lt;entities&gt; &#x41; &nbsp; </div>',
	'<div v-for="n in 3" :key="n"><span v-for="m in n" :key="m" :id="`s${n}-${m}`">{{ n * m }}</span></div>',
];

run(async () => {
	const dom = jsdomWindow('<!DOCTYPE html><body><div id="app"></div><div id="other"></div><div id="app2"></div></body>');
	const window = dom.window;
	runScript(process.argv[2], dom.getInternalVMContext());
	const Vue = window.Vue;
	show('version', Vue.version);
	const tick = () => Vue.nextTick();

	// The template compiler: the generated render function code, in every mode.
	for (const t of templates) {
		for (const [mode, opts] of [['default', {}], ['hoisted', { hoistStatic: true }], ['preserve', { whitespace: 'preserve', comments: true, delimiters: ['{{', '}}'] }]]) {
			const errors = [];
			const render = Vue.compile(t, Object.assign({ onError: (e) => errors.push(e.code + ':' + e.message), onWarn: (e) => errors.push('warn:' + e.message), whitespace: 'condense' }, opts));
			const code = String(render).replace(/^function anonymous\(/, 'function (');
			console.log('compile [' + mode + '] ' + JSON.stringify(t).slice(0, 60) + ': ' + code.split('\n').length + ' lines, errors ' + JSON.stringify(errors));
			for (const line of code.split('\n')) console.log('  ' + line);
		}
	}
	const bad = [];
	Vue.compile('<div v-if><p v-for="x">{{ }}</div>', { onError: (e) => bad.push(e.code) });
	show('compile errors', bad);

	// Reactivity on its own
	const state = Vue.reactive({ a: 1, list: [1, 2], nested: { x: { y: 1 } }, map: new Map([['k', 1]]) });
	const doubled = Vue.computed(() => state.a * 2 + state.list.length + state.nested.x.y + state.map.get('k'));
	const r = Vue.ref(10);
	const effects = [];
	const stopEffect = Vue.watchEffect(() => effects.push('effect:' + doubled.value + ':' + r.value), { flush: 'sync' });
	state.a = 5; state.list.push(3); state.nested.x.y = 7; state.map.set('k', 100); r.value++;
	stopEffect(); state.a = 0;
	show('reactivity', [effects, doubled.value, Vue.isReactive(state), Vue.isRef(r), Vue.unref(r), Vue.toRaw(state) === state, Vue.isProxy(Vue.readonly(state)), Object.keys(Vue.toRefs(state)), Vue.shallowRef({ a: 1 }).value]);
	const wlog = [];
	const src = Vue.reactive({ n: 1, deep: { v: 1 } });
	Vue.watch(() => src.n, (nv, ov) => wlog.push('n ' + ov + '->' + nv));
	Vue.watch(src, () => wlog.push('deep changed'), { deep: true });
	src.n = 2; src.deep.v = 2;
	await tick();
	show('watch', wlog);

	// Components, props, emits, slots, v-model, provide/inject, lifecycle
	const lifecycle = [];
	const Child = {
		props: { label: { type: String, required: true }, count: { type: Number, default: 0 }, modelValue: String },
		emits: ['bump', 'update:modelValue'],
		inject: { theme: { default: 'light' } },
		setup(props, { emit, slots, expose }) {
			const local = Vue.ref(0);
			Vue.onMounted(() => lifecycle.push('child mounted ' + props.label));
			Vue.onUpdated(() => lifecycle.push('child updated ' + props.label));
			Vue.onBeforeUnmount(() => lifecycle.push('child unmount ' + props.label));
			expose({ local });
			return () => Vue.h('div', { class: ['child', 'theme-' + Vue.inject('theme')], onClick: () => { local.value++; emit('bump', props.label); emit('update:modelValue', props.modelValue + '!'); } }, [
				Vue.h('span', props.label + ':' + props.count + ':' + local.value + ':' + props.modelValue),
				slots.default ? slots.default({ doubled: props.count * 2 }) : 'no slot',
				slots.footer && slots.footer(),
			]);
		},
	};
	const events = [];
	const app = Vue.createApp({
		components: { Child },
		provide: { theme: 'dark' },
		data: () => ({ items: [{ id: 1, name: 'apple', on: true }, { id: 2, name: 'banana', on: false }, { id: 3, name: 'cherry', on: true }], text: 'hello', sel: 'b', n: 0, show: true, html: '<i>raw</i>' }),
		computed: { upper() { return this.text.toUpperCase(); }, visible() { return this.items.filter((i) => i.on); } },
		watch: { text(nv, ov) { events.push('text ' + ov + '->' + nv); } },
		methods: { bump(label) { this.n++; events.push('bump ' + label); }, sorted() { return [...this.items].sort((a, b) => b.name.localeCompare(a.name)); } },
		mounted() { lifecycle.push('root mounted'); },
		updated() { lifecycle.push('root updated'); },
		template: `<div id="root" :data-n="n">
			<h1 :title="upper">{{ upper }} ({{ n }})</h1>
			<input id="txt" v-model="text"><select id="sel" v-model="sel"><option value="a">A</option><option value="b">B</option></select>
			<ul><li v-for="item in sorted()" :key="item.id" :class="{ on: item.on }" @click="item.on = !item.on">{{ item.name }}</li></ul>
			<p v-if="show" v-html="html"></p><p v-else>hidden</p>
			<Child v-for="item in visible" :key="item.id" :label="item.name" :count="n" v-model="text" @bump="bump">
				<template #default="{ doubled }"><b>slot {{ doubled }}</b></template>
				<template #footer><em>footer</em></template>
			</Child>
			<Teleport to="#other"><span>teleported {{ sel }}</span></Teleport>
		</div>`,
	});
	app.config.warnHandler = (msg) => events.push('warn: ' + msg);
	app.config.errorHandler = (err, vm, info) => events.push('error: ' + info + ': ' + err.message);
	const vm = app.mount('#app');
	const body = () => window.document.body.innerHTML.replace(/<!--.*?-->/g, '').replace(/\s+/g, ' ');
	show('mounted', body());
	const doc = window.document;
	doc.querySelector('.child').dispatchEvent(new window.MouseEvent('click', { bubbles: true }));
	await tick();
	show('after child click', body());
	const input = doc.getElementById('txt');
	input.value = 'typed';
	input.dispatchEvent(new window.Event('input'));
	const select = doc.getElementById('sel');
	select.value = 'a';
	select.dispatchEvent(new window.Event('change'));
	await tick();
	show('after v-model', [vm.text, vm.sel, body()]);
	doc.querySelectorAll('li')[1].dispatchEvent(new window.MouseEvent('click', { bubbles: true }));
	vm.items.push({ id: 4, name: 'date', on: true });
	vm.show = false;
	await tick();
	show('after list change', body());
	vm.items.splice(0, 2);
	vm.items.reverse();
	await tick();
	show('after splice/reverse', body());
	show('lifecycle', lifecycle);
	show('events', events);
	app.unmount();
	show('unmounted', [body(), lifecycle.slice(-3)]);

	// Render functions, Transition and KeepAlive, async setup with Suspense, defineComponent
	const Toggle = Vue.defineComponent({
		props: ['on'],
		setup(props) { return () => Vue.h(Vue.Transition, { name: 'fade', css: false }, () => (props.on ? Vue.h('p', { key: 'a' }, 'on') : Vue.h('p', { key: 'b' }, 'off'))); },
	});
	const AsyncComp = Vue.defineComponent({ async setup() { await Promise.resolve(); return () => Vue.h('i', 'async done'); } });
	const on = Vue.ref(true);
	const which = Vue.ref('A');
	const A = { setup() { const c = Vue.ref(0); Vue.onActivated(() => lifecycle.push('A activated')); return () => Vue.h('button', { onClick: () => c.value++ }, 'A' + c.value); } };
	const B = { render: () => Vue.h('span', 'B') };
	const app2 = Vue.createApp({
		setup() {
			return () => Vue.h('div', [Vue.h(Toggle, { on: on.value }), Vue.h(Vue.KeepAlive, null, [Vue.h(which.value === 'A' ? A : B)]),
				Vue.h(Vue.Suspense, null, { default: () => Vue.h(AsyncComp), fallback: () => Vue.h('i', 'loading') }),
				Vue.h('p', { innerHTML: '<u>prop</u>', 'data-x': 1, style: { color: 'red', '--v': 2 } }), Vue.createTextVNode(' text '), Vue.createCommentVNode('c')]);
		},
	});
	app2.mount('#app2');
	show('app2 mounted', doc.getElementById('app2').innerHTML);
	doc.querySelector('#app2 button').click();
	await tick();
	which.value = 'B'; on.value = false;
	await tick();
	which.value = 'A';
	for (let i = 0; i < 5; i++) await tick();
	await new Promise((resolve) => setTimeout(resolve, 0));
	show('app2 after toggles', [doc.getElementById('app2').innerHTML, lifecycle.slice(-2)]);
	app2.unmount();

	// Error handling and warnings go through the app's handlers
	const elog = [];
	const app3 = Vue.createApp({ render: () => Vue.h({ setup() { throw new Error('setup failed'); } }) });
	app3.config.errorHandler = (err, inst, info) => elog.push(info + ': ' + err.message);
	app3.mount(doc.createElement('div'));
	show('error handler', elog);
	attempt('createApp mount missing', () => Vue.createApp({ render: () => null }).mount('#nope'));
});
