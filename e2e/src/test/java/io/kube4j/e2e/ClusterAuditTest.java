package io.kube4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.WatchEvent;
import io.kube4j.store.testing.History;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit's checks find what they claim to find: an audit that passes everything proves nothing. */
class ClusterAuditTest {

  /** Puts a=1@2, b=2@3, a=3@4 acknowledged, b=4 unknown (it committed at 5). */
  private static History history() {
    History h = new History();
    h.put(new History.Put("a", "1", 0, 10, History.Outcome.OK, 2));
    h.put(new History.Put("b", "2", 20, 30, History.Outcome.OK, 3));
    h.put(new History.Put("a", "3", 40, 50, History.Outcome.OK, 4));
    h.put(new History.Put("b", "4", 60, 70, History.Outcome.UNKNOWN, 0));
    return h;
  }

  private static KeyValue kv(String key, String value, long create, long mod, long version) {
    return new KeyValue(Bytes.of(key), create, mod, version, Bytes.of(value), 0);
  }

  private static ClusterAudit.SeenEvent put(String key, String value, long create, long mod, long version) {
    return new ClusterAudit.SeenEvent(key, value, mod, create, version, WatchEvent.Type.PUT);
  }

  private static List<ClusterAudit.SeenEvent> fullWatch() {
    return List.of(put("a", "1", 2, 2, 1), put("b", "2", 3, 3, 1), put("a", "3", 2, 4, 2), put("b", "4", 3, 5, 2));
  }

  @Test
  void aCompleteFinalStatePasses() {
    var state = new ClusterAudit.FinalState(5, Map.of("a", kv("a", "3", 2, 4, 2), "b", kv("b", "4", 3, 5, 2)));
    assertThat(ClusterAudit.lostWrites(history(), state)).isEmpty();
  }

  @Test
  void anAcknowledgedWriteMissingFromTheFinalStateIsReported() {
    var older = new ClusterAudit.FinalState(5, Map.of("a", kv("a", "1", 2, 2, 1), "b", kv("b", "4", 3, 5, 2)));
    assertThat(ClusterAudit.lostWrites(history(), older)).singleElement().asString().contains("is lost").contains("value=3");

    var absent = new ClusterAudit.FinalState(5, Map.of("b", kv("b", "4", 3, 5, 2)));
    assertThat(ClusterAudit.lostWrites(history(), absent)).hasSize(2).allMatch(v -> v.contains("is gone"));
  }

  @Test
  void aFinalValueNobodyWroteOrAtTheWrongRevisionIsReported() {
    var invented = new ClusterAudit.FinalState(5, Map.of("a", kv("a", "3", 2, 4, 2), "b", kv("b", "x", 3, 5, 2)));
    assertThat(ClusterAudit.lostWrites(history(), invented)).singleElement().asString().contains("written by no put");

    var moved = new ClusterAudit.FinalState(6, Map.of("a", kv("a", "3", 2, 6, 2), "b", kv("b", "4", 3, 5, 2)));
    assertThat(ClusterAudit.lostWrites(history(), moved)).singleElement().asString().contains("acknowledged at another revision");
  }

  @Test
  void aCompleteOrderedWatchPasses() {
    assertThat(ClusterAudit.watchViolations(fullWatch(), history(), 2, 5)).isEmpty();
  }

  @Test
  void aGapADuplicateAndAShortWatchAreReported() {
    List<ClusterAudit.SeenEvent> gap = new ArrayList<>(fullWatch());
    gap.remove(1);
    assertThat(ClusterAudit.watchViolations(gap, history(), 2, 5))
        .anyMatch(v -> v.startsWith("gap: revisions 3..3"))
        .anyMatch(v -> v.contains("value=2") && v.contains("not in the watch"));

    List<ClusterAudit.SeenEvent> duplicate = new ArrayList<>(fullWatch());
    duplicate.add(2, duplicate.get(1));
    assertThat(ClusterAudit.watchViolations(duplicate, history(), 2, 5)).singleElement().asString()
        .startsWith("duplicate or out-of-order event at revision 3");

    assertThat(ClusterAudit.watchViolations(fullWatch().subList(0, 3), history(), 2, 5)).singleElement().asString()
        .contains("the watch stopped at revision 4, the cluster is at 5");
  }

  @Test
  void aWatchEventWithAnotherValueThanTheAcknowledgedPutIsReported() {
    List<ClusterAudit.SeenEvent> wrong = new ArrayList<>(fullWatch());
    wrong.set(2, put("a", "1", 2, 4, 2));
    assertThat(ClusterAudit.watchViolations(wrong, history(), 2, 5)).singleElement().asString()
        .contains("value=3").contains("not in the watch at its revision");

    wrong.set(2, put("a", "nobody", 2, 4, 2));
    assertThat(ClusterAudit.watchViolations(wrong, history(), 2, 5))
        .anyMatch(v -> v.contains("no put of this key wrote"));
  }
}
