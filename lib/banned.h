/*
 * banned.h - functions we do not use, made to fail at compile time.
 *
 * The idea is git's: strcpy/strcat/sprintf overflow silently, strtok keeps
 * hidden state, atoi cannot report errors.  Use struct buf, snprintf,
 * strtol/parse_size_t instead.  Included last by util.h, so system headers
 * are already parsed when the macros appear.
 */
#ifndef JD_BANNED_H
#define JD_BANNED_H

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
