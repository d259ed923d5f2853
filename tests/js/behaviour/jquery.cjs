// jquery.cjs FILE - runs jQuery (FILE: dist/jquery.js or a minified copy) inside a jsdom
// window and drives selectors, traversal, manipulation, attributes, data, events, effects
// (with $.fx.off), forms, Callbacks/Deferred, and ajax through a custom transport (no
// network), printing the results (see lib.cjs for the rules of the output).
'use strict';
const { runScript, jsdomWindow, show, showMarkup, attempt, run } = require('./lib.cjs');

const page = `<!DOCTYPE html><html><head><title>t</title></head><body>
<div id="main" class="box big" data-role="page" data-count="3" data-json='{"a":[1,2]}'>
  <h1 class="title">Heading <em>one</em></h1>
  <ul id="list"><li class="a">one</li><li class="b">two</li><li class="a b">three</li><li>four</li><li class="last">five</li></ul>
  <p lang="en-US">First <a href="/x?y=1" title="link">link</a> and <span>span</span>.</p>
  <p class="second" hidden>Second</p>
  <table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>
</div>
<form id="f"><input name="user" value="ann"><input type="checkbox" name="c" value="1" checked><input type="checkbox" name="c" value="2">
<select name="s" multiple><option selected>x</option><option>y</option><option selected>z</option></select>
<textarea name="t">text
area</textarea><input type="radio" name="r" value="a"><input type="radio" name="r" value="b" checked><input type="submit" name="go" value="Go"></form>
</body></html>`;

