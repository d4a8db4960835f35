package io.kube4j.apiserver.serviceaccount;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/** Keys, a settable clock and in-memory object lookups for the token tests. */
final class TestKeys {

    private TestKeys() {
    }

    static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static ServiceAccountIssuer issuer(KeyPair key, MovableClock clock) {
        return new ServiceAccountIssuer(ServiceAccountSettings.defaults(), key, List.of(), clock);
    }

    /** A clock tests move by hand. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Objects by "namespace/name" (or "name" for cluster-scoped ones). */
    static final class Objects implements ObjectLookup {
        final Map<String, JsonNode> byKey = new ConcurrentHashMap<>();

        Objects put(String namespace, String name, JsonNode object) {
            byKey.put(namespace == null ? name : namespace + "/" + name, object);
            return this;
        }

        void remove(String namespace, String name) {
            byKey.remove(namespace == null ? name : namespace + "/" + name);
        }

        @Override
        public Optional<JsonNode> find(String namespace, String name) {
            return Optional.ofNullable(byKey.get(namespace == null ? name : namespace + "/" + name));
        }
    }
}
