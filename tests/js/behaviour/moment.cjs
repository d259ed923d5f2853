// moment.cjs FILE - drives moment (FILE: moment.js or a minified copy) on fixed dates:
// parsing, formatting, arithmetic, durations, a custom locale, relative time (see lib.cjs).
'use strict';
process.env.TZ = 'UTC';
const { loadCommonJS, show, attempt, run } = require('./lib.cjs');

run(() => {
	const moment = loadCommonJS(process.argv[2]);
	moment.suppressDeprecationWarnings = true;
	show('version', moment.version);
	const base = moment.utc('2024-02-29T13:45:30.123Z');
	const formats = ['YYYY-MM-DD HH:mm:ss.SSS', 'dddd, MMMM Do YYYY, h:mm:ss a', 'ddd MMM D YY', 'Q [quarter] gggg-[W]ww-e GGGG-[W]WW-E',
		'DDDD DDDo X x', 'LT LTS L LL LLL LLLL l ll lll llll', 'Z ZZ z zz', 'k kk hh A', '[escaped] YYYY [Y]', 'YYYYYY Y N NN NNNN NNNNN',
		'SSSS SSSSSS SSSSSSSSS', 'wo Wo Qo Mo do'];
	for (const f of formats) show('format ' + f, base.format(f));
	show('toISOString', [base.toISOString(), base.toJSON(), base.valueOf(), base.unix(), base.toArray(), base.toObject()]);
	show('inspect-free string', base.toString());

	const inputs = [
		['2013-02-08', undefined], ['2013-W06-5', undefined], ['2013-039', undefined], ['20130208T080910,123', undefined],
		['2013-02-08 09:30:26.123+07:00', undefined], ['12-25-1995', 'MM-DD-YYYY'], ['24/12/2019 09:15:00', 'DD/MM/YYYY HH:mm:ss'],
		['Dec 25, 1995 1:02 pm', 'MMM D, YYYY h:mm a'], ['1995 52', 'GGGG WW'], ['not a date', 'YYYY-MM-DD'], ['2010-13-01', 'YYYY-MM-DD'],
		['Thu, 01 Jan 1970 00:00:00 GMT', moment.RFC_2822], ['2016-12-31T23:59:60Z', moment.ISO_8601], ['1318781876406', 'x'], ['1318781876', 'X'],
		['5th of June 2021', 'Do [of] MMMM YYYY'], ['2021-06-05', ['MM-DD-YYYY', 'YYYY-MM-DD']],
	];
	for (const [s, f] of inputs) {
		const m = f === undefined ? moment.utc(s) : moment.utc(s, f);
		show('parse ' + s, [m.isValid(), m.isValid() ? m.toISOString() : m.invalidAt(), m.parsingFlags().overflow, m.parsingFlags().unusedTokens]);
	}
	const strict = moment.utc('2021-6-5', 'YYYY-MM-DD', true);
	show('strict', [strict.isValid(), moment.utc('2021-06-05', 'YYYY-MM-DD', true).isValid()]);
	show('from array/object', [moment.utc([2010, 1, 14, 15, 25, 50, 125]).format(), moment.utc({ year: 2010, month: 3, day: 5, hour: 15, minute: 10, second: 3, millisecond: 123 }).format()]);
	show('parseZone', [moment.parseZone('2013-01-01T00:00:00-13:00').utcOffset(), moment.parseZone('2013-01-01T00:00:00-13:00').format()]);

	// Arithmetic and manipulation
	const ops = [['add', 1, 'years'], ['add', 1, 'months'], ['add', 3, 'Q'], ['add', 10, 'days'], ['add', 2, 'weeks'], ['add', 36, 'hours'], ['subtract', 90, 'minutes'],
		['subtract', 1, 'months'], ['subtract', 1, 'years'], ['add', 1000, 'ms'], ['add', -500, 'days'], ['add', 1.5, 'months'], ['add', 1.5, 'days']];
	for (const [op, n, u] of ops) show(op + ' ' + n + ' ' + u, base.clone()[op](n, u).format());
	for (const u of ['year', 'quarter', 'month', 'week', 'isoWeek', 'day', 'date', 'hour', 'minute', 'second'])
		show('startOf/endOf ' + u, [base.clone().startOf(u).format('YYYY-MM-DD HH:mm:ss.SSS'), base.clone().endOf(u).format('YYYY-MM-DD HH:mm:ss.SSS')]);
	show('getters', [base.year(), base.month(), base.date(), base.day(), base.weekday(), base.isoWeekday(), base.dayOfYear(), base.week(), base.isoWeek(), base.weekYear(), base.isoWeekYear(), base.quarter(), base.weeksInYear(), base.isoWeeksInYear(), base.daysInMonth(), base.isLeapYear(), base.get('hour')]);
	show('setters', base.clone().set({ year: 2023, month: 1, date: 31 }).day(7).hours(25).format());
	show('utcOffset', [base.clone().utcOffset(330).format(), base.clone().utcOffset('-08:00').format('LLLL Z'), base.clone().utcOffset(120, true).format(), base.clone().local().utcOffset()]);

	// Queries and differences
	const a = moment.utc('2010-10-20'), b = moment.utc('2012-02-29T06:00:00Z');
	show('compare', [a.isBefore(b), a.isAfter(b), a.isSame(b, 'year'), a.isSameOrBefore('2010-10-20'), a.isBetween('2010-10-19', b), a.isBetween('2010-10-20', b, null, '[)'), moment.isMoment(a), moment.isDate(new Date(0))]);
	for (const u of ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds', 'quarters'])
		show('diff ' + u, [b.diff(a, u), b.diff(a, u, true)]);
	show('min/max', [moment.min(a, b).format(), moment.max([a, b]).format()]);

	// Relative time against a fixed point (never "now")
	const ref = moment.utc('2020-01-01T00:00:00Z');
	const deltas = [-3, 30, 44, 45, 89, 90, 44 * 60, 45 * 60, 89 * 60, 90 * 60, 21 * 3600, 22 * 3600, 35 * 3600, 36 * 3600, 25 * 86400, 26 * 86400, 45 * 86400, 319 * 86400, 320 * 86400, 547 * 86400, 548 * 86400, 3650 * 86400];
	show('from', deltas.map((s) => ref.clone().add(s, 's').from(ref)));
	show('to', deltas.map((s) => ref.clone().subtract(s, 's').to(ref, true)));
	show('calendar', [-10, -3, -1, 0, 0.5, 1, 3, 10].map((d) => ref.clone().add(d, 'days').calendar(ref)));
	moment.relativeTimeThreshold('s', 10);
	moment.relativeTimeRounding(Math.floor);
	show('thresholds', [ref.clone().add(12, 's').from(ref), ref.clone().add(100, 'minutes').from(ref), moment.relativeTimeThreshold('ss')]);
	moment.relativeTimeThreshold('s', 45);
	moment.relativeTimeRounding(Math.round);

	// Durations
	const durs = [moment.duration(123456789), moment.duration('P1Y2M3DT4H5M6.7S'), moment.duration('-1.02:03:04.567'), moment.duration({ weeks: 2, days: 3, hours: 25 }), moment.duration(90, 'minutes'), moment.duration('23:59:59')];
	for (const d of durs)
		show('duration', [d.toISOString(), d.humanize(), d.humanize(true), d.asDays(), d.asHours(), d.years(), d.months(), d.days(), d.hours(), d.minutes(), d.seconds(), d.milliseconds(), d.clone().add(1, 'd').subtract(2, 'h').as('minutes'), d.isValid()]);
	show('duration between', moment.duration(b.diff(a)).humanize());
	show('duration invalid', [moment.duration('nonsense').isValid(), moment.duration(NaN).isValid()]);

	// Locales: a custom one, exercising the locale and ordinal machinery
	moment.defineLocale('xx', {
		months: 'Jan_Feb_Mar_Apr_Mai_Jun_Jul_Aug_Sep_Okt_Nov_Dez'.split('_').map((m) => m + 'uar'),
		monthsShort: 'jan_feb_mar_apr_mai_jun_jul_aug_sep_okt_nov_dez'.split('_'),
		weekdays: 'Sonntag_Montag_Dienstag_Mittwoch_Donnerstag_Freitag_Samstag'.split('_'),
		weekdaysShort: 'So._Mo._Di._Mi._Do._Fr._Sa.'.split('_'),
		weekdaysMin: 'So_Mo_Di_Mi_Do_Fr_Sa'.split('_'),
		longDateFormat: { LT: 'HH:mm', LTS: 'HH:mm:ss', L: 'DD.MM.YYYY', LL: 'D. MMMM YYYY', LLL: 'D. MMMM YYYY HH:mm', LLLL: 'dddd, D. MMMM YYYY HH:mm' },
		calendar: { sameDay: '[heute um] LT [Uhr]', nextDay: '[morgen um] LT', nextWeek: 'dddd [um] LT', lastDay: '[gestern um] LT', lastWeek: '[letzten] dddd [um] LT', sameElse: 'L' },
		relativeTime: { future: 'in %s', past: 'vor %s', s: 'ein paar Sekunden', ss: '%d Sekunden', m: 'einer Minute', mm: '%d Minuten', h: 'einer Stunde', hh: '%d Stunden', d: 'einem Tag', dd: (n) => n + ' Tagen', M: 'einem Monat', MM: '%d Monaten', y: 'einem Jahr', yy: '%d Jahren' },
		dayOfMonthOrdinalParse: /\d{1,2}\./,
		ordinal: '%d.',
		week: { dow: 1, doy: 4 },
		meridiemParse: /vorm|nachm/,
		meridiem: (h) => (h < 12 ? 'vorm' : 'nachm'),
	});
	show('locale', moment.locale());
	const bx = moment.utc('2024-02-29T13:45:30.123Z');
	show('locale xx', [bx.format('LLLL'), bx.format('dddd Do MMMM a LT l'), base.fromNow === undefined, ref.clone().add(3, 'days').from(ref), ref.clone().subtract(3, 'days').calendar(ref), bx.week(), bx.weekday(), bx.clone().startOf('week').format('L')]);
	show('locale parse', moment.utc('5. Juniuar 2021 nachm 3', 'Do MMMM YYYY a h').format());
	show('locale data', [moment.localeData().months(base), moment.localeData().weekdaysMin(), moment.localeData().firstDayOfWeek(), moment.localeData().ordinal(3), moment.months(), moment.weekdaysShort(true)]);
	moment.updateLocale('xx', { ordinal: (n) => n + '°' });
	show('updateLocale', [moment.utc(bx).format('Do'), moment.locales().sort()]);
	moment.locale('en');
	show('instance locale', [base.clone().locale('xx').format('MMMM dddd'), base.format('MMMM dddd'), moment.duration(3, 'days').locale('xx').humanize(true)]);
	show('en ordinals', Array.from({ length: 40 }, (_, i) => moment.localeData().ordinal(i)).join(' '));
	show('invalid', [moment.invalid().format(), moment.utc('2020-02-30').format(), moment.utc(NaN).isValid(), String(moment.utc('x', 'YYYY'))]);
	attempt('creationData', () => { const c = moment.utc('2020-01-02', 'YYYY-MM-DD').creationData(); return [c.input, c.format, c.isUTC, c.strict]; });
	show('normalizeUnits', ['y', 'M', 'Q', 'w', 'W', 'd', 'D', 'h', 'm', 's', 'ms', 'years', 'isoWeek'].map((u) => moment.normalizeUnits(u)));
	show('sequence', Array.from({ length: 60 }, (_, i) => moment.utc('2000-01-01').add(i * 37, 'days').add(i * 7, 'h').format('GGGG-WW e DDD')).join(' '));
});
