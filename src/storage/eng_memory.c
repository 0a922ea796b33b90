/* eng_memory.c — the in-memory backend: an MVCC skiplist per column family.
 *
 * Data. Each CF is a skiplist (Pugh, "Skip Lists: A Probabilistic
 * Alternative to Balanced Trees", CACM 1990; p = 1/4 as in LevelDB's
 * memtable) of versions ordered by (key ascending, seq descending). A version
 * is a value (PUT) or a tombstone (DEL). Every write batch takes the next
 * sequence numbers, one per operation as RocksDB does, and publishes the
 * last one (last_seq) only when the whole batch is linked in: a reader at
 * seq r sees, for each key, the newest version with seq <= r, so it sees
 * all of a batch or none of it. delete_range writes a tombstone for every
 * live key of the range.
 *
 * Readers. Snapshots and iterators are "views" with a seq, kept in a list
 * (views_mu). A get without a snapshot reads at last_seq. Every operation
 * runs under the engine's rwlock: readers shared, writers exclusive (writer
 * preferring, so scans cannot starve writes).
 *
 * Garbage. With m the smallest seq of any view (or last_seq), a version
 * older than the newest version with seq <= m (the "floor") is invisible to
 * every present and future reader; so is a floor that is a tombstone. Such
 * versions are unlinked when the key is written again and by
 * eng_compact_range. That also runs the compaction filter on the newest
 * value of each key: a dropped value gets a tombstone at a new seq, so open
 * iterators and snapshots keep seeing it (RocksDB iterators do too, as they
 * pin their files; RocksDB snapshots may not — both are allowed).
 *
 * Reclamation. An iterator keeps a pointer to its current node between
 * calls, without the lock, and its caller holds borrowed pointers into it.
 * GC never unlinks that node: it is a value visible at the iterator's seq
 * r >= m, so no newer version with seq <= m shadows it. Unlinked nodes are
 * nevertheless retired rather than freed at once — the GC loop itself still
 * compares against their keys, and it keeps the engine safe should that
 * argument ever break: each is tagged with gc_gen after its section, each
 * iterator records the gc_gen of its last move, and a retired node is freed
 * once every positioned iterator has moved since (tag <= min seen_gen).
 * Retired nodes keep their next pointers.
 *
 * Lock order: rwlock -> views_mu.
 */
#include "storage/storage_int.h"

#include "common/assert.h"
#include "common/err.h"
#include "common/mem.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define SL_MAX_HEIGHT 20
#define GC_CHUNK_KEYS 1024  /* keys compacted per hold of the write lock */
#define GC_AUTO_MIN   65536 /* tombstones that trigger an automatic compaction */
#define NODE_OVERHEAD 16    /* bytes per version counted by approximate_size */
#define NO_GEN        UINT64_MAX

enum { MK_PUT = 1, MK_DEL = 2 };

struct mnode {
    uint64_t seq;
    size_t vlen;
    uint32_t klen;
    uint8_t kind;
    uint8_t height;
    struct mnode *next[]; /* height pointers, then klen key bytes, then vlen value bytes */
};

struct mcf {
    struct eng_cf base;
    struct mnode *head; /* sentinel of SL_MAX_HEIGHT */
    int height;         /* levels in use, >= 1 */
    size_t nodes;       /* versions linked */
    size_t bytes;       /* their key + value bytes */
    size_t tombstones;  /* DEL versions linked */
    size_t gc_floor;    /* tombstones after the last compaction (or trigger) */
};

/* A read view: a snapshot or an iterator. */
struct mview {
    struct mview *prev, *next;
    uint64_t seq;
    uint64_t seen_gen; /* iterators: gc_gen at the last move, NO_GEN when not on a node */
    bool is_iter;
};

struct retired {
    struct mnode *node;
    uint64_t tag;
};

struct meng {
    struct eng base;
    pthread_rwlock_t lock;         /* guards every list, height, counter, gc_gen, retired, rng */
    atomic_uint_fast64_t last_seq; /* written under the write lock */
    pthread_mutex_t views_mu;
    struct mview views; /* list sentinel */
    uint64_t gc_gen;
    bool gc_pending; /* nodes retired in this write section */
    struct retired *retired;
    size_t retired_head, retired_n, retired_cap;
    uint64_t rng;
};

struct msnap {
    struct eng_snapshot base;
    struct mview view;
};

struct miter {
    struct eng_iter base;
    struct mview view;
    struct mnode *cur; /* a visible PUT, or NULL */
};

struct mop {
    uint8_t type; /* MK_PUT, MK_DEL, or MOP_RANGE */
    struct mcf *cf;
    size_t koff, klen, voff, vlen; /* range: key = start, value = end */
};

#define MOP_RANGE 3

