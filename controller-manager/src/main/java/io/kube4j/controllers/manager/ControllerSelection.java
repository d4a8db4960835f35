package io.kube4j.controllers.manager;

import java.util.ArrayList;
import java.util.List;

/**
 * Which controllers run, from {@code --controllers} as kube-controller-manager reads it: a list of
 * names where {@code *} turns on every controller enabled by default, {@code name} turns one on and
 * {@code -name} turns one off; an explicit name wins over {@code *}. Names may be upstream's
 * current ones or their older aliases. Immutable.
 */
public record ControllerSelection(List<String> entries) {

    public ControllerSelection {
        entries = List.copyOf(entries);
    }

    /** Upstream's default: {@code *}. */
    public static ControllerSelection defaults() {
        return new ControllerSelection(List.of("*"));
    }

    /** Parses a comma-separated flag value. */
    public static ControllerSelection parse(String flag) {
        List<String> out = new ArrayList<>();
        for (String part : flag.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return new ControllerSelection(out);
    }

    /**
     * The controllers of {@code catalog} this selection turns on, in catalog order.
     *
     * @throws IllegalArgumentException naming an entry that is no known controller
     */
    public List<ControllerDescriptor> select(List<ControllerDescriptor> catalog) {
        for (String entry : entries) {
            String name = entry.startsWith("-") ? entry.substring(1) : entry;
            if (!name.equals("*") && catalog.stream().noneMatch(d -> d.named(name))) {
                throw new IllegalArgumentException("\"" + name + "\" is not in the list of known controllers");
            }
        }
        List<ControllerDescriptor> on = new ArrayList<>();
        for (ControllerDescriptor d : catalog) {
            if (enabled(d)) {
                on.add(d);
            }
        }
        return on;
    }

    private boolean enabled(ControllerDescriptor d) {
        boolean star = false;
        for (String entry : entries) {
            if (entry.startsWith("-") && d.named(entry.substring(1))) {
                return false;
            }
            if (d.named(entry)) {
                return true;
            }
            star |= entry.equals("*");
        }
        return star && d.enabledByDefault();
    }
}
