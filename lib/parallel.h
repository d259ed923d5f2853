/*
 * parallel.h - run a function over the indexes 0..n-1 in several threads.
 *
 * The one thread pool of the program (the build's transform stage and
 * `jamdeploy images` both use it).  Threads take the next index from one
 * shared atomic counter, so a slow item never holds up the others and each
 * index is given to exactly one call.
 *
 * Thread safety, the caller's side: `fn` runs concurrently with itself on
 * different indexes.  It may write only to what belongs to its index (the
 * i-th element of a results array, the i-th file) and read what nothing
 * writes while parallel_for runs; anything else it shares needs its own
 * lock.  parallel_for returns only when every call has returned, and
 * everything the calls wrote is then visible to the caller (the threads
 * are joined).  Results should be read back in index order, so output does
 * not depend on scheduling.
 */
#ifndef JD_PARALLEL_H
#define JD_PARALLEL_H

#include <stddef.h>

/*
 * Call fn(arg, i) once for each i in 0..n-1, in up to `jobs` threads (the
 * calling thread is one of them; jobs < 1 counts as 1, and no more threads
 * than items are started).  When a thread cannot be created, the threads
 * that did start (at least the calling one) do the rest.  n == 0: nothing.
 */
void parallel_for(size_t n, int jobs, void (*fn)(void *arg, size_t i), void *arg);

#endif
