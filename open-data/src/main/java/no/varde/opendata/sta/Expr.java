package no.varde.opendata.sta;

import java.util.List;

/** A parsed {@code $filter} expression. Every node keeps the position it came from, for error messages. */
sealed interface Expr {
    int position();

    /** A literal: {@link String}, {@link Double}, {@link Long}, {@link Boolean}, {@link java.time.Instant} or null. */
    record Literal(Object value, int position) implements Expr {
    }

    /** A WKT literal, {@code geography'POLYGON((10.7 59.9, ...))'}: a point or a polygon's outer ring, as (x, y) pairs. */
    record Geometry(String kind, double[] coordinates, int position) implements Expr {
    }

    /** A property path such as {@code result} or {@code properties/zone}. */
    record Property(String path, int position) implements Expr {
    }

    /** {@code not}, or arithmetic negation ({@code -}). */
    record Unary(String operator, Expr operand, int position) implements Expr {
    }

    /** {@code and or eq ne gt ge lt le add sub mul div mod}. */
    record Binary(String operator, Expr left, Expr right, int position) implements Expr {
    }

    /** A function call such as {@code startswith(name, 'water')} or {@code year(phenomenonTime)}. */
    record Call(String function, List<Expr> arguments, int position) implements Expr {
    }
}