struct mbatch {
    struct eng_batch base;
    struct mop *ops;
    size_t nops, capops;
    char *data;
    size_t dlen, dcap;
};

static struct meng *MENG(struct eng *e)
{
    return (struct meng *)e;
}

static struct mcf *MCF(struct eng_cf *cf)
{
    return (struct mcf *)cf;
}

/* --- nodes ---------------------------------------------------------------- */

static const char *node_key(const struct mnode *n)
{
    return (const char *)&n->next[n->height];
}

static const char *node_val(const struct mnode *n)
{
    return node_key(n) + n->klen;
}

static struct mnode *node_new(int height, const void *k, size_t klen, const void *v, size_t vlen,
                              uint64_t seq, int kind)
{
    struct mnode *n = xmalloc(sizeof(*n) + (size_t)height * sizeof(struct mnode *) + klen + vlen);
    n->seq = seq;
    n->klen = (uint32_t)klen;
    n->vlen = vlen;
    n->kind = (uint8_t)kind;
    n->height = (uint8_t)height;
    for (int i = 0; i < height; i++)
        n->next[i] = NULL;
    char *p = (char *)&n->next[height];
    if (klen)
        memcpy(p, k, klen);
    if (vlen)
        memcpy(p + klen, v, vlen);
    return n;
}

static int node_cmp_key(const struct mnode *n, const void *k, size_t klen)
{
    return eng__cmp(node_key(n), n->klen, k, klen);
}

static bool same_key(const struct mnode *a, const struct mnode *b)
{
    return a->klen == b->klen && memcmp(node_key(a), node_key(b), a->klen) == 0;
}

/* (n.key, n.seq) < (k, seq) in (key asc, seq desc) order. */
static bool node_before(const struct mnode *n, const void *k, size_t klen, uint64_t seq)
{
    int c = node_cmp_key(n, k, klen);
    return c < 0 || (c == 0 && n->seq > seq);
}

static int random_height(struct meng *e)
{
    int h = 1;
    /* xorshift64*; one draw gives 32 two-bit coins */
    e->rng ^= e->rng >> 12;
    e->rng ^= e->rng << 25;
    e->rng ^= e->rng >> 27;
    uint64_t r = e->rng * 0x2545F4914F6CDD1DULL;
    while (h < SL_MAX_HEIGHT && (r & 3) == 0) {
        h++;
        r >>= 2;
    }
    return h;
}

/* --- searches (under either lock) ------------------------------------------ */

/* First node >= (k, seq), or NULL. seq UINT64_MAX: first node with key >= k;
 * seq r: the newest version of k visible at r, or a later key. */
static struct mnode *find_ge(const struct mcf *cf, const void *k, size_t klen, uint64_t seq)
{
    struct mnode *x = cf->head;
    for (int i = cf->height - 1; i >= 0; i--) {
        struct mnode *n;
        while ((n = x->next[i]) != NULL && node_before(n, k, klen, seq))
            x = n;
    }
    return x->next[0];
}

/* Last node whose key is < k (k NULL: the last node), or NULL. */
static struct mnode *find_lt_key(const struct mcf *cf, const void *k, size_t klen)
{
    struct mnode *x = cf->head;
    for (int i = cf->height - 1; i >= 0; i--) {
        struct mnode *n;
        while ((n = x->next[i]) != NULL && (k == NULL || node_cmp_key(n, k, klen) < 0))
            x = n;
    }
    return x == cf->head ? NULL : x;
}

/* First node after x with another key. */
static struct mnode *skip_key(const struct mnode *x)
{
    struct mnode *n = x->next[0];
    while (n != NULL && same_key(n, x))
        n = n->next[0];
    return n;
}

/* --- write cursor (under the write lock) ------------------------------------
 *
 * pred[i] is the last node at level i before the cursor's position; the
 * node at the position is pred[0]->next[0]. Walking level 0 and stepping
 * over nodes keeps pred exact, so unlinking and inserting there is O(1).
 */
struct mcur {
    struct mcf *cf;
    struct mnode *pred[SL_MAX_HEIGHT];
};

/* Position before the first node >= (k, seq); k NULL: at the end. */
static void cur_seek(struct mcur *c, struct mcf *cf, const void *k, size_t klen, uint64_t seq)
{
    struct mnode *x = cf->head;
    c->cf = cf;
    for (int i = SL_MAX_HEIGHT - 1; i >= 0; i--) {
        if (i < cf->height) {
            struct mnode *n;
            while ((n = x->next[i]) != NULL && (k == NULL || node_before(n, k, klen, seq)))
                x = n;
        }
        c->pred[i] = x;
    }
}

static struct mnode *cur_node(const struct mcur *c)
{
    return c->pred[0]->next[0];
}

static void cur_step(struct mcur *c, struct mnode *x)
{
    DB_ASSERT(cur_node(c) == x);
    for (int i = 0; i < x->height; i++)
        c->pred[i] = x;
}

