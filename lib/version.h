/* version.h - jamdeploy's version, shown by `version` and written into manifests. */
#ifndef JD_VERSION_H
#define JD_VERSION_H
#define JAMDEPLOY_VERSION "0.2.0"
#endif
