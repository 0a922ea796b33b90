/* func_int.h — private interface of the function layer (func*.c): the
 * implementations that func_reg.c's table points at, and shared helpers.
 *
 * Every sql__fn_* has the sql_fn signature (func.h): arguments already cast
 * to the resolved types (c->match->argtypes), result in *out allocated in
 * c->ctx, 0 or a negative ERR_* code with e set to PostgreSQL's SQLSTATE and
 * message.
 */
#ifndef SF_SQL_FUNC_INT_H
#define SF_SQL_FUNC_INT_H

#include "sql/func.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct mem_ctx;
struct sbuf;

/* ---- helpers (func_util.c) ---- */

/* The result type of the running call (match->ret, else def->ret). */
uint32_t sql__fn_ret(const struct sql_fcall *c);
/* A text value of the call's result type (text, or name for name results)
 * copied from p/len into c->ctx. */
void sql__fn_text_out(struct sql_fcall *c, const char *p, size_t len, struct sql_value *out);
/* Text of v as a NUL-terminated string in ctx (text types as is, others
 * through sql_value_out). */
int sql__fn_cstring(struct sql_fcall *c, const struct sql_value *v, const char **s, struct err *e);
/* The session's output format (defaults when there is no env). */
const struct sql_fmt *sql__fn_fmt(const struct sql_fcall *c);
/* Number of UTF-8 characters in p[0..len) and the byte length of the
 * character starting at p (1 for invalid bytes). */
size_t sql__utf8_len(const char *p, size_t len);
int sql__utf8_clen(const char *p, size_t len);
/* Case mapping of p[0..len) as PostgreSQL's with LC_CTYPE C.UTF-8 (mode 0
 * lower, 1 upper, 2 initcap); result NUL-terminated in ctx (func_str.c). */
void sql__case_map(struct mem_ctx *ctx, const char *p, size_t len, int mode, char **out,
                   size_t *outlen);

/* ---- implementations ---- */

int sql__fn_cast(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e);

