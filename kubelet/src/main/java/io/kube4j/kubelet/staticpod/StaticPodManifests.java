package io.kube4j.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.validation.PodSpecDefaults;
import io.kube4j.apiserver.validation.PodSpecValidation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads static pod manifests as upstream's file source does: every file of the manifest directory
 * whose name does not start with "." (sorted, subdirectories skipped), or the one file the path
 * names; each file one Pod in YAML or JSON. A pod read from a file is defaulted as the apiserver
 * would, validated, and given its static identity: UID an MD5 hash of the defaulted pod, the node
 * name and the file path (unless the file sets a UID), name {@code NAME-<node name in lower case>},
 * namespace "default" if it has none, nodeName the node, annotations {@code kubernetes.io/config.hash}
 * (the UID) and {@code kubernetes.io/config.source: file}, a toleration of every NoExecute taint (so
 * node problems never evict it) and phase Pending. Stateless.
 */
public final class StaticPodManifests {

    /** What one file gave. */
    public sealed interface Result {
        Path file();

        record Parsed(Path file, Pod pod) implements Result {}

        record Failed(Path file, String reason) implements Result {}
    }

    private StaticPodManifests() {}

    /** Reads {@code path}, a manifest directory or a single manifest file; nothing if it does not exist. */
    public static List<Result> read(Path path, String nodeName) {
        List<Result> out = new ArrayList<>();
        if (Files.isRegularFile(path)) {
            out.add(readFile(path, nodeName));
            return out;
        }
        if (!Files.isDirectory(path)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(path)) {
            files = entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            return out;
        }
        for (Path file : files) {
            if (Files.isDirectory(file)) {
                continue; // upstream does not recurse into the manifest directory
            }
            if (!Files.isRegularFile(file)) {
                out.add(new Result.Failed(file, "not a regular file"));
                continue;
            }
            out.add(readFile(file, nodeName));
        }
        return out;
    }

    static Result readFile(Path file, String nodeName) {
        try {
            return new Result.Parsed(file, parse(Files.readString(file, StandardCharsets.UTF_8), file, nodeName));
        } catch (IOException e) {
            return new Result.Failed(file, "cannot read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return new Result.Failed(file, e.getMessage());
        }
    }

    /**
     * One manifest's static pod.
     *
     * @throws IllegalArgumentException if it is not a valid v1 Pod
     */
    public static Pod parse(String content, Path file, String nodeName) {
        if (content.isBlank()) {
            throw new IllegalArgumentException(file + ": empty manifest");
        }
        Pod pod;
        try {
            pod = Serialization.unmarshal(content, Pod.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": couldn't parse as pod (" + e.getMessage() + "), please check config file", e);
        }
        if (pod == null || !"Pod".equals(pod.getKind()) || !"v1".equals(pod.getApiVersion())) {
            throw new IllegalArgumentException(file + ": invalid pod: the manifest must be apiVersion v1, kind Pod");
        }
        if (pod.getMetadata() == null || pod.getMetadata().getName() == null || pod.getMetadata().getName().isEmpty()) {
            throw new IllegalArgumentException(file + ": invalid pod: metadata.name: Required value");
        }
        if (pod.getSpec() == null) {
            throw new IllegalArgumentException(file + ": invalid pod: spec: Required value");
        }
        PodSpecDefaults.apply(pod.getSpec());
        PodSpecDefaults.applyPodOnly(pod.getSpec());
        List<FieldError> errors = PodSpecValidation.validate(pod.getSpec(), "spec");
        if (!errors.isEmpty()) {
            StringBuilder msg = new StringBuilder(file + ": invalid pod:");
            for (FieldError e : errors) {
                msg.append(' ').append(e.field()).append(": ").append(e.detail()).append(';');
            }
            throw new IllegalArgumentException(msg.toString());
        }
        applyStaticDefaults(pod, file, nodeName);
        return pod;
    }

    /** Upstream's applyDefaults for a file source. */
    static void applyStaticDefaults(Pod pod, Path file, String nodeName) {
        var meta = pod.getMetadata();
        if (meta.getUid() == null || meta.getUid().isEmpty()) {
            meta.setUid(uid(pod, nodeName, file));
        }
        meta.setName(podName(meta.getName(), nodeName));
        if (meta.getNamespace() == null || meta.getNamespace().isEmpty()) {
            meta.setNamespace("default");
        }
        pod.getSpec().setNodeName(nodeName);
        Map<String, String> annotations = meta.getAnnotations() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getAnnotations());
        annotations.put(StaticPodAnnotations.CONFIG_HASH, meta.getUid());
        annotations.put(StaticPodAnnotations.CONFIG_SOURCE, StaticPodAnnotations.SOURCE_FILE);
        meta.setAnnotations(annotations);
        List<Toleration> tolerations = pod.getSpec().getTolerations() == null ? new ArrayList<>() : new ArrayList<>(pod.getSpec().getTolerations());
        Toleration noExecute = new TolerationBuilder().withOperator("Exists").withEffect("NoExecute").build();
        // upstream's AddOrUpdateTolerationInPod: an identical toleration is not added twice
        if (tolerations.stream().noneMatch(t -> "Exists".equals(t.getOperator()) && "NoExecute".equals(t.getEffect())
                && (t.getKey() == null || t.getKey().isEmpty()) && t.getTolerationSeconds() == null)) {
            tolerations.add(noExecute);
        }
        pod.getSpec().setTolerations(tolerations);
        PodStatus status = new PodStatus();
        status.setPhase("Pending");
        pod.setStatus(status);
    }

    /**
     * The static pod's UID: MD5 over the defaulted pod as read (its canonical JSON; upstream hashes
     * the Go object), then "host:NODE" and "file:PATH", in hex.
     */
    static String uid(Pod pod, String nodeName, Path file) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(Serialization.asJson(pod).getBytes(StandardCharsets.UTF_8));
            md5.update(("host:" + nodeName).getBytes(StandardCharsets.UTF_8));
            md5.update(("file:" + file).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    /** Upstream's generatePodName: the manifest's name, a dash, the node name in lower case. */
    static String podName(String name, String nodeName) {
        return name + "-" + nodeName.toLowerCase(Locale.ROOT);
    }
}
