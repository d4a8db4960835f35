package io.kube4j.apiserver.storage;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.Compare;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.KvStore;
import io.kube4j.store.api.Op;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.TxnRequest;
import io.kube4j.store.api.TxnResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The storage operations the apiserver needs, over any {@link KvStore} (the embedded store, a
 * {@code kube4j store} cluster, or a real etcd): get, create-if-absent, compare-and-swap update
 * and delete on the modification revision, and paged range reads at a revision. Every write is
 * one store transaction, so a failed condition changes nothing.
 *
 * <p>Store failures become API errors here: a compacted revision is 410 Expired, an unavailable
 * store 503, a timeout 504, anything else 500. Thread-safe; calls block (run them on virtual
 * threads).
 */
public final class ObjectStorage {

    private final KvStore kv;
    private final StorageLatency latency;
    private final EventLeases eventLeases;

    public ObjectStorage(KvStore kv) {
        this(kv, StorageLatency.NONE);
    }

    /** Reports the duration of every store call to {@code latency}. */
    public ObjectStorage(KvStore kv, StorageLatency latency) {
        this(kv, latency, null);
    }

    /** As above, with Events written under {@code eventLeases} (null: Events never expire). */
    public ObjectStorage(KvStore kv, StorageLatency latency, EventLeases eventLeases) {
        this.kv = kv;
        this.latency = latency;
        this.eventLeases = eventLeases;
    }

    /** The underlying store, for the watch cache. */
    public KvStore kv() {
        return kv;
    }

    /** The object at {@code key}, read linearizably. */
    public Optional<StoredObject> get(String key) {
        RangeResult r = call("get", key, () -> kv.range(RangeRequest.key(Bytes.of(key))));
        return r.kvs().isEmpty() ? Optional.empty() : Optional.of(stored(r.kvs().getFirst()));
    }

    /** The store's current revision, read linearizably. */
    public long currentRevision() {
        return call("get", "/registry/revision",
                () -> kv.range(RangeRequest.key(Bytes.of("/registry/\0revision")).withCountOnly(true))).revision();
    }

    /** Creates {@code key} if it does not exist; Stale (with the current object) if it does. */
    public WriteResult create(String key, byte[] value) {
        return create(key, value, Claims.NONE);
    }

    /** As {@link #create(String, byte[])}, taking and releasing {@code claims} in the same transaction. */
    public WriteResult create(String key, byte[] value, Claims claims) {
        return write("create", key, Compare.modRevision(Bytes.of(key), Compare.Result.EQUAL, 0), put(key, value), claims);
    }

    /** Replaces {@code key} if its modification revision is still {@code expected}. */
    public WriteResult update(String key, byte[] value, long expected) {
        return update(key, value, expected, Claims.NONE);
    }

    /** As {@link #update(String, byte[], long)}, taking and releasing {@code claims} in the same transaction. */
    public WriteResult update(String key, byte[] value, long expected, Claims claims) {
        return write("update", key, Compare.modRevision(Bytes.of(key), Compare.Result.EQUAL, expected), put(key, value), claims);
    }

    /** The put of an object; an Event's carries the current event lease, so it expires after --event-ttl. */
    private PutRequest put(String key, byte[] value) {
        PutRequest put = PutRequest.of(Bytes.of(key), Bytes.wrap(value));
        return eventLeases != null && EventLeases.isEvent(key) ? put.withLease(eventLeases.current()) : put;
    }

    /** Deletes {@code key} if its modification revision is still {@code expected}. */
    public WriteResult delete(String key, long expected) {
        return delete(key, expected, Claims.NONE);
    }

    /** As {@link #delete(String, long)}, releasing {@code claims} in the same transaction. */
    public WriteResult delete(String key, long expected, Claims claims) {
        return write("delete", key, Compare.modRevision(Bytes.of(key), Compare.Result.EQUAL, expected),
                DeleteRequest.key(Bytes.of(key)), claims);
    }

    /**
     * One transaction: if the object's condition holds and no claimed key exists, the object's
     * operation plus a put per claim and a delete per release; otherwise reads of the object and
     * of each claimed key, to tell a stale object from a taken claim.
     */
    private WriteResult write(String name, String key, Compare condition, Op operation, Claims claims) {
        Bytes k = Bytes.of(key);
        List<Compare> compares = new ArrayList<>(List.of(condition));
        List<Op> success = new ArrayList<>(List.of(operation));
        List<Op> failure = new ArrayList<>(List.of(RangeRequest.key(k)));
        for (String claim : claims.acquire()) {
            Bytes c = Bytes.of(claim);
            compares.add(Compare.createRevision(c, Compare.Result.EQUAL, 0));
            success.add(PutRequest.of(c, Bytes.of(claims.owner())));
            failure.add(RangeRequest.key(c).withCountOnly(true));
        }
        for (String released : claims.release()) {
            success.add(DeleteRequest.key(Bytes.of(released)));
        }
        TxnResult r = call(name, key, () -> kv.txn(new TxnRequest(compares, success, failure)));
        if (r.succeeded()) {
            return new WriteResult.Done(r.revision());
        }
        List<KeyValue> kvs = ((RangeResult) r.responses().getFirst()).kvs();
        StoredObject current = kvs.isEmpty() ? null : stored(kvs.getFirst());
        boolean objectHeld = condition.number() == 0
                ? current == null : current != null && current.modRevision() == condition.number();
        if (objectHeld) {
            for (int i = 0; i < claims.acquire().size(); i++) {
                if (((RangeResult) r.responses().get(i + 1)).count() > 0) {
                    return new WriteResult.Taken(claims.acquire().get(i));
                }
            }
        }
        return new WriteResult.Stale(current);
    }

    /**
     * Up to {@code limit} objects (0 = all) with keys under {@code prefix}, starting at
     * {@code startKey} (inclusive; null for the prefix start), at {@code revision} (0 = current).
     */
    public ListPage list(String prefix, String startKey, long limit, long revision) {
        Bytes p = Bytes.of(prefix);
        Bytes from = startKey == null ? p : Bytes.of(startKey);
        RangeRequest req = RangeRequest.range(from, p.prefixEnd()).withLimit(limit);
        if (revision > 0) {
            req = req.atRevision(revision);
        }
        RangeRequest request = req;
        RangeResult r = call("list", prefix, () -> kv.range(request));
        List<StoredObject> items = new ArrayList<>(r.kvs().size());
        for (KeyValue kvp : r.kvs()) {
            items.add(stored(kvp));
        }
        return new ListPage(items, r.revision(), r.more(), Math.max(0, r.count() - items.size()));
    }

    private static StoredObject stored(KeyValue kv) {
        return new StoredObject(kv.key().toStringUtf8(), kv.value().unsafeArray(), kv.modRevision());
    }

    /** Runs a store call, mapping store failures onto API errors. */
    private <T> T call(String operation, String key, Supplier<T> op) {
        long start = System.nanoTime();
        try {
            return op.get();
        } catch (StoreException.Compacted e) {
            throw new ApiException.Expired("The resourceVersion for the provided list is too old.");
        } catch (StoreException.Unavailable e) {
            throw new ApiException.ServiceUnavailable("storage is unavailable: " + e.getMessage());
        } catch (StoreException e) {
            throw new ApiException.InternalError(e.getMessage());
        } finally {
            latency.observe(operation, StorageLatency.typeOf(key), System.nanoTime() - start);
        }
    }
}
