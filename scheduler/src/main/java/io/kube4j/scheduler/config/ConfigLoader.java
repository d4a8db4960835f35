package io.kube4j.scheduler.config;

import io.kube4j.scheduler.config.KubeSchedulerConfiguration.ProfileConfig;
import io.kube4j.scheduler.core.Profile;
import tools.jackson.core.JacksonException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a {@code kubescheduler.config.k8s.io/v1} {@code KubeSchedulerConfiguration} (YAML or JSON)
 * and builds its {@link Profile}s with a {@link PluginRegistry}. A configuration without profiles
 * gets the single {@code default-scheduler} profile, and a lone profile without a name is named
 * so, as upstream's defaulting. Thread-safe once
 * built; each call builds new plugin instances.
 */
public final class ConfigLoader {

    private final PluginRegistry registry;
    private final PluginContext context;

    public ConfigLoader(PluginRegistry registry, PluginContext context) {
        this.registry = registry;
        this.context = context;
    }

    /** In-tree plugins, standalone context. */
    public static ConfigLoader standalone() {
        return new ConfigLoader(PluginRegistry.inTree(), PluginContext.standalone());
    }

    /** Parses {@code text} (YAML or JSON) without building profiles. @throws ConfigException when unreadable */
    public static KubeSchedulerConfiguration parse(String text) {
        KubeSchedulerConfiguration config;
        try {
            config = ConfigJson.MAPPER.readValue(text, KubeSchedulerConfiguration.class);
        } catch (JacksonException e) {
            throw new ConfigException("couldn't decode as KubeSchedulerConfiguration: " + e.getOriginalMessage());
        }
        if (config == null) {
            config = new KubeSchedulerConfiguration(null, null, null, null);
        }
        if (!KubeSchedulerConfiguration.API_VERSION.equals(config.apiVersion())
                || !KubeSchedulerConfiguration.KIND.equals(config.kind())) {
            throw new ConfigException("no kind \"" + config.kind() + "\" is registered for version \""
                    + config.apiVersion() + "\"; expected " + KubeSchedulerConfiguration.KIND + " in "
                    + KubeSchedulerConfiguration.API_VERSION);
        }
        return config;
    }

    /** Reads and builds the profiles of the file at {@code file}. */
    public List<Profile> load(Path file) throws IOException {
        return load(Files.readString(file));
    }

    /** Parses {@code text} and builds its profiles, in file order. @throws ConfigException on any problem */
    public List<Profile> load(String text) {
        return profiles(parse(text));
    }

    /** Validates {@code config} and builds its profiles, in order. @throws ConfigException on any problem */
    public List<Profile> profiles(KubeSchedulerConfiguration config) {
        List<ProfileConfig> configured = config.profiles().isEmpty()
                ? List.of(new ProfileConfig(null, null, null, null))
                : config.profiles();
        // As v1 defaulting: only a lone profile without a name becomes default-scheduler.
        if (configured.size() == 1 && configured.getFirst().schedulerName() == null) {
            ProfileConfig only = configured.getFirst();
            configured = List.of(new ProfileConfig(Profile.DEFAULT_SCHEDULER_NAME, only.percentageOfNodesToScore(),
                    only.plugins(), only.pluginConfig()));
        }
        validate(config.percentageOfNodesToScore(), configured);
        ProfileAssembler assembler = new ProfileAssembler(registry, context);
        List<Profile> profiles = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            profiles.add(assembler.assemble(configured.get(i), "profiles[" + i + "]", config.percentageOfNodesToScore()));
        }
        return List.copyOf(profiles);
    }

    /** The checks of upstream's ValidateKubeSchedulerConfiguration that concern what we read, all reported together. */
    private static void validate(Integer globalPercentage, List<ProfileConfig> profiles) {
        List<String> errors = new ArrayList<>();
        checkPercentage("percentageOfNodesToScore", globalPercentage, errors);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < profiles.size(); i++) {
            ProfileConfig p = profiles.get(i);
            String path = "profiles[" + i + "]";
            if (p.schedulerName() == null || p.schedulerName().isEmpty()) {
                errors.add(path + ".schedulerName: Required value");
            } else if (!names.add(p.schedulerName())) {
                errors.add(path + ".schedulerName: Duplicate value: \"" + p.schedulerName() + "\"");
            }
            checkPercentage(path + ".percentageOfNodesToScore", p.percentageOfNodesToScore(), errors);
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    private static void checkPercentage(String path, Integer value, List<String> errors) {
        if (value != null && (value < 0 || value > 100)) {
            errors.add(path + ": Invalid value: " + value + ": not in valid range [0-100]");
        }
    }
}
