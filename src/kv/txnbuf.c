/* txnbuf.c — a transaction's write buffer: an ordered map (skip list) from
 * physical key esc(k) to a chain of buffered versions, plus an undo log.
 *
 * Every write and every lock acquisition gets the next sequence number and
 * an undo entry; a savepoint is a sequence number, and rolling back to it
 * pops undo entries down to it (restoring older versions and giving up
 * locks). Iterators remember the sequence number at their creation and look
 * at versions below it only, so a statement that updates the keys it scans
 * never sees its own later writes. Memory lives in the transaction's context
 * (nothing is freed one by one; popped versions stay until the end).
 */
#include "kv/kv_int.h"

#include "common/mem.h"

#include <string.h>

static struct kv__bent *new_ent(struct kv__buf *b, int level, const void *key, size_t klen)
{
    struct kv__bent *e = mem_alloc0(b->ctx, sizeof *e + (size_t)level * sizeof(struct kv__bent *));
    b->adds++;
    e->level = level;
    if (klen > 0) {
        e->key = mem_alloc(b->ctx, klen);
        memcpy(e->key, key, klen);
    }
    e->klen = klen;
    return e;
}

void kv__buf_init(struct kv__buf *b, struct mem_ctx *ctx, uint64_t seed)
{
    memset(b, 0, sizeof *b);
    b->ctx = ctx;
    b->rnd = seed | 1;
    b->level = 1;
    b->head = new_ent(b, KV__SKIP_MAX, NULL, 0);
}

void kv__buf_destroy(struct kv__buf *b)
{
    xfree(b->undo);
    b->undo = NULL;
    b->n_undo = b->cap_undo = 0;
}

static int random_level(struct kv__buf *b)
{
    /* xorshift64; p = 1/4 per level */
    uint64_t x = b->rnd;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    b->rnd = x;
    int lvl = 1;
    while (lvl < KV__SKIP_MAX && (x & 3) == 0) {
        lvl++;
        x >>= 2;
    }
    return lvl;
}

/* Fill update[i] with the last entry at level i whose key < key. */
static void find_prev(const struct kv__buf *b, const void *key, size_t klen,
                      struct kv__bent **update)
{
    struct kv__bent *x = b->head;
    for (int i = b->level - 1; i >= 0; i--) {
        while (x->next[i] != NULL && kv__key_cmp(x->next[i]->key, x->next[i]->klen, key, klen) < 0)
            x = x->next[i];
        update[i] = x;
    }
}

struct kv__bent *kv__buf_seek(const struct kv__buf *b, const void *key, size_t klen)
{
    if (key == NULL)
        return b->head->next[0];
    struct kv__bent *x = b->head;
    for (int i = b->level - 1; i >= 0; i--)
        while (x->next[i] != NULL && kv__key_cmp(x->next[i]->key, x->next[i]->klen, key, klen) < 0)
            x = x->next[i];
    return x->next[0];
}

struct kv__bent *kv__buf_seek_prev(const struct kv__buf *b, const void *key, size_t klen)
{
    struct kv__bent *x = b->head;
    for (int i = b->level - 1; i >= 0; i--)
        while (x->next[i] != NULL &&
               (key == NULL || kv__key_cmp(x->next[i]->key, x->next[i]->klen, key, klen) < 0))
            x = x->next[i];
    return x == b->head ? NULL : x;
}

struct kv__bent *kv__buf_find(const struct kv__buf *b, const void *key, size_t klen)
{
    struct kv__bent *x = kv__buf_seek(b, key, klen);
    if (x != NULL && kv__key_cmp(x->key, x->klen, key, klen) == 0)
        return x;
    return NULL;
}

struct kv__bent *kv__buf_get_or_add(struct kv__buf *b, const void *key, size_t klen)
{
    struct kv__bent *update[KV__SKIP_MAX];
    find_prev(b, key, klen, update);
    struct kv__bent *x = update[0]->next[0];
    if (x != NULL && kv__key_cmp(x->key, x->klen, key, klen) == 0)
        return x;
    int lvl = random_level(b);
    if (lvl > b->level) {
        for (int i = b->level; i < lvl; i++)
            update[i] = b->head;
        b->level = lvl;
    }
    x = new_ent(b, lvl, key, klen);
    for (int i = 0; i < lvl; i++) {
        x->next[i] = update[i]->next[i];
        update[i]->next[i] = x;
    }
    return x;
}

static void push_undo(struct kv__buf *b, struct kv__bent *e, uint64_t seq, uint8_t kind)
{
    if (b->n_undo == b->cap_undo) {
        b->cap_undo = b->cap_undo ? b->cap_undo * 2 : 64;
        b->undo = xrealloc(b->undo, b->cap_undo * sizeof *b->undo);
    }
    b->undo[b->n_undo++] = (struct kv__undo){.e = e, .seq = seq, .kind = kind};
}

void kv__buf_write(struct kv__buf *b, struct kv__bent *e, uint8_t op, const void *val, size_t vlen)
{
    struct kv__bver *v = mem_alloc0(b->ctx, sizeof *v);
    v->seq = ++b->seq;
    v->op = op;
    if (op == KV__OP_PUT) {
        v->val = mem_alloc(b->ctx, vlen ? vlen : 1);
        if (vlen > 0)
            memcpy(v->val, val, vlen);
        v->vlen = vlen;
    }
    v->prev = e->ver;
    e->ver = v;
    push_undo(b, e, v->seq, KV__UNDO_VER);
}

void kv__buf_mark_locked(struct kv__buf *b, struct kv__bent *e, uint64_t for_update_ts)
{
    e->lock_seq = ++b->seq;
    e->for_update_ts = for_update_ts;
    push_undo(b, e, e->lock_seq, KV__UNDO_LOCK);
}

const struct kv__bver *kv__buf_visible(const struct kv__bent *e, uint64_t below)
{
    const struct kv__bver *v = e->ver;
    while (v != NULL && v->seq >= below)
        v = v->prev;
    return v;
}

void kv__buf_rollback_to(struct kv__buf *b, uint64_t mark,
                         void (*release)(void *arg, struct kv__bent *e), void *arg)
{
    while (b->n_undo > 0 && b->undo[b->n_undo - 1].seq >= mark) {
        struct kv__undo *u = &b->undo[--b->n_undo];
        if (u->kind == KV__UNDO_VER) {
            u->e->ver = u->e->ver->prev;
        } else {
            u->e->lock_seq = 0;
            u->e->for_update_ts = 0;
            if (release != NULL)
                release(arg, u->e);
        }
    }
}
