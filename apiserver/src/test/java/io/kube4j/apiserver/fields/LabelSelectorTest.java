package io.kube4j.apiserver.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.apiserver.errors.ApiException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorTest {

    /** A selector, its canonical text after parsing, and labels it must and must not match. */
    record Case(String text, String canonical, Map<String, String> matching, Map<String, String> notMatching) {
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a=b", "a=b", Map.of("a", "b"), Map.of("a", "c")),
                new Case("a==b", "a==b", Map.of("a", "b", "x", "y"), Map.of()),
                new Case("a!=b", "a!=b", Map.of(), Map.of("a", "b")),
                new Case("a", "a", Map.of("a", ""), Map.of("b", "a")),
                new Case("!a", "!a", Map.of("b", "1"), Map.of("a", "x")),
                new Case("a in (y,x)", "a in (x,y)", Map.of("a", "y"), Map.of("a", "z")),
                new Case("a notin (x)", "a notin (x)", Map.of(), Map.of("a", "x")),
                new Case("a in (x,,)", "a in (,x)", Map.of("a", ""), Map.of()),
                new Case("a in ()", "a in ()", Map.of("a", ""), Map.of("a", "x")),
                new Case("a>1", "a>1", Map.of("a", "2"), Map.of("a", "1")),
                new Case("a<10", "a<10", Map.of("a", "-3"), Map.of("a", "abc")),
                new Case("a=", "a=", Map.of("a", ""), Map.of()),
                new Case("x in (in), in", "in,x in (in)", Map.of("in", "", "x", "in"), Map.of("x", "in")),
                new Case(" b = 1 ,  a ", "a,b=1", Map.of("a", "", "b", "1"), Map.of("b", "1")),
                new Case("example.com/tier=web", "example.com/tier=web", Map.of("example.com/tier", "web"),
                        Map.of("tier", "web")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void parsesAndMatches(Case c) {
        LabelSelector s = LabelSelector.parse(c.text());
        assertThat(s.toString()).isEqualTo(c.canonical());
        assertThat(s.matches(c.matching())).as("matches %s", c.matching()).isTrue();
        assertThat(s.matches(c.notMatching())).as("does not match %s", c.notMatching()).isFalse();
    }

    record Bad(String text, String message) {
    }

    static Stream<Bad> errors() {
        String nameRule = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and "
                + "end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
                + "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        String valueRule = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
                + "or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  "
                + "or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
        return Stream.of(
                new Bad("a in", "unable to parse requirement: found '' expected: '('"),
                new Bad("a in (x", "unable to parse requirement: found '', expected: ',' or ')'"),
                new Bad("a in (x y)", "unable to parse requirement: found 'y', expected: ',' or ')'"),
                new Bad("a in x", "unable to parse requirement: found 'x' expected: '('"),
                new Bad("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
                new Bad("a=b,", "found '', expected: identifier after ','"),
                new Bad("a=b c", "found 'c', expected: ',' or 'end of string'"),
                new Bad("!a=b", "found '=', expected: ',' or 'end of string'"),
                new Bad(",a", "found ',', expected: !, identifier, or 'end of string'"),
                new Bad("a=(", "unable to parse requirement: found '(', expected: identifier"),
                new Bad("a>x", "unable to parse requirement: values[0]: Invalid value: \"x\": "
                        + "for 'Gt', 'Lt' operators, the value must be an integer"),
                new Bad("a$=b", "unable to parse requirement: <nil>: Invalid value: \"a$\": " + nameRule),
                new Bad("a=b$", "unable to parse requirement: values[0][a]: Invalid value: \"b$\": " + valueRule),
                new Bad("a>-x", "unable to parse requirement: [values[0]: Invalid value: \"-x\": for 'Gt', 'Lt' "
                        + "operators, the value must be an integer, values[0][a]: Invalid value: \"-x\": "
                        + valueRule + "]"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void refusesWithUpstreamWords(Bad b) {
        assertThatThrownBy(() -> LabelSelector.parse(b.text()))
                .isInstanceOf(ApiException.BadRequest.class).hasMessage(b.message());
    }
}
