package io.kube4j.bench.api;

import io.kube4j.bench.Report;
import java.util.Locale;

/**
 * One pass/fail target: a metric of the report must stay below {@code limit}.
 *
 * @param name what the target says, e.g. "CREATE p99 at 500/s"
 * @param section the report section holding the metric
 * @param metric the metric's name in that section
 * @param limit the bound the median must stay strictly below
 * @param unit for display, e.g. "ms"
 */
record Target(String name, String section, String metric, double limit, String unit) {

  /** The verdict for a measured median. */
  Verdict judge(double measured) {
    return new Verdict(measured < limit, measured, limit);
  }

  /** A target's outcome; {@link #describe()} says by how much it passed or missed. */
  record Verdict(boolean passed, double measured, double limit) {
    String describe() {
      if (passed) {
        return String.format(Locale.ROOT, "PASS (%.0f%% of the limit)", 100 * measured / limit);
      }
      return String.format(Locale.ROOT, "FAIL (over by %s, %.1f× the limit)", Report.format(measured - limit),
          measured / limit);
    }
  }
}
