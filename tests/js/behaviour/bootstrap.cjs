// bootstrap.cjs FILE - runs Bootstrap's JavaScript (FILE: dist/js/bootstrap.js or a minified
// copy) in a jsdom window with @popperjs/core, instantiates every component, toggles them by
// API and by data attributes, and prints the events fired and the DOM after each step (see
// lib.cjs for the rules of the output).
'use strict';
const path = require('path');
const { runScript, jsdomWindow, nodeModules, show, showMarkup, attempt, run } = require('./lib.cjs');

const page = `<!DOCTYPE html><html><head></head><body>
<div id="alert" class="alert alert-warning alert-dismissible" role="alert">Careful<button type="button" class="btn-close" data-bs-dismiss="alert"></button></div>
<button id="tbtn" type="button" class="btn" data-bs-toggle="button">Toggle</button>
<button id="cbtn" data-bs-toggle="collapse" data-bs-target="#col" aria-expanded="false">Collapse</button><div id="col" class="collapse"><p>Collapsed content</p></div>
<div class="accordion" id="acc"><div class="accordion-item"><button id="acc1b" data-bs-toggle="collapse" data-bs-target="#acc1">One</button><div id="acc1" class="collapse show" data-bs-parent="#acc">A1</div></div>
<div class="accordion-item"><button id="acc2b" data-bs-toggle="collapse" data-bs-target="#acc2">Two</button><div id="acc2" class="collapse" data-bs-parent="#acc">A2</div></div></div>
<div class="dropdown" id="dd"><button id="ddbtn" class="dropdown-toggle" data-bs-toggle="dropdown" aria-expanded="false">Menu</button>
<ul class="dropdown-menu"><li><a class="dropdown-item" href="#">Action</a></li><li><a class="dropdown-item disabled" href="#">Off</a></li><li><a class="dropdown-item" href="#">Other</a></li></ul></div>
<button id="mbtn" data-bs-toggle="modal" data-bs-target="#modal">Open modal</button>
<div id="modal" class="modal" tabindex="-1"><div class="modal-dialog"><div class="modal-content"><div class="modal-body">Body<input id="minput"></div><button id="mclose" data-bs-dismiss="modal">Close</button></div></div></div>
<div id="oc" class="offcanvas offcanvas-start" tabindex="-1"><div class="offcanvas-body">Side</div></div>
<ul class="nav nav-tabs" role="tablist"><li><button id="t1" class="nav-link active" data-bs-toggle="tab" data-bs-target="#p1" role="tab">T1</button></li><li><button id="t2" class="nav-link" data-bs-toggle="tab" data-bs-target="#p2" role="tab">T2</button></li></ul>
<div class="tab-content"><div id="p1" class="tab-pane active" role="tabpanel">P1</div><div id="p2" class="tab-pane" role="tabpanel">P2</div></div>
<div id="toast" class="toast" role="alert" data-bs-autohide="false"><div class="toast-body">Toast</div></div>
<div id="car" class="carousel" data-bs-interval="false"><div class="carousel-indicators"><button data-bs-target="#car" data-bs-slide-to="0" class="active"></button><button data-bs-target="#car" data-bs-slide-to="1"></button><button data-bs-target="#car" data-bs-slide-to="2"></button></div>
<div class="carousel-inner"><div class="carousel-item active">S1</div><div class="carousel-item">S2</div><div class="carousel-item">S3</div></div></div>
<a id="tip" href="#" title="Tip &lt;b&gt;text&lt;/b&gt;" data-bs-toggle="tooltip">hover</a>
<button id="pop" data-bs-toggle="popover" data-bs-title="Pop title" data-bs-content="Pop body">pop</button>
</body></html>`;

