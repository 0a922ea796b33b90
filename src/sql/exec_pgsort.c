/* exec_pgsort.c — the in-memory sort PostgreSQL's tuplesort uses, so that
 * rows whose sort keys compare equal come out in the same order as on
 * PostgreSQL (clients and test corpora compare ORDER BY output with ties
 * verbatim).  The algorithm is the Bentley–McIlroy three-way quicksort
 * ("Engineering a Sort Function", 1993) with the variations PostgreSQL
 * makes: insertion sort below 7 elements, an initial "already sorted?"
 * pass at every level, median of three (ninther above 40 elements) moved
 * to the front as pivot, equal keys parked at both ends and swapped into
 * the middle, recursion into the smaller side and iteration on the larger.
 * Any deviation (another pivot choice, a stable merge sort as glibc's
 * qsort_r uses) permutes ties differently.
 */
#include "sql/engine_int.h"

typedef int (*pgsort_cmp)(const void *, const void *, void *);

void eng__pg_qsort(void **v, size_t n, pgsort_cmp cmp, void *arg);

static void swap1(void **a, void **b)
{
    void *t = *a;
    *a = *b;
    *b = t;
}

static void swapn(void **a, void **b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        swap1(&a[i], &b[i]);
}

static void **med3(void **a, void **b, void **c, pgsort_cmp cmp, void *arg)
{
    if (cmp(a, b, arg) < 0) {
        if (cmp(b, c, arg) < 0)
            return b;
        return cmp(a, c, arg) < 0 ? c : a;
    }
    if (cmp(b, c, arg) > 0)
        return b;
    return cmp(a, c, arg) < 0 ? a : c;
}

void eng__pg_qsort(void **v, size_t n, pgsort_cmp cmp, void *arg)
{
    for (;;) {
        if (n < 7) {
            for (size_t i = 1; i < n; i++)
                for (size_t j = i; j > 0 && cmp(&v[j - 1], &v[j], arg) > 0; j--)
                    swap1(&v[j], &v[j - 1]);
            return;
        }
        bool sorted = true;
        for (size_t i = 1; i < n; i++) {
            if (cmp(&v[i - 1], &v[i], arg) > 0) {
                sorted = false;
                break;
            }
        }
        if (sorted)
            return;
        void **pm = v + n / 2;
        if (n > 7) {
            void **pl = v, **pn = v + n - 1;
            if (n > 40) {
                size_t d = n / 8;
                pl = med3(pl, pl + d, pl + 2 * d, cmp, arg);
                pm = med3(pm - d, pm, pm + d, cmp, arg);
                pn = med3(pn - 2 * d, pn - d, pn, cmp, arg);
            }
            pm = med3(pl, pm, pn, cmp, arg);
        }
        swap1(v, pm);
        /* v[0] is the pivot; [1,pa) and (pd,n) collect keys equal to it */
        void **pa = v + 1, **pb = v + 1, **pc = v + n - 1, **pd = v + n - 1;
        for (;;) {
            int r;
            while (pb <= pc && (r = cmp(pb, v, arg)) <= 0) {
                if (r == 0)
                    swap1(pa++, pb);
                pb++;
            }
            while (pb <= pc && (r = cmp(pc, v, arg)) >= 0) {
                if (r == 0)
                    swap1(pc, pd--);
                pc--;
            }
            if (pb > pc)
                break;
            swap1(pb++, pc--);
        }
        void **end = v + n;
        size_t d1 = (size_t)(pa - v) < (size_t)(pb - pa) ? (size_t)(pa - v) : (size_t)(pb - pa);
        swapn(v, pb - d1, d1);
        size_t d2 =
            (size_t)(pd - pc) < (size_t)(end - pd - 1) ? (size_t)(pd - pc) : (size_t)(end - pd - 1);
        swapn(pb, end - d2, d2);
        size_t nl = (size_t)(pb - pa), nr = (size_t)(pd - pc);
        if (nl <= nr) {
            if (nl > 1)
                eng__pg_qsort(v, nl, cmp, arg);
            if (nr <= 1)
                return;
            v = end - nr;
            n = nr;
        } else {
            if (nr > 1)
                eng__pg_qsort(end - nr, nr, cmp, arg);
            if (nl <= 1)
                return;
            n = nl;
        }
    }
}
