package no.varde.opendata.sta;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A recursive-descent parser for the OData {@code $filter} grammar that SensorThings 1.1 uses,
 * with OData's precedence (lowest first): {@code or}, {@code and}, {@code not}, comparison
 * ({@code eq ne gt ge lt le}), additive ({@code add sub}), multiplicative ({@code mul div mod}),
 * unary minus, then literals, property paths, function calls and parentheses. Literals are
 * numbers, {@code 'strings'} (a quote doubled inside), {@code true}, {@code false}, {@code null}
 * and ISO-8601 date-times. It only builds a tree; what the names mean is {@link SqlFilter}'s job.
 */
final class FilterParser {
    private static final Set<String> COMPARISONS = Set.of("eq", "ne", "gt", "ge", "lt", "le");
    private static final int MAX_DEPTH = 64;

    private final String option;
    private final String text;
    private int at;
    private int depth;

    private FilterParser(String option, String text) {
        this.option = option;
        this.text = text;
    }

    static Expr parse(String text) {
        FilterParser p = new FilterParser("$filter", text);
        Expr e = p.or();
        p.skipSpace();
        if (p.at < text.length()) {
            throw p.error("unexpected '" + p.rest() + "'");
        }
        return e;
    }

    private Expr or() {
        return leftAssociative("or", this::and);
    }

    private Expr and() {
        return leftAssociative("and", this::not);
    }

    /** {@code operand (word operand)*}, grouped from the left. */
    private Expr leftAssociative(String word, java.util.function.Supplier<Expr> operand) {
        Expr left = operand.get();
        while (keyword(word)) {
            left = new Expr.Binary(word, left, operand.get(), at - word.length());
        }
        return left;
    }

    private Expr not() {
        skipSpace();
        int pos = at;
        if (keyword("not")) {
            return new Expr.Unary("not", nested(this::not), pos);
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = additive();
        skipSpace();
        int pos = at;
        for (String op : COMPARISONS) {
            if (keyword(op)) {
                return new Expr.Binary(op, left, additive(), pos);
            }
        }
        return left;
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (true) {
            skipSpace();
            int pos = at;
            if (keyword("add")) {
                left = new Expr.Binary("add", left, multiplicative(), pos);
            } else if (keyword("sub")) {
                left = new Expr.Binary("sub", left, multiplicative(), pos);
            } else {
                return left;
            }
        }
    }

    private Expr multiplicative() {
        Expr left = unary();
        while (true) {
            skipSpace();
            int pos = at;
            String op = keyword("mul") ? "mul" : keyword("div") ? "div" : keyword("mod") ? "mod" : null;
            if (op == null) {
                return left;
            }
            left = new Expr.Binary(op, left, unary(), pos);
        }
    }

    private Expr unary() {
        skipSpace();
        int pos = at;
        if (peek('-') && !(at + 1 < text.length() && Character.isDigit(text.charAt(at + 1)))) {
            at++;
            return new Expr.Unary("-", nested(this::unary), pos);
        }
        return primary();
    }

    private Expr primary() {
        skipSpace();
        int pos = at;
        if (at >= text.length()) {
            throw error("the expression ends too early");
        }
        char c = text.charAt(at);
        if (c == '(') {
            at++;
            Expr inner = nested(this::or);
            expect(')');
            return inner;
        }
        if (c == '\'') {
            return new Expr.Literal(string(), pos);
        }
        if (Character.isDigit(c) || c == '-') {
            return numberOrTime(pos);
        }
        if (Character.isLetter(c) || c == '@' || c == '_') {
            String name = identifier();
            if ((name.equals("geography") || name.equals("geometry")) && peek('\'')) {
                return geometry(pos);
            }
            skipSpace();
            if (peek('(')) {
                at++;
                return new Expr.Call(name.toLowerCase(java.util.Locale.ROOT), arguments(), pos);
            }
            return switch (name) {
                case "true" -> new Expr.Literal(Boolean.TRUE, pos);
                case "false" -> new Expr.Literal(Boolean.FALSE, pos);
                case "null" -> new Expr.Literal(null, pos);
                default -> new Expr.Property(name, pos);
            };
        }
        throw error("unexpected '" + c + "'");
    }

    private Expr geometry(int pos) {
        int start = at;
        String wkt = string().strip();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)(POINT)\\s*\\(([^()]*)\\)|(POLYGON)\\s*\\(\\s*\\(([^()]*)\\)\\s*\\)").matcher(wkt);
        if (!m.matches()) {
            at = start;
            throw error("expected WKT POINT(x y) or POLYGON((x y, ...)) (one ring)");
        }
        String kind = m.group(1) != null ? "POINT" : "POLYGON";
        String[] pairs = (m.group(2) != null ? m.group(2) : m.group(4)).split(",");
        double[] xy = new double[pairs.length * 2];
        try {
            for (int i = 0; i < pairs.length; i++) {
                String[] p = pairs[i].strip().split("\\s+");
                if (p.length != 2) {
                    throw new NumberFormatException();
                }
                xy[2 * i] = Double.parseDouble(p[0]);
                xy[2 * i + 1] = Double.parseDouble(p[1]);
            }
        } catch (NumberFormatException e) {
            at = start;
            throw error("WKT coordinates must be pairs of numbers, 'x y'");
        }
        if (kind.equals("POINT") ? pairs.length != 1 : pairs.length < 4) {
            at = start;
            throw error(kind.equals("POINT") ? "a POINT has one coordinate pair" : "a POLYGON ring needs at least 4 points (closed)");
        }
        return new Expr.Geometry(kind, xy, pos);
    }

