/*
 * manpage.c - the jamdeploy(1) man page, written from the command table.
 *
 * `jamdeploy help --man` prints it and `make install` installs what it
 * prints, so the page lists exactly the commands, usage lines, summaries and
 * options `help` shows: the same tables, set in roff.  Only the classic man(7)
 * macros are used (TH SH SS TP PP IP nf fi), which groff, man-db and mandoc
 * all read.  The options every command shares (COMMON_OPTIONS) are listed
 * once, under COMMON OPTIONS, and each command's section names them.
 *
 * The text no table holds (description, exit status, environment, files,
 * examples) is the strings at the top of this file, already in roff: the
 * one place to edit it.  Text from the tables is escaped (put_roff), so a
 * '-' stays a '-' a reader can copy and a line never starts a request.
 */
#include "cmd.h"
#include "lib/paths.h"
#include "lib/util.h"
#include "lib/version.h"

static const char name_section[] = "jamdeploy \\- optimize a static site and deploy only what changed\n";

static const char description[] =
	"jamdeploy takes the folder a static site generator leaves (Hugo, Eleventy,\n"
	"Astro, Next.js export, SvelteKit, Sphinx, hand-written HTML), optimizes it\n"
	"and ships only what changed to a directory or to S3-compatible storage.\n"
	".PP\n"
	"It minifies HTML, CSS, JavaScript, SVG and JSON, re-encodes PNG and JPEG\n"
	"losslessly, gives assets content-hashed names and rewrites the references to\n"
	"them.  A page behaves exactly as before: a transform that fails or does not\n"
	"make a file smaller keeps the original bytes.\n"
	".PP\n"
	"A target is a directory (\\fIDIR\\fR or \\fBfile://\\fIDIR\\fR) or a bucket\n"
	"(\\fBs3://\\fIBUCKET\\fB/\\fIPREFIX\\fR).  It keeps a manifest of what it holds;\n"
	"a push compares the built site with it, uploads new and changed objects,\n"
	"then writes the manifest, then asks the CDN to forget the changed pages,\n"
	"then deletes what went away.  A push stopped at any point leaves every page\n"
	"of the old manifest working, and a second push of an unchanged site sends\n"
	"nothing.\n"
	".PP\n"
	"Settings come from the built-in defaults, then \\fBjamdeploy.yml\\fR, then the\n"
	"environment, then the command line, which wins.  Mistakes are refused before\n"
	"anything is written: a mistyped target, a target inside the site, a folder\n"
	"that does not look like a built site (unless \\fB\\-\\-yes\\fR), an unknown\n"
	"command, option or configuration key.\n";

static const char exit_status[] =
	".TP\n.B 0\nsuccess\n"
	".TP\n.B 1\nthe work failed: an upload failed, a budget is exceeded, input could not\n"
	"be processed, a manifest is corrupt, a safety limit refused\n"
	".TP\n.B 2\nusage or configuration error\n";

static const char environment[] =
	".TP\n.BR AWS_ACCESS_KEY_ID \", \" AWS_SECRET_ACCESS_KEY \", \" AWS_SESSION_TOKEN\n"
	"S3 credentials; else the profile \\fBAWS_PROFILE\\fR (default: \\fBdefault\\fR) from\n"
	"\\fBAWS_SHARED_CREDENTIALS_FILE\\fR and \\fBAWS_CONFIG_FILE\\fR (default: ~/.aws/credentials,\n"
	"~/.aws/config)\n"
	".TP\n.BR AWS_REGION \", \" AWS_DEFAULT_REGION\n"
	"the S3 region when neither \\fB\\-\\-region\\fR nor \\fBregion:\\fR sets one\n"
	".TP\n.B AWS_ENDPOINT_URL\n"
	"the S3 endpoint when neither \\fB\\-\\-endpoint\\fR nor \\fBendpoint:\\fR sets one\n"
	".TP\n.BR AWS_CA_BUNDLE \", \" CURL_CA_BUNDLE \", \" SSL_CERT_FILE \", \" SSL_CERT_DIR\n"
	"trusted CA certificates, in that order, after \\fBca_bundle:\\fR in jamdeploy.yml\n"
	".TP\nthe variables named by \\fBtoken_env:\\fR under \\fBcdn:\\fR\n"
	"CDN API tokens (Cloudflare, Fastly); they are read from nowhere else\n"
	".TP\n.BR GITHUB_ACTIONS \", \" GITHUB_STEP_SUMMARY \", \" GITHUB_OUTPUT\n"
	"under GitHub Actions, annotations, a step summary and step outputs\n";

static const char files[] =
	".TP\n.BR jamdeploy.yml \", \" jamdeploy.yaml\n"
	"the configuration, in the working directory (or \\fB\\-\\-config\\fR \\fIFILE\\fR)\n"
	".TP\n.B " JD_OUT_DIR "/\n"
	"what \\fBbuild\\fR writes without \\fB\\-o\\fR\n"
	".TP\n.B " JD_CACHE_DIR "/\n"
	"the build cache, the last manifest read from each target, CDN purges still to do\n"
	".TP\n.IB TARGET /" JD_MANIFEST_KEY "\n"
	"the manifest a target keeps of what it holds\n";

