package io.kube4j.apiserver.patch;

import static io.kube4j.apiserver.patch.Json.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class MergePatchTest {

    record Case(String original, String patch, String result) {
    }

    /** RFC 7386 appendix A, row by row. */
    static Stream<Case> rfcExamples() {
        return Stream.of(
                new Case("{'a':'b'}", "{'a':'c'}", "{'a':'c'}"),
                new Case("{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}"),
                new Case("{'a':'b'}", "{'a':null}", "{}"),
                new Case("{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}"),
                new Case("{'a':['b']}", "{'a':'c'}", "{'a':'c'}"),
                new Case("{'a':'c'}", "{'a':['b']}", "{'a':['b']}"),
                new Case("{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}"),
                new Case("{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}"),
                new Case("['a','b']", "['c','d']", "['c','d']"),
                new Case("{'a':'b'}", "['c']", "['c']"),
                new Case("{'a':'foo'}", "null", "null"),
                new Case("{'a':'foo'}", "'bar'", "'bar'"),
                new Case("{'e':null}", "{'a':1}", "{'e':null,'a':1}"),
                new Case("[1,2]", "{'a':'b','c':null}", "{'a':'b'}"),
                new Case("{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}"));
    }

    @ParameterizedTest
    @MethodSource("rfcExamples")
    void rfc7386(Case c) {
        JsonNode original = parse(c.original());
        JsonNode before = original.deepCopy();
        assertThat(MergePatch.apply(original, parse(c.patch()))).isEqualTo(parse(c.result()));
        assertThat(original).isEqualTo(before);
    }
}
