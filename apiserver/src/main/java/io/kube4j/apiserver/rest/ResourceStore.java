package io.kube4j.apiserver.rest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.kube4j.apiserver.conversion.StorageForm;
import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.storage.Claims;
import io.kube4j.apiserver.storage.ObjectStorage;
import io.kube4j.apiserver.storage.StorageCodec;
import io.kube4j.apiserver.storage.StoredObject;
import io.kube4j.apiserver.storage.WriteResult;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The generic write path of one resource, as upstream's {@code genericregistry.Store}: object
 * metadata (uid, creationTimestamp, generateName, generation, resourceVersion), the strategy's
 * hooks, admission, optimistic concurrency on the store's revision, finalizers and graceful
 * deletion. Every write is one compare-and-swap in the store: a write that loses a race either
 * retries on the fresh object (unconditional updates) or fails with 409 (the client named a
 * resourceVersion), so no acknowledged update is ever lost.
 *
 * <p>Thread-safe; calls block on the store (run them on virtual threads).
 */
public final class ResourceStore {

    private static final int MAX_RETRIES = 16;

    private final ResourceType type;
    private final ObjectStorage storage;
    private final NamespaceLifecycle namespaces;
    private final List<Admission> admission;
    private final Clock clock;
    private volatile Consumer<ObjectNode> afterCreate = o -> { };
    private volatile Allocations allocations = Allocations.NONE;
    private final StorageForm form;

    public ResourceStore(ResourceType type, ObjectStorage storage, NamespaceLifecycle namespaces,
            List<Admission> admission, Clock clock) {
        this.type = type;
        this.storage = storage;
        this.namespaces = namespaces;
        this.admission = List.copyOf(admission);
        this.form = StorageForm.of(type);
        this.clock = clock;
    }

    public ResourceType type() {
        return type;
    }

    /** The storage this store writes to. */
    public ObjectStorage storage() {
        return storage;
    }

    /** Runs {@code action} with each object this store creates (not on dry runs). */
    public void afterCreate(Consumer<ObjectNode> action) {
        this.afterCreate = action;
    }

    /** The object, read from the store (linearizable); 404 when absent. */
    /** What objects of this kind hold exclusively (set once, at start). */
    public void allocations(Allocations value) {
        this.allocations = value;
    }

    /** Reads one object. */
    public ObjectNode get(String namespace, String name) {
        return read(namespace, name).map(this::decode)
                .orElseThrow(() -> notFound(name));
    }

    private ObjectNode decode(StoredObject stored) {
        return form.fromStorage(StorageCodec.decode(stored));
    }

    private byte[] encode(ObjectNode object) {
        return StorageCodec.encode(form.toStorage(object));
    }

    private Optional<StoredObject> read(String namespace, String name) {
        return storage.get(type.key(namespace, name));
    }

    private ApiException notFound(String name) {
        return new ApiException.NotFound(type.plural(), type.group(), name);
    }

