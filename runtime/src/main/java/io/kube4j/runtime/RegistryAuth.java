package io.kube4j.runtime;

/**
 * Credentials for a registry (from an imagePullSecret's .dockerconfigjson), or {@link #ANONYMOUS}.
 * {@code identityToken} is a refresh token for the registry's token service, when given instead of a password.
 */
public record RegistryAuth(String username, String password, String identityToken) {

    public static final RegistryAuth ANONYMOUS = new RegistryAuth(null, null, null);

    @Override
    public String toString() {
        return username == null ? "RegistryAuth[anonymous]" : "RegistryAuth[" + username + ", ***]";
    }
}
