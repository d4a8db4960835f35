package io.kube4j.scheduler.config;

import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.kube4j.scheduler.framework.Plugin;
import io.kube4j.scheduler.plugins.InterPodAffinity;
import io.kube4j.scheduler.plugins.NodeResourcesBalancedAllocation;
import io.kube4j.scheduler.plugins.NodeResourcesFit;
import io.kube4j.scheduler.plugins.PodTopologySpread;
import io.kube4j.scheduler.plugins.ResourceSpec;
import io.kube4j.scheduler.plugins.ScoringStrategy;
import io.kube4j.scheduler.plugins.SpreadConstraint;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decoding and validation of the in-tree plugins' {@code pluginConfig} args, with v1's defaults
 * (NodeResourcesFitArgs, NodeResourcesBalancedAllocationArgs, InterPodAffinityArgs,
 * PodTopologySpreadArgs). Errors are collected and thrown together as a {@link ConfigException}
 * whose paths are relative to {@code args}. Stateless.
 */
final class PluginArgs {

    private static final List<String> STRATEGY_TYPES = List.of("LeastAllocated", "MostAllocated",
            "RequestedToCapacityRatio");
    private static final List<String> DEFAULTING_TYPES = List.of("System", "List");

    private PluginArgs() {
    }

    static Plugin nodeResourcesFit(JsonNode args, PluginContext ctx) {
        List<String> errors = new ArrayList<>();
        JsonNode strategyNode = field(args, "scoringStrategy");
        ScoringStrategy strategy = ScoringStrategy.defaultStrategy();
        if (strategyNode != null) {
            String type = text(field(strategyNode, "type"), "LeastAllocated");
            List<ResourceSpec> resources = resources(field(strategyNode, "resources"), "scoringStrategy.resources", errors);
            strategy = switch (type) {
                case "LeastAllocated" -> new ScoringStrategy.LeastAllocated(resources);
                case "MostAllocated" -> new ScoringStrategy.MostAllocated(resources);
                case "RequestedToCapacityRatio" -> ratio(field(strategyNode, "requestedToCapacityRatio"), resources, errors);
                default -> {
                    errors.add("scoringStrategy.type: Unsupported value: \"" + type + "\": supported values: "
                            + quoted(STRATEGY_TYPES));
                    yield null;
                }
            };
        }
        Set<String> ignored = strings(field(args, "ignoredResources"));
        Set<String> ignoredGroups = strings(field(args, "ignoredResourceGroups"));
        throwIfAny(errors);
        return new NodeResourcesFit(strategy, ignored, ignoredGroups);
    }

    static Plugin balancedAllocation(JsonNode args, PluginContext ctx) {
        List<String> errors = new ArrayList<>();
        List<ResourceSpec> resources = resources(field(args, "resources"), "resources", errors);
        throwIfAny(errors);
        return new NodeResourcesBalancedAllocation(resources);
    }

    static Plugin interPodAffinity(JsonNode args, PluginContext ctx) {
        JsonNode weight = field(args, "hardPodAffinityWeight");
        int w = weight == null ? InterPodAffinity.DEFAULT_HARD_POD_AFFINITY_WEIGHT : weight.asInt();
        if (weight != null && (!weight.isIntegralNumber() || w < 0 || w > 100)) {
            throw new ConfigException("hardPodAffinityWeight: Invalid value: " + weight + ": not in valid range [0, 100]");
        }
        return new InterPodAffinity(ctx.namespaces(), w);
    }