    /** Creates {@code object} in {@code namespace}; returns it as stored. */
    public ObjectNode create(String namespace, ObjectNode object, WriteOptions options) {
        ObjectNode meta = StorageCodec.metadata(object);
        if (!meta.path("resourceVersion").asString("").isEmpty()) {
            throw new ApiException.InternalError("resourceVersion should not be set on objects to be created");
        }
        String ns = scopeNamespace(namespace, meta);
        if (type.namespaced()) {
            try {
                namespaces.checkCreate(ns);
            } catch (ApiException.Forbidden refused) {
                // Upstream's admission names the resource and object: `configmaps "x" is forbidden: ...`.
                throw new ApiException.Forbidden(type.plural(), type.group(), meta.path("name").asString(""),
                        refused.getMessage(), List.of(new StatusCause("metadata.namespace",
                                "namespace " + ns + " is being terminated", "NamespaceTerminating")));
            }
        }
        boolean generated = meta.path("name").asString("").isEmpty() && !meta.path("generateName").asString("").isEmpty();
        for (int attempt = 0; ; attempt++) {
            ObjectNode candidate = object.deepCopy();
            ObjectNode m = StorageCodec.metadata(candidate);
            if (generated) {
                m.put("name", Names.generate(m.path("generateName").asString()));
            }
            m.put("uid", UUID.randomUUID().toString());
            m.put("creationTimestamp", now());
            m.remove("deletionTimestamp");
            m.remove("deletionGracePeriodSeconds");
            if (Generation.tracked(type)) {
                m.put("generation", 1);
            } else {
                m.remove("generation");
            }
            HasMetadata typed = TypedObjects.typed(type, candidate);
            ResourceStrategy<HasMetadata> strategy = type.typedStrategy();
            strategy.prepareForCreate(typed);
            strategy.applyDefaults(typed);
            ObjectNode prepared = TypedObjects.tree(typed);
            for (Admission a : admission) {
                a.admit(type, Admission.Operation.CREATE, prepared, null, options.dryRun());
            }
            if (!admission.isEmpty()) {
                // Admission may have changed the tree; without it the typed object is still current
                // (converting costs more than the rest of a create).
                typed = TypedObjects.typed(type, prepared);
                prepared = TypedObjects.tree(typed);
            }
            List<FieldError> errors = new ArrayList<>(MetadataRules.validateCreate(type, typed));
            errors.addAll(strategy.validate(typed));
            String name = typed.getMetadata().getName();
            if (!errors.isEmpty()) {
                throw new ApiException.Invalid(type.kind(), type.group(), name == null ? "" : name, errors);
            }
            ObjectNode toStore = prepared; // validation only reads the typed object
            Set<String> chosen = allocations.held(toStore);
            allocations.assign(toStore, null);
            if (options.dryRun()) {
                if (read(ns, name).isPresent()) {
                    throw new ApiException.AlreadyExists(type.plural(), type.group(), name);
                }
                return toStore;
            }
            WriteResult result = storage.create(type.key(ns, name), encode(toStore),
                    new Claims(List.copyOf(allocations.held(toStore)), List.of(), ns == null ? name : ns + "/" + name));
            switch (result) {
                case WriteResult.Done done -> {
                    StorageCodec.metadata(toStore).put("resourceVersion", Long.toString(done.revision()));
                    afterCreate.accept(toStore);
                    return toStore;
                }
                case WriteResult.Stale stale -> {
                    if (!generated || attempt >= 8) {
                        throw new ApiException.AlreadyExists(type.plural(), type.group(), name);
                    }
                }
                case WriteResult.Taken taken -> {
                    if (chosen.contains(taken.key()) || attempt >= 8) {
                        throw allocations.taken(taken.key(), toStore);
                    }
                }
            }
        }
    }

    private String scopeNamespace(String namespace, ObjectNode meta) {
        if (!type.namespaced()) {
            meta.remove("namespace");
            return null;
        }
        String given = meta.path("namespace").asString("");
        if (!given.isEmpty() && namespace != null && !given.equals(namespace)) {
            throw new ApiException.BadRequest(
                    "the namespace of the provided object does not match the namespace sent on the request");
        }
        String ns = namespace != null ? namespace : given;
        if (ns.isEmpty()) {
            ns = "default";
        }
        meta.put("namespace", ns);
        return ns;
    }

