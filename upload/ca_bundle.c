/*
 * ca_bundle.c - the CA file or directory HTTPS requests verify against,
 * and what to say when a server's certificate is refused.
 *
 * Finding: the settings of ca_bundle.h are tried in order; the first one
 * set is checked (a file: opened, at most CA_BUNDLE_MAX bytes, at least
 * one PEM certificate parsed by OpenSSL; a directory: every ':'-separated
 * entry opens as a directory) and its path and origin are kept for
 * messages.  libcurl's own default is left alone, not looked up: with no
 * setting, curl_easy_setopt is not called and the system store applies.
 *
 * Explaining: libcurl reports both kinds of refusal as
 * CURLE_PEER_FAILED_VERIFICATION.  With OpenSSL a chain that does not
 * verify fails the handshake and CURLINFO_SSL_VERIFYRESULT holds
 * OpenSSL's reason (20 "unable to get local issuer certificate", 18/19
 * self-signed, ...: the CA is not trusted).  The host name is checked
 * after the handshake, before curl stores the chain's result: a refusal
 * there leaves X509_V_OK or curl's placeholder 1 (libcurl 7.88 writes
 * !X509_V_OK first, measured with `curl -w %{ssl_verify_result}`), so
 * those two mean a name the certificate does not list.  curl's error text
 * is quoted in every message, so nothing is lost when another TLS backend
 * reports differently.
 */
#include "upload/ca_bundle.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

#include "lib/die.h"
#include "lib/util.h"
#include "upload/credentials.h"

/* CURLINFO_SSL_VERIFYRESULT before curl read the chain's result (see above) */
#define CURL_VERIFY_NOT_READ 1L

/* The number of PEM certificates in `data` (stops counting at 2: one is enough). */
static int count_certificates(const char *data, size_t len)
{
	BIO *bio = BIO_new_mem_buf(data, (int)len);
	int n = 0;
	X509 *x;

	if (!bio)
		die_oom("BIO_new_mem_buf");
	while (n < 2 && (x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
		X509_free(x);
		n++;
	}
	BIO_free(bio);
	ERR_clear_error(); /* the read that ended the loop left an error on the queue */
	return n;
}

static enum jd_err check_file(const char *path, const char *source, struct diag *d)
{
	struct buf text;
	struct diag rd;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	enum jd_err rc = JD_OK;

	if (fd < 0)
		return diag_set(d, JD_ECONFIG, path, "cannot read the CA bundle '%s' (from %s): %s",
				path, source, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return diag_set(d, JD_ECONFIG, path, "the CA bundle '%s' (from %s) is not a file "
				"(a folder of certificates goes in SSL_CERT_DIR)", path, source);
	}
	buf_init(&text, CA_BUNDLE_MAX);
	if (read_fd(fd, path, &text, &rd) != JD_OK)
		rc = diag_set(d, JD_ECONFIG, path, "cannot read the CA bundle '%s' (from %s): %s",
			      path, source, rd.msg);
	else if (count_certificates(text.data, text.len) == 0)
		rc = diag_set(d, JD_ECONFIG, path, "the CA bundle '%s' (from %s) holds no PEM "
			      "certificate (\"-----BEGIN CERTIFICATE-----\")", path, source);
	buf_release(&text);
	close(fd);
	return rc;
}

/* Every ':'-separated entry of `dirs` is a folder we may read. */
static enum jd_err check_dirs(const char *dirs, const char *source, struct diag *d)
{
	const char *p = dirs;

	while (*p) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);

		if (len) {
			char *one = xstrndup(p, len);
			DIR *dir = opendir(one);
			int err = errno;

			if (dir)
				closedir(dir);
			if (!dir) {
				enum jd_err rc = diag_set(d, JD_ECONFIG, one, "cannot read the CA folder "
							  "'%s' (from %s): %s", one, source,
							  strerror(err));
				free(one);
				return rc;
			}
			free(one);
		}
		p += len + (colon != NULL);
	}
	return JD_OK;
}

void ca_bundle_free(struct ca_bundle *ca)
{
	free(ca->file);
	free(ca->dir);
	free(ca->source);
	memset(ca, 0, sizeof(*ca));
}