static void cur_insert(struct mcur *c, struct mnode *n)
{
    for (int i = 0; i < n->height; i++) {
        n->next[i] = c->pred[i]->next[i];
        c->pred[i]->next[i] = n;
        c->pred[i] = n;
    }
    if (n->height > c->cf->height)
        c->cf->height = n->height;
    c->cf->nodes++;
    c->cf->bytes += n->klen + n->vlen;
    c->cf->tombstones += n->kind == MK_DEL;
}

static void retire(struct meng *e, struct mnode *n)
{
    if (e->retired_n == e->retired_cap) {
        e->retired_cap = e->retired_cap ? 2 * e->retired_cap : 64;
        e->retired = xrealloc(e->retired, e->retired_cap * sizeof(*e->retired));
    }
    e->retired[e->retired_n].node = n;
    e->retired[e->retired_n].tag = e->gc_gen + 1;
    e->retired_n++;
    e->gc_pending = true;
}

static void cur_unlink(struct meng *e, struct mcur *c, struct mnode *x)
{
    DB_ASSERT(cur_node(c) == x);
    for (int i = 0; i < x->height; i++) {
        DB_ASSERT(c->pred[i]->next[i] == x);
        c->pred[i]->next[i] = x->next[i]; /* x->next stays intact for iterators */
    }
    c->cf->nodes--;
    c->cf->bytes -= x->klen + x->vlen;
    c->cf->tombstones -= x->kind == MK_DEL;
    retire(e, x);
}

/* Smallest seq any reader may read at. */
static uint64_t min_view_seq(struct meng *e)
{
    uint64_t m = atomic_load_explicit(&e->last_seq, memory_order_relaxed);
    pthread_mutex_lock(&e->views_mu);
    for (struct mview *v = e->views.next; v != &e->views; v = v->next)
        if (v->seq < m)
            m = v->seq;
    pthread_mutex_unlock(&e->views_mu);
    return m;
}

/* The cursor stands before versions of key (k, klen) — k must not point
 * into a node this call may retire unless retired nodes outlive it, which
 * they do until free_retired. Unlink the versions no reader can see (see
 * the file comment) and leave the cursor after the key's last version. */
static void prune_key(struct meng *e, struct mcur *c, const void *k, size_t klen, uint64_t m)
{
    bool floor = false;
    struct mnode *x;
    while ((x = cur_node(c)) != NULL && node_cmp_key(x, k, klen) == 0) {
        if (floor) {
            cur_unlink(e, c, x);
        } else if (x->seq <= m) {
            floor = true;
            if (x->kind == MK_DEL)
                cur_unlink(e, c, x);
            else
                cur_step(c, x);
        } else {
            cur_step(c, x);
        }
    }
}

/* End of a write section: publish the retirements and free what no
 * iterator can hold any more. */
static void end_write_section(struct meng *e)
{
    if (e->gc_pending) {
        e->gc_gen++;
        e->gc_pending = false;
    }
    if (e->retired_head == e->retired_n)
        return;
    uint64_t min_gen = NO_GEN;
    pthread_mutex_lock(&e->views_mu);
    for (struct mview *v = e->views.next; v != &e->views; v = v->next)
        if (v->is_iter && v->seen_gen < min_gen)
            min_gen = v->seen_gen;
    pthread_mutex_unlock(&e->views_mu);
    while (e->retired_head < e->retired_n && e->retired[e->retired_head].tag <= min_gen)
        xfree(e->retired[e->retired_head++].node);
    if (e->retired_head == e->retired_n) {
        e->retired_head = e->retired_n = 0;
    } else if (e->retired_head > e->retired_n / 2) {
        memmove(e->retired, e->retired + e->retired_head,
                (e->retired_n - e->retired_head) * sizeof(*e->retired));
        e->retired_n -= e->retired_head;
        e->retired_head = 0;
    }
}

/* Insert version (k, seq) at c, which stands before every version of k,
 * then prune older versions of k. */
static void insert_version(struct meng *e, struct mcur *c, const void *k, size_t klen,
                           const void *v, size_t vlen, uint64_t seq, int kind, uint64_t m)
{
    struct mnode *n = node_new(random_height(e), k, klen, v, vlen, seq, kind);
    cur_insert(c, n);
    prune_key(e, c, node_key(n), n->klen, m);
}

static void apply_range_delete(struct meng *e, struct mcf *cf, const void *s, size_t slen,
                               const void *end, size_t elen, uint64_t seq, uint64_t m)
{
    struct mcur c;
    struct mnode *x;
    cur_seek(&c, cf, s, slen, UINT64_MAX);
    while ((x = cur_node(&c)) != NULL && node_cmp_key(x, end, elen) < 0) {
        /* x is the newest version of its key. */
        if (x->kind == MK_PUT)
            insert_version(e, &c, node_key(x), x->klen, NULL, 0, seq, MK_DEL, m);
        else
            prune_key(e, &c, node_key(x), x->klen, m);
    }
}

