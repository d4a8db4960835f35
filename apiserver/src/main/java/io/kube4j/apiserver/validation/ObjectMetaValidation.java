package io.kube4j.apiserver.validation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.kube4j.apiserver.errors.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Validation of {@code metadata} as upstream's {@code ValidateObjectMeta} and
 * {@code ValidateObjectMetaUpdate}: name (or generateName) and its format, namespace presence,
 * labels, annotations (keys and a 256 KiB total), finalizers, owner references; on update the
 * identity fields that may not change. Errors are rooted at {@code metadata} (or at the
 * {@code path} given for embedded metadata). Stateless, thread-safe.
 */
public final class ObjectMetaValidation {

    /** Upstream's limit on the summed size of all annotation keys and values. */
    public static final int ANNOTATIONS_MAX_BYTES = 256 * 1024;

    private static final String ORPHAN = "orphan";
    private static final String FOREGROUND = "foregroundDeletion";

    private ObjectMetaValidation() {
    }

    /** Metadata of a new object; {@code namespaced} says whether metadata.namespace is required or forbidden. */
    public static List<FieldError> validate(HasMetadata obj, boolean namespaced, NameRule rule) {
        ObjectMeta meta = obj.getMetadata() == null ? new ObjectMeta() : obj.getMetadata();
        List<FieldError> errs = new ArrayList<>();
        String p = "metadata";
        String generateName = meta.getGenerateName();
        if (generateName != null && !generateName.isEmpty()) {
            for (String msg : rule.check(generateName, true)) {
                errs.add(FieldError.invalid(p + ".generateName", generateName, msg));
            }
        }
        String name = meta.getName();
        if (name == null || name.isEmpty()) {
            errs.add(FieldError.required(p + ".name", "name or generateName is required"));
        } else {
            for (String msg : rule.check(name, false)) {
                errs.add(FieldError.invalid(p + ".name", name, msg));
            }
        }
        String ns = meta.getNamespace();
        if (namespaced) {
            if (ns == null || ns.isEmpty()) {
                errs.add(FieldError.required(p + ".namespace", ""));
            } else {
                FieldChecks.each(errs, p + ".namespace", ns, NameRules::isDns1123Label);
            }
        } else if (ns != null && !ns.isEmpty()) {
            errs.add(FieldError.forbidden(p + ".namespace", "not allowed on this type"));
        }
        errs.addAll(common(meta, p));
        return errs;
    }

    /**
     * Metadata of an update: the new object's own rules plus what may not change from {@code old}
     * (name, namespace, uid, creationTimestamp, deletion fields; generation may not go down; no new
     * finalizers once deletion has started).
     */
    public static List<FieldError> validateUpdate(HasMetadata obj, HasMetadata old) {
        ObjectMeta meta = obj.getMetadata() == null ? new ObjectMeta() : obj.getMetadata();
        ObjectMeta was = old.getMetadata() == null ? new ObjectMeta() : old.getMetadata();
        List<FieldError> errs = new ArrayList<>();
        String p = "metadata";
        if (was.getDeletionTimestamp() != null) {
            TreeSet<String> added = new TreeSet<>(list(meta.getFinalizers()));
            added.removeAll(list(was.getFinalizers()));
            if (!added.isEmpty()) {
                errs.add(FieldError.forbidden(p + ".finalizers", "no new finalizers can be added if the object is "
                        + "being deleted, found new finalizers " + goStrings(added)));
            }
        }
        long gen = meta.getGeneration() == null ? 0 : meta.getGeneration();
        long oldGen = was.getGeneration() == null ? 0 : was.getGeneration();
        if (gen < oldGen) {
            errs.add(FieldError.invalid(p + ".generation", gen, "must not be decremented"));
        }
        FieldChecks.immutable(errs, p + ".name", str(meta.getName()), str(was.getName()));
        FieldChecks.immutable(errs, p + ".namespace", str(meta.getNamespace()), str(was.getNamespace()));
        FieldChecks.immutable(errs, p + ".uid", str(meta.getUid()), str(was.getUid()));
        FieldChecks.immutable(errs, p + ".creationTimestamp", meta.getCreationTimestamp(), was.getCreationTimestamp());
        FieldChecks.immutable(errs, p + ".deletionTimestamp", meta.getDeletionTimestamp(), was.getDeletionTimestamp());
        FieldChecks.immutable(errs, p + ".deletionGracePeriodSeconds", meta.getDeletionGracePeriodSeconds(),
                was.getDeletionGracePeriodSeconds());
        errs.addAll(common(meta, p));
        return errs;
    }

