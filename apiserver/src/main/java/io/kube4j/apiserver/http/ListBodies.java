package io.kube4j.apiserver.http;

import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.watch.CachedObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a {@code *List} from cached objects by concatenating their serialised forms: a list of
 * 10,000 pods is one pass of byte copies, with no object decoded or re-encoded. Stateless.
 */
final class ListBodies {

    private ListBodies() {
    }

    static byte[] json(ResourceType type, List<byte[]> items, long revision, String continueToken, Long remaining) {
        int size = 128;
        for (byte[] i : items) {
            size += i.length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        StringBuilder head = new StringBuilder(128)
                .append("{\"kind\":\"").append(type.listKind()).append("\",\"apiVersion\":\"").append(type.apiVersion())
                .append("\",\"metadata\":{\"resourceVersion\":\"").append(revision).append('"');
        if (continueToken != null) {
            head.append(",\"continue\":\"").append(continueToken).append('"');
        }
        if (remaining != null) {
            head.append(",\"remainingItemCount\":").append(remaining);
        }
        head.append("},\"items\":[");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(items.get(i));
        }
        out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static List<byte[]> jsonOf(List<CachedObject> objects) {
        return objects.stream().map(CachedObject::json).toList();
    }
}