static const char examples[] =
	"Deploy the folder \\fBpublic\\fR to a bucket, then check the size budgets:\n"
	".PP\n.nf\n.RS\n"
	"jamdeploy push public \\-\\-to s3://my\\-bucket/www\n"
	"jamdeploy check\n"
	".RE\n.fi\n.PP\n"
	"See what a push would do, then push to Cloudflare R2:\n"
	".PP\n.nf\n.RS\n"
	"jamdeploy diff public \\-\\-to s3://site\n"
	"jamdeploy push public \\-\\-to s3://site \\e\n"
	"    \\-\\-endpoint https://ACCOUNT.r2.cloudflarestorage.com \\-\\-region auto\n"
	".RE\n.fi\n.PP\n"
	"Minify one file, and turn on completion in bash:\n"
	".PP\n.nf\n.RS\n"
	"jamdeploy minify app.js \\-o app.min.js\n"
	"source <(jamdeploy completion bash)\n"
	".RE\n.fi\n";

/* The options every command takes, listed once. */
static const struct option common_options[] = { COMMON_OPTIONS, OPT_END };

static int is_common(const struct option *opt)
{
	for (const struct option *c = common_options; c->long_name; c++)
		if (!strcmp(c->long_name, opt->long_name) && !strcmp(c->help, opt->help))
			return 1;
	return 0;
}

/*
 * Text from a table, escaped for roff: a backslash is \e, '-' is \- (a
 * hyphen-minus a reader can copy, not a typographic hyphen), and a line that
 * would start with '.' or '\'' (a request) starts with \& instead.
 */
static void put_roff(FILE *fp, const char *s, int line_start)
{
	for (; *s; s++) {
		if (line_start && (*s == '.' || *s == '\''))
			fputs("\\&", fp);
		line_start = 0;
		if (*s == '\\')
			fputs("\\e", fp);
		else if (*s == '-')
			fputs("\\-", fp);
		else
			fputc(*s, fp);
	}
}

/* A usage line: as put_roff, and a space inside [ ] does not break ("[--effort N]" stays whole). */
static void put_usage(FILE *fp, const char *s)
{
	int depth = 0;

	for (const char *p = s; *p; p++) {
		char one[2] = { *p, 0 };
		depth += *p == '[' ? 1 : *p == ']' && depth ? -1 : 0;
		if (*p == ' ' && depth)
			fputs("\\ ", fp);
		else
			put_roff(fp, one, p == s);
	}
}

/* A summary as a sentence: a capital first letter and a full stop. */
static void put_sentence(FILE *fp, const char *s)
{
	if (*s >= 'a' && *s <= 'z')
		fputc(*s++ - 'a' + 'A', fp);
	put_roff(fp, s, 0);
	fputs(".\n", fp);
}

/* ".TP" and "-o, --out DIR" as its tag, then the help text. */
static void put_option(FILE *fp, const struct option *opt)
{
	fputs(".TP\n", fp);
	if (opt->short_name)
		fprintf(fp, "\\fB\\-%c\\fR, ", opt->short_name);
	fputs("\\fB\\-\\-", fp);
	put_roff(fp, opt->long_name, 0);
	fputs("\\fR", fp);
	if (opt->arg_name) {
		fputs(" \\fI", fp);
		put_roff(fp, opt->arg_name, 0);
		fputs("\\fR", fp);
	}
	fputs("\n", fp);
	put_roff(fp, opt->help, 1);
	fputs("\n", fp);
}

/* "jamdeploy NAME USAGE", wrapped under the command name (.SY, which groff and mandoc have). */
static void put_synopsis(FILE *fp, const struct command *c)
{
	fprintf(fp, ".SY \"jamdeploy %s\"\n", c->name);
	if (c->usage[0]) {
		put_usage(fp, c->usage);
		fputs("\n", fp);
	}
	fputs(".YS\n", fp);
}

static void put_command(FILE *fp, const struct command *c)
{
	int common = 0, n = 0;

	fprintf(fp, ".SS %s\n", c->name);
	put_synopsis(fp, c);
	fputs(".PP\n", fp);
	put_sentence(fp, c->summary);
	for (const struct option *opt = c->options; opt->long_name; opt++) {
		if (is_common(opt))
			common++;
		else
			put_option(fp, opt);
	}
	if (!common)
		return;
	fputs(".PP\nand the common options\n", fp);
	for (const struct option *opt = c->options; opt->long_name; opt++) {
		if (!is_common(opt))
			continue;
		fputs(n++ ? (n < common ? ",\n" : " and\n") : "", fp);
		fputs("\\fB\\-\\-", fp);
		put_roff(fp, opt->long_name, 0);
		fputs("\\fR", fp);
	}
	fputs(".\n", fp);
}

void print_man_page(FILE *fp)
{
	fprintf(fp, ".\\\" jamdeploy(1), written by 'jamdeploy help --man' from the command table\n"
		".TH JAMDEPLOY 1 %s \"jamdeploy %s\" \"User Commands\"\n"
		".SH NAME\n%s.SH SYNOPSIS\n"
		".SY jamdeploy\n\\fICOMMAND\\fR [\\fIARGS\\fR] [\\fIOPTIONS\\fR]\n.YS\n",
		JAMDEPLOY_DATE, JAMDEPLOY_VERSION, name_section);
	for (int i = 0; commands[i]; i++)
		put_synopsis(fp, commands[i]);
	fprintf(fp, ".SH DESCRIPTION\n%s.SH COMMANDS\n", description);
	for (int i = 0; commands[i]; i++)
		put_command(fp, commands[i]);
	fputs(".SH COMMON OPTIONS\nEvery command takes these.\n", fp);
	for (const struct option *opt = common_options; opt->long_name; opt++)
		put_option(fp, opt);
	fprintf(fp, ".SH EXIT STATUS\n%s.SH ENVIRONMENT\n%s.SH FILES\n%s.SH EXAMPLES\n%s",
		exit_status, environment, files, examples);
}
