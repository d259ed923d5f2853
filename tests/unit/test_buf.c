/* test_buf.c - struct buf: limits, NUL termination, detach. */
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/util.h"
#include "test.h"

#include <stdlib.h>

int main(void)
{
	struct buf b;
	char *p;
	size_t n;

	buf_init(&b, 8);
	CHECK("empty buffer data is never NULL", b.data != NULL && b.data[0] == '\0');
	CHECK("append within limit", buf_add(&b, "abc\0de", 6) == 0 && b.len == 6);
	CHECK("buffer may hold NULs and stays terminated", b.data[3] == '\0' && b.data[6] == '\0');
	CHECK("append past limit refused", buf_addstr(&b, "xyz") == JD_ELIMIT);
	CHECK("refused append leaves buffer unchanged", b.len == 6);
	CHECK("append up to exactly the limit", buf_addstr(&b, "fg") == 0 && b.len == 8);
	p = buf_detach(&b, &n);
	CHECK("detach hands over bytes", n == 8 && memcmp(p, "abc\0defg", 8) == 0);
	CHECK("detach leaves empty buffer", b.len == 0 && b.data[0] == '\0');
	free(p);
	buf_init(&b, BUF_MAX_DEFAULT);
	buf_printf(&b, "%s-%d", "x", 42);
	CHECK_STR("printf appends", b.data, "x-42");
	buf_truncate(&b, 1);
	CHECK_STR("truncate", b.data, "x");
	buf_release(&b);
	CHECK("release leaves empty buffer", b.len == 0 && b.data == buf_empty);
	TEST_DONE();
}