    private List<Expr> arguments() {
        List<Expr> args = new ArrayList<>();
        skipSpace();
        if (peek(')')) {
            at++;
            return args;
        }
        do {
            args.add(nested(this::or));
            skipSpace();
        } while (peek(',') && at++ >= 0);
        expect(')');
        return args;
    }

    private Expr nested(java.util.function.Supplier<Expr> inner) {
        if (++depth > MAX_DEPTH) {
            throw error("nested more than " + MAX_DEPTH + " deep");
        }
        try {
            return inner.get();
        } finally {
            depth--;
        }
    }

    private String string() {
        StringBuilder s = new StringBuilder();
        int start = at++;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '\'') {
                if (peek('\'')) {
                    s.append('\'');
                    at++;
                } else {
                    return s.toString();
                }
            } else {
                s.append(c);
            }
        }
        at = start;
        throw error("a string that is never closed with '");
    }

    private Expr numberOrTime(int pos) {
        int start = at;
        if (peek('-')) {
            at++;
        }
        while (at < text.length() && "0123456789.eE+-:TZ".indexOf(text.charAt(at)) >= 0) {
            char c = text.charAt(at);
            // '+' and '-' belong to an exponent or a date-time, not to a following operator (which needs a space).
            if ((c == '+' || c == '-') && at > start && "eE0123456789".indexOf(text.charAt(at - 1)) < 0) {
                break;
            }
            at++;
        }
        String token = text.substring(start, at);
        if (token.length() >= 10 && token.charAt(4) == '-') {
            try {
                return new Expr.Literal(OffsetDateTime.parse(token).toInstant(), pos);
            } catch (DateTimeParseException e) {
                at = start;
                throw error("'" + token + "' is not an ISO-8601 date-time such as 2026-11-23T06:00:00Z");
            }
        }
        try {
            if (token.matches("-?\\d+")) {
                return new Expr.Literal(Long.parseLong(token), pos);
            }
            return new Expr.Literal(Double.parseDouble(token), pos);
        } catch (NumberFormatException e) {
            at = start;
            throw error("'" + token + "' is not a number");
        }
    }

    private String identifier() {
        int start = at;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '@' || c == '.' || c == '/') {
                at++;
            } else {
                break;
            }
        }
        return text.substring(start, at);
    }

    /** Consumes {@code word} if it comes next as a whole word. */
    private boolean keyword(String word) {
        skipSpace();
        int end = at + word.length();
        if (text.regionMatches(at, word, 0, word.length())
                && (end == text.length() || !(Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_'))) {
            at = end;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        skipSpace();
        if (!peek(c)) {
            throw error(at >= text.length() ? "expected '" + c + "' but the expression ends" : "expected '" + c + "' but found '" + rest() + "'");
        }
        at++;
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private String rest() {
        String r = text.substring(at);
        return r.length() > 20 ? r.substring(0, 20) + "…" : r;
    }

    private StaException error(String message) {
        return StaException.at(option, at, message);
    }
}
