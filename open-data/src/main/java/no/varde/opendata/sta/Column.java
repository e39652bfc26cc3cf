package no.varde.opendata.sta;

/** A property that {@code $filter} and {@code $orderby} may name: the SQL expression over the entity row {@code e}, and its type. */
record Column(String sql, Type type) {
    /** POINT is a location as PostgreSQL's built-in point (longitude, latitude): enough for points in polygons without PostGIS. */
    enum Type { TEXT, NUMBER, TIME, BOOLEAN, POINT }

    static Column text(String sql) {
        return new Column(sql, Type.TEXT);
    }

    static Column number(String sql) {
        return new Column(sql, Type.NUMBER);
    }

    static Column time(String sql) {
        return new Column(sql, Type.TIME);
    }
}
