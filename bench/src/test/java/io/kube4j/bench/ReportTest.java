package io.kube4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
  @Test
  void tableShowsMediansSideBySideWithTheRatio() {
    Report report = new Report(List.of("etcd", "kube4j"));
    report.describe("Put", "what it measures");
    for (double v : new double[] {100, 300, 200}) {
      report.record("Put", "puts/s", 1, "etcd", v);
    }
    for (double v : new double[] {50, 150, 100}) {
      report.record("Put", "puts/s", 1, "kube4j", v);
    }
    String markdown = report.render(3);
    assertThat(markdown).contains("### Put", "what it measures",
        "| Metric | Members | etcd | kube4j | kube4j/etcd |",
        "| puts/s | 1 | 200 | 100 | 0.50 |");
    assertThat(report.hasFailures()).isFalse();
  }

  @Test
  void aTargetThatCouldNotStartShowsFailedAndWhy() {
    Report report = new Report(List.of("etcd", "kube4j"));
    report.describe("Put", "d");
    report.record("Put", "puts/s", 3, "etcd", 1234.5);
    report.record("Put", "puts/s", 3, "etcd", 1234.5);
    report.fail("kube4j", 3, null, "bin/kube4j exited with code 1");
    String markdown = report.render(3);
    assertThat(markdown).contains("| puts/s | 3 | 1,235 (2 of 3 runs) | failed | — |",
        "### Failures", "**kube4j, 3 member(s)** could not run", "bin/kube4j exited with code 1");
    assertThat(report.hasFailed("kube4j", 3)).isTrue();
    assertThat(report.hasFailed("kube4j", 1)).isFalse();
    assertThat(report.hasFailures()).isTrue();
  }

  @Test
  void aWorkloadWithoutFiguresSaysSo() {
    Report report = new Report(List.of("kube4j"));
    report.describe("Memory", "d");
    report.fail("kube4j", 1, null, "no launcher");
    assertThat(report.render(1)).contains("### Memory", "_No figures: no target completed this workload")
        .doesNotContain("| Metric |");
  }

  @Test
  void numbersKeepAboutThreeSignificantFigures() {
    assertThat(Report.format(12_345.6)).isEqualTo("12,346");
    assertThat(Report.format(123.4)).isEqualTo("123");
    assertThat(Report.format(12.34)).isEqualTo("12.3");
    assertThat(Report.format(1.234)).isEqualTo("1.23");
    assertThat(Report.format(0.1234)).isEqualTo("0.123");
    assertThat(Report.format(0)).isEqualTo("0");
  }
}
