package io.kube4j.apiserver.rest;

import java.security.SecureRandom;

/** {@code generateName} suffixes, as upstream's: five characters from a vowel-free alphabet. */
final class Names {

    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Names() {
    }

    static String generate(String base) {
        String prefix = base.length() > 58 ? base.substring(0, 58) : base;
        StringBuilder s = new StringBuilder(prefix);
        for (int i = 0; i < 5; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
