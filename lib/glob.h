/*
 * glob.h - matching site keys against the globs of jamdeploy.yml.
 *
 * Keys are '/'-separated paths without a leading '/'.  Syntax, as in
 * .gitignore-style tools users know from hugo deploy and s3deploy:
 *   *      any run of characters except '/'
 *   **     any run of characters including '/'; a leading double-star directory
 *          may also match no directory at all, so the pattern for "every .html
 *          file anywhere" matches the root's "index.html" too
 *   ?      one character except '/'
 *   [abc] [a-z] [!x]  one character from a set
 *   {a,b}  alternatives (no nesting)
 * A pattern without '/' matches against the base name only ("*.css"
 * matches "css/app.css"), like .gitignore.
 */
#ifndef JD_GLOB_H
#define JD_GLOB_H

int glob_match(const char *pattern, const char *key);

#endif
