package io.kube4j.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.apiserver.json.KubeJson;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What one kubectl call did: its exit code and everything it printed. Immutable.
 *
 * @param command the command line, for failure messages
 */
public record KubectlResult(List<String> command, int exitCode, String out, String err) {

  /** Asserts exit code 0 (quoting stderr otherwise) and returns this. */
  public KubectlResult ok() {
    assertThat(exitCode).as("exit code of %s\nstdout: %s\nstderr: %s", command, out, err).isZero();
    return this;
  }

  /** Asserts a failure with {@code code} and returns this. */
  public KubectlResult fails(int code) {
    assertThat(exitCode).as("exit code of %s\nstdout: %s\nstderr: %s", command, out, err).isEqualTo(code);
    return this;
  }

  /** stdout parsed as JSON (for {@code -o json}). */
  public JsonNode json() {
    return KubeJson.json().readTree(out);
  }

  /** stdout's non-empty lines. */
  public List<String> lines() {
    return Arrays.stream(out.split("\n")).filter(l -> !l.isBlank()).toList();
  }

  /** The table stdout prints, split into whitespace-separated cells (header first; for tables without empty cells). */
  public List<List<String>> table() {
    return lines().stream().map(l -> List.of(l.trim().split("\\s+"))).toList();
  }

  @Override
  public String toString() {
    return command + " -> " + exitCode + "\nstdout: " + out + "\nstderr: " + err;
  }
}
