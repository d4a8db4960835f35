package io.kube4j.store.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AutoCompactionTest {
  private static final Duration FIVE_MIN = Duration.ofMinutes(5);
  private static final long MINUTE = Duration.ofMinutes(1).toNanos();

  @Test
  void parsesEtcdRetentionSyntax() {
    assertThat(AutoCompaction.parse("periodic", "0", FIVE_MIN)).isInstanceOf(AutoCompaction.Disabled.class);
    assertThat(AutoCompaction.parse("revision", "0", FIVE_MIN)).isInstanceOf(AutoCompaction.Disabled.class);
    assertThat(AutoCompaction.parse("periodic", "", FIVE_MIN)).isInstanceOf(AutoCompaction.Disabled.class);
    assertThat(((AutoCompaction.Periodic) AutoCompaction.parse("periodic", "1", FIVE_MIN)).period())
        .isEqualTo(Duration.ofHours(1));
    assertThat(((AutoCompaction.Periodic) AutoCompaction.parse("periodic", "30m", FIVE_MIN)).period())
        .isEqualTo(Duration.ofMinutes(30));
    assertThat(((AutoCompaction.Periodic) AutoCompaction.parse("", "1h30m", FIVE_MIN)).period())
        .isEqualTo(Duration.ofMinutes(90));
    assertThat(((AutoCompaction.Periodic) AutoCompaction.parse("periodic", "1.5s", FIVE_MIN)).period())
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(((AutoCompaction.Revision) AutoCompaction.parse("revision", "1000", FIVE_MIN)).keep()).isEqualTo(1000);
    assertThatThrownBy(() -> AutoCompaction.parse("periodic", "1x", FIVE_MIN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AutoCompaction.parse("revision", "1h", FIVE_MIN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AutoCompaction.parse("hourly", "1", FIVE_MIN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void periodicSamplesEveryTenthAndKeepsAboutOneRetentionOfHistory() {
    var policy = (AutoCompaction.Periodic) AutoCompaction.parse("periodic", "10m", FIVE_MIN);
    assertThat(policy.interval()).isEqualTo(Duration.ofMinutes(1));
    long start = 1_000 * MINUTE;
    // the revision grows by 100 a minute
    for (int minute = 0; minute < 10; minute++) {
      assertThat(policy.tick(start + minute * MINUTE, 100L * minute + 1)).as("minute %d", minute).isEmpty();
    }
    // ten minutes in: compact to what the revision was ten minutes ago
    assertThat(policy.tick(start + 10 * MINUTE, 1001)).isEqualTo(OptionalLong.of(1));
    // not again until another retention period passed
    for (int minute = 11; minute < 20; minute++) {
      assertThat(policy.tick(start + minute * MINUTE, 100L * minute + 1)).isEmpty();
    }
    assertThat(policy.tick(start + 20 * MINUTE, 2001)).isEqualTo(OptionalLong.of(1001));
  }

  @Test
  void periodicCompactsAtMostHourlyForLongRetentions() {
    var policy = (AutoCompaction.Periodic) AutoCompaction.parse("periodic", "5h", FIVE_MIN);
    assertThat(policy.interval()).isEqualTo(Duration.ofMinutes(6));
    long t = 0;
    long compactedTo = -1;
    int compactions = 0;
    for (int tick = 0; tick <= 10 * 8; tick++) { // eight hours in 6-minute ticks, revision = minutes
      t = tick * 6 * MINUTE;
      OptionalLong target = policy.tick(t, tick * 6L + 1);
      if (target.isPresent()) {
        compactions++;
        compactedTo = target.getAsLong();
        // never compacts history younger than the retention
        assertThat(target.getAsLong()).isLessThanOrEqualTo(tick * 6L + 1 - 5 * 60);
      }
    }
    assertThat(compactions).isBetween(3, 4); // at 5h, 6h, 7h, 8h
    assertThat(compactedTo).isEqualTo(3 * 60 + 1); // at 8h: the revision of 3h
  }

  @Test
  void revisionKeepsTheLastNRevisions() {
    var policy = AutoCompaction.parse("revision", "100", Duration.ofMillis(10));
    assertThat(policy.interval()).isEqualTo(Duration.ofMillis(10));
    assertThat(policy.tick(0, 50)).isEmpty();
    assertThat(policy.tick(1, 150)).isEqualTo(OptionalLong.of(50));
    assertThat(policy.tick(2, 150)).as("nothing new").isEmpty();
    assertThat(policy.tick(3, 175)).isEqualTo(OptionalLong.of(75));
  }
}
