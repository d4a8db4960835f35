package io.kube4j.apiserver.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Admissionregistration;
import io.kubernetes.client.proto.V1Apiextensions;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Coordination;
import io.kubernetes.client.proto.V1Discovery;
import io.kubernetes.client.proto.V1Events;
import io.kubernetes.client.proto.V1Flowcontrol;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Node;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import io.kubernetes.client.proto.V2Autoscaling;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which protobuf message carries which {@code apiVersion}/{@code kind}, from the descriptors of
 * {@code client-java-proto}: a message of a group's package is a kind when it has object or list
 * metadata; {@code meta/v1} messages (Status, WatchEvent, the options, discovery documents) are
 * kinds under every apiVersion, since upstream registers them in every group version.
 * Immutable after construction, thread-safe.
 */
final class ProtoKinds {

    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1";
    private static final String OBJECT_META = META + ".ObjectMeta";
    private static final String LIST_META = META + ".ListMeta";
    private static final Set<String> META_KINDS = Set.of(
            "WatchEvent", "APIVersions", "APIGroupList", "APIGroup", "APIResourceList");
    /** Upstream group names that are not {@code <package group>.k8s.io}. */
    private static final Map<String, String> GROUPS = Map.of(
            "core", "", "apps", "apps", "batch", "batch", "autoscaling", "autoscaling", "policy", "policy",
            "extensions", "extensions", "rbac", "rbac.authorization.k8s.io",
            "flowcontrol", "flowcontrol.apiserver.k8s.io", "apiserverinternal", "internal.apiserver.k8s.io");
    // after GROUPS: the constructor reads it
    private static final ProtoKinds BUILTIN = new ProtoKinds(List.of(
            V1.getDescriptor(), V1Apps.getDescriptor(), V1Batch.getDescriptor(), V1Autoscaling.getDescriptor(),
            V2Autoscaling.getDescriptor(), V1Coordination.getDescriptor(), V1Discovery.getDescriptor(),
            V1Events.getDescriptor(), V1Policy.getDescriptor(), V1Scheduling.getDescriptor(),
            V1Storage.getDescriptor(), V1Networking.getDescriptor(), V1Rbac.getDescriptor(),
            V1Node.getDescriptor(), V1Certificates.getDescriptor(), V1Admissionregistration.getDescriptor(),
            V1Authentication.getDescriptor(), V1Authorization.getDescriptor(), V1Flowcontrol.getDescriptor(),
            V1Apiextensions.getDescriptor(), Meta.getDescriptor()));

    private final Map<String, Map<String, Descriptor>> byVersion = new HashMap<>();
    private final Map<String, Descriptor> meta = new HashMap<>();

    private ProtoKinds(List<FileDescriptor> files) {
        for (FileDescriptor file : files) {
            if (file.getPackage().equals(META)) {
                file.getMessageTypes().stream().filter(ProtoKinds::isMetaKind).forEach(m -> meta.put(m.getName(), m));
                continue;
            }
            String apiVersion = apiVersion(file.getPackage());
            for (Descriptor m : file.getMessageTypes()) {
                if (hasMetadata(m)) {
                    byVersion.computeIfAbsent(apiVersion, v -> new HashMap<>()).put(m.getName(), m);
                }
            }
        }
    }

    static ProtoKinds builtin() {
        return BUILTIN;
    }

    /** The message of a kind, if there is one. */
    Optional<Descriptor> find(String apiVersion, String kind) {
        Descriptor d = byVersion.getOrDefault(apiVersion, Map.of()).get(kind);
        if (d == null) {
            d = meta.get(kind);
        }
        return Optional.ofNullable(d);
    }

    /**
     * {@code k8s.io.api.apps.v1} → {@code apps/v1}; {@code k8s.io.api.core.v1} → {@code v1};
     * {@code k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1} → {@code apiextensions.k8s.io/v1}.
     */
    static String apiVersion(String protoPackage) {
        String[] parts = protoPackage.split("\\.");
        String version = parts[parts.length - 1];
        String name = parts[parts.length - 2];
        String group = GROUPS.getOrDefault(name, name + ".k8s.io");
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The meta/v1 types upstream registers as kinds, not the value types (Time, LabelSelector). */
    private static boolean isMetaKind(Descriptor m) {
        return hasMetadata(m) || m.getName().endsWith("Options") || META_KINDS.contains(m.getName());
    }

    private static boolean hasMetadata(Descriptor m) {
        FieldDescriptor f = m.findFieldByName("metadata");
        return f != null && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated()
                && (f.getMessageType().getFullName().equals(OBJECT_META)
                || f.getMessageType().getFullName().equals(LIST_META));
    }
}
