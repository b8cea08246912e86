/* build_info.h: what this binary is, written by the Makefile at build time
 * ($(BUILD)/gen/build_info.c). */
#ifndef BUILD_INFO_H
#define BUILD_INFO_H

extern const char build_version[]; /* configure.ac's version */
extern const char build_commit[];  /* git describe --always --dirty, or "unknown" */
extern const char build_schema[];  /* the last migration of the tree it was built from */

#endif
