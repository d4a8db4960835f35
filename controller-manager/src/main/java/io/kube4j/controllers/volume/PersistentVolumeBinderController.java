package io.kube4j.controllers.volume;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeStatus;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.EventRecorder;
import io.kube4j.controllers.machinery.Handlers;
import io.kube4j.controllers.machinery.KeyedController;
import io.kube4j.controllers.machinery.Keys;
import io.kube4j.controllers.machinery.ObjectCache;
import io.kube4j.controllers.machinery.Periodic;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Upstream's PersistentVolume controller, binding part ({@code persistentvolume-binder-controller},
 * alias {@code persistentvolume-binder}). Unbound claims get the smallest Available volume that
 * fits (see {@link VolumeMatching}), or the volume they or it name; both sides are then written
 * as upstream writes them (the volume's claimRef and Bound phase, the claim's volumeName,
 * {@code pv.kubernetes.io/bind-completed} and {@code bound-by-controller} annotations, Bound status
 * with capacity and access modes). A claim without a class gets the default StorageClass when
 * no volume fits. Claims of a WaitForFirstConsumer class bind only to volumes pre-bound to them:
 * the scheduler binds the rest. A volume whose claim is gone is Released (Retain) or deleted
 * (Delete, with no provisioner involved). No dynamic provisioning: claims of a class wait, with
 * upstream's events, for an external provisioner.
 *
 * <p>Keys are {@code claim:<ns>/<name>} and {@code volume:<name>}; every 15 s all are re-queued
 * (upstream's --pvclaimbinder-sync-period). Thread-safe.
 */
public final class PersistentVolumeBinderController extends KeyedController {

    public static final String NAME = "persistentvolume-binder-controller";
    static final String CLAIM = "claim:";
    static final String VOLUME = "volume:";
    static final String BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
    static final String BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
    static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
    static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    static final Duration RESYNC = Duration.ofSeconds(15);

    private final ObjectCache<PersistentVolumeClaim> claims;
    private final ObjectCache<PersistentVolume> volumes;
    private final ObjectCache<StorageClass> classes;
    private final Api api;
    private final EventRecorder recorder;
    private final Newest newest = new Newest();
    private final ClaimClasses storageClasses;
    private Periodic resync;

    public PersistentVolumeBinderController(ControllerContext ctx) {
        super(NAME, Math.max(1, ctx.options().concurrentSyncs()));
        this.claims = ctx.informers().cache(PersistentVolumeClaim.class);
        this.volumes = ctx.informers().cache(PersistentVolume.class);
        this.classes = ctx.informers().cache(StorageClass.class);
        this.api = ctx.api();
        this.recorder = ctx.recorder("persistentvolume-controller");
        this.storageClasses = new ClaimClasses(classes, api, recorder, newest);
        ctx.informers().addHandler(PersistentVolumeClaim.class, handler(c -> enqueue(CLAIM + Keys.of(c)), c -> {
            enqueue(CLAIM + Keys.of(c));
            if (c.getSpec() != null && c.getSpec().getVolumeName() != null && !c.getSpec().getVolumeName().isEmpty()) {
                enqueue(VOLUME + c.getSpec().getVolumeName());
            }
        }));
        ctx.informers().addHandler(PersistentVolume.class, handler(v -> {
            enqueue(VOLUME + v.getMetadata().getName());
            // A volume that appears or frees up may serve a waiting claim now rather than at the next resync.
            claims.list().stream().filter(c -> !bindCompleted(c)).forEach(c -> enqueue(CLAIM + Keys.of(c)));
        }, v -> newest.forget(v)));
    }

    /** Calls {@code changed} on adds and updates (the new object), {@code deleted} on deletes. */
    private static <T> ResourceEventHandler<T> handler(java.util.function.Consumer<T> changed, java.util.function.Consumer<T> deleted) {
        return Handlers.of(changed, changed, deleted);
    }

    @Override
    public synchronized void start() {
        super.start();
        resync = Periodic.every(NAME + "-resync", RESYNC, () -> {
            claims.list().forEach(c -> enqueue(CLAIM + Keys.of(c)));
            volumes.list().forEach(v -> enqueue(VOLUME + v.getMetadata().getName()));
        });
    }

    @Override
    public void close() {
        synchronized (this) {
            if (resync != null) {
                resync.close();
            }
        }
        super.close();
    }

    @Override
    protected void sync(String key) {
        if (key.startsWith(CLAIM)) {
            String k = key.substring(CLAIM.length());
            PersistentVolumeClaim claim = newest.of(claims.get(Keys.namespace(k), Keys.name(k)));
            if (claim == null) {
                newest.forgetClaim(k);
                return;
            }
            if (bindCompleted(claim)) {
                syncBoundClaim(claim);
            } else {
                syncUnboundClaim(claim);
            }
        } else if (key.startsWith(VOLUME)) {
            PersistentVolume volume = newest.of(volumes.get(null, key.substring(VOLUME.length())));
            if (volume != null) {
                new VolumeSync(this, api, recorder).sync(volume);
            }
        }
    }

    private void syncUnboundClaim(PersistentVolumeClaim claim) {
        String wanted = claim.getSpec().getVolumeName();
        if (wanted == null || wanted.isEmpty()) {
            boolean delay = storageClasses.delayBinding(claim);
            PersistentVolume volume = VolumeMatching.bestMatch(claim, volumes.list().stream().map(newest::of).toList(), delay);
            if (volume != null) {
                bind(volume, claim);
                return;
            }
            if (storageClasses.assignDefault(claim)) {
                return;
            }
            boolean selected = VolumeMatching.annotation(claim.getMetadata().getAnnotations(), SELECTED_NODE) != null;
            if (delay && !selected) {
                recorder.event(claim, EventRecorder.NORMAL, "WaitForFirstConsumer", "waiting for first consumer to be created before binding");
            } else if (!VolumeMatching.claimClass(claim).isEmpty()) {
                claim = storageClasses.awaitProvisioner(claim);
            } else {
                recorder.event(claim, EventRecorder.NORMAL, "FailedBinding", "no persistent volumes available for this claim and no storage class is set");
            }
            updateClaimStatus(claim, "Pending", null);
            return;
        }
        PersistentVolume volume = newest.of(volumes.get(null, wanted));
        if (volume == null) {
            updateClaimStatus(claim, "Pending", null);
        } else if (volume.getSpec().getClaimRef() == null) {
            String why = VolumeMatching.unsatisfied(volume, claim);
            if (why != null) {
                recorder.event(claim, EventRecorder.WARNING, "VolumeMismatch", "Cannot bind to requested volume \"" + wanted + "\": " + why);
                updateClaimStatus(claim, "Pending", null);
            } else {
                bind(volume, claim);
            }
        } else if (VolumeMatching.boundToClaim(volume, claim)) {
            bind(volume, claim);
        } else {
            recorder.event(claim, EventRecorder.WARNING, "FailedBinding", "volume \"" + wanted + "\" already bound to a different claim.");
            if (!annotated(claim, BOUND_BY_CONTROLLER)) {
                updateClaimStatus(claim, "Pending", null);
            }
        }
    }

    private void syncBoundClaim(PersistentVolumeClaim claim) {
        String name = claim.getSpec().getVolumeName();
        if (name == null || name.isEmpty()) {
            lose(claim, "ClaimLost", "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
            return;
        }
        PersistentVolume volume = newest.of(volumes.get(null, name));
        if (volume == null) {
            lose(claim, "ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
        } else if (volume.getSpec().getClaimRef() == null
                || Objects.equals(volume.getSpec().getClaimRef().getUid(), claim.getMetadata().getUid())) {
            bind(volume, claim);
        } else {
            lose(claim, "ClaimMisbound", "Two claims are bound to the same volume, this one is bound incorrectly");
        }
    }

    private void lose(PersistentVolumeClaim claim, String reason, String message) {
        if (!"Lost".equals(claimPhase(claim))) {
            PersistentVolumeClaim updated = updateClaimStatus(claim, "Lost", null);
            recorder.event(updated, EventRecorder.WARNING, reason, message);
        }
    }

    /** Upstream's bind: volume claimRef, volume phase, claim volumeName and annotations, claim status, in that order. */
    void bind(PersistentVolume volume, PersistentVolumeClaim claim) {
        PersistentVolume v = Serialization.clone(volume);
        var ref = v.getSpec().getClaimRef();
        boolean volumeDirty = false;
        if (ref == null || !Objects.equals(ref.getUid(), claim.getMetadata().getUid())
                || !Objects.equals(ref.getName(), claim.getMetadata().getName())
                || !Objects.equals(ref.getNamespace(), claim.getMetadata().getNamespace())) {
            if (ref == null) {
                annotate(v, BOUND_BY_CONTROLLER);
            }
            v.getSpec().setClaimRef(new ObjectReferenceBuilder().withKind("PersistentVolumeClaim").withApiVersion("v1")
                    .withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                    .withUid(claim.getMetadata().getUid()).withResourceVersion(claim.getMetadata().getResourceVersion()).build());
            volumeDirty = true;
        }
        if (volumeDirty) {
            v = newest.wrote(api.update(v));
        }
        updateVolumePhase(v, "Bound", null);

        PersistentVolumeClaim c = Serialization.clone(claim);
        boolean claimDirty = false;
        if (!Objects.equals(c.getSpec().getVolumeName(), v.getMetadata().getName())) {
            if (c.getSpec().getVolumeName() == null || c.getSpec().getVolumeName().isEmpty()) {
                annotate(c, BOUND_BY_CONTROLLER);
            }
            c.getSpec().setVolumeName(v.getMetadata().getName());
            claimDirty = true;
        }
        if (!annotated(c, BIND_COMPLETED)) {
            annotate(c, BIND_COMPLETED);
            claimDirty = true;
        }
        if (claimDirty) {
            c = newest.wrote(api.update(c));
        }
        updateClaimStatus(c, "Bound", v);
    }

    /** Upstream's updateClaimStatus: phase, access modes and (when becoming Bound) capacity from the volume. */
    PersistentVolumeClaim updateClaimStatus(PersistentVolumeClaim claim, String phase, PersistentVolume volume) {
        PersistentVolumeClaim c = Serialization.clone(claim);
        if (c.getStatus() == null) {
            c.setStatus(new PersistentVolumeClaimStatus());
        }
        var s = c.getStatus();
        boolean dirty = false;
        if (!phase.equals(s.getPhase())) {
            s.setPhase(phase);
            dirty = true;
        }
        if (volume == null) {
            if (s.getAccessModes() != null && !s.getAccessModes().isEmpty()) {
                s.setAccessModes(null);
                dirty = true;
            }
            if (s.getCapacity() != null && !s.getCapacity().isEmpty()) {
                s.setCapacity(null);
                dirty = true;
            }
        } else {
            if (!Objects.equals(s.getAccessModes(), volume.getSpec().getAccessModes())) {
                s.setAccessModes(volume.getSpec().getAccessModes());
                dirty = true;
            }
            if (!phase.equals(claimPhase(claim)) && !Objects.equals(s.getCapacity(), volume.getSpec().getCapacity())) {
                s.setCapacity(new HashMap<>(volume.getSpec().getCapacity()));
                dirty = true;
            }
        }
        return dirty ? newest.wrote(api.updateStatus(c)) : claim;
    }

    PersistentVolume updateVolumePhase(PersistentVolume volume, String phase, String message) {
        if (volume.getStatus() != null && phase.equals(volume.getStatus().getPhase())) {
            return volume;
        }
        PersistentVolume v = Serialization.clone(volume);
        if (v.getStatus() == null) {
            v.setStatus(new PersistentVolumeStatus());
        }
        v.getStatus().setPhase(phase);
        v.getStatus().setMessage(message);
        return newest.wrote(api.updateStatus(v));
    }

    /** The claim named by a volume's claimRef: the cache's, else (missing there) a live read, as upstream double-checks. */
    PersistentVolumeClaim claimOf(String namespace, String name, boolean live) {
        PersistentVolumeClaim c = newest.of(claims.get(namespace, name));
        if (c == null && live) {
            c = api.get(PersistentVolumeClaim.class, namespace, name);
        }
        return c;
    }

    void enqueueClaim(PersistentVolumeClaim claim) {
        enqueue(CLAIM + Keys.of(claim));
    }

    void forgetVolume(PersistentVolume volume) {
        newest.forget(volume);
    }

    Newest newest() {
        return newest;
    }

    static boolean bindCompleted(PersistentVolumeClaim claim) {
        return annotated(claim, BIND_COMPLETED);
    }

    static boolean annotated(HasMetadata o, String key) {
        return o.getMetadata().getAnnotations() != null && o.getMetadata().getAnnotations().containsKey(key);
    }

    private static void annotate(HasMetadata o, String key) {
        Map<String, String> a = o.getMetadata().getAnnotations() == null ? new HashMap<>() : new HashMap<>(o.getMetadata().getAnnotations());
        a.put(key, "yes");
        o.getMetadata().setAnnotations(a);
    }

    static String claimPhase(PersistentVolumeClaim claim) {
        return claim.getStatus() == null ? null : claim.getStatus().getPhase();
    }

}
