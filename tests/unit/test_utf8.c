/*
 * test_utf8.c - lib/utf8.h: what counts as UTF-8 (the rule jansson and the
 * manifest reader apply), and how names that are not are shown in messages.
 */
#include "lib/utf8.h"
#include "lib/util.h"
#include "test.h"

static void validity(void)
{
	static const struct {
		const char *s;
		int valid;
		const char *what;
	} cases[] = {
		{ "", 1, "the empty string" },
		{ "index.html", 1, "ASCII" },
		{ "caf\xc3\xa9/\xe6\x97\xa5\xe6\x9c\xac.txt", 1, "two- and three-byte characters" },
		{ "\xf0\x9f\x98\x80", 1, "a four-byte character (U+1F600)" },
		{ "\xf4\x8f\xbf\xbf", 1, "U+10FFFF" },
		{ "caf\xe9.txt", 0, "a Latin-1 byte" },
		{ "\x80", 0, "a stray continuation byte" },
		{ "\xc3", 0, "a sequence cut off at the end" },
		{ "\xc3(", 0, "a lead byte without its continuation" },
		{ "\xc0\xaf", 0, "an overlong '/'" },
		{ "\xe0\x80\xaf", 0, "an overlong three-byte form" },
		{ "\xed\xa0\x80", 0, "a surrogate (U+D800)" },
		{ "\xf4\x90\x80\x80", 0, "beyond U+10FFFF" },
		{ "\xff", 0, "0xFF" },
	};
	char name[160];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(name, sizeof(name), "utf8_valid: %s is %s", cases[i].what,
			 cases[i].valid ? "valid" : "refused");
		CHECK(name, utf8_valid(cases[i].s) == cases[i].valid);
	}
}

static void escaping(void)
{
	char *s;

	s = utf8_escape("site/caf\xe9.txt");
	CHECK_STR("a Latin-1 byte is shown as \\xNN", s, "site/caf\\xE9.txt");
	free(s);
	s = utf8_escape("caf\xc3\xa9 \xed\xa0\x80!");
	CHECK_STR("valid characters stay, each byte of a surrogate is escaped", s, "caf\xc3\xa9 \\xED\\xA0\\x80!");
	free(s);
	s = utf8_escape("plain");
	CHECK_STR("valid text is copied", s, "plain");
	free(s);
}

static void abbreviation(void)
{
	struct buf long_key = BUF_INIT;
	char *s;

	for (int i = 0; i < 200; i++)
		buf_addstr(&long_key, "\xc3\xa9"); /* 400 bytes of two-byte characters */
	buf_addstr(&long_key, "/end.html");
	s = utf8_abbrev(long_key.data, 100);
	CHECK("a long string keeps its end", ends_with(s, "/end.html"));
	CHECK("... and its start, joined by ...", starts_with(s, "\xc3\xa9") && strstr(s, "..."));
	CHECK("... in about the size asked for", strlen(s) <= 100);
	CHECK("... cut at character boundaries", utf8_valid(s));
	free(s);
	s = utf8_abbrev("short.txt", 100);
	CHECK_STR("a short string is whole", s, "short.txt");
	free(s);
	buf_release(&long_key);
}

static void check_encode(void)
{
	static const struct { unsigned long cp; const char *bytes; } cases[] = {
		{0x41, "A"}, {0xE9, "\xc3\xa9"}, {0x20AC, "\xe2\x82\xac"}, {0x1F600, "\xf0\x9f\x98\x80"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[4], name[64];
		size_t n = utf8_encode(cases[i].cp, out);
		snprintf(name, sizeof(name), "utf8_encode(U+%04lX) is %zu bytes", cases[i].cp, strlen(cases[i].bytes));
		CHECK(name, n == strlen(cases[i].bytes) && memcmp(out, cases[i].bytes, n) == 0);
	}
}

int main(void)
{
	check_encode();
	validity();
	escaping();
	abbreviation();
	TEST_DONE();
}
