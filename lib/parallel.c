/*
 * parallel.c - parallel_for (see parallel.h).
 *
 * jobs-1 threads are started and the calling thread works too; each loops
 * taking the next index with an atomic fetch-and-add on the shared counter
 * (the only state the threads share) until it passes n.  Relaxed ordering
 * is enough for the counter: it only hands out distinct indexes, and
 * pthread_join orders what the workers wrote before the caller reads it.
 */
#include "lib/parallel.h"

#include <pthread.h>

#include "lib/util.h"

struct loop {
	size_t n;
	size_t next;                      /* shared: the next index to take */
	void (*fn)(void *arg, size_t i);
	void *arg;
};

static void *worker(void *p)
{
	struct loop *l = p;
	size_t i;

	/* GCC/Clang builtin: the one counter the threads share. */
	while ((i = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED)) < l->n)
		l->fn(l->arg, i);
	return NULL;
}

void parallel_for(size_t n, int jobs, void (*fn)(void *arg, size_t i), void *arg)
{
	struct loop l = { .n = n, .next = 0, .fn = fn, .arg = arg };
	pthread_t *threads;
	size_t want, started = 0;

	if (n == 0)
		return;
	want = jobs < 1 ? 1 : (size_t)jobs;
	if (want > n)
		want = n;
	threads = xcalloc(want, sizeof(*threads));
	for (size_t t = 1; t < want; t++) {
		if (pthread_create(&threads[started], NULL, worker, &l) != 0)
			break;
		started++;
	}
	worker(&l);
	for (size_t t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	free(threads);
}