/* --- open / close ----------------------------------------------------------- */

static struct mcf *mcf_new(struct meng *e, const char *name)
{
    struct mcf *cf = xcalloc(1, sizeof(*cf));
    cf->head = node_new(SL_MAX_HEIGHT, NULL, 0, NULL, 0, 0, MK_DEL);
    cf->height = 1;
    eng__add_cf(&e->base, &cf->base, name);
    return cf;
}

static void mcf_free_nodes(struct mcf *cf)
{
    struct mnode *x = cf->head;
    while (x != NULL) {
        struct mnode *n = x->next[0];
        xfree(x);
        x = n;
    }
    cf->head = NULL;
}

static void meng_free(struct meng *e)
{
    for (size_t i = 0; i < e->base.ncfs; i++)
        mcf_free_nodes(MCF(e->base.cfs[i]));
    for (size_t i = e->retired_head; i < e->retired_n; i++)
        xfree(e->retired[i].node);
    xfree(e->retired);
    pthread_rwlock_destroy(&e->lock);
    pthread_mutex_destroy(&e->views_mu);
    eng__base_fini(&e->base);
    xfree(e);
}

/* Restore: CFs and pairs arrive in key order; append them at each CF's
 * tail, checking the order (the file is outside input). */
struct restore {
    struct meng *e;
    struct mcf *cf;
    struct mcur tail;
    struct mnode *last; /* last node appended to cf, NULL when none */
    bool *seen;         /* per CF index: had a CF record */
    size_t seen_cap;
};

static int restore_cf(void *arg, const char *name, struct err *err)
{
    struct restore *r = arg;
    struct mcf *cf = (struct mcf *)eng_cf(&r->e->base, name);
    if (cf == NULL) {
        if (r->e->base.ncfs >= ENG_MAX_CFS)
            return err_set(err, ERR_CORRUPT, "too many column families");
        cf = mcf_new(r->e, name);
    }
    if (cf->base.index >= r->seen_cap) {
        size_t cap = cf->base.index + 8;
        r->seen = xrealloc(r->seen, cap * sizeof(*r->seen));
        memset(r->seen + r->seen_cap, 0, (cap - r->seen_cap) * sizeof(*r->seen));
        r->seen_cap = cap;
    }
    if (r->seen[cf->base.index])
        return err_set(err, ERR_CORRUPT, "column family %s appears twice", name);
    r->seen[cf->base.index] = true;
    r->cf = cf;
    r->last = NULL;
    cur_seek(&r->tail, cf, NULL, 0, 0);
    return 0;
}

static int restore_kv(void *arg, const void *k, size_t klen, const void *v, size_t vlen,
                      struct err *err)
{
    struct restore *r = arg;
    if (r->cf == NULL)
        return err_set(err, ERR_CORRUPT, "key/value record before any column family");
    if (klen > UINT32_MAX)
        return err_set(err, ERR_CORRUPT, "key too long");
    if (r->last != NULL && node_cmp_key(r->last, k, klen) >= 0)
        return err_set(err, ERR_CORRUPT, "keys out of order in column family %s", r->cf->base.name);
    /* Seq 0: visible to every reader; last_seq starts at the file's seq. */
    struct mnode *n = node_new(random_height(r->e), k, klen, v, vlen, 0, MK_PUT);
    cur_insert(&r->tail, n);
    r->last = n;
    return 0;
}

static int meng_open(const char *path, const struct eng_options *o, struct eng **out,
                     struct err *err)
{
    struct meng *e = xcalloc(1, sizeof(*e));
    pthread_rwlockattr_t attr;
    char **names;
    size_t n;
    int rc;

    eng__base_init(&e->base, &eng__memory_ops, path, o);
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&e->lock, &attr);
    pthread_rwlockattr_destroy(&attr);
    pthread_mutex_init(&e->views_mu, NULL);
    e->views.next = e->views.prev = &e->views;
    atomic_init(&e->last_seq, 0);
    e->rng = 0x9E3779B97F4A7C15ULL ^ (uint64_t)(uintptr_t)e;

    if ((rc = eng__cf_names(o, NULL, 0, &names, &n, err)) != 0)
        goto err_after_engine;
    for (size_t i = 0; i < n; i++)
        mcf_new(e, names[i]);
    eng__names_free(names, n);

    if (o->restore_from != NULL) {
        struct restore r = {.e = e};
        struct eng__ckpt_sink sink = {.cf = restore_cf, .kv = restore_kv, .arg = &r};
        uint64_t seq = 0;
        rc = eng__ckpt_read(o->restore_from, &sink, &seq, err);
        xfree(r.seen);
        if (rc != 0) {
            err_prefix(err, "storage: open memory engine %s", path ? path : "");
            goto err_after_engine;
        }
        atomic_store(&e->last_seq, seq);
    }
    *out = &e->base;
    return 0;

