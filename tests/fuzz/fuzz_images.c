/*
 * fuzz_images.c - libFuzzer harness for the image re-encoders (make fuzz).
 *
 * Hostile PNG and JPEG input reaches libpng and libjpeg-turbo through our
 * error handlers (longjmp), dimension limits and buffers; the sanitizers
 * report any overflow or leak on the way.  The first byte picks the encoder
 * and an effort level, so seeds are real images with one byte in front.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "images/images.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image_opts io;
	struct diag d;
	struct buf out = BUF_INIT;
	unsigned pick;

	if (size < 1)
		return 0;
	pick = data[0];
	memset(&io, 0, sizeof(io));
	io.effort = 1 + (pick >> 2) % 3;   /* the low levels: the fuzzer wants many runs a second */
	io.file = "fuzz";
	diag_clear(&d);
	switch (pick & 3) {
	case 0:
		image_optimize_png(data + 1, size - 1, &out, &io, &d);
		break;
	case 1:
		image_optimize_jpeg(data + 1, size - 1, &out, &io, &d);
		break;
	case 2:
		io.jpeg_quality = 60;
		image_optimize_jpeg(data + 1, size - 1, &out, &io, &d);
		break;
	default:
		image_to_webp(data + 1, size - 1, &out, &io, &d);
		break;
	}
	buf_release(&out);
	return 0;
}
