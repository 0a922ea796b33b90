-- dukb_regr: covar_pop, covar_samp, corr and the regr_* aggregates (Y, X)
-- on float8, with int and numeric arguments cast implicitly.
CREATE TABLE rg (x int, y numeric, z float8);
INSERT INTO rg VALUES (1, 2, 0.5), (2, 3, 1.5), (3, 5, NULL), (NULL, 1, 2), (4, NULL, 3), (7, 7.5, 4.25);
SELECT covar_pop(y, x), covar_samp(y, x), corr(y, x), regr_count(y, x) FROM rg;
SELECT regr_sxx(y, x), regr_syy(y, x), regr_sxy(y, x), regr_avgx(y, x), regr_avgy(y, x) FROM rg;
SELECT regr_r2(y, x), regr_slope(y, x), regr_intercept(y, x) FROM rg;
SELECT covar_pop(z, x), corr(x, z), regr_slope(z, y) FROM rg;
SELECT x, covar_pop(y, x) OVER (ORDER BY x), regr_count(z, x) OVER (ORDER BY x ROWS 1 PRECEDING) FROM rg ORDER BY x;
-- one row, no rows, constant inputs
SELECT covar_pop(1, 2), covar_samp(1, 2), corr(1, 2), regr_r2(1, 2), regr_slope(2, 1);
SELECT regr_count(y, x), covar_pop(y, x), regr_avgx(y, x) FROM rg WHERE false;
SELECT corr(y, x), regr_r2(y, x), regr_slope(y, x) FROM (VALUES (1, 2), (1, 3)) v(x, y);
SELECT corr(y, x), regr_r2(y, x) FROM (VALUES (1, 2), (2, 2)) v(x, y);
SELECT covar_pop('inf'::float8, 1), regr_sxx(1, 'nan'), covar_pop(x, 1) FROM (VALUES (1e308::float8), (-1e308)) v(x);
SELECT covar_pop(x, x) FROM (VALUES (1e308::float8), (-1e308)) v(x);
SELECT pg_typeof(regr_count(1, 2)), pg_typeof(covar_pop(1, 2));
SELECT corr('a', 1);
SELECT covar_pop(1, 'b'::text);
DROP TABLE rg;
