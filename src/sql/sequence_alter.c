/* sequence_alter.c — ALTER SEQUENCE [IF EXISTS] name [AS type] [INCREMENT
 * [BY] n] [[NO] MINVALUE n] [[NO] MAXVALUE n] [START [WITH] n] [RESTART
 * [[WITH] n]] [CACHE n] [[NO] CYCLE] [OWNED BY t.c | NONE], as PostgreSQL's
 * AlterSequence / init_params with isInit false: options not given keep
 * their values, except that changing AS resets a MINVALUE/MAXVALUE that was
 * the old type's bound, and NO MINVALUE / NO MAXVALUE take the defaults for
 * the (new) increment's direction. The current value (or the RESTART one)
 * must stay within the bounds (22023). Options other than START and OWNED
 * BY rewrite the state (log_cnt 0), RESTART also sets last_value and
 * is_called false — in env->txn, so a rollback undoes them.
 */
#include "sql/catalog.h"

#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/catalog_int.h"
#include "sql/ddl_int.h"
#include "sql/env.h"
#include "sql/func_int.h"

#include <stdio.h>
#include <string.h>

struct seq_opts {
    const struct sql_option *as, *inc, *start, *restart, *minv, *maxv, *cache, *cycle, *owned;
};

static int collect(const struct sql_list *opts, struct seq_opts *o, struct err *e)
{
    memset(o, 0, sizeof(*o));
    for (int i = 0; i < opts->n; i++) {
        const struct sql_option *x = opts->items[i];
        const struct sql_option **slot = NULL;
        if (strcmp(x->name, "as") == 0)
            slot = &o->as;
        else if (strcmp(x->name, "increment") == 0)
            slot = &o->inc;
        else if (strcmp(x->name, "start") == 0)
            slot = &o->start;
        else if (strcmp(x->name, "restart") == 0)
            slot = &o->restart;
        else if (strcmp(x->name, "minvalue") == 0)
            slot = &o->minv;
        else if (strcmp(x->name, "maxvalue") == 0)
            slot = &o->maxv;
        else if (strcmp(x->name, "cache") == 0)
            slot = &o->cache;
        else if (strcmp(x->name, "cycle") == 0)
            slot = &o->cycle;
        else if (strcmp(x->name, "owned_by") == 0)
            slot = &o->owned;
        else
            return err_set_state(e, ERR_INVAL, "42601", "option \"%s\" not recognized", x->name);
        if (*slot != NULL)
            return err_set_state(e, ERR_INVAL, "42601", "conflicting or redundant options");
        *slot = x;
    }
    return 0;
}

static int owned_by(struct sql_env *env, const struct sql_table_desc *seq,
                    const struct sql_list *owned, struct sql_seq_desc *q, struct err *e)
{
    if (q->owned_by_table != 0) {
        const struct sql_table_desc *ot;
        int rc = sql_cat_table_by_oid(env, q->owned_by_table, &ot, e);
        if (rc != 0)
            return rc;
        for (int i = 0; ot != NULL && i < ot->ncols; i++)
            if (ot->cols[i].identity != 0 && ot->cols[i].identity_seq == seq->oid)
                return err_set_state(
                    e, ERR_UNSUPPORTED, "0A000",
                    "cannot change ownership of identity sequence" SQL_NUM_DETAIL_SEP
                    "Sequence \"%s\" is linked to table \"%s\".",
                    seq->name, ot->name);
    }
    if (owned->n == 1 && strcmp(owned->items[0], "none") == 0) {
        q->owned_by_table = 0;
        q->owned_by_col = 0;
        return 0;
    }
    if (owned->n < 2 || owned->n > 3)
        return err_set_state(e, ERR_INVAL, "42601",
                             "invalid OWNED BY option"
                             "\nHINT:  Specify OWNED BY table.column or OWNED BY NONE.");
    struct sql_rangevar trv;
    memset(&trv, 0, sizeof(trv));
    trv.name.schema = owned->n == 3 ? owned->items[0] : NULL;
    trv.name.name = owned->items[owned->n - 2];
    const struct sql_table_desc *t;
    int rc = sql__open_table(env, &trv, false, &t, e);
    if (rc != 0)
        return rc;
    const char *cn = owned->items[owned->n - 1];
    const struct sql_col_desc *c = sql_cat_column(t, cn);
    if (c == NULL)
        return err_set_state(e, ERR_NOTFOUND, "42703",
                             "column \"%s\" of relation \"%s\" does not exist", cn, t->name);
    if (t->schema_oid != seq->schema_oid)
        return err_set_state(e, ERR_INVAL, "55000",
                             "sequence must be in same schema as table it is linked to");
    q->owned_by_table = t->oid;
    q->owned_by_col = c->id;
    return 0;
}

