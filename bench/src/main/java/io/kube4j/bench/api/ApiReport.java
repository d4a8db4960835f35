package io.kube4j.bench.api;

import io.kube4j.bench.Latencies;
import io.kube4j.bench.Report;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The apiserver benchmark's figures: per section, one row per metric with the median over the runs
 * and the spread (min–max), then the targets as pass/fail lines against those medians, then the
 * failures and notes. A metric missing from some runs says so, and a failed section says why, so
 * a failure is never mistaken for a figure.
 *
 * <p>Thread-safe (synchronized).
 */
final class ApiReport {
  private final Map<String, String> descriptions = new LinkedHashMap<>();
  private final Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
  private final List<Target> targets = new ArrayList<>();
  private final Map<String, String> failures = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  synchronized void describe(String section, String description) {
    descriptions.putIfAbsent(section, description);
  }

  synchronized void record(String section, String metric, double value) {
    descriptions.putIfAbsent(section, "");
    values.computeIfAbsent(section, s -> new LinkedHashMap<>()).computeIfAbsent(metric, m -> new ArrayList<>())
        .add(value);
  }

  synchronized void target(Target target) {
    targets.add(target);
  }

  /** Records the first failure of {@code section} in some run. */
  synchronized void fail(String section, int run, String reason) {
    failures.putIfAbsent(section + " (run " + run + ")", reason);
  }

  synchronized boolean hasFailures() {
    return !failures.isEmpty() || targets.stream().anyMatch(t -> median(t) == null);
  }

  synchronized void note(String text) {
    notes.add(text);
  }

  /** The median over the runs of {@code section}/{@code metric}, or null when never measured. */
  synchronized Double median(String section, String metric) {
    List<Double> list = values.getOrDefault(section, Map.of()).get(metric);
    return list == null || list.isEmpty() ? null
        : Latencies.median(list.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private Double median(Target target) {
    return median(target.section(), target.metric());
  }

  synchronized String render(int runs) {
    StringBuilder out = new StringBuilder();
    if (!targets.isEmpty()) {
      out.append("\n### Targets\n\n| Target | Median | Limit | Result |\n|---|---:|---:|---|\n");
      for (Target target : targets) {
        Double measured = median(target);
        out.append("| ").append(target.name()).append(" | ")
            .append(measured == null ? "not measured" : Report.format(measured) + " " + target.unit()).append(" | ")
            .append(Report.format(target.limit())).append(' ').append(target.unit()).append(" | ")
            .append(measured == null ? "FAIL (not measured)" : target.judge(measured).describe()).append(" |\n");
      }
    }
    for (String section : descriptions.keySet()) {
      out.append("\n### ").append(section).append("\n\n");
      if (!descriptions.get(section).isEmpty()) {
        out.append(descriptions.get(section)).append("\n\n");
      }
      Map<String, List<Double>> rows = values.getOrDefault(section, Map.of());
      if (rows.isEmpty()) {
        out.append("_No figures: this section failed in every run (see Failures)._\n");
        continue;
      }
      out.append("| Metric | Median | Min – max |\n|---|---:|---:|\n");
      rows.forEach((metric, list) -> {
        double min = list.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = list.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        String median = Report.format(median(section, metric));
        out.append("| ").append(metric).append(" | ")
            .append(list.size() < runs ? median + " (" + list.size() + " of " + runs + " runs)" : median)
            .append(" | ").append(Report.format(min)).append(" – ").append(Report.format(max)).append(" |\n");
      });
    }
    if (!failures.isEmpty()) {
      out.append("\n### Failures\n\n");
      failures.forEach((where, reason) -> out.append("- **").append(where).append("**:\n\n```\n")
          .append(reason.strip()).append("\n```\n"));
    }
    if (!notes.isEmpty()) {
      out.append("\n### Notes\n\n");
      notes.forEach(note -> out.append("- ").append(note).append('\n'));
    }
    return out.toString();
  }
}
