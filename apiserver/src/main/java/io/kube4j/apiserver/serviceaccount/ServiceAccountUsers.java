package io.kube4j.apiserver.serviceaccount;

import io.kube4j.apiserver.auth.UserInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's naming of service-account users: {@code system:serviceaccount:NS:NAME}, in the groups
 * {@code system:serviceaccounts} and {@code system:serviceaccounts:NS}, with the bound pod, its
 * node and the token's id as extra values. Stateless; thread-safe.
 */
public final class ServiceAccountUsers {

    /** The prefix of every service-account user name. */
    public static final String USER_PREFIX = "system:serviceaccount:";
    /** The group of every service account. */
    public static final String ALL_GROUP = "system:serviceaccounts";
    public static final String POD_NAME_KEY = "authentication.kubernetes.io/pod-name";
    public static final String POD_UID_KEY = "authentication.kubernetes.io/pod-uid";
    public static final String NODE_NAME_KEY = "authentication.kubernetes.io/node-name";
    public static final String NODE_UID_KEY = "authentication.kubernetes.io/node-uid";
    public static final String CREDENTIAL_ID_KEY = "authentication.kubernetes.io/credential-id";

    private ServiceAccountUsers() {
    }

    /** {@code system:serviceaccount:NS:NAME}. */
    public static String userName(String namespace, String name) {
        return USER_PREFIX + namespace + ":" + name;
    }

    /**
     * The user a verified token names. Pod extras need both pod name and uid, the node uid needs
     * the node name, and the credential id is {@code JTI=<jti>}, as upstream.
     */
    public static UserInfo user(String namespace, String name, String uid, String podName, String podUid,
            String nodeName, String nodeUid, String jti) {
        Map<String, List<String>> extra = new LinkedHashMap<>();
        if (!podName.isEmpty() && !podUid.isEmpty()) {
            extra.put(POD_NAME_KEY, List.of(podName));
            extra.put(POD_UID_KEY, List.of(podUid));
        }
        if (!jti.isEmpty()) {
            extra.put(CREDENTIAL_ID_KEY, List.of("JTI=" + jti));
        }
        if (!nodeName.isEmpty()) {
            extra.put(NODE_NAME_KEY, List.of(nodeName));
            if (!nodeUid.isEmpty()) {
                extra.put(NODE_UID_KEY, List.of(nodeUid));
            }
        }
        return new UserInfo(userName(namespace, name), uid, List.of(ALL_GROUP, ALL_GROUP + ":" + namespace), extra);
    }
}
