package io.kube4j.apiserver.openapi;

import io.kube4j.apiserver.schema.Definition;
import io.kube4j.apiserver.schema.Property;
import io.kube4j.apiserver.schema.TypeModel;
import io.kube4j.apiserver.schema.TypeRef;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The definitions a set of paths needs: those their operations name, and everything those refer
 * to, transitively. A per-group-version v3 document carries only these, as upstream's do.
 * Stateless and thread-safe.
 */
final class ReachableDefinitions {

    private ReachableDefinitions() {
    }

    /** The definitions reachable from {@code items}, sorted by name. */
    static List<Definition> of(TypeModel model, List<PathItem> items) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (PathItem item : items) {
            for (Operation op : item.operations()) {
                if (op.body() != null) {
                    todo.add(op.body());
                }
                for (String def : op.responses().values()) {
                    if (def != null && !def.isEmpty()) {
                        todo.add(def);
                    }
                }
            }
        }
        TreeMap<String, Definition> out = new TreeMap<>();
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (!seen.add(name)) {
                continue;
            }
            model.definition(name).ifPresent(d -> {
                out.put(name, d);
                for (Property p : d.properties().values()) {
                    collect(p.type(), todo);
                }
            });
        }
        return List.copyOf(out.values());
    }

    private static void collect(TypeRef t, Deque<String> todo) {
        switch (t) {
            case TypeRef.Ref r -> todo.add(r.name());
            case TypeRef.ArrayOf a -> collect(a.items(), todo);
            case TypeRef.MapOf m -> collect(m.values(), todo);
            case TypeRef.Primitive p -> {
            }
            case TypeRef.FreeForm f -> {
            }
        }
    }
}
