/*
 * fuzz_manifest.c - libFuzzer harness for the remote manifest parser (make fuzz).
 *
 * The manifest comes from the bucket, which anyone with write access to it
 * controls.  Whatever parses must serialize, and the serialized form must
 * parse again to the same entries (the next push reads what this one wrote).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "manifests/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest m, again;
	struct diag d;
	struct buf text = BUF_INIT;

	memset(&m, 0, sizeof(m));
	memset(&again, 0, sizeof(again));
	diag_clear(&d);
	if (manifest_parse((const char *)data, size, "fuzz", &m, &d) == JD_OK) {
		if (manifest_serialize(&m, &text, &d) != JD_OK ||
		    manifest_parse(text.data, text.len, "fuzz-again", &again, &d) != JD_OK ||
		    again.n != m.n)
			abort();
		for (size_t i = 0; i < m.n; i++)
			if (manifest_entry_differs(&m.e[i], &again.e[i]))
				abort();
		manifest_free(&again);
	}
	manifest_free(&m);
	buf_release(&text);
	return 0;
}
