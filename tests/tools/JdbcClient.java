// JdbcClient.java — a JDBC workload (Debian's pgjdbc) that prints every
// result as text lines, so tests/cluster/test_jdbc.py can run it against
// ShardForge and against PostgreSQL 15 and compare the two outputs.
//   java -cp /usr/share/java/postgresql.jar:DIR JdbcClient JDBC_URL
// Statements cover what applications and tools do through JDBC: plain and
// prepared statements (prepareThreshold=1, so server-side prepared statements
// and binary transfer are used), parameters of the common types, batches,
// generated keys (RETURNING), transactions and savepoints, errors with their
// SQLSTATE, and DatabaseMetaData (getTables, getColumns, getPrimaryKeys,
// getIndexInfo, getSchemas) as GUI tools and ORMs call them.
import java.math.BigDecimal;
import java.sql.*;
import java.util.ArrayList;
import java.util.List;

public class JdbcClient {
    static final List<String> out = new ArrayList<>();

    static void line(String s) {
        out.add(s);
    }

    static void dump(String label, ResultSet rs, String... cols) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        StringBuilder h = new StringBuilder(label + " |");
        if (cols.length == 0)
            for (int i = 1; i <= md.getColumnCount(); i++)
                h.append(' ').append(md.getColumnLabel(i)).append(':').append(md.getColumnTypeName(i));
        line(h.toString());
        while (rs.next()) {
            StringBuilder b = new StringBuilder("  ");
            if (cols.length == 0) {
                for (int i = 1; i <= md.getColumnCount(); i++)
                    b.append(i > 1 ? " | " : "").append(rs.getString(i));
            } else {
                for (int i = 0; i < cols.length; i++)
                    b.append(i > 0 ? " | " : "").append(rs.getString(cols[i]));
            }
            line(b.toString());
        }
        rs.close();
    }

    static void error(String label, SQLException e) {
        line(label + " ERROR " + e.getSQLState() + " " + e.getMessage().split("\n")[0]);
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0])) {
            run(c);
        } finally {
            for (String s : out)
                System.out.println(s);
        }
    }

    static void run(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        line("product " + md.getDatabaseProductName() + " major " + md.getDatabaseMajorVersion());
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE jd_items (id serial PRIMARY KEY, name varchar(40) NOT NULL, "
                      + "price numeric(10,2), qty integer DEFAULT 0, ok boolean, "
                      + "seen timestamp, d date, big bigint, f double precision, "
                      + "u uuid, note text)");
            s.execute("CREATE UNIQUE INDEX jd_items_name ON jd_items (name)");
            s.execute("CREATE INDEX jd_items_qty ON jd_items (qty DESC, id)");
        }

        // Prepared inserts with every parameter type, batched, with generated keys.
        try (PreparedStatement p = c.prepareStatement(
                 "INSERT INTO jd_items (name, price, qty, ok, seen, d, big, f, u, note) "
                 + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::uuid, ?)",
                 Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 1; i <= 6; i++) {
                p.setString(1, "item-" + i);
                p.setBigDecimal(2, new BigDecimal(i + ".25"));
                p.setInt(3, i * 3 % 7);
                p.setBoolean(4, i % 2 == 0);
                p.setTimestamp(5, Timestamp.valueOf("2024-02-0" + i + " 10:11:12.5"));
                p.setDate(6, Date.valueOf("2023-12-2" + i));
                p.setLong(7, 9000000000L + i);
                p.setDouble(8, i / 4.0);
                p.setString(9, "00000000-0000-0000-0000-00000000000" + i);
                if (i == 3)
                    p.setNull(10, Types.VARCHAR);
                else
                    p.setString(10, "note " + i);
                p.addBatch();
            }
            int[] counts = p.executeBatch();
            StringBuilder b = new StringBuilder("batch");
            for (int n : counts)
                b.append(' ').append(n);
            line(b.toString());
        }
        try (PreparedStatement p = c.prepareStatement(
                 "INSERT INTO jd_items (name) VALUES (?)", new String[] {"id"})) {
            p.setString(1, "item-7");
            p.executeUpdate();
            dump("generated keys", p.getGeneratedKeys());
        }

        // Repeated prepared queries (server-side prepared after the first run).
        try (PreparedStatement p = c.prepareStatement(
                 "SELECT id, name, price, qty, ok, seen, d, big, f, u, note FROM jd_items "
                 + "WHERE qty >= ? AND price < ? ORDER BY id")) {
            for (int k = 0; k < 3; k++) {
                p.setInt(1, k);
                p.setBigDecimal(2, new BigDecimal("5.5"));
                dump("select qty>=" + k, p.executeQuery());
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                 "SELECT count(*), sum(price), avg(qty), max(seen), min(d) FROM jd_items WHERE name LIKE ?")) {
            p.setString(1, "item-%");
            dump("aggregates", p.executeQuery());
        }
        try (PreparedStatement p = c.prepareStatement("SELECT ?::int + 1, ?::text || 'x', ?::numeric * 2")) {
            p.setInt(1, 41);
            p.setString(2, "a");
            p.setBigDecimal(3, new BigDecimal("1.5"));
            dump("params", p.executeQuery());
        }
        try (Statement s = c.createStatement()) {
            line("update count " + s.executeUpdate("UPDATE jd_items SET qty = qty + 1 WHERE ok"));
        }

        // Transactions and savepoints.
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM jd_items WHERE id = 1");
            Savepoint sp = c.setSavepoint("sp1");
            s.executeUpdate("DELETE FROM jd_items WHERE id = 2");
            c.rollback(sp);
            try {
                s.executeUpdate("INSERT INTO jd_items (name) VALUES ('item-2')");
            } catch (SQLException e) {
                error("duplicate", e);
            }
            c.rollback();
            c.setAutoCommit(true);
            dump("after rollback", s.executeQuery("SELECT count(*) FROM jd_items"));
            try {
                s.executeQuery("SELECT 1/0");
            } catch (SQLException e) {
                error("division", e);
            }
            try {
                s.executeQuery("SELECT nosuchcol FROM jd_items");
            } catch (SQLException e) {
                error("undefined column", e);
            }
        }

        // DatabaseMetaData as tools call it; each call on its own, so one
        // failure still shows the others.
        String[][] calls = {
            {"getTables", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"},
            {"getColumns", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE",
             "DECIMAL_DIGITS", "NULLABLE", "COLUMN_DEF", "ORDINAL_POSITION", "IS_NULLABLE",
             "IS_AUTOINCREMENT"},
            {"getPrimaryKeys", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"},
            {"getIndexInfo", "NON_UNIQUE", "INDEX_NAME", "ORDINAL_POSITION", "COLUMN_NAME",
             "ASC_OR_DESC"},
            {"getSchemas", "TABLE_SCHEM"},
        };
        for (String[] call : calls) {
            String[] cols = java.util.Arrays.copyOfRange(call, 1, call.length);
            try {
                ResultSet rs;
                switch (call[0]) {
                case "getTables":
                    rs = md.getTables(null, "public", "jd_%", new String[] {"TABLE"});
                    break;
                case "getColumns":
                    rs = md.getColumns(null, "public", "jd_items", "%");
                    break;
                case "getPrimaryKeys":
                    rs = md.getPrimaryKeys(null, "public", "jd_items");
                    break;
                case "getIndexInfo":
                    rs = md.getIndexInfo(null, "public", "jd_items", false, false);
                    break;
                default:
                    rs = md.getSchemas(null, "public");
                }
                dump(call[0], rs, cols);
            } catch (SQLException e) {
                error(call[0], e);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE jd_items");
        }
    }
}
