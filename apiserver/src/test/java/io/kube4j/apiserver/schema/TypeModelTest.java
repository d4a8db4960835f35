package io.kube4j.apiserver.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kube4j.apiserver.registry.BuiltinResources;
import io.kube4j.apiserver.registry.ResourceType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TypeModelTest {

    private static final TypeModel MODEL = TypeModel.of(BuiltinResources.all());
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    @Test
    void podIsNamedAsUpstreamAndCarriesItsKind() {
        Definition pod = MODEL.definitionOf(Pod.class);
        assertThat(pod.name()).isEqualTo("io.k8s.api.core.v1.Pod");
        assertThat(pod.kind()).isEqualTo(DefinitionKind.STRUCT);
        assertThat(pod.gvks()).containsExactly(new GroupVersionKind("", "v1", "Pod"));
        assertThat(pod.properties().keySet()).containsExactly("apiVersion", "kind", "metadata", "spec", "status");
        assertThat(pod.properties().get("metadata").type()).isEqualTo(new TypeRef.Ref(META + "ObjectMeta"));
        assertThat(pod.properties().get("spec").type()).isEqualTo(new TypeRef.Ref("io.k8s.api.core.v1.PodSpec"));
    }

    @Test
    void deploymentLivesInAppsV1() {
        Definition d = MODEL.definitionOf(Deployment.class);
        assertThat(d.name()).isEqualTo("io.k8s.api.apps.v1.Deployment");
        assertThat(d.gvks()).containsExactly(new GroupVersionKind("apps", "v1", "Deployment"));
        assertThat(MODEL.definition("io.k8s.api.apps.v1.DeploymentList").orElseThrow().gvks())
                .containsExactly(new GroupVersionKind("apps", "v1", "DeploymentList"));
        assertThat(MODEL.definition("io.k8s.api.apps.v1.DeploymentSpec").orElseThrow().required())
                .containsExactly("selector", "template");
    }

    @Test
    void objectMetaIsAMetaTypeWithTimestampsAndOpenMaps() {
        Definition meta = MODEL.definitionOf(ObjectMeta.class);
        assertThat(meta.name()).isEqualTo(META + "ObjectMeta");
        assertThat(meta.properties().get("creationTimestamp").type()).isEqualTo(new TypeRef.Ref(META + "Time"));
        assertThat(meta.properties().get("labels").type()).isEqualTo(new TypeRef.MapOf(TypeRef.STRING));
        assertThat(meta.properties().get("generation").type()).isEqualTo(TypeRef.INT64);
        assertThat(meta.properties().get("ownerReferences").list())
                .isEqualTo(new ListSemantics("map", List.of("uid"), "uid", "merge"));
        assertThat(MODEL.definition(META + "Time").orElseThrow())
                .extracting(Definition::kind, Definition::format).containsExactly(DefinitionKind.STRING, "date-time");
    }

    @Test
    void quantityAndIntOrStringAreScalars() {
        Definition requirements = MODEL.definition("io.k8s.api.core.v1.ResourceRequirements").orElseThrow();
        assertThat(requirements.properties().get("limits").type())
                .isEqualTo(new TypeRef.MapOf(new TypeRef.Ref("io.k8s.apimachinery.pkg.api.resource.Quantity")));
        assertThat(MODEL.definition("io.k8s.apimachinery.pkg.api.resource.Quantity").orElseThrow().kind())
                .isEqualTo(DefinitionKind.QUANTITY);
        Definition port = MODEL.definition("io.k8s.api.core.v1.ServicePort").orElseThrow();
        assertThat(port.properties().get("targetPort").type())
                .isEqualTo(new TypeRef.Ref("io.k8s.apimachinery.pkg.util.intstr.IntOrString"));
        assertThat(MODEL.definition("io.k8s.apimachinery.pkg.util.intstr.IntOrString").orElseThrow())
                .extracting(Definition::kind, Definition::format)
                .containsExactly(DefinitionKind.INT_OR_STRING, "int-or-string");
    }

    @Test
    void containerKnowsItsRequiredNameAndListSemantics() {
        Definition c = MODEL.definitionOf(Container.class);
        assertThat(c.required()).containsExactly("name");
        assertThat(c.properties().get("ports").list())
                .isEqualTo(new ListSemantics("map", List.of("containerPort", "protocol"), "containerPort", "merge"));
        assertThat(c.properties().get("env").type())
                .isEqualTo(new TypeRef.ArrayOf(new TypeRef.Ref("io.k8s.api.core.v1.EnvVar")));
        assertThat(MODEL.definition("io.k8s.api.core.v1.PodSpec").orElseThrow().properties().get("containers").list())
                .isEqualTo(new ListSemantics("map", List.of("name"), "name", "merge"));
    }

    @Test
    void verbTypesAreThereWithTheirKinds() {
        assertThat(MODEL.definition(META + "Status").orElseThrow().gvks())
                .containsExactly(new GroupVersionKind("", "v1", "Status"));
        assertThat(MODEL.definition(META + "DeleteOptions").orElseThrow().gvks())
                .contains(new GroupVersionKind("", "v1", "DeleteOptions"),
                        new GroupVersionKind("apps", "v1", "DeleteOptions"));
        assertThat(MODEL.definition(META + "WatchEvent").orElseThrow().properties().get("object").type())
                .isEqualTo(new TypeRef.Ref("io.k8s.apimachinery.pkg.runtime.RawExtension"));
        assertThat(MODEL.subresourceBody("scale")).contains("io.k8s.api.autoscaling.v1.Scale");
        assertThat(MODEL.subresourceBody("status")).isEmpty();
    }

    static Stream<ResourceType> resources() {
        return BuiltinResources.all().stream();
    }

    @ParameterizedTest
    @MethodSource("resources")
    void everyResourceHasAStructDefinitionWithItsKind(ResourceType r) {
        Definition d = MODEL.definitionOf(r.javaType());
        assertThat(d.kind()).isEqualTo(DefinitionKind.STRUCT);
        assertThat(d.gvks()).contains(new GroupVersionKind(r.group(), r.version(), r.kind()));
        assertThat(d.properties()).containsKeys("apiVersion", "kind", "metadata");
        assertThat(d.name()).startsWith("io.k8s.api.").endsWith("." + r.kind());
    }

    @Test
    void everyReferenceResolves() {
        for (Definition d : MODEL.definitions()) {
            for (Property p : d.properties().values()) {
                assertThat(refs(p.type())).allSatisfy(name ->
                        assertThat(MODEL.definition(name)).as(d.name() + "." + p.name()).isPresent());
            }
        }
    }

    @Test
    void unknownClassIsRejected() {
        assertThatThrownBy(() -> MODEL.definitionOf(String.class)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> refs(TypeRef t) {
        return switch (t) {
            case TypeRef.Ref r -> List.of(r.name());
            case TypeRef.ArrayOf a -> refs(a.items());
            case TypeRef.MapOf m -> refs(m.values());
            default -> List.of();
        };
    }
}
