/* version.h - jamdeploy's version, shown by `version` and written into manifests. */
#ifndef JD_VERSION_H
#define JD_VERSION_H
#define JAMDEPLOY_VERSION "0.2.0"
/* The day JAMDEPLOY_VERSION was set: the man page's date (cmd/manpage.c), the same on every build. */
#define JAMDEPLOY_DATE "2026-12-06"
#endif
