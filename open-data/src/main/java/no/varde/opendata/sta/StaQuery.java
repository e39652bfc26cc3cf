package no.varde.opendata.sta;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads entities of one type from the database: a restriction from the path (one entity, or the
 * targets of a navigation link), the client's {@code $filter}, an order that always ends in the
 * type's unique columns, and a page. Pages in a single direction continue from the last row's
 * order values ({@code $skiptoken}, keyset paging: the tenth page costs what the first does);
 * only an order mixing ascending and descending, or by a property outside the type's own order
 * columns, falls back to {@code $skip}. Blocking JDBC: call it off event loops.
 */
final class StaQuery {
    private final DataSource dataSource;

    StaQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A restriction of the rows: a SQL condition over {@code e} and its parameters, and, where the
     * restriction names one part of the set (one Datastream's Observations), a narrower source for
     * that part, which the set's general source would hide from the planner behind a UNION.
     */
    record Where(String sql, List<Object> params, String source, List<Object> sourceParams) {
        static final Where NONE = new Where("TRUE", List.of());

        Where(String sql, List<Object> params) {
            this(sql, params, null, List.of());
        }

        Where and(Where other) {
            List<Object> all = new ArrayList<>(params);
            all.addAll(other.params);
            boolean mine = source != null;
            return new Where("(" + sql + ") AND (" + other.sql + ")", all, mine ? source : other.source, mine ? sourceParams : other.sourceParams);
        }

        String sourceOr(EntityType type) {
            return source != null ? source : type.source();
        }

        List<Object> sourceParamsOr(EntityType type) {
            return source != null ? sourceParams : type.sourceParams();
        }
    }

    /** One page: the rows as JSON (without links), the total if asked, and what the next page needs. */
    record Page(List<JsonObject> rows, List<String> ids, Long count, String skipToken, Integer nextSkip) {
    }

    Page page(EntityType type, Where where, StaRequest request) throws SQLException {
        try {
            return read(type, where, request);
        } catch (SQLException e) {
            if (timedOut(e)) {
                throw tooExpensive();
            }
            throw e;
        }
    }

    private Page read(EntityType type, Where where, StaRequest request) throws SQLException {
        List<EntityType.Order> order = order(type, request);
        boolean keyset = keysetPossible(type, order);
        List<Object> params = new ArrayList<>(where.sourceParamsOr(type));
        Where all = where;
        if (request.filter() != null) {
            List<Object> filterParams = new ArrayList<>();
            all = all.and(new Where(SqlFilter.translate(request.filter(), type, filterParams), filterParams));
        }
        Where paged = all;
        if (request.skipToken() != null) {
            if (!keyset) {
                throw StaException.badRequest("$skiptoken only continues a page in the entity set's own order");
            }
            paged = all.and(after(order, request.skipToken()));
        }
        params.addAll(paged.params());
        StringBuilder sql = new StringBuilder("SELECT e.* FROM (").append(where.sourceOr(type)).append(") e WHERE ").append(paged.sql())
                .append(" ORDER BY ");
        for (int i = 0; i < order.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(order.get(i).column().sql()).append(order.get(i).descending() ? " DESC" : " ASC");
        }
        sql.append(" LIMIT ").append(request.top() + 1).append(" OFFSET ").append(request.skip());
        List<JsonObject> rows = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        String token = null;
        Integer nextSkip = null;
        List<Object> last = null;
        try (Connection c = dataSource.getConnection()) {
            if (request.top() > 0) {
                try (PreparedStatement ps = prepare(c, sql.toString(), params); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rows.size() == request.top()) {
                        if (keyset) {
                            token = token(last);
                        } else {
                            nextSkip = request.skip() + request.top();
                        }
                        break;
                    }
                    rows.add(type.json().of(rs));
                    ids.add(rs.getString(type.idColumn()));
                    last = keyset ? values(order, rs) : null;
                }
                }
            }
            Long count = request.count() ? count(c, type, all) : null;
            return new Page(rows, ids, count, token, nextSkip);
        }
    }

    private long count(Connection c, EntityType type, Where where) throws SQLException {
        List<Object> params = new ArrayList<>(where.sourceParamsOr(type));
        params.addAll(where.params());
        try (PreparedStatement ps = prepare(c, "SELECT count(*) FROM (" + where.sourceOr(type) + ") e WHERE " + where.sql(), params);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<EntityType.Order> order(EntityType type, StaRequest request) {
        if (request.orderBy().isEmpty()) {
            return type.defaultOrder();
        }
        List<EntityType.Order> order = new ArrayList<>();
        for (StaRequest.OrderItem item : request.orderBy()) {
            Column column = type.columns().get(item.property());
            if (column == null) {
                throw StaException.at("$orderby", item.position(), "'" + item.property() + "' is not a property of " + type.name()
                        + " that can be ordered by (" + String.join(", ", type.columns().keySet()) + ")");
            }
            order.add(new EntityType.Order(column, item.descending()));
        }
        boolean descending = order.get(order.size() - 1).descending();
        for (Column key : type.uniqueKey()) {
            if (order.stream().noneMatch(o -> o.column().equals(key))) {
                order.add(new EntityType.Order(key, descending));
            }
        }
        return order;
    }

    /** Keyset paging needs one direction and columns that are never null: the type's default order or unique key. */
    private static boolean keysetPossible(EntityType type, List<EntityType.Order> order) {
        boolean direction = order.get(0).descending();
        for (EntityType.Order o : order) {
            boolean own = type.uniqueKey().contains(o.column()) || type.defaultOrder().stream().anyMatch(d -> d.column().equals(o.column()));
            if (o.descending() != direction || !own) {
                return false;
            }
        }
        return true;
    }

    /** Rows strictly after the page that ended with the token's values: {@code (a, b, c) > (?, ?, ?)}, bounded on {@code a} for the index. */
    private static Where after(List<EntityType.Order> order, String token) {
        JsonArray values;
        try {
            values = new JsonArray(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw StaException.badRequest("$skiptoken is not one this server wrote; follow @iot.nextLink as given");
        }
        if (values.size() != order.size()) {
            throw StaException.badRequest("$skiptoken does not belong to this order; follow @iot.nextLink as given");
        }
        List<Object> params = new ArrayList<>();
        StringBuilder columns = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        for (int i = 0; i < order.size(); i++) {
            Column col = order.get(i).column();
            params.add(bind(col, values.getValue(i)));
            columns.append(i == 0 ? "" : ", ").append(col.sql());
            marks.append(i == 0 ? "" : ", ").append(cast(col));
        }
        String op = order.get(0).descending() ? "<" : ">";
        List<Object> all = new ArrayList<>();
        all.add(params.get(0));
        all.addAll(params);
        return new Where(order.get(0).column().sql() + " " + op + "= " + cast(order.get(0).column()) + " AND (" + columns + ") " + op
                + " (" + marks + ")", all);
    }

    private static String cast(Column column) {
        return switch (column.type()) {
            case TIME -> "CAST(? AS timestamptz)";
            case NUMBER -> "CAST(? AS double precision)";
            default -> "CAST(? AS text)";
        };
    }

    private static Object bind(Column column, Object value) {
        try {
            return switch (column.type()) {
                case TIME -> Timestamp.from(Instant.parse((String) value));
                case NUMBER -> ((Number) value).doubleValue();
                default -> (String) value;
            };
        } catch (RuntimeException e) {
            throw StaException.badRequest("$skiptoken is not one this server wrote; follow @iot.nextLink as given");
        }
    }

    private static List<Object> values(List<EntityType.Order> order, ResultSet rs) throws SQLException {
        List<Object> values = new ArrayList<>();
        for (EntityType.Order o : order) {
            String label = o.column().sql().substring(2); // "e.x" -> "x"
            values.add(switch (o.column().type()) {
                case TIME -> rs.getTimestamp(label).toInstant().toString();
                case NUMBER -> rs.getDouble(label);
                default -> rs.getString(label);
            });
        }
        return values;
    }

    private static String token(List<Object> values) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(new JsonArray(values).encode().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A query that would read far more than a page (every Observation of the town, newest first, with no time range) is
     * stopped after this long and answered 503 with advice, instead of holding a connection for minutes.
     */
    static final int TIMEOUT_SECONDS = 10;

    /** The timeout, told as the client's error. */
    static StaException tooExpensive() {
        return new StaException(503, "this request would take more than " + TIMEOUT_SECONDS + " s: narrow it to a Datastream, a Thing or a time"
                + " range ($filter=phenomenonTime ge ...)");
    }

    static boolean timedOut(SQLException e) {
        return "57014".equals(e.getSQLState());
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.setQueryTimeout(TIMEOUT_SECONDS);
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
        return ps;
    }
}
