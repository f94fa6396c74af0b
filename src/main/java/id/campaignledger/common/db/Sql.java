package id.campaignledger.common.db;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SQL with named parameters ({@code :name}; a name may occur several times), turned into JDBC's
 * positional ones once, when the constant is built. Values are bound by name, so adding a
 * condition never shifts a counted index. {@code ::type} casts and quoted text are left alone.
 */
public final class Sql {

    private final String jdbc;
    private final List<String> order;

    private Sql(String jdbc, List<String> order) {
        this.jdbc = jdbc;
        this.order = order;
    }

    public static Sql of(String named) {
        StringBuilder out = new StringBuilder(named.length());
        List<String> order = new ArrayList<>();
        int n = named.length();
        for (int i = 0; i < n; i++) {
            char ch = named.charAt(i);
            if (ch == '\'') {
                int close = named.indexOf('\'', i + 1);
                close = close < 0 ? n - 1 : close;
                out.append(named, i, close + 1);
                i = close;
            } else if (ch == ':' && i + 1 < n && named.charAt(i + 1) == ':') {
                out.append("::");
                i++;
            } else if (ch == ':' && i + 1 < n && Character.isJavaIdentifierStart(named.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && Character.isJavaIdentifierPart(named.charAt(end))) {
                    end++;
                }
                order.add(named.substring(i + 1, end));
                out.append('?');
                i = end - 1;
            } else {
                out.append(ch);
            }
        }
        return new Sql(out.toString(), List.copyOf(order));
    }

    /** The statement as JDBC takes it. */
    public String jdbc() {
        return jdbc;
    }

    /** Prepares the statement on a connection; bind, then run it. Close it (try-with-resources). */
    public Bound on(Connection connection) throws SQLException {
        return new Bound(connection, connection.prepareStatement(jdbc));
    }

    /** A timestamp column as an instant, or null. */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp t = row.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** Maps the current row of a result. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** A prepared statement whose parameters are set by name. */
    public final class Bound implements AutoCloseable {
        private final Connection connection;
        private final PreparedStatement statement;
        private final Map<String, Object> values = new HashMap<>();

        private Bound(Connection connection, PreparedStatement statement) {
            this.connection = connection;
            this.statement = statement;
        }

        /**
         * Sets a parameter. Instants become timestamps, dates dates, enums their names; null is
         * sent untyped, so write {@code cast(:x as type)} where the type cannot be inferred.
         */
        public Bound set(String name, Object value) {
            values.put(name, value instanceof Enum<?> e ? e.name() : value);
            return this;
        }

        /** Sets an SQL array parameter of the given element type ("text", "uuid", "date" ...). */
        public Bound array(String name, String type, Collection<?> elements) throws SQLException {
            values.put(name, connection.createArrayOf(type, elements.toArray()));
            return this;
        }

        public PreparedStatement statement() throws SQLException {
            for (int i = 0; i < order.size(); i++) {
                String name = order.get(i);
                if (!values.containsKey(name)) {
                    throw new IllegalStateException("parameter :" + name + " is not set");
                }
                bind(i + 1, values.get(name));
            }
            return statement;
        }

        private void bind(int index, Object value) throws SQLException {
            if (value == null) {
                statement.setNull(index, Types.NULL);
            } else if (value instanceof Instant instant) {
                statement.setTimestamp(index, Timestamp.from(instant));
            } else if (value instanceof String text) {
                statement.setString(index, text);
            } else if (value instanceof Integer number) {
                statement.setInt(index, number);
            } else if (value instanceof Long number) {
                statement.setLong(index, number);
            } else if (value instanceof BigDecimal number) {
                statement.setBigDecimal(index, number);
            } else if (value instanceof java.sql.Array array) {
                statement.setArray(index, array);
            } else if (value instanceof byte[] bytes) {
                statement.setBytes(index, bytes);
            } else if (value instanceof LocalDate || value instanceof UUID || value instanceof Boolean
                    || value instanceof java.time.OffsetDateTime) {
                statement.setObject(index, value);
            } else {
                throw new IllegalArgumentException("no binding for " + value.getClass().getName());
            }
        }

        public <T> List<T> list(Row<T> row) throws SQLException {
            List<T> rows = new ArrayList<>();
            try (ResultSet r = statement().executeQuery()) {
                while (r.next()) {
                    rows.add(row.map(r));
                }
            }
            return rows;
        }

        /** The first row, or null when there is none. */
        public <T> T first(Row<T> row) throws SQLException {
            try (ResultSet r = statement().executeQuery()) {
                return r.next() ? row.map(r) : null;
            }
        }

        public int update() throws SQLException {
            return statement().executeUpdate();
        }

        @Override
        public void close() throws SQLException {
            statement.close();
        }
    }
}
