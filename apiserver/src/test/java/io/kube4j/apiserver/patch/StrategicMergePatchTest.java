package io.kube4j.apiserver.patch;

import static io.kube4j.apiserver.patch.Json.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kube4j.apiserver.errors.ApiException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class StrategicMergePatchTest {

    record Case(String name, Class<?> type, String original, String patch, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> merges() {
        return Stream.of(
                new Case("containers merge by name", Pod.class,
                        "{'spec':{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:1'}]}}",
                        "{'spec':{'containers':[{'name':'b','image':'b:2'},{'name':'c','image':'c:1'}]}}",
                        "{'spec':{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:2'},{'name':'c','image':'c:1'}]}}"),
                new Case("$patch delete removes a container", Pod.class,
                        "{'spec':{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:1'}]}}",
                        "{'spec':{'containers':[{'name':'a','$patch':'delete'}]}}",
                        "{'spec':{'containers':[{'name':'b','image':'b:1'}]}}"),
                new Case("$patch replace on a list element replaces the list", Pod.class,
                        "{'spec':{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:1'}]}}",
                        "{'spec':{'containers':[{'name':'c','image':'c:1'},{'$patch':'replace'}]}}",
                        "{'spec':{'containers':[{'name':'c','image':'c:1'}]}}"),
                new Case("$patch replace on a map", Pod.class,
                        "{'metadata':{'labels':{'a':'1','b':'2'}}}",
                        "{'metadata':{'labels':{'c':'3','$patch':'replace'}}}",
                        "{'metadata':{'labels':{'c':'3'}}}"),
                new Case("$patch delete on a map", Deployment.class,
                        "{'spec':{'replicas':1,'strategy':{'type':'Recreate'}}}",
                        "{'spec':{'strategy':{'$patch':'delete'}}}",
                        "{'spec':{'replicas':1,'strategy':{}}}"),
                new Case("env merges by name inside a merged container", Deployment.class,
                        "{'spec':{'template':{'spec':{'containers':[{'name':'app','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}]}}}}",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'app','env':[{'name':'B','value':'3'},{'name':'C','value':'4'}]}]}}}}",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'app','env':[{'name':'A','value':'1'},{'name':'B','value':'3'},{'name':'C','value':'4'}]}]}}}}"),
                new Case("container ports merge by containerPort", Pod.class,
                        "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80},{'containerPort':443}]}]}}",
                        "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':443,'name':'https'}]}]}}",
                        "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80},{'containerPort':443,'name':'https'}]}]}}"),
                new Case("service ports merge by port", Service.class,
                        "{'spec':{'ports':[{'port':80,'targetPort':8080}]}}",
                        "{'spec':{'ports':[{'port':80,'targetPort':9090},{'port':81}]}}",
                        "{'spec':{'ports':[{'port':80,'targetPort':9090},{'port':81}]}}"),
                new Case("finalizers merge as a primitive set", Pod.class,
                        "{'metadata':{'finalizers':['a','b']}}",
                        "{'metadata':{'finalizers':['b','c']}}",
                        "{'metadata':{'finalizers':['a','b','c']}}"),
                new Case("$deleteFromPrimitiveList", Pod.class,
                        "{'metadata':{'finalizers':['a','b','c']}}",
                        "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b']}}",
                        "{'metadata':{'finalizers':['a','c']}}"),
                new Case("args are replaced", Pod.class,
                        "{'spec':{'containers':[{'name':'a','args':['x','y']}]}}",
                        "{'spec':{'containers':[{'name':'a','args':['z']}]}}",
                        "{'spec':{'containers':[{'name':'a','args':['z']}]}}"),
                new Case("tolerations are replaced", Pod.class,
                        "{'spec':{'tolerations':[{'key':'a'},{'key':'b'}]}}",
                        "{'spec':{'tolerations':[{'key':'c'}]}}",
                        "{'spec':{'tolerations':[{'key':'c'}]}}"),
                new Case("null deletes a key", Pod.class,
                        "{'metadata':{'labels':{'a':'1','b':'2'}}}",
                        "{'metadata':{'labels':{'a':null}}}",
                        "{'metadata':{'labels':{'b':'2'}}}"),
                new Case("$setElementOrder orders the named elements", Pod.class,
                        "{'spec':{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}}",
                        "{'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'a'},{'name':'b'}],'containers':[{'name':'c','image':'c:2'}]}}",
                        "{'spec':{'containers':[{'name':'c','image':'c:2'},{'name':'a'},{'name':'b'}]}}"),
                new Case("$setElementOrder keeps server-only elements in place", Pod.class,
                        "{'spec':{'containers':[{'name':'a'},{'name':'s'},{'name':'b'}]}}",
                        "{'spec':{'$setElementOrder/containers':[{'name':'a'},{'name':'b'}],'containers':[{'name':'b','image':'x'}]}}",
                        "{'spec':{'containers':[{'name':'a'},{'name':'s'},{'name':'b','image':'x'}]}}"),
                new Case("$setElementOrder: a server-only element before a moved one stays first", Pod.class,
                        "{'spec':{'containers':[{'name':'a'},{'name':'s'},{'name':'b'}]}}",
                        "{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}]}}",
                        "{'spec':{'containers':[{'name':'s'},{'name':'b'},{'name':'a'}]}}"),
                new Case("$setElementOrder on a primitive list", Pod.class,
                        "{'metadata':{'finalizers':['a','b']}}",
                        "{'metadata':{'$setElementOrder/finalizers':['c','b','a'],'finalizers':['c']}}",
                        "{'metadata':{'finalizers':['c','b','a']}}"),
                new Case("$retainKeys on a deployment strategy", Deployment.class,
                        "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
                        "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}",
                        "{'spec':{'strategy':{'type':'Recreate'}}}"),
                new Case("$retainKeys with the cleared key sent as null", Deployment.class,
                        "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
                        "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate','rollingUpdate':null}}}",
                        "{'spec':{'strategy':{'type':'Recreate'}}}"),
                new Case("volumes merge by name", Pod.class,
                        "{'spec':{'volumes':[{'name':'v','emptyDir':{}}]}}",
                        "{'spec':{'volumes':[{'name':'w','configMap':{'name':'c'}}]}}",
                        "{'spec':{'volumes':[{'name':'v','emptyDir':{}},{'name':'w','configMap':{'name':'c'}}]}}"),
                new Case("ownerReferences merge by uid", Pod.class,
                        "{'metadata':{'ownerReferences':[{'uid':'1','name':'a'}]}}",
                        "{'metadata':{'ownerReferences':[{'uid':'2','name':'b'}]}}",
                        "{'metadata':{'ownerReferences':[{'uid':'1','name':'a'},{'uid':'2','name':'b'}]}}"),
                new Case("conditions merge by type", Pod.class,
                        "{'status':{'conditions':[{'type':'Ready','status':'False'},{'type':'Initialized','status':'True'}]}}",
                        "{'status':{'conditions':[{'type':'Ready','status':'True'}]}}",
                        "{'status':{'conditions':[{'type':'Ready','status':'True'},{'type':'Initialized','status':'True'}]}}"),
                new Case("directives are dropped from new values", Pod.class,
                        "{'spec':{}}",
                        "{'spec':{'containers':[{'name':'a','env':[{'name':'X','$patch':'delete'}]}]}}",
                        "{'spec':{'containers':[{'name':'a','env':[]}]}}"),
                new Case("unknown type: maps merge, lists replace", null,
                        "{'spec':{'items':[{'name':'a'}],'m':{'x':1,'y':2}}}",
                        "{'spec':{'items':[{'name':'b'}],'m':{'x':null,'z':3}}}",
                        "{'spec':{'items':[{'name':'b'}],'m':{'y':2,'z':3}}}"),
                new Case("undeclared field of a known type falls back", Pod.class,
                        "{'spec':{'extra':[{'name':'a'}]}}",
                        "{'spec':{'extra':[{'name':'b'}]}}",
                        "{'spec':{'extra':[{'name':'b'}]}}"));
    }

    @ParameterizedTest
    @MethodSource("merges")
    void merges(Case c) {
        JsonNode original = parse(c.original());
        JsonNode patch = parse(c.patch());
        JsonNode before = original.deepCopy();
        JsonNode patchBefore = patch.deepCopy();
        assertThat(StrategicMergePatch.apply(original, patch, c.type())).isEqualTo(parse(c.expected()));
        assertThat(original).isEqualTo(before);
        assertThat(patch).isEqualTo(patchBefore);
    }

    record Failure(String name, String patch, Class<? extends ApiException> error, int code) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Failure> failures() {
        return Stream.of(
                new Failure("not an object", "[1]", ApiException.BadRequest.class, 400),
                new Failure("retainKeys not a list", "{'spec':{'strategy':{'$retainKeys':'type'}}}", ApiException.BadRequest.class, 400),
                new Failure("content outside retainKeys", "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':{}}}}",
                        ApiException.Invalid.class, 422),
                new Failure("bad setElementOrder", "{'spec':{'$setElementOrder/containers':'x'}}", ApiException.BadRequest.class, 400),
                new Failure("bad deleteFromPrimitiveList", "{'metadata':{'$deleteFromPrimitiveList/finalizers':'x'}}",
                        ApiException.BadRequest.class, 400),
                new Failure("element without merge key", "{'spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}",
                        ApiException.InternalError.class, 500),
                new Failure("unknown $patch", "{'spec':{'$patch':'frob'}}", ApiException.InternalError.class, 500));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void failsAsUpstream(Failure f) {
        JsonNode original = parse("{'spec':{'strategy':{'type':'Recreate'},'template':{'spec':{'containers':[{'name':'a'}]}}}}");
        assertThatThrownBy(() -> StrategicMergePatch.apply(original, parse(f.patch()), Deployment.class))
                .isInstanceOfSatisfying(f.error(), e -> assertThat(e.code()).isEqualTo(f.code()));
    }
}