int sql__alter_sequence_stmt(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_rangevar *rv = st->u.alter_sequence.seq;
    uint32_t oid, ns;
    char kind;
    int rc = sql__find_rel(env, rv->name.schema, rv->name.name, &oid, &kind, &ns, e);
    if (rc != 0)
        return rc;
    if (oid == 0) {
        if (st->u.alter_sequence.if_exists)
            return sql__ddl_notice(env, "00000", "relation \"%s\" does not exist, skipping",
                                   rv->name.name);
        return err_set_state(e, ERR_NOTFOUND, "42P01", "relation \"%s\" does not exist",
                             rv->name.name);
    }
    if (kind != 'S')
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a sequence", rv->name.name);
    const struct sql_table_desc *s0;
    rc = sql_cat_table_by_oid(env, oid, &s0, e);
    if (rc != 0 || s0 == NULL)
        return rc != 0 ? rc : sql__corrupt(e, "name", oid, "missing descriptor");
    struct seq_opts o;
    rc = collect(&st->u.alter_sequence.options, &o, e);
    if (rc != 0)
        return rc;
    int64_t last;
    bool called;
    int log_cnt;
    rc = sql_seq_read(env, oid, &last, &called, &log_cnt, e);
    if (rc != 0)
        return rc;
    struct sql_table_desc *s = sql__desc_copy(env->stmt_ctx, s0);
    struct sql_seq_desc *q = &s->seq;
    bool rewrite = false, reset_max = false, reset_min = false;
    int64_t tmin, tmax;
    if (o.as != NULL) {
        uint32_t t = 0;
        int32_t tm;
        if (o.as->kind != SQL_OPT_TYPE || sql_type_resolve(o.as->type, &t, &tm, NULL, e) != 0)
            return e->code != 0 ? e->code
                                : err_set_state(e, ERR_INVAL, "22023",
                                                "sequence type must be smallint, integer, or "
                                                "bigint");
        if (t != SQL_T_INT2 && t != SQL_T_INT4 && t != SQL_T_INT8)
            return err_set_state(e, ERR_INVAL, "22023",
                                 "sequence type must be smallint, integer, or bigint");
        if (sql__seq_type_bounds(q->type, &tmin, &tmax) == 0) {
            reset_max = q->max == tmax;
            reset_min = q->min == tmin;
        }
        q->type = t;
        rewrite = true;
    }
    if (sql__seq_type_bounds(q->type, &tmin, &tmax) != 0)
        return err_set_state(e, ERR_INVAL, "22023",
                             "sequence type must be smallint, integer, or bigint");
    if (o.inc != NULL) {
        rc = sql__seq_opt_int(o.inc, &q->increment, e);
        if (rc != 0)
            return rc;
        if (q->increment == 0)
            return err_set_state(e, ERR_INVAL, "22023", "INCREMENT must not be zero");
        rewrite = true;
    }
    if (o.cycle != NULL) {
        q->cycle = o.cycle->kind != SQL_OPT_BOOL || o.cycle->bval;
        rewrite = true;
    }
    if (o.maxv != NULL && o.maxv->kind != SQL_OPT_NONE) {
        rc = sql__seq_opt_int(o.maxv, &q->max, e);
        if (rc != 0)
            return rc;
        rewrite = true;
    } else if (o.maxv != NULL || reset_max) {
        q->max = q->increment > 0 || reset_max ? tmax : -1;
        rewrite = true;
    }
    if (q->max < tmin || q->max > tmax)
        return err_set_state(e, ERR_INVAL, "22023",
                             "MAXVALUE (%lld) is out of range for sequence data type %s",
                             (long long)q->max, sql__seq_type_word(q->type));
    if (o.minv != NULL && o.minv->kind != SQL_OPT_NONE) {
        rc = sql__seq_opt_int(o.minv, &q->min, e);
        if (rc != 0)
            return rc;
        rewrite = true;
    } else if (o.minv != NULL || reset_min) {
        q->min = q->increment < 0 || reset_min ? tmin : 1;
        rewrite = true;
    }
    if (q->min < tmin || q->min > tmax)
        return err_set_state(e, ERR_INVAL, "22023",
                             "MINVALUE (%lld) is out of range for sequence data type %s",
                             (long long)q->min, sql__seq_type_word(q->type));
    if (q->min >= q->max)
        return err_set_state(e, ERR_INVAL, "22023",
                             "MINVALUE (%lld) must be less than MAXVALUE (%lld)", (long long)q->min,
                             (long long)q->max);
    if (o.start != NULL) {
        rc = sql__seq_opt_int(o.start, &q->start, e);
        if (rc != 0)
            return rc;
    }
    if (q->start < q->min)
        return err_set_state(e, ERR_INVAL, "22023",
                             "START value (%lld) cannot be less than MINVALUE (%lld)",
                             (long long)q->start, (long long)q->min);
    if (q->start > q->max)
        return err_set_state(e, ERR_INVAL, "22023",
                             "START value (%lld) cannot be greater than MAXVALUE (%lld)",
                             (long long)q->start, (long long)q->max);
    if (o.restart != NULL) {
        if (o.restart->kind != SQL_OPT_NONE) {
            rc = sql__seq_opt_int(o.restart, &last, e);
            if (rc != 0)
                return rc;
        } else {
            last = q->start;
        }
        called = false;
        rewrite = true;
    }
    if (last < q->min)
        return err_set_state(e, ERR_INVAL, "22023",
                             "RESTART value (%lld) cannot be less than MINVALUE (%lld)",
                             (long long)last, (long long)q->min);
    if (last > q->max)
        return err_set_state(e, ERR_INVAL, "22023",
                             "RESTART value (%lld) cannot be greater than MAXVALUE (%lld)",
                             (long long)last, (long long)q->max);
    if (o.cache != NULL) {
        rc = sql__seq_opt_int(o.cache, &q->cache, e);
        if (rc != 0)
            return rc;
        if (q->cache <= 0)
            return err_set_state(e, ERR_INVAL, "22023", "CACHE (%lld) must be greater than zero",
                                 (long long)q->cache);
        rewrite = true;
    }
    if (o.owned != NULL) {
        if (o.owned->kind != SQL_OPT_LIST)
            return err_set_state(e, ERR_INVAL, "42601", "invalid OWNED BY option");
        rc = owned_by(env, s, &o.owned->list, q, e);
        if (rc != 0)
            return rc;
    }
    if (rewrite) {
        rc = sql__seq_state_write(env, oid, last, called, e);
        if (rc != 0)
            return rc;
    }
    s->version++;
    return sql__desc_store(env, s, e);
}

