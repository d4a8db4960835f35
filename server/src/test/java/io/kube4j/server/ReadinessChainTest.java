package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReadinessChainTest {

  private final List<String> events = new CopyOnWriteArrayList<>();

  private final class Recorder implements ServerComponent {
    private final String name;
    private final CountDownLatch release;
    private final boolean fails;
    private final CountDownLatch stopped = new CountDownLatch(1);

    Recorder(String name) {
      this(name, new CountDownLatch(0), false);
    }

    Recorder(String name, CountDownLatch release, boolean fails) {
      this.name = name;
      this.release = release;
      this.fails = fails;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void start() throws Exception {
      events.add("start " + name);
      if (!release.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("test never released " + name);
      }
      if (fails) {
        throw new IllegalStateException(name + " cannot start");
      }
      events.add("ready " + name);
    }

    @Override
    public void awaitTermination() throws InterruptedException {
      stopped.await();
    }

    /** As if the component failed fatally at run time. */
    void stopOnItsOwn() {
      events.add("died " + name);
      stopped.countDown();
    }

    @Override
    public void close() {
      events.add("close " + name);
      stopped.countDown();
    }
  }

  @Test
  void startsInOrderEachAfterThePreviousIsReadyAndStopsInReverse() throws Exception {
    ReadinessChain chain = new ReadinessChain(List.of(new Recorder("store"), new Recorder("apiserver"), new Recorder("controllers")));

    chain.start();
    assertThat(chain.ready()).containsExactly("store", "apiserver", "controllers");
    chain.close();
    chain.close();

    assertThat(events).containsExactly(
        "start store", "ready store", "start apiserver", "ready apiserver", "start controllers", "ready controllers",
        "close controllers", "close apiserver", "close store");
    assertThat(chain.awaitTermination()).as("closed, not stopped by a component").isNull();
  }

  @Test
  void aComponentStoppingOnItsOwnStopsTheRest() throws Exception {
    Recorder store = new Recorder("store");
    ReadinessChain chain = new ReadinessChain(List.of(store, new Recorder("apiserver")));
    chain.start();

    store.stopOnItsOwn();

    assertThat(chain.awaitTermination()).isEqualTo("store");
    assertThat(events).containsExactly(
        "start store", "ready store", "start apiserver", "ready apiserver", "died store", "close apiserver", "close store");
  }

  @Test
  void aFailureStopsTheChainAndClosesWhatStarted() {
    ReadinessChain chain = new ReadinessChain(List.of(
        new Recorder("store"), new Recorder("apiserver", new CountDownLatch(0), true), new Recorder("controllers")));

    assertThatThrownBy(chain::start).hasMessage("apiserver cannot start");

    assertThat(events).containsExactly("start store", "ready store", "start apiserver", "close apiserver", "close store");
    assertThat(chain.ready()).isEmpty();
  }

  @Test
  void closeDuringStartStopsAfterTheComponentBeingStarted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ReadinessChain chain = new ReadinessChain(List.of(new Recorder("store", release, false), new Recorder("apiserver")));
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread starter = Thread.ofVirtual().start(() -> {
      try {
        chain.start();
      } catch (Throwable t) {
        outcome.set(t);
      }
    });
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("start store"));

    chain.close(); // as a shutdown hook would, while the store is still starting
    release.countDown();
    assertThat(starter.join(Duration.ofSeconds(5))).isTrue();

    assertThat(outcome.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed while store was starting");
    assertThat(events).containsExactly("start store", "ready store", "close store");
    assertThat(chain.ready()).isEmpty();
  }
}
