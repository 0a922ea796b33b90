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
#include "sql/acl.h"
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
    if (owned->n < 2)
        return err_set_state(e, ERR_INVAL, "42601",
                             "invalid OWNED BY option"
                             "\nHINT:  Specify OWNED BY table.column or OWNED BY NONE.");
    return sql__seq_owned_col(env, owned, seq->schema_oid, &q->owned_by_table, &q->owned_by_col, e);
}

int sql__alter_sequence_stmt(struct sql_env *env, const struct sql_stmt *st, struct err *e)
{
    const struct sql_rangevar *rv = st->u.alter_sequence.seq;
    uint32_t oid, ns;
    char kind;
    int rc = sql__find_rel_or_skip(env, rv, st->u.alter_sequence.if_exists, &oid, &kind, &ns, e);
    if (rc != 0 || oid == 0)
        return rc;
    if (kind != 'S')
        return err_set_state(e, ERR_INVAL, "42809", "\"%s\" is not a sequence", rv->name.name);
    const struct sql_table_desc *s0;
    rc = sql_cat_table_by_oid(env, oid, &s0, e);
    if (rc != 0 || s0 == NULL)
        return rc != 0 ? rc : sql__corrupt(e, "name", oid, "missing descriptor");
    if ((rc = sql__acl_check_owner(env, s0->owner, "sequence", s0->name, e)) != 0)
        return rc;
    struct sql__seq_opts o;
    rc = sql__seq_collect(&st->u.alter_sequence.options, false, &o, e);
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
        rc = sql__seq_opt_type(o.as, &t, e);
        if (rc != 0)
            return rc;
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
        rc = sql__seq_opt_increment(o.inc, &q->increment, e);
        if (rc != 0)
            return rc;
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
    if ((rc = sql__seq_check_bound("MAXVALUE", q->max, q->type, e)) != 0)
        return rc;
    if (o.minv != NULL && o.minv->kind != SQL_OPT_NONE) {
        rc = sql__seq_opt_int(o.minv, &q->min, e);
        if (rc != 0)
            return rc;
        rewrite = true;
    } else if (o.minv != NULL || reset_min) {
        q->min = q->increment < 0 || reset_min ? tmin : 1;
        rewrite = true;
    }
    if ((rc = sql__seq_check_bound("MINVALUE", q->min, q->type, e)) != 0 ||
        (rc = sql__seq_check_minmax(q, e)) != 0)
        return rc;
    if (o.start != NULL) {
        rc = sql__seq_opt_int(o.start, &q->start, e);
        if (rc != 0)
            return rc;
    }
    if ((rc = sql__seq_check_value("START", q->start, q, e)) != 0)
        return rc;
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
    if ((rc = sql__seq_check_value("RESTART", last, q, e)) != 0)
        return rc;
    if (o.cache != NULL) {
        rc = sql__seq_opt_cache(o.cache, &q->cache, e);
        if (rc != 0)
            return rc;
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
