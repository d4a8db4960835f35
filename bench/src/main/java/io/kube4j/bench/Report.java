package io.kube4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects every figure of every run and renders one Markdown table per workload: one row per
 * metric and cluster size, one column per target with the median over the runs, and the ratio of
 * the kube4j median to the etcd median.
 *
 * <p>Thread-safe (synchronized): figures arrive from the harness thread only, but notes may come
 * from anywhere. A target that failed shows "failed" in its cells and the reason under the tables,
 * so a failure can never be mistaken for a missing or a good figure.
 */
public final class Report {
  /** One table row: a metric of a workload at one cluster size. */
  private record Row(String workload, String metric, int members) {}

  private final List<String> targets;
  private final Map<String, String> descriptions = new LinkedHashMap<>();
  private final Map<Row, Map<String, List<Double>>> samples = new LinkedHashMap<>();
  /** "target|members|workload" (workload "*" for the whole cluster) to the first failure reason. */
  private final Map<String, String> failures = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  Report(List<String> targets) {
    this.targets = List.copyOf(targets);
  }

  synchronized void describe(String workload, String description) {
    descriptions.putIfAbsent(workload, description);
  }

  synchronized void record(String workload, String metric, int members, String target, double value) {
    samples.computeIfAbsent(new Row(workload, metric, members), row -> new LinkedHashMap<>())
        .computeIfAbsent(target, t -> new ArrayList<>())
        .add(value);
  }

  /** Marks {@code workload} (or every workload, when null) as failed for this target and size. */
  synchronized void fail(String target, int members, String workload, String reason) {
    failures.putIfAbsent(target + "|" + members + "|" + (workload == null ? "*" : workload), reason);
  }

  synchronized boolean hasFailed(String target, int members) {
    return failures.containsKey(target + "|" + members + "|*");
  }

  synchronized boolean hasFailures() {
    return !failures.isEmpty();
  }

  synchronized void note(String text) {
    notes.add(text);
  }

  synchronized String render(int runs) {
    StringBuilder out = new StringBuilder();
    boolean ratio = targets.contains(StoreTarget.ETCD) && targets.contains(StoreTarget.KUBE4J);
    for (String workload : descriptions.keySet()) {
      out.append("\n### ").append(workload).append("\n\n").append(descriptions.get(workload)).append("\n\n");
      List<Map.Entry<Row, Map<String, List<Double>>>> rows = samples.entrySet().stream()
          .filter(entry -> entry.getKey().workload().equals(workload)).toList();
      if (rows.isEmpty()) {
        out.append("_No figures: no target completed this workload (see Failures)._\n");
        continue;
      }
      out.append("| Metric | Members |");
      targets.forEach(target -> out.append(' ').append(target).append(" |"));
      out.append(ratio ? " kube4j/etcd |\n" : "\n").append("|---|---:|");
      targets.forEach(target -> out.append("---:|"));
      out.append(ratio ? "---:|\n" : "\n");
      for (Map.Entry<Row, Map<String, List<Double>>> entry : rows) {
        Row row = entry.getKey();
        out.append("| ").append(row.metric()).append(" | ").append(row.members()).append(" |");
        for (String target : targets) {
          out.append(' ').append(cell(row, target, entry.getValue().get(target), runs)).append(" |");
        }
        if (ratio) {
          out.append(' ').append(ratio(entry.getValue())).append(" |");
        }
        out.append('\n');
      }
    }
    if (!failures.isEmpty()) {
      out.append("\n### Failures\n\n");
      failures.forEach((key, reason) -> {
        String[] parts = key.split("\\|", 3);
        String scope = parts[2].equals("*") ? "could not run" : parts[2] + " failed";
        out.append("- **").append(parts[0]).append(", ").append(parts[1]).append(" member(s)** ")
            .append(scope).append(":\n\n```\n").append(reason.strip()).append("\n```\n");
      });
    }
    if (!notes.isEmpty()) {
      out.append("\n### Notes\n\n");
      notes.forEach(note -> out.append("- ").append(note).append('\n'));
    }
    return out.toString();
  }

  private String cell(Row row, String target, List<Double> values, int runs) {
    if (values == null || values.isEmpty()) {
      boolean failed = failures.containsKey(target + "|" + row.members() + "|*")
          || failures.containsKey(target + "|" + row.members() + "|" + row.workload());
      return failed ? "failed" : "—";
    }
    String median = format(median(values));
    return values.size() < runs ? median + " (" + values.size() + " of " + runs + " runs)" : median;
  }

  private static String ratio(Map<String, List<Double>> byTarget) {
    List<Double> etcd = byTarget.get(StoreTarget.ETCD);
    List<Double> kube4j = byTarget.get(StoreTarget.KUBE4J);
    if (etcd == null || kube4j == null || etcd.isEmpty() || kube4j.isEmpty() || median(etcd) == 0) {
      return "—";
    }
    return String.format(java.util.Locale.ROOT, "%.2f", median(kube4j) / median(etcd));
  }

  private static double median(List<Double> values) {
    return Latencies.median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** Three significant figures at most, thousands grouped: 12,345 / 123 / 12.3 / 1.23 / 0.123. */
  public static String format(double value) {
    double abs = Math.abs(value);
    if (abs >= 1000) {
      return String.format(java.util.Locale.ROOT, "%,.0f", value);
    }
    if (abs >= 100 || value == 0) {
      return String.format(java.util.Locale.ROOT, "%.0f", value);
    }
    if (abs >= 10) {
      return String.format(java.util.Locale.ROOT, "%.1f", value);
    }
    if (abs >= 1) {
      return String.format(java.util.Locale.ROOT, "%.2f", value);
    }
    return String.format(java.util.Locale.ROOT, "%.3f", value);
  }
}