run(async () => {
	const dom = jsdomWindow(page);
	const window = dom.window;
	const doc = window.document;
	runScript(path.join(nodeModules, '@popperjs/core/dist/umd/popper.js'), dom.getInternalVMContext());
	runScript(process.argv[2], dom.getInternalVMContext());
	const bs = window.bootstrap;
	const settle = () => new Promise((resolve) => setTimeout(resolve, 40));
	const $ = (sel) => doc.querySelector(sel);
	const html = (sel) => $(sel) ? $(sel).outerHTML.replace(/\s+/g, ' ') : 'gone';
	const log = [];
	for (const name of ['alert', 'collapse', 'dropdown', 'modal', 'offcanvas', 'tab', 'toast', 'carousel', 'tooltip', 'popover', 'button'])
		for (const ev of ['show', 'shown', 'hide', 'hidden', 'close', 'closed', 'slide', 'slid', 'inserted'])
			doc.addEventListener(ev + '.bs.' + name, (e) => log.push(e.type + (e.target.id ? '#' + e.target.id : '') + (e.relatedTarget && e.relatedTarget.id ? '<' + e.relatedTarget.id : '') + (e.to !== undefined ? ' to=' + e.to + ' from=' + e.from + ' dir=' + e.direction : '')));
	const step = async (label, fn, sels) => {
		log.length = 0;
		await fn();
		await settle();
		show(label + ' events', log.slice());
		for (const s of sels) show(label + ' ' + s, html(s));
	};
	show('components', Object.keys(bs).sort());
	show('versions', [bs.Modal.VERSION, bs.Tooltip.NAME, bs.Collapse.DATA_KEY, bs.Carousel.EVENT_KEY, Object.keys(bs.Tooltip.Default).sort(), bs.Dropdown.DefaultType]);

	await step('button toggle', () => { $('#tbtn').click(); }, ['#tbtn']);
	await step('button api', () => { bs.Button.getOrCreateInstance($('#tbtn')).toggle(); }, ['#tbtn']);
	await step('collapse show', () => { $('#cbtn').click(); }, ['#cbtn', '#col']);
	await step('collapse hide', () => { bs.Collapse.getInstance($('#col')).hide(); }, ['#cbtn', '#col']);
	await step('accordion', () => { $('#acc2b').click(); }, ['#acc']);
	await step('dropdown open', () => { $('#ddbtn').click(); }, ['#dd']);
	await step('dropdown keydown', () => { $('#ddbtn').dispatchEvent(new window.KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true })); }, ['#dd']);
	show('dropdown focus', doc.activeElement ? doc.activeElement.outerHTML : null);
	await step('dropdown escape', () => { $('#dd .dropdown-menu').dispatchEvent(new window.KeyboardEvent('keydown', { key: 'Escape', bubbles: true })); }, ['#dd']);
	await step('dropdown api', () => { const d = bs.Dropdown.getOrCreateInstance($('#ddbtn'), { offset: [5, 10], display: 'static' }); d.toggle(); d.update(); }, ['#dd']);
	await step('dropdown outside click', () => { doc.body.dispatchEvent(new window.MouseEvent('click', { bubbles: true })); }, ['#dd']);
	await step('modal show', () => { $('#mbtn').click(); }, ['#modal', 'body']);
	show('modal misc', [doc.body.className, doc.body.style.cssText, doc.querySelectorAll('.modal-backdrop').length, doc.activeElement && doc.activeElement.id]);
	await step('modal hide', () => { $('#mclose').click(); }, ['#modal']);
	show('modal after', [doc.body.className, doc.body.style.cssText, doc.querySelectorAll('.modal-backdrop').length]);
	await step('modal static', () => { const m = new bs.Modal($('#modal'), { backdrop: 'static', keyboard: false }); m.show(); }, ['#modal']);
	await step('modal static escape', () => { $('#modal').dispatchEvent(new window.KeyboardEvent('keydown', { key: 'Escape', bubbles: true })); }, ['#modal']);
	await step('modal dispose', () => { const m = bs.Modal.getInstance($('#modal')); m.hide(); }, ['#modal']);
	await step('offcanvas', () => { bs.Offcanvas.getOrCreateInstance($('#oc'), { backdrop: true, scroll: false }).show(); }, ['#oc']);
	show('offcanvas backdrop', doc.querySelectorAll('.offcanvas-backdrop').length);
	await step('offcanvas hide', () => { bs.Offcanvas.getInstance($('#oc')).toggle(); }, ['#oc']);
	await step('tab', () => { $('#t2').click(); }, ['#t1', '#t2', '#p1', '#p2']);
	await step('tab keyboard', () => { $('#t2').dispatchEvent(new window.KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true })); }, ['#t1', '#p1']);
	await step('toast', () => { bs.Toast.getOrCreateInstance($('#toast')).show(); }, ['#toast']);
	show('toast state', [bs.Toast.getInstance($('#toast')).isShown()]);
	await step('toast hide', () => { bs.Toast.getInstance($('#toast')).hide(); }, ['#toast']);
	const car = bs.Carousel.getOrCreateInstance($('#car'), { interval: false, wrap: true, touch: false });
	await step('carousel next', () => { car.next(); }, ['#car']);
	await step('carousel to', () => { car.to(0); }, ['#car']);
	await step('carousel prev wraps', () => { car.prev(); }, ['#car']);
	await step('carousel indicator', () => { doc.querySelectorAll('#car [data-bs-slide-to]')[1].click(); }, ['#car']);
	await step('carousel key', () => { $('#car').dispatchEvent(new window.KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })); }, ['#car']);
	const tip = new bs.Tooltip($('#tip'), { html: true, placement: 'bottom', animation: false, container: 'body' });
	await step('tooltip show', () => { tip.show(); }, ['#tip']);
	show('tooltip element', [doc.querySelectorAll('.tooltip').length, doc.querySelector('.tooltip') && doc.querySelector('.tooltip .tooltip-inner').innerHTML, doc.querySelector('.tooltip') && doc.querySelector('.tooltip').getAttribute('role')]);
	tip.setContent({ '.tooltip-inner': 'New <i>content</i><script>bad()</script><a href="javascript:x()">x</a>' });
	show('tooltip setContent', doc.querySelector('.tooltip') && doc.querySelector('.tooltip .tooltip-inner').innerHTML);
	await step('tooltip hide', () => { tip.hide(); }, ['#tip']);
	show('tooltip gone', doc.querySelectorAll('.tooltip').length);
	await step('tooltip dispose', () => { tip.dispose(); }, ['#tip']);
	const pop = bs.Popover.getOrCreateInstance($('#pop'), { animation: false, trigger: 'click', sanitize: true, allowList: Object.assign({}, bs.Tooltip.Default.allowList, { span: ['data-x'] }) });
	await step('popover click', () => { $('#pop').click(); }, ['#pop']);
	show('popover element', doc.querySelector('.popover') ? doc.querySelector('.popover').innerHTML.replace(/ style="[^"]*"/g, '') : null);
	await step('popover toggle', () => { pop.toggle(); }, ['#pop']);
	await step('alert close', () => { $('#alert .btn-close').click(); }, ['#alert']);
	show('instances', [bs.Collapse.getInstance($('#col')) !== null, bs.Alert.getInstance($('#alert')), bs.Tab.getInstance($('#t2')) !== null]);
	attempt('bad config', () => new bs.Tooltip($('#tbtn'), { placement: 5 }));
	attempt('bad carousel method', () => bs.Carousel.jQueryInterface);
	showMarkup('final body', doc.body.innerHTML.replace(/\s+/g, ' '));
});