/* ---- a sequence read as a relation ---- */

static int seq_state_of(struct sql_fcall *c, uint32_t oid, int64_t *last, bool *called,
                        int *log_cnt, struct err *e)
{
    if (c->env == NULL)
        return err_set_state(e, ERR_UNSUPPORTED, "0A000",
                             "sequence functions are not supported here");
    const struct sql_table_desc *t;
    int rc = sql_cat_table_by_oid(c->env, oid, &t, e);
    if (rc != 0)
        return rc;
    if (t == NULL)
        return err_set_state(e, ERR_NOTFOUND, "42P01", "could not open relation with OID %u", oid);
    if (t->kind != 'S')
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a sequence", t->name);
    return sql_seq_read(c->env, oid, last, called, log_cnt, e);
}

int sql__fn_seq_last_value(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e)
{
    (void)n;
    int64_t last;
    bool called;
    int log_cnt;
    int rc = seq_state_of(c, (uint32_t)a[0].u.i, &last, &called, &log_cnt, e);
    if (rc != 0)
        return rc;
    *out = called ? sql_int8(last) : sql_null(SQL_T_INT8);
    return 0;
}

int sql__fn_seq_state(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e)
{
    (void)n;
    int64_t last;
    bool called;
    int log_cnt;
    int rc = seq_state_of(c, (uint32_t)a[0].u.i, &last, &called, &log_cnt, e);
    if (rc != 0)
        return rc;
    *out = sql_int8(a[1].u.i == 0 ? last : a[1].u.i == 1 ? log_cnt : called ? 1 : 0);
    return 0;
}
