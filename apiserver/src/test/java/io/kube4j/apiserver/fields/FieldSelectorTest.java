package io.kube4j.apiserver.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.fields.FieldSelector.Operator;
import io.kube4j.apiserver.fields.FieldSelector.Requirement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FieldSelectorTest {

    record Parse(String text, List<Requirement> expected) {
    }

    static Stream<Parse> parses() {
        return Stream.of(
                new Parse("", List.of()),
                new Parse("a=b", List.of(new Requirement("a", Operator.EQUALS, "b"))),
                new Parse("a==b", List.of(new Requirement("a", Operator.EQUALS, "b"))),
                new Parse("a!=b", List.of(new Requirement("a", Operator.NOT_EQUALS, "b"))),
                new Parse("spec.nodeName=", List.of(new Requirement("spec.nodeName", Operator.EQUALS, ""))),
                // terms are sorted by their text, empty terms dropped
                new Parse("z=1,,a=2", List.of(new Requirement("a", Operator.EQUALS, "2"),
                        new Requirement("z", Operator.EQUALS, "1"))),
                new Parse("a=x\\,y", List.of(new Requirement("a", Operator.EQUALS, "x,y"))),
                new Parse("a=x\\=y\\\\", List.of(new Requirement("a", Operator.EQUALS, "x=y\\"))));
    }

    @ParameterizedTest
    @MethodSource("parses")
    void parses(Parse p) {
        assertThat(FieldSelector.parse(p.text()).requirements()).isEqualTo(p.expected());
    }

    record Bad(String text, String message) {
    }

    static Stream<Bad> errors() {
        return Stream.of(
                new Bad("abc", "invalid selector: 'abc'; can't understand 'abc'"),
                new Bad("a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'"),
                new Bad("a=b=c", "invalid field selector: unescaped character in value: 61"),
                new Bad("a=b\\x", "invalid field selector: invalid escape sequence: \\x"),
                new Bad("a=b\\", "invalid field selector: invalid escape sequence: \\"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void refusesWithUpstreamWords(Bad b) {
        assertThatThrownBy(() -> FieldSelector.parse(b.text()))
                .isInstanceOf(ApiException.BadRequest.class).hasMessage(b.message());
    }

    @Test
    void matchesAllTermsAndReadsMissingFieldsAsEmpty() {
        FieldSelector s = FieldSelector.parse("status.phase=Running,spec.nodeName!=n1");
        assertThat(s.matches(Map.of("status.phase", "Running", "spec.nodeName", "n2"))).isTrue();
        assertThat(s.matches(Map.of("status.phase", "Running", "spec.nodeName", "n1"))).isFalse();
        assertThat(s.matches(Map.of("status.phase", "Pending"))).isFalse();
        assertThat(FieldSelector.parse("spec.nodeName=").matches(Map.of())).isTrue();
        assertThat(FieldSelector.parse("").matches(Map.of("x", "y"))).isTrue();
    }

    @Test
    void printsEscapedCanonicalText() {
        assertThat(FieldSelector.parse("b==x\\,y,a!=1").toString()).isEqualTo("a!=1,b=x\\,y");
    }
}
