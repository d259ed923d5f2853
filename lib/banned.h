/*
 * banned.h - functions we do not use, made to fail at compile time.
 *
 * The idea is git's: strcpy/strcat/sprintf overflow silently, strtok keeps
 * hidden state, atoi cannot report errors.  Use struct buf, snprintf,
 * strtol/parse_size_t instead.
 *
 * The Makefile puts `-include lib/banned.h` in every compile, so it reaches
 * every C file (the tests and fuzz harnesses too, whether they include
 * util.h or not), ahead of the file's own first line.  The macros below are
 * function-like and would break the system headers' declarations of these
 * functions, so this header first includes the headers that declare them:
 * their include guards make the file's own later #include of them a no-op,
 * and the macros never meet a declaration.  (#pragma GCC poison was the
 * other choice; it fires on the declaration in a system header included
 * after it too -- "attempt to use poisoned strcpy" from <string.h> -- so it
 * would need the same includes first, and it is GCC-only.)
 * tests/unit/banned.sh proves a banned call does not
 * compile with the project's flags and that a file including every system
 * header afterwards still does.
 */
#ifndef JD_BANNED_H
#define JD_BANNED_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JD_BANNED(func) sorry_##func##_is_banned_in_jamdeploy

#undef strcpy
#define strcpy(x, y) JD_BANNED(strcpy)
#undef strcat
#define strcat(x, y) JD_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) JD_BANNED(strncpy)
#undef sprintf
#define sprintf(...) JD_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) JD_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) JD_BANNED(strtok)
#undef atoi
#define atoi(x) JD_BANNED(atoi)

#endif