    /**
     * The metadata of an embedded template ({@code spec.template.metadata}): only labels and
     * annotations matter there, as upstream's {@code ValidatePodTemplateSpec}.
     */
    public static List<FieldError> validateTemplateMeta(ObjectMeta meta, String path) {
        List<FieldError> errs = new ArrayList<>();
        if (meta == null) {
            return errs;
        }
        FieldChecks.labels(errs, path + ".labels", meta.getLabels());
        annotations(errs, path + ".annotations", meta.getAnnotations());
        return errs;
    }

    /** Upstream's {@code ValidateAnnotations}: keys are qualified names (case aside), 256 KiB in all. */
    public static void annotations(List<FieldError> errs, String path, Map<String, String> annotations) {
        if (annotations == null) {
            return;
        }
        long total = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            for (String msg : NameRules.isQualifiedName(e.getKey().toLowerCase(Locale.ROOT))) {
                errs.add(FieldError.invalid(path, e.getKey(), msg));
            }
            total += utf8(e.getKey()) + utf8(e.getValue());
        }
        if (total > ANNOTATIONS_MAX_BYTES) {
            errs.add(FieldError.tooLong(path, "", ANNOTATIONS_MAX_BYTES));
        }
    }

    private static List<FieldError> common(ObjectMeta meta, String p) {
        List<FieldError> errs = new ArrayList<>();
        if (meta.getGeneration() != null) {
            FieldChecks.nonNegative(errs, p + ".generation", meta.getGeneration());
        }
        FieldChecks.labels(errs, p + ".labels", meta.getLabels());
        annotations(errs, p + ".annotations", meta.getAnnotations());
        ownerReferences(errs, p + ".ownerReferences", meta.getOwnerReferences());
        finalizers(errs, p + ".finalizers", meta.getFinalizers());
        return errs;
    }

    private static void ownerReferences(List<FieldError> errs, String path, List<OwnerReference> refs) {
        if (refs == null) {
            return;
        }
        String firstController = null;
        for (OwnerReference ref : refs) {
            String apiVersion = str(ref.getApiVersion());
            String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
            if (version.isEmpty()) {
                errs.add(FieldError.invalid(path + ".apiVersion", apiVersion, "version must not be empty"));
            }
            if (str(ref.getKind()).isEmpty()) {
                errs.add(FieldError.invalid(path + ".kind", "", "must not be empty"));
            }
            if (str(ref.getName()).isEmpty()) {
                errs.add(FieldError.invalid(path + ".name", "", "must not be empty"));
            }
            if (str(ref.getUid()).isEmpty()) {
                errs.add(FieldError.invalid(path + ".uid", "", "must not be empty"));
            }
            if (apiVersion.equals("v1") && "Event".equals(ref.getKind())) {
                errs.add(FieldError.invalid(path, ref.getKind() + "/" + ref.getName(),
                        "/v1, Kind=Event is disallowed from being an owner"));
            }
            if (Boolean.TRUE.equals(ref.getController())) {
                String current = ref.getKind() + "/" + ref.getName();
                if (firstController != null) {
                    errs.add(FieldError.invalid(path, current, "Only one reference can have Controller set to true. "
                            + "Found \"true\" in references for " + firstController + " and " + current));
                } else {
                    firstController = current;
                }
            }
        }
    }

    private static void finalizers(List<FieldError> errs, String path, List<String> finalizers) {
        if (finalizers == null) {
            return;
        }
        boolean orphan = false;
        boolean foreground = false;
        for (String f : finalizers) {
            FieldChecks.each(errs, path, str(f), NameRules::isQualifiedName);
            orphan |= ORPHAN.equals(f);
            foreground |= FOREGROUND.equals(f);
        }
        if (orphan && foreground) {
            errs.add(FieldError.invalid(path, String.join(",", finalizers),
                    "finalizer orphan and foregroundDeletion cannot be both set"));
        }
    }

    private static String goStrings(TreeSet<String> values) {
        StringBuilder s = new StringBuilder("[]string{");
        boolean first = true;
        for (String v : values) {
            s.append(first ? "" : ", ").append('"').append(v).append('"');
            first = false;
        }
        return s.append('}').toString();
    }

    private static List<String> list(List<String> l) {
        return l == null ? List.of() : l;
    }

    private static String str(String s) {
        return Objects.requireNonNullElse(s, "");
    }

    private static long utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