    static Plugin podTopologySpread(JsonNode args, PluginContext ctx) {
        List<String> errors = new ArrayList<>();
        String type = text(field(args, "defaultingType"), "System");
        List<TopologySpreadConstraint> constraints = new ArrayList<>();
        JsonNode list = field(args, "defaultConstraints");
        if (list != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String path = "defaultConstraints[" + i + "]";
                TopologySpreadConstraint c;
                try {
                    c = ConfigJson.MAPPER.treeToValue(list.get(i), TopologySpreadConstraint.class);
                } catch (JacksonException e) {
                    errors.add(path + ": Invalid value: " + e.getOriginalMessage());
                    continue;
                }
                validateConstraint(c, path, seen, errors);
                constraints.add(c);
            }
        }
        if (!DEFAULTING_TYPES.contains(type)) {
            errors.add("defaultingType: Unsupported value: \"" + type + "\": supported values: " + quoted(DEFAULTING_TYPES));
        } else if (type.equals("System") && !constraints.isEmpty()) {
            errors.add("defaultingType: Invalid value: \"System\": when .defaultConstraints are not empty");
        }
        throwIfAny(errors);
        return type.equals("System") ? new PodTopologySpread(ctx.owners()) : new PodTopologySpread(constraints, ctx.owners());
    }

    private static void validateConstraint(TopologySpreadConstraint c, String path, Set<String> seen, List<String> errors) {
        if (c.getMaxSkew() == null || c.getMaxSkew() <= 0) {
            errors.add(path + ".maxSkew: Invalid value: " + c.getMaxSkew() + ": must be greater than zero");
        }
        if (c.getTopologyKey() == null || c.getTopologyKey().isEmpty()) {
            errors.add(path + ".topologyKey: Required value: can not be empty");
        }
        String when = c.getWhenUnsatisfiable();
        if (!SpreadConstraint.DO_NOT_SCHEDULE.equals(when) && !SpreadConstraint.SCHEDULE_ANYWAY.equals(when)) {
            errors.add(path + ".whenUnsatisfiable: Unsupported value: \"" + when + "\": supported values: "
                    + quoted(List.of(SpreadConstraint.DO_NOT_SCHEDULE, SpreadConstraint.SCHEDULE_ANYWAY)));
        } else if (!seen.add(c.getTopologyKey() + "\u0000" + when)) {
            errors.add(path + ": Duplicate value: {" + c.getTopologyKey() + ", " + when + "}");
        }
        if (c.getLabelSelector() != null) {
            // Default constraints get their selector from the pod's owners, never from configuration.
            errors.add(path + ".labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod");
        }
    }

    private static ScoringStrategy ratio(JsonNode node, List<ResourceSpec> resources, List<String> errors) {
        JsonNode shape = field(node, "shape");
        String path = "scoringStrategy.requestedToCapacityRatio.shape";
        if (shape == null || shape.isEmpty()) {
            errors.add(path + ": Required value: at least one point must be specified");
            return null;
        }
        List<ScoringStrategy.ShapePoint> points = new ArrayList<>();
        int last = -1;
        for (int i = 0; i < shape.size(); i++) {
            int u = shape.get(i).path("utilization").asInt(0);
            int s = shape.get(i).path("score").asInt(0);
            boolean ok = true;
            if (u < 0 || u > 100) {
                errors.add(path + "[" + i + "].utilization: Invalid value: " + u + ": not in valid range [0, 100]");
                ok = false;
            } else if (u <= last) {
                errors.add(path + "[" + i + "].utilization: Invalid value: " + u + ": values must be sorted in increasing order");
                ok = false;
            }
            if (s < 0 || s > 10) {
                errors.add(path + "[" + i + "].score: Invalid value: " + s + ": not in valid range [0, 10]");
                ok = false;
            }
            if (ok) {
                points.add(new ScoringStrategy.ShapePoint(u, s));
            }
            last = Math.max(last, u);
        }
        return errors.isEmpty() ? new ScoringStrategy.RequestedToCapacityRatio(resources, points) : null;
    }

    /** A resources list: absent or empty means cpu and memory; a missing or zero weight means 1. */
    private static List<ResourceSpec> resources(JsonNode list, String path, List<String> errors) {
        if (list == null || list.isEmpty()) {
            return ResourceSpec.DEFAULTS;
        }
        List<ResourceSpec> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String name = list.get(i).path("name").asString("");
            long weight = list.get(i).path("weight").asLong(0);
            if (weight == 0) {
                weight = 1;
            }
            if (weight < 1 || weight > 100) {
                errors.add(path + "[" + i + "].weight: Invalid value: " + weight + ": resource weight of " + name
                        + " not in valid range [1, 100]");
                continue;
            }
            out.add(new ResourceSpec(name, weight));
        }
        return out;
    }

    private static JsonNode field(JsonNode node, String name) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    private static String text(JsonNode node, String dflt) {
        return node == null || node.asString().isEmpty() ? dflt : node.asString();
    }

    private static Set<String> strings(JsonNode list) {
        Set<String> out = new LinkedHashSet<>();
        if (list != null) {
            list.forEach(n -> out.add(n.asString()));
        }
        return out;
    }

    private static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList());
    }

    private static void throwIfAny(List<String> errors) {
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }
}
