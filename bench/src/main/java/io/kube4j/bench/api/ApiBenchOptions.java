package io.kube4j.bench.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything one apiserver benchmark invocation does, after the mode's defaults were applied.
 *
 * @param mode "quick" or "full", for the report
 * @param runs fresh servers, one per run; tables show the median over them
 * @param sections which sections run: writes, get, list, watch
 * @param writeRate arrivals per second of the open-loop CREATE, UPDATE and store PUT phases
 * @param writeSeconds length of each open-loop write phase
 * @param readSeconds length of each closed-loop GET phase
 * @param listSeconds length of each closed-loop LIST phase
 * @param readClients concurrent clients of the GET phases (apiserver and store alike)
 * @param listClients concurrent clients of the LIST phases
 * @param smallList pods in the small LIST namespace (also the GET set)
 * @param largeList pods in the large LIST namespace
 * @param watchers concurrent watches of the fan-out
 * @param watchWrites updates made while they watch
 * @param connections HTTP/2 connections for ordinary requests
 * @param watchConnections HTTP/2 connections the watches are spread over
 * @param warmupSeconds unmeasured mixed load at the start of each run (JIT of both sides)
 * @param requestTimeout bound on every request
 * @param startTimeout bound on the server's start-up
 * @param launcher {@code bin/kube4j}
 * @param workDir where the servers' temporary directories go
 * @param out the Markdown report
 */
record ApiBenchOptions(String mode, int runs, List<String> sections, int writeRate, int writeSeconds,
    int readSeconds, int listSeconds, int readClients, int listClients, int smallList, int largeList,
    int watchers, int watchWrites, int connections, int watchConnections, int warmupSeconds,
    Duration requestTimeout, Duration startTimeout, Path launcher, Path workDir, Path out) {

  ApiBenchOptions {
    sections = List.copyOf(sections);
    if (largeList < smallList) {
      throw new IllegalArgumentException("--large-list must not be below --small-list");
    }
  }

  boolean runs(String section) {
    return sections.contains(section);
  }
}