err_after_engine:
    meng_free(e);
    return rc;
}

static void meng_close(struct eng *e)
{
    meng_free(MENG(e));
}

/* --- reads ---------------------------------------------------------------- */

static int meng_get(struct eng_cf *cf, const struct eng_snapshot *snap, const void *key,
                    size_t klen, struct eng__sink *sink, struct err *err)
{
    struct meng *e = MENG(cf->eng);
    int rc = ERR_NOTFOUND;
    (void)err;

    pthread_rwlock_rdlock(&e->lock);
    uint64_t r = snap ? ((const struct msnap *)snap)->view.seq
                      : atomic_load_explicit(&e->last_seq, memory_order_relaxed);
    struct mnode *x = find_ge(MCF(cf), key, klen, r);
    if (x != NULL && x->kind == MK_PUT && node_cmp_key(x, key, klen) == 0)
        rc = eng__sink_put(sink, node_val(x), x->vlen);
    pthread_rwlock_unlock(&e->lock);
    return rc;
}

/* --- batches -------------------------------------------------------------- */

static struct mbatch *MB(struct eng_batch *b)
{
    return (struct mbatch *)b;
}

static struct eng_batch *meng_batch_new(struct eng *e)
{
    struct mbatch *b = xcalloc(1, sizeof(*b));
    (void)e;
    return &b->base;
}

static size_t batch_bytes(struct mbatch *b, const void *p, size_t n)
{
    if (b->dlen + n > b->dcap) {
        size_t cap = b->dcap ? b->dcap : 256;
        while (cap < b->dlen + n)
            cap *= 2;
        b->data = xrealloc(b->data, cap);
        b->dcap = cap;
    }
    size_t off = b->dlen;
    if (n)
        memcpy(b->data + off, p, n);
    b->dlen += n;
    return off;
}

static void batch_op(struct mbatch *b, int type, struct eng_cf *cf, const void *k, size_t klen,
                     const void *v, size_t vlen)
{
    PRE(klen <= UINT32_MAX);
    if (b->nops == b->capops) {
        b->capops = b->capops ? 2 * b->capops : 16;
        b->ops = xrealloc(b->ops, b->capops * sizeof(*b->ops));
    }
    struct mop *op = &b->ops[b->nops++];
    op->type = (uint8_t)type;
    op->cf = MCF(cf);
    op->klen = klen;
    op->koff = batch_bytes(b, k, klen);
    op->vlen = vlen;
    op->voff = batch_bytes(b, v, vlen);
}

static void meng_batch_put(struct eng_batch *b, struct eng_cf *cf, const void *key, size_t klen,
                           const void *val, size_t vlen)
{
    batch_op(MB(b), MK_PUT, cf, key, klen, val, vlen);
}

static void meng_batch_delete(struct eng_batch *b, struct eng_cf *cf, const void *key, size_t klen)
{
    batch_op(MB(b), MK_DEL, cf, key, klen, NULL, 0);
}

static void meng_batch_delete_range(struct eng_batch *b, struct eng_cf *cf, const void *start,
                                    size_t slen, const void *end, size_t elen)
{
    batch_op(MB(b), MOP_RANGE, cf, start, slen, end, elen);
}

static void meng_batch_clear(struct eng_batch *b)
{
    MB(b)->nops = 0;
    MB(b)->dlen = 0;
}

static void meng_batch_free(struct eng_batch *b)
{
    xfree(MB(b)->ops);
    xfree(MB(b)->data);
    xfree(b);
}

static int meng_compact_range(struct eng_cf *cf, const void *start, size_t slen, const void *end,
                              size_t elen, struct err *err);

