package dev.c2a.events;

import dev.c2a.api.BusyException;
import dev.c2a.api.EventStream;
import dev.c2a.api.ServiceStatus;
import dev.c2a.api.StatusSample;
import dev.c2a.job.Transition;
import dev.c2a.json.Json;
import dev.c2a.queue.Outbox;
import dev.c2a.worker.JobObserver;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What {@code GET /v1/events} streams: job state changes as they happen, and once a second the
 * service's status (workers with their job, stage and progress). Each event is serialised once,
 * whatever the number of listeners, and handed to each listener's bounded queue; a listener that
 * falls 1,024 events behind is dropped (its browser reconnects and starts from the status), so a
 * slow dashboard can never hold memory or slow a worker. With no listener, nothing is computed. A
 * batch of jobs is one event, not one per job: 10,000 at once would drop every listener.
 *
 * <p>It also keeps the recent history the dashboard charts: every 5 s, queue depth and the
 * succeeded and failed counts, for the last 15 minutes.
 */
public final class Events implements JobObserver, AutoCloseable {
    /** Event streams open at once at most. */
    public static final int MAX_LISTENERS = 64;
    private static final int QUEUE = 1024;
    private static final int HISTORY = 180;
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    /** Job events are sent together at most this often: one write per listener, not one per job. */
    private static final long FLUSH_MILLIS = 250;

    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<StatusSample> history = new ArrayDeque<>();
    private final ScheduledExecutorService timer;
    private final InstantSource clock;
    private final StringBuilder pendingJobs = new StringBuilder();
    private final EventFeed finished;

    /** A connected dashboard: the events it has not been sent yet. */
    public final class Listener implements EventStream {
        private final BlockingQueue<String> pending = new ArrayBlockingQueue<>(QUEUE);
        private volatile boolean dropped;

        @Override
        public String next(Duration wait) throws InterruptedException {
            return pending.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public boolean dropped() {
            return dropped;
        }

        void offer(String event) {
            if (!pending.offer(event)) {
                dropped = true;
                listeners.remove(this);
            }
        }

        @Override
        public void close() {
            listeners.remove(this);
        }
    }

    /** @param outbox where every node's finished jobs are read from */
    public Events(InstantSource clock, Outbox outbox) {
        this.clock = clock;
        this.finished = new EventFeed(outbox);
        this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("c2a-events").daemon().factory());
    }

    /** Starts the status ticks, the job-event flushes and the chart's samples. */
    public void start(Supplier<ServiceStatus> status) {
        timer.scheduleWithFixedDelay(() -> tick(status), 1, 1, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(this::flushJobs, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> sample(status), 1_000, SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A new listener, whose first event is the status now. At most {@value #MAX_LISTENERS} at once:
     * each holds an HTTP thread and a connection for as long as it stays open.
     *
     * @throws BusyException when that many listen already
     */
    public synchronized Listener listen(ServiceStatus now) {
        if (listeners.size() >= MAX_LISTENERS) {
            throw new BusyException(MAX_LISTENERS + " event streams are open already, the most this service"
                    + " serves; close one (a dashboard tab) or poll GET /v1/service", Duration.ofSeconds(5));
        }
        Listener l = new Listener();
        l.offer(format("status", now));
        listeners.add(l);
        return l;
    }

    public int listeners() {
        return listeners.size();
    }

    public synchronized List<StatusSample> history() {
        return new ArrayList<>(history);
    }

    /**
     * A job moved here: its new state, the move's name and when (as the queue committed it). A move
     * that finished the job is streamed from the outbox instead, with every other node's.
     */
    @Override
    public void moved(Transition t, Attempt attempt) {
        if (!listeners.isEmpty() && !t.to().isFinal()) {
            String event = format("job", Map.of("id", t.jobId(), "state", t.to().wireName(), "move",
                    t.move().wireName(), "at", t.at().toString()));
            synchronized (pendingJobs) {
                pendingJobs.append(event);
            }
        }
    }

    /**
     * why batched: 80 jobs a second make 160 events; written one by one to ten dashboards, that was
     * 1,600 socket writes and thread wake-ups a second, and cost the workers a quarter of their
     * throughput on two cores (bench (h)). Four writes a second per dashboard cost nothing visible.
     */
    private void flushJobs() {
        readFinished();
        String events;
        synchronized (pendingJobs) {
            if (pendingJobs.isEmpty()) {
                return;
            }
            events = pendingJobs.toString();
            pendingJobs.setLength(0);
        }
        for (Listener l : listeners) {
            l.offer(events);
        }
    }

    /**
     * The outbox's new events, as job events, while anyone listens: with no listener nothing is read,
     * and the first read after one connects notes where the outbox stands.
     */
    private void readFinished() {
        if (listeners.isEmpty()) {
            finished.forget();
            return;
        }
        List<Outbox.Event> fresh;
        try {
            fresh = finished.next();
        } catch (RuntimeException e) {
            return; // the queue unreachable: the next flush reads on from the same place
        }
        synchronized (pendingJobs) {
            for (Outbox.Event e : fresh) {
                pendingJobs.append(format("job", Map.of("id", e.jobId(), "state", e.state().wireName(), "move",
                        e.state().wireName(), "at", e.at().toString())));
            }
        }
    }

    /** Many jobs were queued at once. */
    public void batch(int count) {
        if (!listeners.isEmpty() && count > 0) {
            publish("batch", Map.of("queued", count, "at", clock.instant().toString()));
        }
    }

    private void tick(Supplier<ServiceStatus> status) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            publish("status", status.get());
        } catch (RuntimeException e) {
            // a status that failed (the queue unreachable) is skipped; the next tick tries again
        }
    }

    private void sample(Supplier<ServiceStatus> status) {
        ServiceStatus s;
        try {
            s = status.get();
        } catch (RuntimeException e) {
            // why caught: a scheduled task that throws is never run again, and the chart would stop
            return;
        }
        Map<String, Long> jobs = s.jobs() == null ? Map.of() : s.jobs();
        StatusSample point = new StatusSample(clock.instant(), jobs.getOrDefault("queued", 0L), jobs.getOrDefault("running", 0L),
                s.counters().getOrDefault("succeeded", 0L), s.counters().getOrDefault("failed", 0L));
        synchronized (this) {
            history.addLast(point);
            while (history.size() > HISTORY) {
                history.removeFirst();
            }
        }
        if (!listeners.isEmpty()) {
            publish("sample", point);
        }
    }

    private void publish(String name, Object data) {
        String event = format(name, data);
        for (Listener l : listeners) {
            l.offer(event);
        }
    }

    private static String format(String name, Object data) {
        return "event: " + name + "\ndata: " + Json.write(data) + "\n\n";
    }

    @Override
    public void close() {
        timer.shutdownNow();
        listeners.clear();
    }
}