run(async () => {
	const dom = jsdomWindow(page);
	const window = dom.window;
	runScript(process.argv[2], dom.getInternalVMContext());
	const $ = window.jQuery;
	show('version', [$.fn.jquery, window.$ === $]);
	const texts = (sel) => $(sel).map((i, e) => $(e).text()).get();

	// Selectors (Sizzle and qSA paths)
	const selectors = ['li', 'li.a', 'li.a.b', '#list > li:first-child', 'li:last', 'li:eq(2)', 'li:gt(1)', 'li:lt(2)', 'li:even', 'li:odd', 'li:not(.a)', 'li:contains(t)',
		'p:has(a)', 'a[href^="/x"]', '[data-role=page]', 'p[lang|=en]', 'h1 + ul', 'h1 ~ p', ':header', 'td:nth-child(2n)', 'tr:first td:last', ':input', ':checkbox:checked', 'option:selected',
		':radio', ':text', ':submit', 'p:hidden', 'li:visible', ':empty', ':parent', 'em, span', '#main .title em', 'div#main.box.big', '*:not(html,head,body,script)'];
	for (const s of selectors) attempt('select ' + s, () => [$(s).length, $(s).map((i, e) => e.tagName + (e.className ? '.' + e.className : '')).get().join(' ')]);
	attempt('bad selector', () => $('li:bogus(1)'));
	show('is/filter', [$('li').is('.b'), $('li').filter('.a').length, $('li').filter((i) => i % 2 === 0).length, $('li').not('.a').length, $('li').has('em').length, $('li').slice(1, 3).length]);

	// Traversal
	show('traverse', [texts($('.b').first().siblings()), texts($('.b').last().prevAll()), texts($('li.a').nextUntil('.last')), $('em').parents().map((i, e) => e.tagName).get(),
		$('em').closest('div').attr('id'), texts($('#list').children('.a')), $('#main').find('td').length, texts($('li').eq(-2)), $('li').index($('.last')), $('span').parentsUntil('body').length,
		$('td').first().add('li.last').length, texts($('li.b').addBack ? $('li.a').next().addBack() : []), $('#list').contents().length, $('h1').end().length]);

	// Manipulation
	$('#list').append('<li class="new">six</li>').prepend($('<li>zero</li>'));
	$('.last').after('<li>after-five</li>').before('<li>before-five</li>');
	$('<b>bold</b>').appendTo('h1').clone().prependTo('p.second');
	$('li:contains(four)').wrap('<div class="wrapper"></div>').unwrap();
	$('span').wrapInner('<i></i>');
	$('em').replaceWith('<strong>ONE</strong>');
	$('td').eq(3).empty().append(document_fragment($));
	$('li.new').remove();
	$('li').eq(0).detach().appendTo('#list');
	showMarkup('html after manipulation', $('#main').html().replace(/\s+/g, ' '));
	show('text', [$('h1').text(), $('p').first().text(), $('ul').children().length]);

	// Attributes, properties, classes, css, dimensions
	$('a').attr({ title: 'changed', 'data-x': 'y' }).removeAttr('href').prop('rel', 'nofollow');
	$('li').addClass((i) => 'item-' + i).removeClass('a').toggleClass('b').toggleClass('odd', true);
	$('h1').css({ color: 'red', 'margin-top': 10, fontSize: '20px' }).css('padding', '2px 3px');
	$('#main').width(200).height('50px');
	show('attrs', [$('a')[0].outerHTML, $('li').map((i, e) => e.className).get(), $('h1').attr('style'), $('h1').css('color'), $('h1').css('margin-top'), $('h1').css(['fontSize', 'padding-left']),
		$('#main').css('width'), $('#main').width(), $('#main').hasClass('box'), $(':checkbox').prop('checked'), $(':checkbox').attr('checked'), $('input[name=user]').val()]);

	// Data
	const main = $('#main');
	main.data('extra', { deep: [1, 2] });
	show('data', [main.data('role'), main.data('count'), main.data('json'), main.data('extra'), Object.keys(main.data()).sort(), $.hasData(main[0]), main.removeData('extra').data('extra')]);

	// Events: handlers, delegation, namespaces, custom events, event object
	const log = [];
	$('#list').on('click.ns', 'li', function (e) { log.push('delegated:' + $(this).text() + ':' + e.type + ':' + e.namespace); });
	$('li').first().on('click', (e, extra) => { log.push('direct:' + (extra || '')); });
	$(window.document).on('custom', (e, a, b) => { log.push('custom:' + a + b + ':' + (e.target === window.document)); });
	$('h1').one('mouseenter', () => log.push('once'));
	$('li').first().trigger('click', ['x']);
	$('li').eq(2)[0].dispatchEvent(new window.MouseEvent('click', { bubbles: true }));
	$(window.document).trigger('custom', [1, 2]);
	$('h1').trigger('mouseenter').trigger('mouseenter');
	$('#list').off('.ns');
	$('li').eq(1).trigger('click');
	const ev = $.Event('keydown', { which: 13 });
	$('input[name=user]').on('keydown', (e) => { log.push('key:' + e.which + ':' + e.isDefaultPrevented()); e.preventDefault(); }).trigger(ev);
	log.push('after:' + ev.isDefaultPrevented());
	$('#f').on('submit', (e) => { e.preventDefault(); log.push('submit'); });
	$('#f').triggerHandler('submit');
	show('events', log);

	// Forms
	show('forms', [$('#f').serialize(), $('#f').serializeArray(), $('select').val(), $(':radio:checked').val(), $('textarea').val()]);
	$('select').val(['y']);
	$(':checkbox').val(['2']);
	show('forms after val', [$('#f').serialize(), $.param({ a: [1, 2], b: { c: 3, d: [4] }, e: 'x y&z' }), $.param({ a: [1, 2] }, true)]);

	// Effects (off: they finish at once) and queues
	$.fx.off = true;
	const fx = [];
	$('p.second').show(); fx.push($('p.second').css('display'));
	$('h1').hide(); fx.push($('h1').css('display'));
	$('h1').toggle(); fx.push($('h1').css('display'));
	$('h1').fadeOut(100, () => fx.push('faded')); fx.push($('h1').css('display'));
	$('#list').animate({ opacity: 0.5, left: '+=10' }, 200, () => fx.push('animated:' + $('#list').css('opacity')));
	$('#list').queue('q', (next) => { fx.push('q1'); next(); }).queue('q', (next) => { fx.push('q2'); next(); }).dequeue('q');
	show('effects', fx);

	// Utilities
	show('utils', [$.extend(true, {}, { a: { b: [1, 2] } }, { a: { c: 3 } }), $.extend({ a: 1 }, { b: 2 }), $.map([1, 2, 3], (v) => (v > 1 ? [v, v] : null)), $.grep([1, 2, 3, 4], (v) => v % 2), $.inArray(3, [1, 2, 3]),
		$.merge([1], [2, 3]), $.trim('  x  '), $.isNumeric('1e3'), $.isNumeric('x'), $.isPlainObject({}), $.isEmptyObject({}), $.type([]), $.type(/x/), $.camelCase ? $.camelCase('a-b-c') : null, $.makeArray($('li')).length,
		$.uniqueSort($('li').get().concat($('li').get())).length, $.contains(window.document.body, $('em, strong')[0]), $.parseHTML('<p>a</p><b>b</b>text').length, $.escapeSelector('#a.b'), $.now === undefined]);
	show('each', (() => { const out = []; $.each({ x: 1, y: 2 }, (k, v) => { out.push(k + v); }); $.each([5, 6, 7], (i, v) => (v === 6 ? false : out.push(i + ':' + v))); return out; })());
	show('parse', [$.parseJSON ? $.parseJSON('{"a":1}') : null, $.parseXML('<r><c a="1">t</c></r>').documentElement.outerHTML, $($.parseXML('<r><c a="1">t</c></r>')).find('c').attr('a')]);
	attempt('parseXML error', () => $.parseXML('<r><unclosed></r>'));

	// Callbacks and Deferred (then() runs its callbacks later, so wait for it)
	const cbLog = [];
	const cbs = $.Callbacks('once memory unique');
	cbs.add((x) => cbLog.push('a' + x)); cbs.fire(1); cbs.add((x) => cbLog.push('late' + x)); cbs.fire(2);
	const stop = $.Callbacks('stopOnFalse'); stop.add(() => { cbLog.push('s1'); return false; }, () => cbLog.push('s2')); stop.fire();
	show('callbacks', cbLog);
	const dLog = [];
	const d1 = $.Deferred(), d2 = $.Deferred();
	d1.done((v) => dLog.push('done' + v)).fail(() => dLog.push('fail')).always(() => dLog.push('always')).progress((p) => dLog.push('progress' + p));
	const chained = d1.then((v) => v * 2).then((v) => { throw new Error('boom' + v); }).catch((e) => 'caught:' + e.message);
	const all = $.when(d1, d2, 5);
	d1.notify(50); d1.resolve(21); d2.reject('no');
	show('deferred states', [d1.state(), d2.state(), all.state()]);
	const chainedValue = await new Promise((resolve) => chained.then(resolve));
	dLog.push(chainedValue);
	show('deferred', dLog);

	// ajax through a custom transport: no network, fixed responses
	$.ajaxTransport('+*', (options) => ({
		send: (headers, complete) => {
			const url = options.url;
			if (url.includes('missing')) complete(404, 'Not Found', { text: 'nope' }, 'Content-Type: text/plain');
			else if (url.includes('json')) complete(200, 'OK', { text: JSON.stringify({ url, method: options.type, data: options.data || null, headers: Object.keys(headers).sort() }) }, 'Content-Type: application/json');
			else complete(200, 'OK', { text: '<div class="loaded"><b>' + url + '</b></div>' }, 'Content-Type: text/html');
		},
		abort: () => {},
	}));
	const ajaxLog = [];
	$(window.document).on('ajaxSend ajaxSuccess ajaxError ajaxComplete', (e, xhr, o) => ajaxLog.push(e.type + ':' + o.url));
	const r1 = await new Promise((resolve) => $.getJSON('/api/json?x=1', { y: 2 }).done((data, status, xhr) => resolve([data, status, xhr.status, xhr.getResponseHeader('content-type')])));
	const r2 = await new Promise((resolve) => $.ajax({ url: '/api/missing', dataType: 'text' }).fail((xhr, status, err) => resolve([xhr.status, status, err, xhr.responseText])));
	const r3 = await new Promise((resolve) => $.post('/api/json', { a: [1, 2] }, (data) => resolve(data), 'json'));
	const r4 = await new Promise((resolve) => $('#main').load('/frag .loaded b', () => resolve($('#main').html())));
	show('ajax', [r1, r2, r3, r4, ajaxLog]);
	showMarkup('final body', window.document.body.innerHTML.replace(/\s+/g, ' '));
});

// A fragment built with the DOM API, to append with jQuery.
function document_fragment($) {
	const doc = $('body')[0].ownerDocument;
	const frag = doc.createDocumentFragment();
	for (const t of ['x', 'y']) { const s = doc.createElement('span'); s.textContent = t; frag.appendChild(s); }
	return frag;
}
