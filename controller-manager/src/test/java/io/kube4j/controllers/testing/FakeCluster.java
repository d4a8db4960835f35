package io.kube4j.controllers.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonPatch;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.machinery.Informers;
import io.kube4j.controllers.machinery.Keys;
import io.kube4j.controllers.machinery.ObjectCache;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An in-memory apiserver and informer cache for controllers' unit tests (upstream's fake
 * clientset with its informers): {@link Api} writes change the "server" objects, assigning uid,
 * resourceVersion, generation, creationTimestamp and generated names, enforcing resourceVersion
 * and UID preconditions, finalizers and deletionTimestamp as the apiserver does; every write is
 * recorded as an {@link Action}. By default each write reaches the caches and the registered
 * handlers at once; {@link #holdEvents()} buffers them until {@link #deliverEvents()}, for stale
 * cache tests. {@link #failNext} injects errors. Merge and strategic-merge patches are both applied
 * as JSON merge patches (RFC 7386), enough for the metadata patches controllers send.
 *
 * <p>Not thread-safe beyond a coarse lock on every call: tests drive it from one thread.
 */
public final class FakeCluster implements Api, Informers {

    /** One recorded write: verb is create, update, patch or delete; subresource is "" or "status". */
    public record Action(String verb, String kind, String namespace, String name, String subresource, HasMetadata object) {
        public boolean is(String verb, String kind) {
            return this.verb.equals(verb) && this.kind.equals(kind);
        }
    }

    private static final ObjectMapper JSON = Serialization.jsonMapper();

    private final Map<Class<?>, Map<String, HasMetadata>> server = new LinkedHashMap<>();
    private final Map<Class<?>, Map<String, HasMetadata>> cache = new LinkedHashMap<>();
    private final Map<Class<?>, Map<String, Function<HasMetadata, List<String>>>> indexes = new LinkedHashMap<>();
    private final Map<Class<?>, List<ResourceEventHandler<HasMetadata>>> handlers = new LinkedHashMap<>();
    private final List<Action> actions = new ArrayList<>();
    private final Queue<Runnable> heldEvents = new ArrayDeque<>();
    private final List<Failure> failures = new ArrayList<>();
    private final RecordingEvents events = new RecordingEvents();
    private InstantSource clock = InstantSource.system();
    private boolean holding;
    private long revision = 1;

    private record Failure(String verb, String kind, RuntimeException error) {
    }

    /** A context whose informers and writes are this fake, events recorded, {@code clock} the time. */
    public ControllerContext context(InstantSource clock, ControllerOptions options) {
        this.clock = clock;
        return new ControllerContext(this, this, component -> events, clock, options, null);
    }

    public ControllerContext context() {
        return context(InstantSource.system(), ControllerOptions.defaults());
    }

    public RecordingEvents events() {
        return events;
    }

    // ---- seeding and inspection ----

    /** Stores objects as if created earlier (uid, resourceVersion filled where missing), without recording actions. */
    @SafeVarargs
    public final synchronized <T extends HasMetadata> void seed(T... objects) {
        for (T o : objects) {
            T copy = copy(o);
            fillServerFields(copy, true);
            put(copy, false);
        }
    }

    /** The server's copy of the object, or null. */
    public synchronized <T extends HasMetadata> T stored(Class<T> type, String namespace, String name) {
        return copyOrNull(type.cast(map(server, type).get(Keys.of(namespace, name))));
    }

    /** Every server object of {@code type}. */
    public synchronized <T extends HasMetadata> List<T> stored(Class<T> type) {
        return map(server, type).values().stream().map(type::cast).map(FakeCluster::copy).toList();
    }

    public synchronized List<Action> actions() {
        return List.copyOf(actions);
    }

    /** The recorded actions matching {@code verb} and {@code kind}. */
    public synchronized List<Action> actions(String verb, String kind) {
        return actions.stream().filter(a -> a.is(verb, kind)).toList();
    }

    public synchronized void clearActions() {
        actions.clear();
    }

    /** Makes the next {@code verb} ({@code create}, {@code update}, {@code patch}, {@code delete}) on {@code kind} fail with {@code error}. */
    public synchronized void failNext(String verb, String kind, RuntimeException error) {
        failures.add(new Failure(verb, kind, error));
    }

    /** From now on, writes reach the caches and handlers only at {@link #deliverEvents()}. */
    public synchronized void holdEvents() {
        holding = true;
    }

    /** Delivers the buffered events and stops holding. */
    public void deliverEvents() {
        List<Runnable> toRun;
        synchronized (this) {
            holding = false;
            toRun = new ArrayList<>(heldEvents);
            heldEvents.clear();
        }
        toRun.forEach(Runnable::run);
    }

    /** Removes an object from the server and the cache as if some other client deleted it. */
    public synchronized void remove(HasMetadata object) {
        HasMetadata gone = map(server, object.getClass()).remove(Keys.of(object));
        if (gone != null) {
            emit(() -> removeFromCache(gone));
        }
    }

    // ---- Api ----

    @Override
    public synchronized <T extends HasMetadata> T create(T object) {
        fail("create", object);
        T copy = copy(object);
        var meta = copy.getMetadata();
        if ((meta.getName() == null || meta.getName().isEmpty()) && meta.getGenerateName() != null) {
            meta.setName(meta.getGenerateName() + randomSuffix());
        }
        if (map(server, copy.getClass()).containsKey(Keys.of(copy))) {
            throw ApiErrors.status(409, "AlreadyExists", kind(copy) + " \"" + meta.getName() + "\" already exists");
        }
        meta.setUid(null);
        meta.setResourceVersion(null);
        fillServerFields(copy, true);
        record("create", copy, "");
        put(copy, true);
        return copy(copy);
    }

    @Override
    public synchronized <T extends HasMetadata> T update(T object) {
        return replace(object, "");
    }

    @Override
    public synchronized <T extends HasMetadata> T updateStatus(T object) {
        return replace(object, "status");
    }

    @Override
    public synchronized <T extends HasMetadata> T patch(Class<T> type, String namespace, String name, PatchKind kind, String body) {
        return applyPatch(type, namespace, name, kind, body, "");
    }

    @Override
    public synchronized <T extends HasMetadata> T patchStatus(Class<T> type, String namespace, String name, PatchKind kind, String body) {
        return applyPatch(type, namespace, name, kind, body, "status");
    }

    @Override
    public synchronized <T extends HasMetadata> void delete(Class<T> type, String namespace, String name, Deletion options) {
        failFor("delete", HasMetadata.getKind(type));
        HasMetadata current = map(server, type).get(Keys.of(namespace, name));
        if (current == null) {
            throw notFound(HasMetadata.getKind(type), name);
        }
        if (options.preconditionUid() != null && !options.preconditionUid().equals(current.getMetadata().getUid())) {
            throw ApiErrors.status(409, "Conflict", "Precondition failed: UID in precondition: " + options.preconditionUid()
                    + ", UID in object meta: " + current.getMetadata().getUid());
        }
        HasMetadata copy = copy(current);
        record("delete", copy, "");
        List<String> finalizers = new ArrayList<>(copy.getMetadata().getFinalizers() == null ? List.of() : copy.getMetadata().getFinalizers());
        if ("Foreground".equals(options.propagationPolicy()) && !finalizers.contains("foregroundDeletion")) {
            finalizers.add("foregroundDeletion");
        } else if ("Orphan".equals(options.propagationPolicy()) && !finalizers.contains("orphan")) {
            finalizers.add("orphan");
        }
        if (finalizers.isEmpty()) {
            map(server, type).remove(Keys.of(copy));
            emit(() -> removeFromCache(copy));
            return;
        }
        if (copy.getMetadata().getDeletionTimestamp() == null) {
            copy.getMetadata().setDeletionTimestamp(now());
            copy.getMetadata().setDeletionGracePeriodSeconds(0L);
        }
        copy.getMetadata().setFinalizers(finalizers);
        copy.getMetadata().setResourceVersion(Long.toString(++revision));
        put(copy, true);
    }

    @Override
    public synchronized <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
        return stored(type, namespace, name);
    }

    // ---- Informers ----

    @Override
    public synchronized <T extends HasMetadata> ObjectCache<T> cache(Class<T> type) {
        return new MapCache<>(type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T extends HasMetadata> void addHandler(Class<T> type, ResourceEventHandler<? super T> handler) {
        handlers.computeIfAbsent(type, t -> new ArrayList<>()).add((ResourceEventHandler<HasMetadata>) handler);
    }

    @Override
    public boolean synced() {
        return true;
    }

    // ---- internals ----

    private <T extends HasMetadata> T replace(T object, String subresource) {
        fail("update", object);
        HasMetadata current = map(server, object.getClass()).get(Keys.of(object));
        if (current == null) {
            throw notFound(kind(object), object.getMetadata().getName());
        }
        String rv = object.getMetadata().getResourceVersion();
        if (rv != null && !rv.isEmpty() && !rv.equals(current.getMetadata().getResourceVersion())) {
            throw ApiErrors.status(409, "Conflict", "Operation cannot be fulfilled on " + HasMetadata.getPlural(object.getClass())
                    + " \"" + object.getMetadata().getName() + "\": the object has been modified; please apply your changes to the latest version and try again");
        }
        ObjectNode next = JSON.valueToTree(object);
        ObjectNode old = JSON.valueToTree(current);
        if (subresource.equals("status")) {
            ObjectNode merged = old.deepCopy();
            if (next.has("status")) {
                merged.set("status", next.get("status"));
            } else {
                merged.remove("status");
            }
            next = merged;
        } else if (old.has("status")) {
            next.set("status", old.get("status"));
        } else {
            next.remove("status");
        }
        return store(object.getClass(), old, next, "update", subresource);
    }

    private <T extends HasMetadata> T applyPatch(Class<T> type, String namespace, String name, PatchKind kind, String body, String subresource) {
        failFor("patch", HasMetadata.getKind(type));
        HasMetadata current = map(server, type).get(Keys.of(namespace, name));
        if (current == null) {
            throw notFound(HasMetadata.getKind(type), name);
        }
        ObjectNode old = JSON.valueToTree(current);
        JsonNode patch = JSON.readTree(body);
        JsonNode next = kind == PatchKind.JSON ? JsonPatch.apply(patch, old.deepCopy()) : mergePatch(old.deepCopy(), patch);
        JsonNode uidPrecondition = patch.path("metadata").path("uid");
        if (kind != PatchKind.JSON && uidPrecondition.isTextual() && !uidPrecondition.asText().equals(current.getMetadata().getUid())) {
            throw ApiErrors.status(409, "Conflict", "Precondition failed: UID in precondition: " + uidPrecondition.asText()
                    + ", UID in object meta: " + current.getMetadata().getUid());
        }
        if (subresource.equals("status")) {
            ObjectNode merged = old.deepCopy();
            merged.set("status", next.get("status"));
            next = merged;
        }
        return store(type, old, (ObjectNode) next, "patch", subresource);
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> T store(Class<?> type, ObjectNode old, ObjectNode next, String verb, String subresource) {
        ObjectNode nextMeta = (ObjectNode) next.get("metadata");
        ObjectNode oldMeta = (ObjectNode) old.get("metadata");
        for (String fixed : List.of("uid", "creationTimestamp", "namespace", "name", "deletionTimestamp", "generation")) {
            if (oldMeta.has(fixed)) {
                nextMeta.set(fixed, oldMeta.get(fixed));
            } else {
                nextMeta.remove(fixed);
            }
        }
        ObjectNode oldSpecless = old.deepCopy();
        ObjectNode nextSpecless = next.deepCopy();
        for (ObjectNode n : List.of(oldSpecless, nextSpecless)) {
            n.remove("metadata");
            n.remove("status");
        }
        if (!oldSpecless.equals(nextSpecless)) {
            nextMeta.put("generation", oldMeta.path("generation").asLong(1) + 1);
        }
        nextMeta.put("resourceVersion", Long.toString(++revision));
        T stored = (T) JSON.treeToValue(next, type);
        record(verb, stored, subresource);
        boolean finished = stored.getMetadata().getDeletionTimestamp() != null
                && (stored.getMetadata().getFinalizers() == null || stored.getMetadata().getFinalizers().isEmpty());
        if (finished) {
            map(server, type).remove(Keys.of(stored));
            T gone = stored;
            emit(() -> removeFromCache(gone));
        } else {
            put(stored, true);
        }
        return copy(stored);
    }

    private static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode out = target != null && target.isObject() ? (ObjectNode) target : JSON.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isNull()) {
                out.remove(f.getKey());
            } else {
                out.set(f.getKey(), mergePatch(out.get(f.getKey()), f.getValue()));
            }
        }
        return out;
    }

    private void put(HasMetadata object, boolean notify) {
        HasMetadata previous = map(server, object.getClass()).put(Keys.of(object), object);
        HasMetadata forCache = copy(object);
        Runnable toCache = () -> {
            HasMetadata old;
            synchronized (this) {
                old = map(cache, forCache.getClass()).put(Keys.of(forCache), forCache);
            }
            for (ResourceEventHandler<HasMetadata> h : handlersOf(forCache.getClass())) {
                if (old == null) {
                    h.onAdd(forCache);
                } else {
                    h.onUpdate(old, forCache);
                }
            }
        };
        if (notify) {
            emit(toCache);
        } else {
            toCache.run();
        }
        Objects.requireNonNullElse(previous, object);
    }

    private void removeFromCache(HasMetadata gone) {
        HasMetadata old;
        synchronized (this) {
            old = map(cache, gone.getClass()).remove(Keys.of(gone));
        }
        if (old != null) {
            for (ResourceEventHandler<HasMetadata> h : handlersOf(gone.getClass())) {
                h.onDelete(gone, false);
            }
        }
    }

    private synchronized List<ResourceEventHandler<HasMetadata>> handlersOf(Class<?> type) {
        return List.copyOf(handlers.getOrDefault(type, List.of()));
    }

    private void emit(Runnable event) {
        if (holding) {
            heldEvents.add(event);
        } else {
            event.run();
        }
    }

    private void record(String verb, HasMetadata object, String subresource) {
        actions.add(new Action(verb, kind(object), object.getMetadata().getNamespace(), object.getMetadata().getName(), subresource, copy(object)));
    }

    private void fail(String verb, HasMetadata object) {
        failFor(verb, kind(object));
    }

    private void failFor(String verb, String kind) {
        for (Iterator<Failure> it = failures.iterator(); it.hasNext(); ) {
            Failure f = it.next();
            if (f.verb().equals(verb) && f.kind().equals(kind)) {
                it.remove();
                throw f.error();
            }
        }
    }

    private void fillServerFields(HasMetadata o, boolean fresh) {
        var meta = o.getMetadata();
        if (meta.getUid() == null) {
            meta.setUid(UUID.randomUUID().toString());
        }
        if (meta.getCreationTimestamp() == null) {
            meta.setCreationTimestamp(now());
        }
        if (meta.getGeneration() == null && fresh) {
            meta.setGeneration(1L);
        }
        meta.setResourceVersion(Long.toString(++revision));
    }

    private String now() {
        return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    private static String kind(HasMetadata o) {
        return o.getKind() != null ? o.getKind() : HasMetadata.getKind(o.getClass());
    }

    private static KubernetesClientException notFound(String kind, String name) {
        return ApiErrors.status(404, "NotFound", kind.toLowerCase() + " \"" + name + "\" not found");
    }

    private static String randomSuffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static Map<String, HasMetadata> map(Map<Class<?>, Map<String, HasMetadata>> maps, Class<?> type) {
        return maps.computeIfAbsent(type, t -> new LinkedHashMap<>());
    }

    private static <T> T copy(T o) {
        return Serialization.clone(o);
    }

    private static <T> T copyOrNull(T o) {
        return o == null ? null : copy(o);
    }

    /** The cache view of one kind. */
    private final class MapCache<T extends HasMetadata> implements ObjectCache<T> {
        private final Class<T> type;

        MapCache(Class<T> type) {
            this.type = type;
        }

        @Override
        public T get(String namespace, String name) {
            synchronized (FakeCluster.this) {
                return type.cast(map(cache, type).get(Keys.of(namespace, name)));
            }
        }

        @Override
        public List<T> list() {
            return select(o -> true);
        }

        @Override
        public List<T> list(String namespace) {
            return select(o -> Objects.equals(namespace, o.getMetadata().getNamespace()));
        }

        @Override
        public List<T> byIndex(String index, String value) {
            Function<HasMetadata, List<String>> fn;
            synchronized (FakeCluster.this) {
                fn = indexes.getOrDefault(type, Map.of()).get(index);
            }
            if (fn == null) {
                if (index.equals(NAMESPACE_INDEX)) {
                    return list(value);
                }
                throw new IllegalArgumentException("no index " + index + " on " + type.getSimpleName());
            }
            return select(o -> fn.apply(o).contains(value));
        }

        @Override
        @SuppressWarnings("unchecked")
        public void addIndex(String index, Function<T, List<String>> keys) {
            synchronized (FakeCluster.this) {
                indexes.computeIfAbsent(type, t -> new LinkedHashMap<>()).putIfAbsent(index, o -> keys.apply((T) o));
            }
        }

        private List<T> select(Predicate<T> p) {
            synchronized (FakeCluster.this) {
                return map(cache, type).values().stream().map(type::cast).filter(p).toList();
            }
        }
    }

    /** The instant the fake stamps on objects. */
    public Instant instant() {
        return clock.instant();
    }
}
