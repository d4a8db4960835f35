package io.kube4j.apiserver.schema;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Patch;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.kube4j.apiserver.registry.ResourceType;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The type schema of the served API: one {@link Definition} per model type reachable from the
 * served resources (their kinds, list kinds, and what the REST verbs exchange: Status,
 * DeleteOptions, WatchEvent, Patch, and the bodies of the scale, eviction, binding and token
 * subresources), named as upstream names them and derived from the fabric8 classes at start-up.
 * Built once by {@link #of}; immutable and thread-safe afterwards.
 */
public final class TypeModel {

    /** Subresources whose body is another kind than the resource's own. */
    private static final Map<String, Class<?>> SUBRESOURCE_BODIES = Map.of(
            "scale", Scale.class, "eviction", Eviction.class, "binding", Binding.class,
            "token", io.fabric8.kubernetes.api.model.authentication.TokenRequest.class);
    private static final Map<Class<?>, GroupVersionKind> SUBRESOURCE_KINDS = Map.of(
            Scale.class, new GroupVersionKind("autoscaling", "v1", "Scale"),
            Eviction.class, new GroupVersionKind("policy", "v1", "Eviction"),
            Binding.class, new GroupVersionKind("", "v1", "Binding"),
            io.fabric8.kubernetes.api.model.authentication.TokenRequest.class,
            new GroupVersionKind("authentication.k8s.io", "v1", "TokenRequest"));

    private final Map<String, Definition> byName;
    private final Map<Class<?>, String> nameByClass;

    private TypeModel(Map<String, Definition> byName, Map<Class<?>, String> nameByClass) {
        this.byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
        this.nameByClass = Map.copyOf(nameByClass);
    }

    /**
     * Builds the model for {@code resources}: introspects every model class once (a few hundred
     * classes; tens of milliseconds). Fails with IllegalStateException if a class cannot be introspected.
     */
    public static TypeModel of(List<ResourceType> resources) {
        TypeModelBuilder b = new TypeModelBuilder();
        Set<String> groupVersions = new LinkedHashSet<>();
        for (ResourceType r : resources) {
            groupVersions.add(r.group() + "/" + r.version());
            String name = b.add(r.javaType());
            b.addGvk(name, new GroupVersionKind(r.group(), r.version(), r.kind()));
            listClassOf(r.javaType()).ifPresent(list -> b.addGvk(b.add(list),
                    new GroupVersionKind(r.group(), r.version(), r.listKind())));
            for (String sub : r.subresources()) {
                Class<?> body = SUBRESOURCE_BODIES.get(sub);
                if (body != null) {
                    b.addGvk(b.add(body), SUBRESOURCE_KINDS.get(body));
                }
            }
        }
        b.addGvk(b.add(Status.class), new GroupVersionKind("", "v1", "Status"));
        String deleteOptions = b.add(DeleteOptions.class);
        String watchEvent = b.add(WatchEvent.class);
        for (String gv : groupVersions) {
            String group = gv.substring(0, gv.indexOf('/'));
            String version = gv.substring(gv.indexOf('/') + 1);
            b.addGvk(deleteOptions, new GroupVersionKind(group, version, "DeleteOptions"));
            b.addGvk(watchEvent, new GroupVersionKind(group, version, "WatchEvent"));
        }
        b.add(APIResourceList.class);
        b.add(Patch.class);
        return new TypeModel(b.definitions(), b.names());
    }

    /** The definition called {@code name}, e.g. {@code io.k8s.api.core.v1.Pod}. */
    public Optional<Definition> definition(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The definition name of a model class, if the model holds it. */
    public Optional<String> nameOf(Class<?> type) {
        return Optional.ofNullable(nameByClass.get(type));
    }

    /** The definition of a model class; IllegalArgumentException if the model does not hold it. */
    public Definition definitionOf(Class<?> type) {
        String name = nameByClass.get(type);
        if (name == null) {
            throw new IllegalArgumentException("not in the type model: " + type.getName());
        }
        return byName.get(name);
    }

    /** Every definition, specials first, then in discovery order of the resources. */
    public Collection<Definition> definitions() {
        return byName.values();
    }

    /**
     * The definition name of the body a subresource exchanges when it is not the resource's own
     * kind ({@code scale}, {@code eviction}, {@code binding}); empty for the others.
     */
    public Optional<String> subresourceBody(String subresource) {
        Class<?> body = SUBRESOURCE_BODIES.get(subresource);
        return body == null ? Optional.empty() : nameOf(body);
    }

    private static Optional<Class<?>> listClassOf(Class<?> kind) {
        try {
            return Optional.of(Class.forName(kind.getName() + "List", false, kind.getClassLoader()));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }
}
