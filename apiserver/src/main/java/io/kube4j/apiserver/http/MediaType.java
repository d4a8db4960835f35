package io.kube4j.apiserver.http;

import io.kube4j.apiserver.errors.ApiException;
import java.util.Locale;

/**
 * The response representations we serve and how an Accept header picks one, as upstream's
 * negotiation: JSON by default, YAML, server-side Table ({@code as=Table;g=meta.k8s.io;v=v1}),
 * PartialObjectMetadata ({@code as=PartialObjectMetadata[List]}), protobuf. Clients list several
 * with the preferred first; we take the first we can serve, 406 when there is none.
 */
public enum MediaType {
    JSON("application/json"),
    YAML("application/yaml"),
    PROTOBUF("application/vnd.kubernetes.protobuf"),
    TABLE("application/json;as=Table;v=v1;g=meta.k8s.io"),
    PARTIAL_METADATA("application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io");

    private final String contentType;

    MediaType(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /**
     * The representation {@code accept} asks for.
     *
     * @param protobufOk whether the resource has a protobuf form
     */
    public static MediaType negotiate(String accept, boolean protobufOk) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        for (String part : accept.split(",")) {
            String[] params = part.trim().split(";");
            String base = params[0].trim().toLowerCase(Locale.ROOT);
            String as = null;
            String group = null;
            String version = null;
            for (int i = 1; i < params.length; i++) {
                String p = params[i].trim();
                if (p.startsWith("as=")) {
                    as = p.substring(3);
                } else if (p.startsWith("g=")) {
                    group = p.substring(2);
                } else if (p.startsWith("v=")) {
                    version = p.substring(2);
                }
            }
            boolean json = base.equals("application/json") || base.equals("*/*") || base.equals("application/*");
            if (as != null) {
                if (!json && !base.equals("application/vnd.kubernetes.protobuf")) {
                    continue;
                }
                // Upstream converts only to meta.k8s.io v1/v1beta1 kinds, and has no protobuf Table.
                if (!"meta.k8s.io".equals(group) || !("v1".equals(version) || "v1beta1".equals(version))) {
                    continue;
                }
                if (as.equals("Table")) {
                    if (!json) {
                        continue;
                    }
                    return TABLE;
                }
                if (as.equals("PartialObjectMetadata") || as.equals("PartialObjectMetadataList")) {
                    return PARTIAL_METADATA;
                }
                continue;
            }
            if (json) {
                return JSON;
            }
            if (base.equals("application/yaml")) {
                return YAML;
            }
            if (base.equals("application/vnd.kubernetes.protobuf") && protobufOk) {
                return PROTOBUF;
            }
        }
        throw new ApiException.NotAcceptable("only the following media types are accepted: application/json, "
                + "application/yaml, application/vnd.kubernetes.protobuf");
    }
}
