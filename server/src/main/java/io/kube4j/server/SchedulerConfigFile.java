package io.kube4j.server;

import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.scheduler.config.ConfigException;
import io.kube4j.scheduler.config.ConfigLoader;
import io.kube4j.scheduler.config.PluginContext;
import io.kube4j.scheduler.config.PluginRegistry;
import io.kube4j.scheduler.core.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A {@code KubeSchedulerConfiguration} file as {@code kube4j scheduler --config} reads it: the
 * profiles (built by {@link ConfigLoader}), and the process settings kube4j honours,
 * {@code clientConnection.kubeconfig} and {@code leaderElection.leaderElect / leaseDuration /
 * renewDeadline / retryPeriod}. Settings the file leaves out are null, so upstream's defaults (or
 * the flags) apply. Immutable.
 *
 * <p>{@link #profiles()} are built without the cluster's inputs (for validation and inspection);
 * {@link #profileFactories()} build each again from a running scheduler's informer-backed inputs.
 */
record SchedulerConfigFile(String text, List<Profile> profiles, Path kubeconfig, Boolean leaderElect, Duration leaseDuration,
    Duration renewDeadline, Duration retryPeriod) {

  /**
   * Reads and validates {@code file}.
   *
   * @throws ConfigException with the loader's message when the file is unreadable or invalid
   */
  static SchedulerConfigFile read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("failed to read config file \"" + file + "\": " + e.getMessage());
    }
    List<Profile> profiles = ConfigLoader.standalone().load(text);
    JsonNode root;
    try {
      root = KubeJson.yaml().readTree(text);
    } catch (JacksonException e) {
      throw new ConfigException("couldn't decode as KubeSchedulerConfiguration: " + e.getOriginalMessage());
    }
    JsonNode connection = root.path("clientConnection");
    JsonNode election = root.path("leaderElection");
    String kubeconfig = connection.path("kubeconfig").asString("");
    return new SchedulerConfigFile(text, profiles, kubeconfig.isEmpty() ? null : Path.of(kubeconfig),
        election.has("leaderElect") ? election.get("leaderElect").asBoolean() : null,
        duration(election, "leaseDuration"), duration(election, "renewDeadline"), duration(election, "retryPeriod"));
  }

  /** One factory per profile, in order: the profile built from a scheduler's plugin inputs. */
  List<Function<PluginContext, Profile>> profileFactories() {
    List<Function<PluginContext, Profile>> factories = new ArrayList<>();
    for (int i = 0; i < profiles.size(); i++) {
      int index = i;
      factories.add(context -> new ConfigLoader(PluginRegistry.inTree(), context).load(text).get(index));
    }
    return factories;
  }

  private static Duration duration(JsonNode election, String field) {
    if (!election.has(field)) {
      return null;
    }
    String text = election.get(field).asString("");
    try {
      return GoDuration.parse(text);
    } catch (RuntimeException e) {
      throw new ConfigException("leaderElection." + field + ": Invalid value: \"" + text + "\": " + e.getMessage());
    }
  }
}
