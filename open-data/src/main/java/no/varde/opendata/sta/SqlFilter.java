package no.varde.opendata.sta;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Translates a parsed {@code $filter} into a SQL condition over one entity type's columns. Every
 * value from the client becomes a bound parameter; the SQL text is made only of this class's
 * fixed operators and the entity type's fixed column expressions. Types are checked on the way
 * (a time compared with a number is a 400 naming the position, not a database error).
 */
final class SqlFilter {
    private static final Map<String, String> COMPARE = Map.of("eq", "=", "ne", "<>", "gt", ">", "ge", ">=", "lt", "<", "le", "<=");
    private static final Map<String, String> ARITHMETIC = Map.of("add", "+", "sub", "-", "mul", "*", "div", "/", "mod", "%");
    private static final Map<String, String> TIME_PARTS = Map.of("year", "year", "month", "month", "day", "day", "hour", "hour",
            "minute", "minute", "second", "second");

    private final EntityType type;
    private final List<Object> params;

    private SqlFilter(EntityType type, List<Object> params) {
        this.type = type;
        this.params = params;
    }

    /** The SQL condition for {@code filter}; its parameters are appended to {@code params} in order. */
    static String translate(Expr filter, EntityType type, List<Object> params) {
        Typed t = new SqlFilter(type, params).sql(filter);
        if (t.type != Column.Type.BOOLEAN) {
            throw StaException.at("$filter", filter.position(), "the filter is not a condition (true or false)");
        }
        return t.sql;
    }

    private record Typed(String sql, Column.Type type) {
    }

    private Typed sql(Expr e) {
        if (e instanceof Expr.Literal l) {
            return literal(l);
        }
        if (e instanceof Expr.Geometry g) {
            return geometry(g);
        }
        if (e instanceof Expr.Property p) {
            return property(p);
        }
        if (e instanceof Expr.Unary u) {
            return unary(u);
        }
        if (e instanceof Expr.Binary b) {
            return binary(b);
        }
        return call((Expr.Call) e);
    }

    private Typed literal(Expr.Literal l) {
        Object v = l.value();
        if (v == null) {
            return new Typed("NULL", null);
        }
        params.add(v instanceof Instant i ? java.sql.Timestamp.from(i) : v);
        Column.Type t = v instanceof String ? Column.Type.TEXT : v instanceof Instant ? Column.Type.TIME
                : v instanceof Boolean ? Column.Type.BOOLEAN : Column.Type.NUMBER;
        return new Typed(t == Column.Type.TIME ? "CAST(? AS timestamptz)" : t == Column.Type.NUMBER ? "CAST(? AS double precision)" : "?", t);
    }

    private Typed property(Expr.Property p) {
        Column c = type.columns().get(p.path());
        if (c == null) {
            throw StaException.at("$filter", p.position(), "'" + p.path() + "' is not a property of " + type.name()
                    + " that can be filtered (" + String.join(", ", type.columns().keySet()) + ")");
        }
        return new Typed(c.sql(), c.type());
    }

    private Typed unary(Expr.Unary u) {
        Typed inner = sql(u.operand());
        if (u.operator().equals("not")) {
            require(inner, Column.Type.BOOLEAN, u.operand());
            return new Typed("(NOT " + inner.sql + ")", Column.Type.BOOLEAN);
        }
        require(inner, Column.Type.NUMBER, u.operand());
        return new Typed("(-" + inner.sql + ")", Column.Type.NUMBER);
    }

