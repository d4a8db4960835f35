package io.kube4j.controllers.machinery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * ownerReferences as controllers use them (upstream's controller_ref_manager): the controller of an
 * object, a new controller reference, and {@link #claim}: adopting orphans a controller's selector
 * matches and releasing owned objects it no longer matches, by strategic-merge patches that carry
 * the object's UID as a precondition. Stateless; thread-safe.
 */
public final class ControllerRefs {

    private ControllerRefs() {
    }

    /** The ownerReference with {@code controller: true}, or null. */
    public static OwnerReference controllerOf(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        for (OwnerReference r : refs) {
            if (Boolean.TRUE.equals(r.getController())) {
                return r;
            }
        }
        return null;
    }

    /** Whether {@code object}'s controller is {@code owner} (by UID). */
    public static boolean controlledBy(HasMetadata object, HasMetadata owner) {
        OwnerReference ref = controllerOf(object);
        return ref != null && ref.getUid().equals(owner.getMetadata().getUid());
    }

    /** A controller reference to {@code owner}, blocking its foreground deletion, as upstream's NewControllerRef. */
    public static OwnerReference newControllerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(HasMetadata.getApiVersion(owner.getClass()))
                .withKind(HasMetadata.getKind(owner.getClass()))
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /**
     * Reconciles ownership of {@code candidates} (objects of {@code type} in the owner's namespace)
     * and returns those {@code owner} controls afterwards: its own that still match, plus orphans it
     * adopted. Owned objects that no longer match are released (unless the owner is being deleted);
     * orphans are adopted only if they match, are not being deleted, and {@code canAdopt} says the
     * owner (read live, once) still exists with the same UID and is not being deleted. Objects
     * that vanish meanwhile are skipped.
     *
     * @throws RuntimeException the first failed patch other than a 404 (the sync is retried)
     */
    public static <T extends HasMetadata> List<T> claim(Api api, Class<T> type, HasMetadata owner,
            Predicate<T> matches, List<T> candidates, java.util.function.BooleanSupplier canAdopt) {
        List<T> claimed = new ArrayList<>();
        boolean ownerDeleting = owner.getMetadata().getDeletionTimestamp() != null;
        Boolean adoptable = null;
        String ownerUid = owner.getMetadata().getUid();
        for (T c : candidates) {
            OwnerReference ref = controllerOf(c);
            if (ref != null) {
                if (!ref.getUid().equals(ownerUid)) {
                    continue;
                }
                if (matches.test(c)) {
                    claimed.add(c);
                } else if (!ownerDeleting) {
                    release(api, type, c, ownerUid);
                }
                continue;
            }
            if (ownerDeleting || !matches.test(c) || c.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (adoptable == null) {
                adoptable = canAdopt.getAsBoolean();
            }
            if (!adoptable) {
                continue;
            }
            T adopted = adopt(api, type, c, owner);
            if (adopted != null) {
                claimed.add(adopted);
            }
        }
        return claimed;
    }

    /**
     * The usual {@code canAdopt}: reads {@code owner} live and checks it is the same object and not
     * being deleted (upstream's RecheckDeletionTimestamp).
     */
    public static <O extends HasMetadata> java.util.function.BooleanSupplier ownerStillCurrent(Api api, O owner) {
        return () -> {
            @SuppressWarnings("unchecked")
            Class<O> type = (Class<O>) owner.getClass();
            O fresh = api.get(type, owner.getMetadata().getNamespace(), owner.getMetadata().getName());
            return fresh != null && fresh.getMetadata().getUid().equals(owner.getMetadata().getUid())
                    && fresh.getMetadata().getDeletionTimestamp() == null;
        };
    }

    private static <T extends HasMetadata> T adopt(Api api, Class<T> type, T object, HasMetadata owner) {
        OwnerReference ref = newControllerRef(owner);
        String patch = "{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"" + ref.getApiVersion() + "\",\"kind\":\""
                + ref.getKind() + "\",\"name\":\"" + ref.getName() + "\",\"uid\":\"" + ref.getUid()
                + "\",\"controller\":true,\"blockOwnerDeletion\":true}],\"uid\":\"" + object.getMetadata().getUid() + "\"}}";
        try {
            return api.patch(type, object.getMetadata().getNamespace(), object.getMetadata().getName(), Api.PatchKind.STRATEGIC_MERGE, patch);
        } catch (RuntimeException e) {
            if (ApiErrors.notFound(e) || ApiErrors.conflict(e) || ApiErrors.invalid(e)) {
                return null;
            }
            throw e;
        }
    }

    private static <T extends HasMetadata> void release(Api api, Class<T> type, T object, String ownerUid) {
        String patch = "{\"metadata\":{\"ownerReferences\":[{\"$patch\":\"delete\",\"uid\":\"" + ownerUid + "\"}],\"uid\":\""
                + object.getMetadata().getUid() + "\"}}";
        try {
            api.patch(type, object.getMetadata().getNamespace(), object.getMetadata().getName(), Api.PatchKind.STRATEGIC_MERGE, patch);
        } catch (RuntimeException e) {
            if (!ApiErrors.notFound(e) && !ApiErrors.invalid(e)) {
                throw e;
            }
        }
    }
}