static int meng_write(struct eng_batch *b, bool sync, struct err *err)
{
    struct meng *e = MENG(b->eng);
    struct mbatch *mb = MB(b);
    (void)sync; /* nothing is durable here */
    (void)err;

    pthread_rwlock_wrlock(&e->lock);
    uint64_t m = min_view_seq(e);
    uint64_t seq = atomic_load_explicit(&e->last_seq, memory_order_relaxed);
    for (size_t i = 0; i < mb->nops; i++) {
        const struct mop *op = &mb->ops[i];
        const char *k = mb->data + op->koff, *v = mb->data + op->voff;
        struct mcur c;
        seq++;
        if (op->type == MOP_RANGE) {
            apply_range_delete(e, op->cf, k, op->klen, v, op->vlen, seq, m);
        } else {
            cur_seek(&c, op->cf, k, op->klen, UINT64_MAX);
            insert_version(e, &c, k, op->klen, v, op->vlen, seq, op->type, m);
        }
    }
    /* Publish: from here readers see the whole batch. */
    atomic_store_explicit(&e->last_seq, seq, memory_order_release);
    end_write_section(e);
    /* Tombstones only go away in a compaction: run one when a CF's count
     * has doubled (plus GC_AUTO_MIN) since the last, so the cost stays
     * amortized O(1) per write even while snapshots pin them. */
    struct mcf *gc = NULL;
    for (size_t i = 0; i < e->base.ncfs && gc == NULL; i++) {
        struct mcf *cf = MCF(e->base.cfs[i]);
        if (cf->tombstones >= 2 * cf->gc_floor + GC_AUTO_MIN) {
            cf->gc_floor = cf->tombstones; /* no second trigger meanwhile */
            gc = cf;
        }
    }
    pthread_rwlock_unlock(&e->lock);
    if (gc != NULL)
        meng_compact_range(&gc->base, NULL, 0, NULL, 0, NULL);
    return 0;
}

/* --- views ---------------------------------------------------------------- */

static void view_add(struct meng *e, struct mview *v, const struct eng_snapshot *at, bool iter)
{
    v->is_iter = iter;
    v->seen_gen = NO_GEN;
    pthread_mutex_lock(&e->views_mu);
    /* Read last_seq under views_mu: a concurrent min_view_seq either counts
     * this view or ran before, when last_seq was <= the value read here. */
    v->seq = at ? ((const struct msnap *)at)->view.seq
                : atomic_load_explicit(&e->last_seq, memory_order_acquire);
    v->next = e->views.next;
    v->prev = &e->views;
    e->views.next->prev = v;
    e->views.next = v;
    pthread_mutex_unlock(&e->views_mu);
}

static void view_remove(struct meng *e, struct mview *v)
{
    pthread_mutex_lock(&e->views_mu);
    v->prev->next = v->next;
    v->next->prev = v->prev;
    pthread_mutex_unlock(&e->views_mu);
}

static struct eng_snapshot *meng_snapshot_new(struct eng *e)
{
    struct msnap *s = xcalloc(1, sizeof(*s));
    s->base.eng = e;
    view_add(MENG(e), &s->view, NULL, false);
    return &s->base;
}

static void meng_snapshot_free(struct eng_snapshot *snap)
{
    struct msnap *s = (struct msnap *)snap;
    view_remove(MENG(snap->eng), &s->view);
    xfree(s);
}

/* --- iterators ------------------------------------------------------------ */

static struct miter *MIT(struct eng_iter *it)
{
    return (struct miter *)it;
}

static const struct miter *CMIT(const struct eng_iter *it)
{
    return (const struct miter *)it;
}

/* versions: no filters here; the bounds already limit it to the prefix. */
static struct eng_iter *meng_iter_new(struct eng_cf *cf, const struct eng_snapshot *snap,
                                      const void *lower, size_t llen, const void *upper,
                                      size_t ulen, bool versions)
{
    (void)versions;
    struct miter *it = xcalloc(1, sizeof(*it));
    eng__iter_base_init(&it->base, cf, lower, llen, upper, ulen);
    view_add(MENG(cf->eng), &it->view, snap, true);
    return &it->base;
}

/* From x on, the first version visible at the iterator's seq that is a
 * value, stopping at the upper bound. */
static struct mnode *fwd_visible(const struct miter *it, struct mnode *x)
{
    uint64_t r = it->view.seq;
    while (x != NULL) {
        if (it->base.upper != NULL && node_cmp_key(x, it->base.upper, it->base.ulen) >= 0)
            return NULL;
        if (x->seq > r) {
            x = x->next[0];
        } else if (x->kind == MK_PUT) {
            return x;
        } else {
            x = skip_key(x);
        }
    }
    return NULL;
}

/* The visible value with the largest key < k (k NULL: no limit), stopping
 * at the lower bound. */
static struct mnode *bwd_visible(const struct miter *it, const void *k, size_t klen)
{
    const struct mcf *cf = MCF(it->base.cf);
    for (;;) {
        struct mnode *p = find_lt_key(cf, k, klen);
        if (p == NULL)
            return NULL;
        if (it->base.lower != NULL && node_cmp_key(p, it->base.lower, it->base.llen) < 0)
            return NULL;
        struct mnode *v = find_ge(cf, node_key(p), p->klen, it->view.seq);
        if (v != NULL && v->kind == MK_PUT && same_key(v, p))
            return v;
        k = node_key(p);
        klen = p->klen;
    }
}

static void iter_lock(struct miter *it)
{
    pthread_rwlock_rdlock(&MENG(it->base.eng)->lock);
}