    /**
     * Updates an object: {@code transform} turns the current object (a private copy) into the
     * desired one; it is re-run on the fresh object when another writer got in between, unless
     * the desired object names a resourceVersion, in which case a mismatch is 409 Conflict.
     *
     * @param subresource null for the main resource, or {@code status}, {@code finalize}, {@code binding}
     * @param allowCreate whether a missing object is created (PUT to a missing name, apply)
     */
    public ObjectNode update(String namespace, String name, UnaryOperator<ObjectNode> transform, String subresource,
            boolean allowCreate, WriteOptions options) {
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            Optional<StoredObject> current = read(namespace, name);
            if (current.isEmpty()) {
                if (!allowCreate || subresource != null) {
                    throw notFound(name);
                }
                ObjectNode created = transform.apply(null);
                checkName(created, name);
                StorageCodec.metadata(created).remove("resourceVersion");
                try {
                    return create(namespace, created, options);
                } catch (ApiException.AlreadyExists raced) {
                    continue;
                }
            }
            StoredObject stored = current.get();
            ObjectNode old = decode(stored);
            ObjectNode desired = transform.apply(old.deepCopy());
            checkName(desired, name);
            ObjectNode desiredMeta = StorageCodec.metadata(desired);
            String wantedVersion = desiredMeta.path("resourceVersion").asString("");
            if (!wantedVersion.isEmpty() && !wantedVersion.equals(Long.toString(stored.modRevision()))) {
                throw new ApiException.Conflict(type.plural(), type.group(), name, ApiException.Conflict.MODIFIED);
            }
            if (wantedVersion.isEmpty() && !type.typedStrategy().allowUnconditionalUpdate()) {
                throw new ApiException.Invalid(type.kind(), type.group(), name, List.of(FieldError.invalid(
                        "metadata.resourceVersion", "0x0", "must be specified for an update")));
            }
            ObjectNode next = prepareUpdate(namespace, old, desired, subresource, options);
            if (sameObject(next, old)) {
                return old;
            }
            Set<String> chosen = allocations.held(next);
            allocations.assign(next, old);
            if (options.dryRun()) {
                return next;
            }
            byte[] bytes = encode(next);
            boolean removed = shouldDeleteAfterUpdate(next, old);
            Claims claims = claimChanges(old, removed ? null : next, namespace, name);
            WriteResult result = removed
                    ? storage.delete(type.key(namespace, name), stored.modRevision(), claims)
                    : storage.update(type.key(namespace, name), bytes, stored.modRevision(), claims);
            switch (result) {
                case WriteResult.Done done -> {
                    StorageCodec.metadata(next).put("resourceVersion", Long.toString(done.revision()));
                    return next;
                }
                case WriteResult.Stale stale -> {
                    if (!wantedVersion.isEmpty()) {
                        throw new ApiException.Conflict(type.plural(), type.group(), name, ApiException.Conflict.MODIFIED);
                    }
                }
                case WriteResult.Taken taken -> {
                    if (chosen.contains(taken.key()) && !allocations.held(old).contains(taken.key())) {
                        throw allocations.taken(taken.key(), next);
                    }
                }
            }
        }
        throw new ApiException.Conflict(type.plural(), type.group(), name,
                "too many concurrent writers; please retry");
    }

    /** The claims an update from {@code old} to {@code next} (null: removed) takes and gives back. */
    private Claims claimChanges(ObjectNode old, ObjectNode next, String namespace, String name) {
        Set<String> before = allocations.held(old);
        Set<String> after = allocations.held(next);
        if (before.isEmpty() && after.isEmpty()) {
            return Claims.NONE;
        }
        List<String> acquire = after.stream().filter(k -> !before.contains(k)).toList();
        List<String> release = before.stream().filter(k -> !after.contains(k)).toList();
        return new Claims(acquire, release, namespace == null ? name : namespace + "/" + name);
    }

    private void checkName(ObjectNode object, String name) {
        ObjectNode meta = StorageCodec.metadata(object);
        String given = meta.path("name").asString("");
        if (given.isEmpty()) {
            meta.put("name", name);
        } else if (!given.equals(name)) {
            throw new ApiException.BadRequest("the name of the object (" + given
                    + ") does not match the name on the URL (" + name + ")");
        }
    }

    private ObjectNode prepareUpdate(String namespace, ObjectNode old, ObjectNode desired, String subresource,
            WriteOptions options) {
        ObjectNode meta = StorageCodec.metadata(desired);
        JsonNode oldMeta = old.path("metadata");
        String uid = meta.path("uid").asString("");
        if (!uid.isEmpty() && !uid.equals(oldMeta.path("uid").asString())) {
            throw new ApiException.Conflict(type.plural(), type.group(), oldMeta.path("name").asString(),
                    "Precondition failed: UID in precondition: " + uid + ", UID in object meta: "
                            + oldMeta.path("uid").asString());
        }
        if (type.namespaced()) {
            String ns = meta.path("namespace").asString("");
            if (!ns.isEmpty() && !ns.equals(namespace)) {
                throw new ApiException.BadRequest(
                        "the namespace of the provided object does not match the namespace sent on the request");
            }
            meta.put("namespace", namespace);
        } else {
            meta.remove("namespace");
        }
        for (String carried : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds")) {
            if (oldMeta.has(carried)) {
                meta.set(carried, oldMeta.get(carried));
            } else {
                meta.remove(carried);
            }
        }
        meta.remove("resourceVersion");
        if ("binding".equals(subresource)) {
            return prepareBinding(old, desired);
        }
        HasMetadata typed = TypedObjects.typed(type, desired);
        HasMetadata oldTyped = TypedObjects.typed(type, old);
        ResourceStrategy<HasMetadata> strategy = type.typedStrategy();
        List<FieldError> errors = new ArrayList<>();
        if ("status".equals(subresource)) {
            strategy.prepareForStatusUpdate(typed, oldTyped);
        } else if ("finalize".equals(subresource) || "binding".equals(subresource)) {
            // namespaces/finalize changes spec.finalizers only, pods/binding spec.nodeName (and
            // annotations) only; the caller built exactly that.
        } else {
            strategy.prepareForUpdate(typed, oldTyped);
            strategy.applyDefaults(typed);
        }
        ObjectNode prepared = TypedObjects.tree(typed);
        if (subresource == null) {
            for (Admission a : admission) {
                a.admit(type, Admission.Operation.UPDATE, prepared, old, options.dryRun());
            }
        }
        ObjectNode preparedMeta = StorageCodec.metadata(prepared);
        if (Generation.tracked(type)) {
            long generation = Math.max(1, Generation.of(oldMeta));
            generation = Generation.specChanged(prepared, old) ? generation + 1 : generation;
            preparedMeta.put("generation", generation);
            typed.getMetadata().setGeneration(generation);
        } else {
            preparedMeta.remove("generation");
            typed.getMetadata().setGeneration(null);
        }
        if (subresource == null && !admission.isEmpty()) {
            // Admission may have changed the tree; without it the typed object is still current.
            typed = TypedObjects.typed(type, prepared);
            prepared = TypedObjects.tree(typed);
        }
        errors.addAll(MetadataRules.validateUpdate(type, typed, oldTyped));
        // pods/binding sets the otherwise immutable spec.nodeName, as upstream's BindingREST, which
        // writes storage directly without the pod update validation.
        if ("status".equals(subresource)) {
            errors.addAll(strategy.validateStatusUpdate(typed, oldTyped));
        } else if (!"binding".equals(subresource)) {
            errors.addAll(strategy.validateUpdate(typed, oldTyped));
        }
        if (!errors.isEmpty()) {
            throw new ApiException.Invalid(type.kind(), type.group(), typed.getMetadata().getName(), errors);
        }
        return prepared; // validation only reads the typed object
    }

    /**
     * pods/binding: the caller changed spec.nodeName, the PodScheduled condition and annotations
     * of the stored pod, no strategy hook or admission runs, and only the metadata is validated
     * (as upstream's BindingREST). So the pod is not converted to its typed form and back (two
     * full conversions and one serialisation were most of a bind's cost): only its metadata is.
     * Generation is tracked as on any update.
     */
    private ObjectNode prepareBinding(ObjectNode old, ObjectNode desired) {
        ObjectNode meta = StorageCodec.metadata(desired);
        if (Generation.tracked(type)) {
            long generation = Math.max(1, Generation.of(old.path("metadata")));
            meta.put("generation", Generation.specChanged(desired, old) ? generation + 1 : generation);
        } else {
            meta.remove("generation");
        }
        List<FieldError> errors = MetadataRules.validateUpdate(type, metadataOnly(desired), metadataOnly(old));
        if (!errors.isEmpty()) {
            throw new ApiException.Invalid(type.kind(), type.group(), meta.path("name").asString(), errors);
        }
        return desired;
    }

    /** {@code object} typed with its apiVersion, kind and metadata only (enough for metadata rules). */
    private HasMetadata metadataOnly(ObjectNode object) {
        ObjectNode shell = KubeJson.json().createObjectNode();
        for (String field : List.of("apiVersion", "kind", "metadata")) {
            if (object.has(field)) {
                shell.set(field, object.get(field));
            }
        }
        return TypedObjects.typed(type, shell);
    }

    private static boolean sameObject(ObjectNode next, ObjectNode old) {
        ObjectNode a = next.deepCopy();
        ObjectNode b = old.deepCopy();
        StorageCodec.metadata(a).remove("resourceVersion");
        StorageCodec.metadata(b).remove("resourceVersion");
        // As upstream, a write that changes only managedFields timestamps is a no-op; one that
        // changes who owns what (e.g. kubectl taking over from client-side apply) is persisted.
        for (ObjectNode o : List.of(a, b)) {
            StorageCodec.metadata(o).path("managedFields").forEach(e -> {
                if (e instanceof ObjectNode entry) {
                    entry.remove("time");
                }
            });
        }
        return Generation.sameValues(a, b);
    }

    /** Removing the last finalizer of an object being deleted completes its deletion. */
    private boolean shouldDeleteAfterUpdate(ObjectNode next, ObjectNode old) {
        JsonNode meta = next.path("metadata");
        if (type.group().isEmpty() && type.kind().equals("Namespace")) {
            return meta.has("deletionTimestamp") && meta.path("finalizers").isEmpty()
                    && next.path("spec").path("finalizers").isEmpty();
        }
        if (!meta.has("deletionTimestamp") || meta.path("finalizers").size() > 0) {
            return false;
        }
        if (type.group().isEmpty() && type.kind().equals("Pod") && meta.path("deletionGracePeriodSeconds").asLong(0) > 0) {
            return false;
        }
        return old.path("metadata").path("finalizers").size() > 0;
    }

    /**
     * Deletes an object, as upstream: preconditions first; an object with finalizers (or a
     * foreground/orphan deletion, which adds one) gets a deletionTimestamp and stays; a pod on a
     * node is deleted gracefully; anything else is removed now.
     */
    public DeleteOutcome delete(String namespace, String name, DeleteOptionsValues options) {
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            StoredObject stored = read(namespace, name).orElseThrow(() -> notFound(name));
            ObjectNode current = decode(stored);
            JsonNode meta = current.path("metadata");
            checkPreconditions(name, meta, options);
            ObjectNode next = pendingDeletion(current, options);
            if (options.dryRun()) {
                return next == null ? new DeleteOutcome(true, current) : new DeleteOutcome(false, next);
            }
            if (next == null) {
                if (storage.delete(type.key(namespace, name), stored.modRevision(),
                        claimChanges(current, null, namespace, name)) instanceof WriteResult.Done d) {
                    StorageCodec.metadata(current).put("resourceVersion", Long.toString(d.revision()));
                    return new DeleteOutcome(true, current);
                }
                continue;
            }
            if (sameObject(next, current)) {
                return new DeleteOutcome(false, current);
            }
            if (storage.update(type.key(namespace, name), encode(next), stored.modRevision())
                    instanceof WriteResult.Done d) {
                StorageCodec.metadata(next).put("resourceVersion", Long.toString(d.revision()));
                return new DeleteOutcome(false, next);
            }
        }
        throw new ApiException.Conflict(type.plural(), type.group(), name, "too many concurrent writers; please retry");
    }

    private void checkPreconditions(String name, JsonNode meta, DeleteOptionsValues options) {
        String uid = meta.path("uid").asString("");
        if (options.preconditionUid() != null && !options.preconditionUid().equals(uid)) {
            throw new ApiException.Conflict(type.plural(), type.group(), name, "Precondition failed: UID in precondition: "
                    + options.preconditionUid() + ", UID in object meta: " + uid);
        }
        String rv = meta.path("resourceVersion").asString("");
        if (options.preconditionResourceVersion() != null && !options.preconditionResourceVersion().equals(rv)) {
            throw new ApiException.Conflict(type.plural(), type.group(), name,
                    "Precondition failed: ResourceVersion in precondition: " + options.preconditionResourceVersion()
                            + ", ResourceVersion in object meta: " + rv);
        }
    }

    /** The object's state while its deletion is pending, or null when it can be removed now. */
    private ObjectNode pendingDeletion(ObjectNode current, DeleteOptionsValues options) {
        ObjectNode next = current.deepCopy();
        ObjectNode meta = StorageCodec.metadata(next);
        meta.remove("resourceVersion");
        ArrayNode finalizers = meta.has("finalizers") ? (ArrayNode) meta.get("finalizers") : meta.putArray("finalizers");
        String extra = switch (options.propagation()) {
            case FOREGROUND -> "foregroundDeletion";
            case ORPHAN -> "orphan";
            case BACKGROUND -> null;
        };
        boolean alreadyDeleting = meta.has("deletionTimestamp");
        if (extra != null && !alreadyDeleting && !contains(finalizers, extra)) {
            finalizers.add(extra);
        }
        long grace = gracePeriod(current, options);
        boolean namespaceWithFinalizers = type.group().isEmpty() && type.kind().equals("Namespace")
                && current.path("spec").path("finalizers").size() > 0;
        if (finalizers.isEmpty() && grace == 0 && !namespaceWithFinalizers) {
            return null;
        }
        if (finalizers.isEmpty()) {
            meta.remove("finalizers");
        }
        if (!alreadyDeleting) {
            Instant at = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(grace);
            meta.put("deletionTimestamp", DateTimeFormatter.ISO_INSTANT.format(at));
            meta.put("deletionGracePeriodSeconds", grace);
        } else if (grace < meta.path("deletionGracePeriodSeconds").asLong(0)) {
            // A shorter grace period on a second delete shortens the wait, as upstream's.
            Instant at = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(grace);
            meta.put("deletionTimestamp", DateTimeFormatter.ISO_INSTANT.format(at));
            meta.put("deletionGracePeriodSeconds", grace);
        }
        if (namespaceWithFinalizers) {
            ObjectNode status = next.get("status") instanceof ObjectNode s ? s : next.putObject("status");
            status.put("phase", "Terminating");
        }
        if (grace == 0 && finalizers.isEmpty() && !namespaceWithFinalizers) {
            return null;
        }
        return next;
    }

    /** Pods bound to a node get a grace period (the kubelet stops them); everything else none. */
    private long gracePeriod(ObjectNode current, DeleteOptionsValues options) {
        if (!(type.group().isEmpty() && type.kind().equals("Pod"))) {
            return 0;
        }
        JsonNode spec = current.path("spec");
        String phase = current.path("status").path("phase").asString("");
        if (spec.path("nodeName").asString("").isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
            return 0;
        }
        if (options.gracePeriodSeconds() != null) {
            return Math.max(0, options.gracePeriodSeconds());
        }
        return spec.path("terminationGracePeriodSeconds").asLong(30);
    }

    private static boolean contains(ArrayNode array, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.asString(""))) {
                return true;
            }
        }
        return false;
    }

    private String now() {
        return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }
}
