/*
 * version.c - `jamdeploy version`: the version and the libraries it was built with.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <openssl/opensslv.h>
#include <png.h>
#include <zlib.h>

#include "cmd.h"
#include "lib/version.h"

static const struct option version_options[] = { COMMON_OPTIONS, OPT_END };

static enum jd_err run_version(struct opts *o, struct diag *d)
{
	if (o->json) {
		printf("{\"version\":\"%s\",\"curl\":\"%s\",\"openssl\":\"%s\",\"libpng\":\"%s\","
		       "\"zlib\":\"%s\",\"jansson\":\"%s\"}\n", JAMDEPLOY_VERSION, curl_version_info(CURLVERSION_NOW)->version,
		       OPENSSL_VERSION_TEXT, PNG_LIBPNG_VER_STRING, ZLIB_VERSION, JANSSON_VERSION);
		return JD_OK;
	}
	printf("jamdeploy %s\n", JAMDEPLOY_VERSION);
	if (o->verbose)
		printf("curl %s, %s, libpng %s, zlib %s, jansson %s\n",
		       curl_version_info(CURLVERSION_NOW)->version, OPENSSL_VERSION_TEXT,
		       PNG_LIBPNG_VER_STRING, ZLIB_VERSION, JANSSON_VERSION);
	return JD_OK;
}

const struct command cmd_version = {
	.name = "version",
	.summary = "print the version",
	.usage = "",
	.options = version_options,
	.min_args = 0,
	.max_args = 0,
	.run = run_version,
};
