package io.kube4j.controllers.history;

import java.nio.charset.StandardCharsets;

/**
 * The hash naming a ControllerRevision, as upstream's HashControllerRevision: 32-bit FNV-1 over the
 * revision's serialized data, then over the decimal collision count when there is one, printed in
 * decimal and re-encoded with the consonant-and-digit alphabet so it never spells words (upstream's
 * SafeEncodeString). Stateless.
 */
public final class RevisionHash {

    /** Characters a hash may use: no vowels and no look-alikes (0, 1, 3). */
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private RevisionHash() {
    }

    /** The hash of {@code data} (a revision's JSON) with {@code collisionCount} (null: none). */
    public static String of(String data, Integer collisionCount) {
        int h = FNV_OFFSET;
        h = fnv1(h, data.getBytes(StandardCharsets.UTF_8));
        if (collisionCount != null) {
            h = fnv1(h, Integer.toString(collisionCount).getBytes(StandardCharsets.UTF_8));
        }
        return safeEncode(Long.toString(Integer.toUnsignedLong(h)));
    }

    private static int fnv1(int h, byte[] bytes) {
        for (byte b : bytes) {
            h *= FNV_PRIME;
            h ^= b & 0xff;
        }
        return h;
    }

    private static String safeEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            out.append(ALPHABET.charAt(s.charAt(i) % ALPHABET.length()));
        }
        return out.toString();
    }
}
