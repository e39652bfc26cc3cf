package no.varde.opendata.sta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The $filter grammar: OData's precedence, literals, and where a bad filter goes wrong. */
class FilterParserTest {

    @Test
    void andBindsTighterThanOrAndArithmeticTighterThanComparison() {
        Expr e = FilterParser.parse("a eq 1 or b eq 2 and c eq 3");
        assertThat(e).isInstanceOfSatisfying(Expr.Binary.class, or -> {
            assertThat(or.operator()).isEqualTo("or");
            assertThat(((Expr.Binary) or.right()).operator()).isEqualTo("and");
        });
        Expr sum = FilterParser.parse("result add 2 mul 3 gt 10");
        Expr.Binary gt = (Expr.Binary) sum;
        Expr.Binary add = (Expr.Binary) gt.left();
        assertThat(add.operator()).isEqualTo("add");
        assertThat(((Expr.Binary) add.right()).operator()).isEqualTo("mul");
    }

    @Test
    void literals() {
        assertThat(((Expr.Literal) ((Expr.Binary) FilterParser.parse("name eq 'O''Brien'")).right()).value()).isEqualTo("O'Brien");
        assertThat(((Expr.Literal) ((Expr.Binary) FilterParser.parse("phenomenonTime ge 2026-11-02T06:00:00+01:00")).right()).value())
                .isEqualTo(Instant.parse("2026-11-02T05:00:00Z"));
        assertThat(((Expr.Literal) ((Expr.Binary) FilterParser.parse("result gt -1.5e2")).right()).value()).isEqualTo(-150.0);
        Expr.Binary sub = (Expr.Binary) ((Expr.Binary) FilterParser.parse("result sub -3 eq 0")).left();
        assertThat(((Expr.Literal) sub.right()).value()).isEqualTo(-3L);
        assertThat(FilterParser.parse("not (a eq null)")).isInstanceOf(Expr.Unary.class);
    }

    @Test
    void errorsNameTheirPosition() {
        assertThatThrownBy(() -> FilterParser.parse("result gt")).hasMessageContaining("ends too early at position 10");
        assertThatThrownBy(() -> FilterParser.parse("(result gt 1")).hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> FilterParser.parse("result gt 1 1")).hasMessageContaining("unexpected '1' at position 13");
        assertThatThrownBy(() -> FilterParser.parse("phenomenonTime gt 2026-13-45T00:00:00Z")).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> FilterParser.parse("(".repeat(100) + "a eq 1" + ")".repeat(100))).hasMessageContaining("nested more than");
    }
}