    private Typed binary(Expr.Binary b) {
        Typed left = sql(b.left());
        Typed right = sql(b.right());
        String op = b.operator();
        if (op.equals("and") || op.equals("or")) {
            require(left, Column.Type.BOOLEAN, b.left());
            require(right, Column.Type.BOOLEAN, b.right());
            return new Typed("(" + left.sql + " " + op.toUpperCase(java.util.Locale.ROOT) + " " + right.sql + ")", Column.Type.BOOLEAN);
        }
        if (ARITHMETIC.containsKey(op)) {
            require(left, Column.Type.NUMBER, b.left());
            require(right, Column.Type.NUMBER, b.right());
            String sql = op.equals("mod") ? "MOD(CAST(" + left.sql + " AS numeric), CAST(" + right.sql + " AS numeric))"
                    : op.equals("div") ? "(" + left.sql + " / NULLIF(" + right.sql + ", 0))"
                    : "(" + left.sql + " " + ARITHMETIC.get(op) + " " + right.sql + ")";
            return new Typed(sql, Column.Type.NUMBER);
        }
        // A comparison. 'eq null' and 'ne null' are IS [NOT] NULL, as OData defines them.
        if (left.type == null || right.type == null) {
            if (!op.equals("eq") && !op.equals("ne")) {
                throw StaException.at("$filter", b.position(), "null can only be compared with eq or ne");
            }
            Typed other = left.type == null ? right : left;
            return new Typed("(" + other.sql + (op.equals("eq") ? " IS NULL)" : " IS NOT NULL)"), Column.Type.BOOLEAN);
        }
        if (left.type != right.type) {
            throw StaException.at("$filter", b.position(), "cannot compare " + name(left.type) + " with " + name(right.type));
        }
        return new Typed("(" + left.sql + " " + COMPARE.get(op) + " " + right.sql + ")", Column.Type.BOOLEAN);
    }

    private Typed call(Expr.Call c) {
        List<Expr> a = c.arguments();
        String f = c.function();
        if (TIME_PARTS.containsKey(f)) {
            Typed t = only(c, Column.Type.TIME);
            String part = f.equals("second") ? "floor(extract(second FROM " + t.sql + " AT TIME ZONE 'UTC'))"
                    : "extract(" + TIME_PARTS.get(f) + " FROM " + t.sql + " AT TIME ZONE 'UTC')";
            return new Typed("CAST(" + part + " AS double precision)", Column.Type.NUMBER);
        }
        return switch (f) {
            case "now" -> {
                arity(c, 0);
                yield new Typed("now()", Column.Type.TIME);
            }
            // OData rounds a midpoint away from zero; PostgreSQL's round of a double rounds it to even, its round of a numeric away.
            case "round" -> new Typed("CAST(round(CAST(" + only(c, Column.Type.NUMBER).sql + " AS numeric)) AS double precision)", Column.Type.NUMBER);
            case "floor", "ceiling" -> new Typed((f.equals("ceiling") ? "ceil" : f) + "(" + only(c, Column.Type.NUMBER).sql + ")", Column.Type.NUMBER);
            case "tolower", "toupper", "trim" -> new Typed((f.equals("tolower") ? "lower" : f.equals("toupper") ? "upper" : "btrim")
                    + "(" + only(c, Column.Type.TEXT).sql + ")", Column.Type.TEXT);
            case "length" -> new Typed("CAST(char_length(" + only(c, Column.Type.TEXT).sql + ") AS double precision)", Column.Type.NUMBER);
            case "contains", "startswith", "endswith", "substringof", "indexof", "concat" -> twoTexts(c, f);
            case "substring" -> {
                if (a.size() != 2 && a.size() != 3) {
                    throw StaException.at("$filter", c.position(), "substring takes 2 or 3 arguments");
                }
                Typed s = typed(a.get(0), Column.Type.TEXT);
                Typed from = typed(a.get(1), Column.Type.NUMBER);
                String sql = "substr(" + s.sql + ", CAST(" + from.sql + " AS integer) + 1"
                        + (a.size() == 3 ? ", CAST(" + typed(a.get(2), Column.Type.NUMBER).sql + " AS integer)" : "") + ")";
                yield new Typed(sql, Column.Type.TEXT);
            }
            case "geo.intersects", "st_within", "st_intersects", "st_disjoint", "st_equals", "geo.distance" -> spatial(c, f);
            case "geo.length", "st_touches", "st_overlaps", "st_crosses", "st_contains", "st_relate" ->
                    throw new StaException(501, "$filter: " + f + " is not supported (Varde's locations are points; at position "
                            + (c.position() + 1) + ")");
            default -> throw StaException.at("$filter", c.position(), "unknown function '" + f + "'");
        };
    }

