/* pgwire_hook.c — start and stop the SQL listener (pgwire/) as a node
 * component, and make sure the role catalog holds its initial superuser.
 *
 * Order (node.c): after the store (sessions need kv), before admin HTTP;
 * stopped first on shutdown, so no session outlives kv.
 *
 * The catalog is written by `shardforge init` (srv_catalog_bootstrap). A
 * node whose catalog is empty at start — a memory engine, which keeps
 * nothing across restarts, or a data directory from before roles existed —
 * gets the default superuser `shardforge` without a password and the
 * database `shardforge`; it is logged as a warning.
 */
#include "server/server_int.h"

#include "common/err.h"
#include "common/log.h"
#include "common/mem.h"
#include "pgwire/pgwire.h"
#include "sql/sql.h"

int srv__pgwire_start(struct srv_node *node, struct err *err)
{
    bool empty = false;
    int rc = sql_catalog_empty(node->kv, &empty, err);
    if (rc != 0)
        return err_prefix(err, "SQL catalog");
    if (empty) {
        rc = sql_catalog_bootstrap(node->kv, SQL_DEFAULT_NAME, NULL, SQL_DEFAULT_NAME, err);
        if (rc != 0)
            return err_prefix(err, "SQL catalog");
        log_warn("server",
                 "the role catalog was empty: created superuser \"%s\" (no password) "
                 "and database \"%s\"",
                 SQL_DEFAULT_NAME, SQL_DEFAULT_NAME);
    }
    rc = pgw_server_start(&node->cfg, node->kv, &node->pgw, err);
    return rc;
}

bool srv__pgwire_stop(struct srv_node *node)
{
    bool clean = pgw_server_stop(node->pgw);
    node->pgw = NULL;
    return clean;
}

int srv_catalog_bootstrap(const struct cfg *cfg, const char *user, const char *secret,
                          struct err *err)
{
    struct srv_node *node = xcalloc(1, sizeof(*node));
    int rc;
    node->cfg = *cfg;
    node->lock_fd = -1;
    rc = srv__loop_start(&node->loop, err);
    if (rc != 0)
        goto err_after_alloc;
    rc = srv__store_open(node, err);
    if (rc != 0)
        goto err_after_loop;
    rc = sql_catalog_bootstrap(node->kv, user, secret, SQL_DEFAULT_NAME, err);
    if (rc != 0)
        err_prefix(err, "SQL catalog");
    srv__store_close(node);
err_after_loop:
    srv__loop_stop(&node->loop);
err_after_alloc:
    xfree(node);
    return rc;
}