int sql__fn_age(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                struct err *e);
int sql__fn_anytextcat(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e);
int sql__fn_ascii(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_bitlen(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_bpcharlen(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_btrim(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_bytea_btrim(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e);
int sql__fn_bytea_ltrim(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e);
int sql__fn_bytea_rtrim(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e);
int sql__fn_bytea_substr(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e);
int sql__fn_chr(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                struct err *e);
/* timeofday(): the wall clock as text, "Tue Nov 24 15:38:03.532482 2026 UTC". */
int sql__fn_timeofday(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_clock_timestamp(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e);
/* func_agg.c: bool_and / bool_or's transition functions
 * (booland_statefunc, boolor_statefunc) */
/* func_agg_stat.c: the float8 statistics aggregates' transition and combine
 * functions over their {N, Sx, Sxx} / {N, Sx, Sxx, Sy, Syy, Sxy} states */
int sql__fn_float8_accum(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e);
int sql__fn_float8_combine(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e);
int sql__fn_float8_regr_accum(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e);
int sql__fn_float8_regr_combine(struct sql_fcall *c, const struct sql_value *a, int n,
                                struct sql_value *out, struct err *e);
int sql__fn_booland_statefunc(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e);
int sql__fn_boolor_statefunc(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e);
int sql__fn_cmp_eq(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_cmp_ge(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_cmp_gt(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_cmp_le(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_cmp_lt(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_cmp_ne(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_concat(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_concat_ws(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_current_database(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e);
int sql__fn_current_date(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e);
int sql__fn_current_schema(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e);
int sql__fn_current_setting(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e);
int sql__fn_current_user(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e);
int sql__fn_session_user(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e);
int sql__fn_currval(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_dsinh(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_dcosh(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_dtanh(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_dasinh(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_dacosh(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_datanh(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_float_send(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e);
int sql__fn_num_gcd(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_num_lcm(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_num_inc(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_get_bit(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_set_bit(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_bytea_bit_count(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e);
int sql__fn_unistr(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_parse_ident(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e);
int sql__fn_dacos(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_dasin(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_datan(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_datan2(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_date_part(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_date_trunc(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e);
int sql__fn_dcbrt(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_dceil(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_dcos(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e);
int sql__fn_decode(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_degrees(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_dexp(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e);
int sql__fn_dfloor(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_dln(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                struct err *e);
int sql__fn_dlog10(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_dpi(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                struct err *e);
int sql__fn_dpow(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e);
int sql__fn_drandom(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_dround(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_dsign(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_dsin(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e);
int sql__fn_dsqrt(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_dt_mi(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_dt_pl(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_dt_um(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_dcot(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e);
int sql__fn_dtan(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e);
int sql__fn_dtrunc(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_encode(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_extract(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_flt_abs(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_flt_div(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_flt_mi(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_flt_mul(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_flt_pl(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_flt_um(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_flt_up(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_gen_random_uuid(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e);
int sql__fn_iclike(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_icnlike(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_icnre(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_icre(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e);
int sql__fn_initcap(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_int_abs(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_int_and(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_int_div(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_int_gcd(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_int_lcm(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_int_mi(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_int_mod(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_int_mul(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_int_not(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_int_or(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_int_pl(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_int_shl(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_int_shr(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_int_um(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_int_up(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_int_xor(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_isfinite(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e);
int sql__fn_iv_div(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_iv_mul(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_justify_days(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e);
int sql__fn_justify_hours(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e);
int sql__fn_justify_interval(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e);
int sql__fn_lastval(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_left(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e);
int sql__fn_like(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e);
int sql__fn_localtime(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_localtimestamp(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e);
int sql__fn_like_escape(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e);
int sql__fn_format(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_to_char(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_lower(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_lpad(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e);
int sql__fn_ltrim(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_make_date(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_make_interval(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e);
int sql__fn_make_time(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_make_timestamp(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e);
int sql__fn_make_timestamptz(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e);
int sql__fn_md5(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                struct err *e);
int sql__fn_nextval(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_nlike(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_now(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                struct err *e);
int sql__fn_nre(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                struct err *e);
int sql__fn_num_abs(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_num_ceil(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e);
int sql__fn_num_div(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_num_div_trunc(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e);
int sql__fn_num_exp(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_num_fac(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_num_floor(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_num_ln(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_num_log(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_num_log10(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_num_mi(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_num_min_scale(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e);
int sql__fn_num_mod(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_num_mul(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_num_nonnulls(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e);
int sql__fn_num_nulls(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_num_pl(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_num_power(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_num_round(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_num_scale(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_num_sign(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e);
int sql__fn_num_sqrt(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e);
int sql__fn_num_trim_scale(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e);
int sql__fn_num_trunc(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_num_um(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_num_up(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_octetlen(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e);
int sql__fn_overlay(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_inet_client_addr(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e);
int sql__fn_inet_client_port(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e);
int sql__fn_inet_server_addr(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e);
int sql__fn_inet_server_port(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e);
int sql__fn_pg_backend_pid(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e);
int sql__fn_pg_notify(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_pg_listening_channels(struct sql_fcall *c, const struct sql_value *a, int n,
                                  struct sql_value *out, struct err *e);
int sql__fn_pg_isolation_test_session_is_blocked(struct sql_fcall *c, const struct sql_value *a,
                                                 int n, struct sql_value *out, struct err *e);
/* func_srf.c: pg_options_to_table(text[]), a set-returning function of the
 * registry (sql__setof_func): its rows as one record[] value. */
int sql__fn_pg_options_to_table(struct sql_fcall *c, const struct sql_value *a, int n,
                                struct sql_value *out, struct err *e);
int sql__fn_pg_sleep(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e);
int sql__fn_pg_typeof(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_quote_ident(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e);
int sql__fn_quote_literal(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e);
int sql__fn_quote_nullable(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e);
int sql__fn_radians(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_re(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
               struct err *e);
int sql__fn_regexp_like(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e);
int sql__fn_regexp_replace(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e);
int sql__fn_regexp_substr(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e);
int sql__fn_repeat(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_replace(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_reverse(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_right(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_rpad(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                 struct err *e);
int sql__fn_rtrim(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_set_config(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e);
int sql__fn_setseed(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_setval(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_sha224(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_sha384(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_sha512(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_sha256(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_split_part(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e);
int sql__fn_starts_with(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e);
int sql__fn_statement_timestamp(struct sql_fcall *c, const struct sql_value *a, int n,
                                struct sql_value *out, struct err *e);
int sql__fn_substr(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_textanycat(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e);
int sql__fn_textcat(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_textlen(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_textpos(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_timezone(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e);
int sql__fn_to_hex(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_to_timestamp(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e);
int sql__fn_translate(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_upper(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_version(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_width_bucket_f8(struct sql_fcall *c, const struct sql_value *a, int n,
                            struct sql_value *out, struct err *e);
int sql__fn_width_bucket_num(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e);

/* ---- added: degree trigonometry, SIMILAR TO, formatting ---- */
int sql__fn_dsind(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_dcosd(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_dtand(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_dcotd(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                  struct err *e);
int sql__fn_dasind(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_dacosd(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_datand(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_datan2d(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_similar_to_escape(struct sql_fcall *c, const struct sql_value *a, int n,
                              struct sql_value *out, struct err *e);

int sql__fn_similar_substr(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e);
/* bytea bytes and encodings (func_str.c) */
int sql__fn_get_byte(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e);
int sql__fn_set_byte(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e);
int sql__fn_convert_to(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e);
int sql__fn_convert_from(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e);
/* to_char of int4/int8/float4/float8/numeric (func_numfmt.c). */
int sql__fn_num_to_char(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e);

int sql__fn_to_number(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
/* to_date / to_timestamp(text, text) (func_dtfmt.c). */
int sql__fn_to_date(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_to_timestamp_fmt(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e);

int sql__fn_overlaps(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e);
int sql__fn_date_bin(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e);

/* Sequences read as relations (sequence_alter.c): pg_sequence_last_value
 * (NULL until nextval), and the internal sf_sequence_state(oid, field) that
 * SELECT ... FROM seq expands to (field 0 last_value, 1 log_cnt, 2
 * is_called as 0/1). */
int sql__fn_seq_last_value(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e);
int sql__fn_seq_state(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);

/* ---- aggregates (func_agg.c) ---- */
extern const struct sql_agg_def sql__aggs[];
extern const size_t sql__naggs;
/* min(anyarray) / max(anyarray) (array_smaller / array_larger): the result
 * type is the argument's, which sql_agg_lookup returns as *cast_to. */
extern const struct sql_agg_def sql__array_minmax_defs[2];
/* bit_and/bit_or/bit_xor and the two-argument statistics (func_agg_stat.c) */
extern const struct sql_agg_def sql__stat_aggs[];
extern const size_t sql__stat_naggs;

/* func_inet.c: inet, cidr, macaddr, macaddr8 */
int sql__fn_inet_sub(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e);
int sql__fn_inet_subeq(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e);
int sql__fn_inet_sup(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                     struct err *e);
int sql__fn_inet_supeq(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e);
int sql__fn_inet_overlap(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e);
int sql__fn_inet_same_family(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e);
int sql__fn_net_not(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_net_and(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_net_or(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                   struct err *e);
int sql__fn_inet_pl(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_inet_mi(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                    struct err *e);
int sql__fn_inet_host(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_inet_abbrev(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e);
int sql__fn_inet_masklen(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e);
int sql__fn_inet_family(struct sql_fcall *c, const struct sql_value *a, int n,
                        struct sql_value *out, struct err *e);
int sql__fn_inet_broadcast(struct sql_fcall *c, const struct sql_value *a, int n,
                           struct sql_value *out, struct err *e);
int sql__fn_inet_network(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e);
int sql__fn_inet_netmask(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e);
int sql__fn_inet_hostmask(struct sql_fcall *c, const struct sql_value *a, int n,
                          struct sql_value *out, struct err *e);
int sql__fn_inet_set_masklen(struct sql_fcall *c, const struct sql_value *a, int n,
                             struct sql_value *out, struct err *e);
int sql__fn_inet_merge(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                       struct err *e);
int sql__fn_mac_trunc(struct sql_fcall *c, const struct sql_value *a, int n, struct sql_value *out,
                      struct err *e);
int sql__fn_mac8_set7bit(struct sql_fcall *c, const struct sql_value *a, int n,
                         struct sql_value *out, struct err *e);

#endif