enum jd_err ca_bundle_find(struct ca_bundle *out, const char *config_value,
			   const char *config_path, const char *profile, struct diag *d)
{
	const char *v, *dir;
	char *profile_value = NULL, *where = NULL;
	enum jd_err rc;

	memset(out, 0, sizeof(*out));
	if (config_value && *config_value) {
		out->file = xstrdup(config_value);
		out->source = xasprintf("'ca_bundle:' in '%s'",
					config_path ? config_path : "jamdeploy.yml");
	} else if ((v = getenv_nonempty("AWS_CA_BUNDLE"))) {
		out->file = xstrdup(v);
		out->source = xstrdup("AWS_CA_BUNDLE");
	} else if ((rc = aws_profile_value(profile, "ca_bundle", &profile_value, &where, d))) {
		return rc;
	} else if (profile_value && *profile_value) {
		out->file = profile_value;
		out->source = where;
		profile_value = where = NULL;
	} else if ((v = getenv_nonempty("CURL_CA_BUNDLE"))) {
		out->file = xstrdup(v);
		out->source = xstrdup("CURL_CA_BUNDLE");
	} else {
		/* curl's tool takes both: a file and a folder of hashed certificates */
		v = getenv_nonempty("SSL_CERT_FILE");
		dir = getenv_nonempty("SSL_CERT_DIR");
		if (v)
			out->file = xstrdup(v);
		if (dir)
			out->dir = xstrdup(dir);
		if (v || dir)
			out->source = xstrdup(v && dir ? "SSL_CERT_FILE and SSL_CERT_DIR"
						       : v ? "SSL_CERT_FILE" : "SSL_CERT_DIR");
	}
	free(profile_value);
	free(where);
	/* with both SSL_CERT_ variables, each path is named with its own */
	rc = out->file ? check_file(out->file, out->dir ? "SSL_CERT_FILE" : out->source, d) : JD_OK;
	if (!rc && out->dir)
		rc = check_dirs(out->dir, "SSL_CERT_DIR", d);
	if (rc)
		ca_bundle_free(out);
	return rc;
}

void ca_bundle_apply(const struct ca_bundle *ca, struct http_options *o)
{
	o->ca_file = ca->file;
	o->ca_dir = ca->dir;
}

/* "https://host:port" of t's URL (a password in it is masked later, by diag_set). */
static void server_of(const struct transfer *t, char *out, size_t size)
{
	const char *url = t->url.data, *host = strstr(url, "://");
	size_t len = strlen(url);

	if (host) {
		const char *slash = strchr(host + 3, '/');

		if (slash)
			len = (size_t)(slash - url);
	}
	snprintf(out, size, "%.*s", (int)len, url);
}

int ca_bundle_refusal(const struct transfer *t, const struct ca_bundle *ca, char *out,
		      size_t size)
{
	char server[600], trusted[700];
	const char *why = *t->error ? t->error : curl_easy_strerror(t->curl_code);
	long verify = -1;

	if (t->curl_code != CURLE_PEER_FAILED_VERIFICATION && t->curl_code != CURLE_SSL_CACERT_BADFILE)
		return 0;
	server_of(t, server, sizeof(server));
	if (ca && ca->source)
		snprintf(trusted, sizeof(trusted), "%s%s%s%s%s (from %s)", ca->file ? "'" : "",
			 ca->file ? ca->file : "", ca->file ? "'" : "", ca->file && ca->dir ? " and " : "",
			 ca->dir ? ca->dir : "", ca->source);
	else
		snprintf(trusted, sizeof(trusted), "the system's CA store");
	if (t->easy)
		curl_easy_getinfo(t->easy, CURLINFO_SSL_VERIFYRESULT, &verify);
	if (t->curl_code == CURLE_PEER_FAILED_VERIFICATION &&
	    (verify == X509_V_OK || verify == CURL_VERIFY_NOT_READ)) {
		snprintf(out, size, "the TLS certificate of '%s' is not valid for that host name (%s): "
			 "name the server as its certificate does in the endpoint URL, or give it a "
			 "certificate for this name (its CA is trusted: %s)", server, why, trusted);
		return 1;
	}
	if (verify == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
	    verify == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
	    verify == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
	    verify == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
	    verify == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE) {
		snprintf(out, size, "the TLS certificate of '%s' is not signed by a trusted CA (%s; "
			 "trusted: %s): for a private CA set AWS_CA_BUNDLE (or 'ca_bundle' in the "
			 "AWS profile, or 'ca_bundle:' in jamdeploy.yml) to its PEM file", server, why,
			 trusted);
		return 1;
	}
	snprintf(out, size, "the TLS certificate of '%s' was refused (%s; trusted: %s): check the "
		 "server's certificate, and AWS_CA_BUNDLE for a private CA", server, why, trusted);
	return 1;
}
