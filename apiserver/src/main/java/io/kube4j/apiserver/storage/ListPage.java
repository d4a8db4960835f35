package io.kube4j.apiserver.storage;

import java.util.List;

/**
 * One page of a range read at one revision: the objects, the revision read at, whether more keys
 * follow, and how many keys remain after this page.
 */
public record ListPage(List<StoredObject> items, long revision, boolean more, long remaining) {

    public ListPage {
        items = List.copyOf(items);
    }
}
