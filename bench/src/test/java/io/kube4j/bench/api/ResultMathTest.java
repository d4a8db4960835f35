package io.kube4j.bench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResultMathTest {

  @Test
  void memoryPerWatcherIsTheDifferenceOverTheCount() {
    assertThat(new WatcherMemory(40_000, 120_000, 10_000).perWatcherKiB()).isEqualTo(8.0);
    assertThat(new WatcherMemory(50_000, 49_000, 1_000).perWatcherKiB()).isEqualTo(-1.0);
    assertThatThrownBy(() -> new WatcherMemory(1, 2, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTargetPassesOnlyStrictlyBelowItsLimit() {
    Target target = new Target("LIST p99", "s", "m", 1000, "ms");
    assertThat(target.judge(250).passed()).isTrue();
    assertThat(target.judge(250).describe()).isEqualTo("PASS (25% of the limit)");
    assertThat(target.judge(1000).passed()).isFalse();
    assertThat(target.judge(2500).describe()).isEqualTo("FAIL (over by 1,500, 2.5× the limit)");
  }

  @Test
  void theReportJudgesTheMedianOfTheRuns() {
    ApiReport report = new ApiReport();
    report.target(new Target("CREATE p99", "Writes", "CREATE p99 (ms)", 1000, "ms"));
    report.record("Writes", "CREATE p99 (ms)", 900);
    report.record("Writes", "CREATE p99 (ms)", 5000); // one bad run of three does not decide
    report.record("Writes", "CREATE p99 (ms)", 100);
    assertThat(report.median("Writes", "CREATE p99 (ms)")).isEqualTo(900);
    String markdown = report.render(3);
    assertThat(markdown).contains("| CREATE p99 | 900 ms | 1,000 ms | PASS (90% of the limit) |")
        .contains("| CREATE p99 (ms) | 900 | 100 – 5,000 |");
    assertThat(report.hasFailures()).isFalse();
  }

  @Test
  void anUnmeasuredTargetOrAFailedSectionIsAFailure() {
    ApiReport report = new ApiReport();
    report.target(new Target("heap per idle watch", "Watch", "heap per idle watch (KiB)", 10, "KiB"));
    assertThat(report.hasFailures()).isTrue();
    assertThat(report.render(3)).contains("| heap per idle watch | not measured | 10.0 KiB | FAIL (not measured) |");

    ApiReport partial = new ApiReport();
    partial.record("List", "LIST p99 (ms)", 10);
    partial.fail("List", 2, "java.io.IOException: short list");
    assertThat(partial.hasFailures()).isTrue();
    assertThat(partial.render(3)).contains("| LIST p99 (ms) | 10.0 (1 of 3 runs) |").contains("short list");
  }

  @Test
  void heapInfoUsedIsTheWholeHeapsFigure() {
    String g1 = """
        12345:
         garbage-first heap   total reserved 6291456K, committed 262144K, used 45678K [0x0000000680000000, 0x0000000800000000)
          region size 4096K, 3 young (12288K), 0 survivors (0K)
         Metaspace       used 60123K, committed 60800K, reserved 1114112K
        """;
    assertThat(ApiServerProcess.parseHeapUsedKiB(g1)).isEqualTo(45678);
    assertThatThrownBy(() -> ApiServerProcess.parseHeapUsedKiB("12345:\nCould not attach"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void openWatchesAreSummedFromTheExposition() {
    String metrics = """
        # HELP apiserver_longrunning_requests Gauge of all active long-running apiserver requests (watches).
        # TYPE apiserver_longrunning_requests gauge
        apiserver_longrunning_requests 9998.0
        apiserver_longrunning_requests_other 5.0
        apiserver_request_total{verb="GET"} 12.0
        """;
    assertThat(WatchSection.longRunning(metrics)).isEqualTo(9998.0);
  }

  @Test
  void theContinueTokenIsReadFromTheListMetadataOnly() {
    byte[] page = """
        {"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"42","continue":"eyJ2IjoxfQ+/="},\
        "items":[{"metadata":{"annotations":{"x":"\\"continue\\":\\"no\\""}}}]}""".getBytes(StandardCharsets.UTF_8);
    assertThat(ListSection.continueToken(page)).isEqualTo("eyJ2IjoxfQ+/=");
    byte[] last = "{\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"42\"},\"items\":[{\"continue\":\"x\"}]}"
        .getBytes(StandardCharsets.UTF_8);
    assertThat(ListSection.continueToken(last)).isEmpty();
  }
}
