package no.varde.opendata.sta;

/** A property that {@code $filter} and {@code $orderby} may name: the SQL expression over the entity row {@code e}, and its type. */
record Column(String sql, Type type) {
    /** POINT is a location as PostgreSQL's built-in point (longitude, latitude): enough for points in polygons without PostGIS. */
    enum Type { TEXT, NUMBER, TIME, BOOLEAN, POINT }

    static Column text(String sql) {
        return new Column(sql, Type.TEXT);
    }

    /** Text properties by name, in order: {@code texts("id", "e.id", "name", "e.name")}; the map can take more. */
    static java.util.Map<String, Column> texts(String... namesAndSql) {
        java.util.Map<String, Column> columns = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndSql.length; i += 2) {
            columns.put(namesAndSql[i], text(namesAndSql[i + 1]));
        }
        return columns;
    }

    static Column number(String sql) {
        return new Column(sql, Type.NUMBER);
    }

    static Column time(String sql) {
        return new Column(sql, Type.TIME);
    }
}
