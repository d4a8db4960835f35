package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.SharedInformerFactory;
import io.kube4j.scheduler.config.PluginContext;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.metrics.SchedulerMetrics;
import io.kube4j.scheduler.queue.BackoffPolicy;
import io.kube4j.scheduler.queue.QueueingEvents;
import io.kube4j.scheduler.queue.SchedulingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * A running scheduler for one or several {@link Profile}s against an apiserver: pod and node informers feed a
 * {@link SchedulerCache} and a {@link SchedulingQueue} (through {@link InformerHandlers}), the
 * plugins' other inputs come from informers behind {@link ClusterListers}; one
 * thread runs the {@link SchedulingLoop}; bindings run on virtual threads; the queue's backoff and
 * unschedulable flushes run on a scheduled executor.
 *
 * <p>{@link #start} returns once all informers have listed the cluster and the loop is running.
 * {@link #close} stops everything it started, waiting briefly for the loop thread; it does not
 * close the client, which the caller owns. Thread-safe.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

    private final SharedInformerFactory informers;
    private final SchedulingQueue queue;
    private final SchedulerCache cache;
    private final ScheduledExecutorService flusher;
    private final ExecutorService binders;
    private final Thread loopThread;
    private volatile AutoCloseable metricsWatch = () -> { };
    private volatile List<AsyncEventWriter> events = List.of();
    private volatile boolean closed;

    private Scheduler(SharedInformerFactory informers, SchedulingQueue queue, SchedulerCache cache,
                      ScheduledExecutorService flusher, ExecutorService binders, ProfileDispatch loop) {
        this.informers = informers;
        this.queue = queue;
        this.cache = cache;
        this.flusher = flusher;
        this.binders = binders;
        this.loopThread = Thread.ofPlatform().name("kube4j-scheduler-" + loop.hashCode()).daemon()
                .unstarted(() -> run(loop));
    }

    /**
     * Starts informers, waits for their first list, and starts scheduling.
     *
     * <p>{@code profile}'s plugins keep the inputs they were built with: a profile from
     * {@link Profile#defaults()} sees no Services, no namespaces' labels and no claims (pods with
     * claims stay unschedulable); use {@link #start(KubernetesClient, Function)} for the cluster's.
     *
     * @throws IllegalStateException if the informers do not sync within 60 s (everything started is stopped)
     */
    public static Scheduler start(KubernetesClient client, Profile profile) throws InterruptedException {
        return start(client, context -> profile, new SchedulerMetrics());
    }

    /** As {@link #start(KubernetesClient, Function, SchedulerMetrics)}, with metrics of its own. */
    public static Scheduler start(KubernetesClient client, Function<PluginContext, Profile> profileFor)
            throws InterruptedException {
        return start(client, profileFor, new SchedulerMetrics());
    }

    /**
     * Like {@link #start(KubernetesClient, Profile)}, building the profile from plugin inputs read
     * through this scheduler's informers (Services and controllers, namespaces, claims, volumes and
     * storage classes; see {@link ClusterListers}), e.g. {@code Scheduler.start(client, Profile::defaults, metrics)},
     * and reporting to {@code metrics} (its pending-pods gauge counts this scheduler's queue until
     * {@link #close}).
     */
    public static Scheduler start(KubernetesClient client, Function<PluginContext, Profile> profileFor,
                                  SchedulerMetrics metrics) throws InterruptedException {
        return start(client, List.of(profileFor), metrics);
    }

    /**
     * As {@link #start(KubernetesClient, Function, SchedulerMetrics)} for several profiles, as
     * upstream runs them: one queue (sorted by the profiles' common QueueSort plugin), one cache,
     * one scheduling thread; each pod is scheduled by the profile its {@code spec.schedulerName}
     * names.
     *
     * @throws IllegalArgumentException if there is no profile, two share a scheduler name, or their
     *                                  QueueSort plugins differ (upstream's errors)
     */
    public static Scheduler start(KubernetesClient client, List<Function<PluginContext, Profile>> profilesFor,
                                  SchedulerMetrics metrics) throws InterruptedException {
        SharedInformerFactory factory = client.informers();
        ClusterListers listers = ClusterListers.register(factory);
        PluginContext context = listers.context(new Fabric8VolumeWriter(client));
        List<Profile> profiles = profilesFor.stream().map(f -> f.apply(context)).toList();
        Profile first = checkedProfiles(profiles);
        SchedulerCache cache = new SchedulerCache();
        SchedulingQueue queue = new SchedulingQueue(first.queueSort(),
                profiles.size() == 1 ? first.preEnqueue() : List.of(new ProfilePreEnqueue(profiles)),
                QueueingEvents.of(profiles.stream().flatMap(p -> p.plugins().values().stream()).toList()),
                InstantSource.system(), BackoffPolicy.DEFAULT, SchedulingQueue.DEFAULT_MAX_IN_UNSCHEDULABLE);
        InformerHandlers handlers = new InformerHandlers(
                profiles.stream().map(Profile::schedulerName).collect(Collectors.toSet()), cache, queue);

        listers.requeueThrough(handlers);
        SharedIndexInformer<Node> nodeInformer = InformerRetries.always(factory.sharedIndexInformerFor(Node.class, 0));
        SharedIndexInformer<Pod> podInformer = InformerRetries.always(factory.sharedIndexInformerFor(Pod.class, 0));
        nodeInformer.addEventHandler(handlers.nodes());
        podInformer.addEventHandler(handlers.pods());
        PreemptionInputs.wire(factory, profiles, queue);

        ExecutorService binders = Executors.newVirtualThreadPerTaskExecutor();
        Executor bindExecutor = new BoundedBindExecutor(binders, BoundedBindExecutor.DEFAULT_LIMIT);
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("kube4j-scheduler-queue-flush").daemon().factory());
        List<SchedulingLoop> loops = new ArrayList<>();
        List<AsyncEventWriter> writers = new ArrayList<>();
        for (Profile profile : profiles) {
            // Events go out on their own thread (bounded, dropping when full), off the binding path.
            AsyncEventWriter writer = new AsyncEventWriter(
                    new Fabric8ClusterWriter(client, profile.schedulerName(), hostName(), Clock.systemUTC()),
                    AsyncEventWriter.DEFAULT_CAPACITY);
            writers.add(writer);
            SchedulingLoop loop = new SchedulingLoop(profile, queue, cache, writer,
                    key -> podInformer.getIndexer().getByKey(key), bindExecutor, RandomGenerator.getDefault(), metrics);
            loop.useNominatedPods(PreemptionInputs.nominated(queue));
            loops.add(loop);
        }
        ProfileDispatch loop = new ProfileDispatch(queue, loops);
        Scheduler scheduler = new Scheduler(factory, queue, cache, flusher, binders, loop);
        scheduler.events = List.copyOf(writers);
        try {
            factory.startAllRegisteredInformers().get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            scheduler.close();
            throw new IllegalStateException("scheduler informers did not sync: " + e, e);
        } catch (InterruptedException e) {
            scheduler.close();
            throw e;
        }
        queue.start(flusher);
        scheduler.metricsWatch = metrics.watchQueue(queue::counts);
        scheduler.loopThread.start();
        LOG.info("scheduler {} started with {} nodes",
                profiles.stream().map(Profile::schedulerName).toList(), cache.nodeCount());
        return scheduler;
    }

    private static Profile checkedProfiles(List<Profile> profiles) {
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("at least one profile is required");
        }
        Profile first = profiles.getFirst();
        Set<String> names = new HashSet<>();
        for (Profile p : profiles) {
            if (!names.add(p.schedulerName())) {
                throw new IllegalArgumentException("duplicate profile with scheduler name \"" + p.schedulerName() + "\"");
            }
            if (!p.queueSort().name().equals(first.queueSort().name())) {
                throw new IllegalArgumentException("different queue sort plugins for profile \"" + p.schedulerName()
                        + "\": \"" + p.queueSort().name() + "\", first: \"" + first.queueSort().name() + "\"");
            }
        }
        return first;
    }

    /** The queue of pending pods (for inspection and metrics). */
    public SchedulingQueue queue() {
        return queue;
    }

    /** The cache of nodes and assigned pods (for inspection). */
    public SchedulerCache cache() {
        return cache;
    }

    private void run(ProfileDispatch loop) {
        while (!closed) {
            try {
                loop.scheduleNext(null);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("scheduling loop error", e);
            }
        }
    }

    /** Stops the loop, the informers and the executors; later calls do nothing. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            metricsWatch.close();
        } catch (Exception e) {
            LOG.debug("metrics watch close failed", e);
        }
        queue.close();
        informers.stopAllRegisteredInformers();
        flusher.shutdownNow();
        if (loopThread.isAlive()) {
            loopThread.join(Duration.ofSeconds(10));
        }
        binders.shutdown();
        if (!binders.awaitTermination(10, TimeUnit.SECONDS)) {
            binders.shutdownNow();
        }
        for (AsyncEventWriter writer : events) {
            writer.close();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