    /** Locations are points, so each spatial function is a point against a point or a polygon, with PostgreSQL's own geometry. */
    private Typed spatial(Expr.Call c, String f) {
        arity(c, 2);
        Typed point = typed(c.arguments().get(0), Column.Type.POINT);
        if (!(c.arguments().get(1) instanceof Expr.Geometry g)) {
            throw StaException.at("$filter", c.arguments().get(1).position(), f + " needs a geography'...' literal as its second argument");
        }
        Typed shape = sql(g);
        boolean polygon = g.kind().equals("POLYGON");
        return switch (f) {
            case "geo.distance" -> {
                if (polygon) {
                    throw StaException.at("$filter", g.position(), "geo.distance measures to a POINT");
                }
                yield new Typed("(" + point.sql + " <-> " + shape.sql + ")", Column.Type.NUMBER);
            }
            case "st_equals" -> new Typed(polygon ? "FALSE" : "(" + point.sql + " ~= " + shape.sql + ")", Column.Type.BOOLEAN);
            case "st_disjoint" -> new Typed(polygon ? "(NOT (" + point.sql + " <@ " + shape.sql + "))" : "(NOT (" + point.sql + " ~= " + shape.sql + "))",
                    Column.Type.BOOLEAN);
            default -> new Typed(polygon ? "(" + point.sql + " <@ " + shape.sql + ")" : "(" + point.sql + " ~= " + shape.sql + ")", Column.Type.BOOLEAN);
        };
    }

    private Typed geometry(Expr.Geometry g) {
        double[] xy = g.coordinates();
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < xy.length; i += 2) {
            text.append(i == 0 ? "" : ",").append('(').append(xy[i]).append(',').append(xy[i + 1]).append(')');
        }
        params.add(g.kind().equals("POINT") ? "(" + xy[0] + "," + xy[1] + ")" : text.append(')').toString());
        return new Typed(g.kind().equals("POINT") ? "CAST(? AS point)" : "CAST(? AS polygon)", Column.Type.POINT);
    }

    private Typed twoTexts(Expr.Call c, String f) {
        arity(c, 2);
        Typed x = typed(c.arguments().get(0), Column.Type.TEXT);
        Typed y = typed(c.arguments().get(1), Column.Type.TEXT);
        return switch (f) {
            case "contains" -> new Typed("(strpos(" + x.sql + ", " + y.sql + ") > 0)", Column.Type.BOOLEAN);
            case "substringof" -> new Typed("(strpos(" + y.sql + ", " + x.sql + ") > 0)", Column.Type.BOOLEAN);
            // Each operand appears once in the SQL: its parameters are bound once, in order.
            case "startswith" -> new Typed("starts_with(" + x.sql + ", " + y.sql + ")", Column.Type.BOOLEAN);
            case "endswith" -> new Typed("starts_with(reverse(" + x.sql + "), reverse(" + y.sql + "))", Column.Type.BOOLEAN);
            case "indexof" -> new Typed("CAST(strpos(" + x.sql + ", " + y.sql + ") - 1 AS double precision)", Column.Type.NUMBER);
            default -> new Typed("(" + x.sql + " || " + y.sql + ")", Column.Type.TEXT);
        };
    }

    private Typed only(Expr.Call c, Column.Type expected) {
        arity(c, 1);
        return typed(c.arguments().get(0), expected);
    }

    private Typed typed(Expr e, Column.Type expected) {
        Typed t = sql(e);
        require(t, expected, e);
        return t;
    }

    private static void arity(Expr.Call c, int n) {
        if (c.arguments().size() != n) {
            throw StaException.at("$filter", c.position(), c.function() + " takes " + n + " argument" + (n == 1 ? "" : "s"));
        }
    }

    private static void require(Typed t, Column.Type expected, Expr where) {
        if (t.type != expected) {
            throw StaException.at("$filter", where.position(), "expected " + name(expected) + " but found " + name(t.type));
        }
    }

    private static String name(Column.Type t) {
        return t == null ? "null" : switch (t) {
            case TEXT -> "text";
            case NUMBER -> "a number";
            case TIME -> "a date-time";
            case BOOLEAN -> "a condition";
            case POINT -> "a location";
        };
    }
}