static void iter_unlock(struct miter *it)
{
    struct meng *e = MENG(it->base.eng);
    it->view.seen_gen = it->cur ? e->gc_gen : NO_GEN;
    pthread_rwlock_unlock(&e->lock);
}

static void meng_iter_seek(struct eng_iter *base, const void *k, size_t klen)
{
    struct miter *it = MIT(base);
    iter_lock(it);
    it->cur = fwd_visible(it, find_ge(MCF(base->cf), k, klen, UINT64_MAX));
    iter_unlock(it);
}

static void meng_iter_seek_for_prev(struct eng_iter *base, const void *k, size_t klen)
{
    struct miter *it = MIT(base);
    iter_lock(it);
    struct mnode *v = find_ge(MCF(base->cf), k, klen, it->view.seq);
    if (v != NULL && v->kind == MK_PUT && node_cmp_key(v, k, klen) == 0)
        it->cur = v;
    else
        it->cur = bwd_visible(it, k, klen);
    iter_unlock(it);
}

static void meng_iter_first(struct eng_iter *base)
{
    struct miter *it = MIT(base);
    iter_lock(it);
    if (base->lower != NULL)
        it->cur = fwd_visible(it, find_ge(MCF(base->cf), base->lower, base->llen, UINT64_MAX));
    else
        it->cur = fwd_visible(it, MCF(base->cf)->head->next[0]);
    iter_unlock(it);
}

static void meng_iter_last(struct eng_iter *base)
{
    struct miter *it = MIT(base);
    iter_lock(it);
    it->cur = bwd_visible(it, base->upper, base->ulen);
    iter_unlock(it);
}

static void meng_iter_next(struct eng_iter *base)
{
    struct miter *it = MIT(base);
    iter_lock(it);
    if (it->cur != NULL)
        it->cur = fwd_visible(it, skip_key(it->cur));
    iter_unlock(it);
}

static void meng_iter_prev(struct eng_iter *base)
{
    struct miter *it = MIT(base);
    iter_lock(it);
    if (it->cur != NULL)
        it->cur = bwd_visible(it, node_key(it->cur), it->cur->klen);
    iter_unlock(it);
}

static bool meng_iter_valid(const struct eng_iter *it)
{
    return CMIT(it)->cur != NULL;
}

/* The current node cannot be freed while the iterator stands on it, and
 * its key and value never change: no lock needed. */
static const void *meng_iter_key(const struct eng_iter *it, size_t *klen)
{
    *klen = CMIT(it)->cur->klen;
    return node_key(CMIT(it)->cur);
}

static const void *meng_iter_value(const struct eng_iter *it, size_t *vlen)
{
    *vlen = CMIT(it)->cur->vlen;
    return node_val(CMIT(it)->cur);
}

static int meng_iter_status(const struct eng_iter *it, struct err *err)
{
    (void)it;
    (void)err;
    return 0;
}

static void meng_iter_free(struct eng_iter *base)
{
    struct miter *it = MIT(base);
    view_remove(MENG(base->eng), &it->view);
    eng__iter_base_fini(base);
    xfree(it);
}

/* --- maintenance ---------------------------------------------------------- */

static int meng_checkpoint(struct eng *e, const char *dir, struct err *err)
{
    struct eng_snapshot *snap = meng_snapshot_new(e);
    struct eng__ckpt_writer *w;
    int rc;

    if ((rc = eng__ckpt_begin(dir, ((struct msnap *)snap)->view.seq, &w, err)) != 0)
        goto err_after_snapshot;
    for (size_t i = 0; i < e->ncfs && rc == 0; i++) {
        struct eng_cf *cf = e->cfs[i];
        if ((rc = eng__ckpt_cf(w, cf->name, err)) != 0)
            break;
        struct eng_iter *it = meng_iter_new(cf, snap, NULL, 0, NULL, 0, false);
        for (meng_iter_first(it); rc == 0 && meng_iter_valid(it); meng_iter_next(it)) {
            size_t klen, vlen;
            const void *k = meng_iter_key(it, &klen), *v = meng_iter_value(it, &vlen);
            rc = eng__ckpt_kv(w, k, klen, v, vlen, err);
        }
        meng_iter_free(it);
    }
    if (rc != 0) {
        eng__ckpt_abort(w);
        goto err_after_snapshot;
    }
    rc = eng__ckpt_finish(w, err);

err_after_snapshot:
    meng_snapshot_free(snap);
    if (rc != 0)
        err_prefix(err, "storage: checkpoint %s", e->path[0] ? e->path : "(memory)");
    return rc;
}

