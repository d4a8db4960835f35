package io.kube4j.apiserver.patch;

import static io.kube4j.apiserver.patch.Json.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.apiserver.errors.ApiException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

class JsonPatchTest {

    record Case(String name, String doc, String patch, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** RFC 6902 appendix A, plus upstream library behaviours (negative index, root replace). */
    static Stream<Case> applies() {
        return Stream.of(
                new Case("A.1 add object member", "{'foo':'bar'}", "[{'op':'add','path':'/baz','value':'qux'}]",
                        "{'baz':'qux','foo':'bar'}"),
                new Case("A.2 add array element", "{'foo':['bar','baz']}", "[{'op':'add','path':'/foo/1','value':'qux'}]",
                        "{'foo':['bar','qux','baz']}"),
                new Case("A.3 remove object member", "{'baz':'qux','foo':'bar'}", "[{'op':'remove','path':'/baz'}]",
                        "{'foo':'bar'}"),
                new Case("A.4 remove array element", "{'foo':['bar','qux','baz']}", "[{'op':'remove','path':'/foo/1'}]",
                        "{'foo':['bar','baz']}"),
                new Case("A.5 replace", "{'baz':'qux','foo':'bar'}", "[{'op':'replace','path':'/baz','value':'boo'}]",
                        "{'baz':'boo','foo':'bar'}"),
                new Case("A.6 move value", "{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}}",
                        "[{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]",
                        "{'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}"),
                new Case("A.7 move array element", "{'foo':['all','grass','cows','eat']}",
                        "[{'op':'move','from':'/foo/1','path':'/foo/3'}]", "{'foo':['all','cows','eat','grass']}"),
                new Case("A.8 test success", "{'baz':'qux','foo':['a',2,'c']}",
                        "[{'op':'test','path':'/baz','value':'qux'},{'op':'test','path':'/foo/1','value':2}]",
                        "{'baz':'qux','foo':['a',2,'c']}"),
                new Case("A.10 add nested member", "{'foo':'bar'}", "[{'op':'add','path':'/child','value':{'grandchild':{}}}]",
                        "{'foo':'bar','child':{'grandchild':{}}}"),
                new Case("A.11 ignore unrecognised members", "{'foo':'bar'}",
                        "[{'op':'add','path':'/baz','value':'qux','xyz':123}]", "{'foo':'bar','baz':'qux'}"),
                new Case("A.14 escape ordering", "{'/':9,'~1':10}", "[{'op':'test','path':'/~01','value':10}]",
                        "{'/':9,'~1':10}"),
                new Case("A.16 add array value", "{'foo':['bar']}", "[{'op':'add','path':'/foo/-','value':['abc','def']}]",
                        "{'foo':['bar',['abc','def']]}"),
                new Case("number test is by value", "{'a':1}", "[{'op':'test','path':'/a','value':1.0}]", "{'a':1}"),
                new Case("negative index counts from the end", "{'a':[1,2,3]}", "[{'op':'remove','path':'/a/-1'}]",
                        "{'a':[1,2]}"),
                new Case("replace the root", "{'a':1}", "[{'op':'replace','path':'','value':{'b':2}}]", "{'b':2}"),
                new Case("copy", "{'a':{'x':1}}", "[{'op':'copy','from':'/a','path':'/b'}]", "{'a':{'x':1},'b':{'x':1}}"),
                new Case("label with slash", "{'metadata':{'labels':{}}}",
                        "[{'op':'add','path':'/metadata/labels/app.kubernetes.io~1name','value':'x'}]",
                        "{'metadata':{'labels':{'app.kubernetes.io/name':'x'}}}"));
    }

    @ParameterizedTest
    @MethodSource("applies")
    void applies(Case c) {
        JsonNode doc = parse(c.doc());
        JsonNode before = doc.deepCopy();
        assertThat(JsonPatch.apply(doc, parse(c.patch()))).isEqualTo(parse(c.expected()));
        assertThat(doc).as("input not mutated").isEqualTo(before);
    }

    /** Well-formed operations that do not apply: upstream's generic 422. */
    static Stream<Case> rejects() {
        return Stream.of(
                new Case("A.9 test failure", "{'baz':'qux','foo':['a',2,'c']}", "[{'op':'test','path':'/baz','value':'bar'}]", null),
                new Case("A.12 add to nonexistent target", "{'foo':'bar'}", "[{'op':'add','path':'/baz/bat','value':'qux'}]", null),
                new Case("A.15 comparing strings and numbers", "{'/':9,'~1':10}", "[{'op':'test','path':'/~01','value':'10'}]", null),
                new Case("remove a missing key", "{'a':{}}", "[{'op':'remove','path':'/a/b'}]", null),
                new Case("replace a missing key", "{'a':{}}", "[{'op':'replace','path':'/a/b','value':1}]", null),
                new Case("index out of range", "{'a':[1]}", "[{'op':'add','path':'/a/5','value':1}]", null),
                new Case("unknown op", "{}", "[{'op':'frobnicate','path':'/a'}]", null),
                new Case("missing op", "{}", "[{'path':'/a','value':1}]", null),
                new Case("earlier ops are not kept when a later fails", "{'a':1}",
                        "[{'op':'replace','path':'/a','value':2},{'op':'test','path':'/a','value':1}]", null));
    }

    @ParameterizedTest
    @MethodSource("rejects")
    void rejectsWithUpstreamsGeneric422(Case c) {
        JsonNode doc = parse(c.doc());
        JsonNode before = doc.deepCopy();
        assertThatThrownBy(() -> JsonPatch.apply(doc, parse(c.patch())))
                .isInstanceOfSatisfying(ApiException.Invalid.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("the server rejected our request due to an error in our request");
                });
        assertThat(doc).isEqualTo(before);
    }

    @Test
    void aDocumentThatIsNotAnArrayIsABadRequest() {
        assertThatThrownBy(() -> JsonPatch.apply(parse("{}"), parse("{'op':'add'}")))
                .isInstanceOfSatisfying(ApiException.BadRequest.class, e -> assertThat(e.getMessage())
                        .isEqualTo("json: cannot unmarshal object into Go value of type jsonpatch.Patch"));
        assertThatThrownBy(() -> JsonPatch.apply(parse("{}"), parse("['add']")))
                .isInstanceOf(ApiException.BadRequest.class);
    }

    @Test
    void moreThanTenThousandOperationsIs413() {
        ArrayNode ops = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i <= JsonPatch.MAX_OPERATIONS; i++) {
            ops.add(parse("{'op':'test','path':'/a','value':1}"));
        }
        assertThatThrownBy(() -> JsonPatch.apply(parse("{'a':1}"), ops))
                .isInstanceOfSatisfying(ApiException.RequestEntityTooLarge.class, e -> assertThat(e.getMessage())
                        .isEqualTo("The allowed maximum operations in a JSON patch is 10000, got 10001"));
        ops.remove(0);
        assertThat(JsonPatch.apply(parse("{'a':1}"), ops)).isEqualTo(parse("{'a':1}"));
    }
}
