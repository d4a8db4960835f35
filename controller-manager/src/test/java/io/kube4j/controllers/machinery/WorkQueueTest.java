package io.kube4j.controllers.machinery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    private final WorkQueue<String> queue = new WorkQueue<>("test", RateLimiter.exponential(Duration.ofMillis(5), Duration.ofSeconds(1)));

    @AfterEach
    void stop() {
        queue.shutDown();
    }

    @Test
    void anItemAddedManyTimesBeforeItIsTakenIsProcessedOnce() throws Exception {
        queue.add("a");
        queue.add("b");
        queue.add("a");
        assertThat(queue.length()).isEqualTo(2);
        assertThat(queue.get()).isEqualTo("a");
        assertThat(queue.get()).isEqualTo("b");
        assertThat(queue.length()).isZero();
    }

    @Test
    void anItemAddedWhileProcessedIsQueuedAgainOnlyWhenDone() throws Exception {
        queue.add("a");
        String taken = queue.get();
        queue.add("a");
        assertThat(queue.length()).as("not handed to a second worker while the first has it").isZero();
        queue.done(taken);
        assertThat(queue.length()).isEqualTo(1);
        assertThat(queue.get()).isEqualTo("a");
    }

    @Test
    void doneOfAnItemNotBeingProcessedChangesNothing() throws Exception {
        queue.add("a");
        queue.done("a");
        assertThat(queue.length()).isEqualTo(1);
    }

    @Test
    void neverRunsOneKeyInTwoWorkersAtOnce() throws Exception {
        Set<String> busy = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger processed = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            workers.add(Thread.ofVirtual().start(() -> {
                try {
                    String k;
                    while ((k = queue.get()) != null) {
                        if (!busy.add(k)) {
                            overlaps.incrementAndGet();
                        }
                        Thread.sleep(1);
                        busy.remove(k);
                        processed.incrementAndGet();
                        queue.done(k);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (int i = 0; i < 2000; i++) {
            queue.add("k" + (i % 5));
        }
        assertThat(queue.awaitIdle(Duration.ofSeconds(20))).isTrue();
        queue.shutDown();
        for (Thread t : workers) {
            t.join(Duration.ofSeconds(5));
        }
        assertThat(overlaps.get()).isZero();
        assertThat(processed.get()).isBetween(5, 2000);
    }

    @Test
    void addAfterReleasesTheItemOnceTheDelayPassesAndKeepsTheEarliestWait() throws Exception {
        long start = System.nanoTime();
        queue.addAfter("late", Duration.ofSeconds(30));
        queue.addAfter("late", Duration.ofMillis(50));
        queue.addAfter("late", Duration.ofSeconds(10));
        assertThat(queue.length()).isZero();
        assertThat(queue.get()).isEqualTo("late");
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(waitedMs).isBetween(45L, 5_000L);
    }

    @Test
    void rateLimitedRetriesBackOffExponentiallyUntilForgotten() {
        RateLimiter<String> limiter = RateLimiter.exponential(Duration.ofMillis(5), Duration.ofMillis(100));
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            waits.add(limiter.when("x"));
        }
        assertThat(waits).containsExactly(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofMillis(40), Duration.ofMillis(80), Duration.ofMillis(100), Duration.ofMillis(100));
        assertThat(limiter.retries("x")).isEqualTo(7);
        limiter.forget("x");
        assertThat(limiter.retries("x")).isZero();
        assertThat(limiter.when("x")).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void theBucketLetsABurstThroughThenSpacesItemsAtItsRate() {
        RateLimiter<String> bucket = RateLimiter.bucket(10, 3);
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waits.add(bucket.when("i" + i));
        }
        assertThat(waits.subList(0, 3)).allMatch(Duration::isZero);
        assertThat(waits.get(3)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(waits.get(4)).isBetween(Duration.ofMillis(150), Duration.ofMillis(200));
    }

    @Test
    void shutDownReleasesBlockedWorkers() throws Exception {
        CountDownLatch returned = new CountDownLatch(1);
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        Thread.ofVirtual().start(() -> {
            try {
                got.add(String.valueOf(queue.get()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            returned.countDown();
        });
        Thread.sleep(50);
        queue.shutDown();
        assertThat(returned.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(got).containsExactly("null");
        queue.add("ignored");
        assertThat(queue.length()).isZero();
    }
}