static int meng_approximate_size(struct eng_cf *cf, const void *start, size_t slen, const void *end,
                                 size_t elen, uint64_t *size, struct err *err)
{
    struct meng *e = MENG(cf->eng);
    uint64_t sum = 0;
    (void)err;

    pthread_rwlock_rdlock(&e->lock);
    struct mnode *x = start ? find_ge(MCF(cf), start, slen, UINT64_MAX) : MCF(cf)->head->next[0];
    for (; x != NULL && (end == NULL || node_cmp_key(x, end, elen) < 0); x = x->next[0])
        sum += x->klen + x->vlen + NODE_OVERHEAD;
    pthread_rwlock_unlock(&e->lock);
    *size = sum;
    return 0;
}

static int meng_compact_range(struct eng_cf *cf, const void *start, size_t slen, const void *end,
                              size_t elen, struct err *err)
{
    struct meng *e = MENG(cf->eng);
    char *resume = NULL;
    size_t rlen = 0;
    bool done = false;
    (void)err;

    if (start != NULL) {
        resume = xmalloc(slen ? slen : 1);
        if (slen)
            memcpy(resume, start, slen);
        rlen = slen;
    }
    while (!done) {
        struct mcur c;
        struct mnode *x;
        size_t keys = 0;

        pthread_rwlock_wrlock(&e->lock);
        uint64_t m = min_view_seq(e);
        uint64_t last = atomic_load_explicit(&e->last_seq, memory_order_relaxed);
        bool dropped = false;
        cur_seek(&c, MCF(cf), resume ? resume : "", rlen, UINT64_MAX);
        while ((x = cur_node(&c)) != NULL && (end == NULL || node_cmp_key(x, end, elen) < 0) &&
               keys < GC_CHUNK_KEYS) {
            /* x is the newest version of its key. A dropped value gets a
             * tombstone at a new seq, published with this section like a
             * batch: open iterators and snapshots keep seeing the value (as
             * a RocksDB iterator does, pinning its files); later readers do
             * not, and the value goes once no reader can see it. */
            if (x->kind == MK_PUT && e->base.filter != NULL &&
                e->base.filter(cf->name, node_key(x), x->klen, node_val(x), x->vlen,
                               e->base.filter_arg) == ENG_FILTER_DROP) {
                insert_version(e, &c, node_key(x), x->klen, NULL, 0, last + 1, MK_DEL, m);
                dropped = true;
            } else {
                prune_key(e, &c, node_key(x), x->klen, m); /* x, if retired, is not freed yet */
            }
            keys++;
        }
        if (dropped)
            atomic_store_explicit(&e->last_seq, last + 1, memory_order_release);
        if (x == NULL)
            MCF(cf)->gc_floor = MCF(cf)->tombstones;
        done = x == NULL || (end != NULL && node_cmp_key(x, end, elen) >= 0);
        if (!done) {
            xfree(resume);
            rlen = x->klen;
            resume = xmalloc(rlen ? rlen : 1);
            memcpy(resume, node_key(x), rlen);
        }
        end_write_section(e);
        pthread_rwlock_unlock(&e->lock);
    }
    xfree(resume);
    return 0;
}

static int meng_flush(struct eng *e, struct err *err)
{
    (void)e;
    (void)err;
    return 0;
}

static double meng_stat(struct eng *e, enum eng_stat which)
{
    struct meng *m = MENG(e);
    double v = 0;
    if (which != ENG_STAT_NUM_KEYS && which != ENG_STAT_MEMTABLE_BYTES)
        return 0;
    pthread_rwlock_rdlock(&m->lock);
    for (size_t i = 0; i < e->ncfs; i++) {
        const struct mcf *cf = MCF(e->cfs[i]);
        v += which == ENG_STAT_NUM_KEYS ? (double)cf->nodes : (double)cf->bytes;
    }
    pthread_rwlock_unlock(&m->lock);
    return v;
}

const struct eng__ops eng__memory_ops = {
    .open = meng_open,
    .close = meng_close,
    .get = meng_get,
    .batch_new = meng_batch_new,
    .batch_put = meng_batch_put,
    .batch_delete = meng_batch_delete,
    .batch_delete_range = meng_batch_delete_range,
    .batch_clear = meng_batch_clear,
    .batch_free = meng_batch_free,
    .write = meng_write,
    .snapshot_new = meng_snapshot_new,
    .snapshot_free = meng_snapshot_free,
    .iter_new = meng_iter_new,
    .iter_seek = meng_iter_seek,
    .iter_seek_for_prev = meng_iter_seek_for_prev,
    .iter_first = meng_iter_first,
    .iter_last = meng_iter_last,
    .iter_next = meng_iter_next,
    .iter_prev = meng_iter_prev,
    .iter_valid = meng_iter_valid,
    .iter_key = meng_iter_key,
    .iter_value = meng_iter_value,
    .iter_status = meng_iter_status,
    .iter_free = meng_iter_free,
    .checkpoint = meng_checkpoint,
    .approximate_size = meng_approximate_size,
    .compact_range = meng_compact_range,
    .flush = meng_flush,
    .stat = meng_stat,
};
