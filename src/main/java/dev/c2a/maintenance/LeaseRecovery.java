package dev.c2a.maintenance;

import dev.c2a.pipeline.JobPipeline;
import dev.c2a.queue.JobQueue;
import dev.c2a.worker.JobObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The leader's rescue of jobs whose workers stopped answering: each job whose lease expired goes
 * back to the queue (or is quarantined), and the files its last claim published are removed. Every
 * move is guarded by the lease's token and expiry, so a second leader for a moment moves nothing
 * twice, and a worker whose node beat in between keeps its job.
 */
public final class LeaseRecovery implements Duties.Duty {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseRecovery.class);
    private final JobQueue queue;
    private final JobPipeline pipeline;
    private final JobObserver observer;
    private final BooleanSupplier mayRecover;
    private final Duties files;

    /**
     * @param mayRecover whether this node leads and may recover now (not just after a database outage)
     * @param files      where the dead claims' files are removed: not on the recovery's own thread,
     *                   which a slow object store must not hold up (it beats for the node too)
     */
    public LeaseRecovery(JobQueue queue, JobPipeline pipeline, JobObserver observer, BooleanSupplier mayRecover,
                         Duties files) {
        this.queue = queue;
        this.pipeline = pipeline;
        this.observer = observer;
        this.mayRecover = mayRecover;
        this.files = files;
    }

    /**
     * A second (a quarter lease when that is shorter): a dead node's jobs move on within about a
     * second of their leases' end. The search is one indexed read of the running jobs, cheap enough
     * for the leader to make each second.
     */
    public static Duration every(Duration lease) {
        return Duration.ofMillis(Math.max(100, Math.min(1000, lease.toMillis() / 4)));
    }

    @Override
    public String name() {
        return "lease recovery";
    }

    @Override
    public void run() {
        if (!mayRecover.getAsBoolean()) {
            return;
        }
        List<JobQueue.Expired> expired = queue.recoverExpiredLeases();
        if (!expired.isEmpty()) {
            LOG.warn("{} job(s) lost their worker (lease expired) and were requeued", expired.size());
            for (JobQueue.Expired e : expired) {
                observer.moved(e.transition(), null);
            }
            files.runSoon(Duties.duty("removing the files of dead claims",
                    () -> expired.forEach(e -> pipeline.discardPartial(e.lease()))));
        }
    }
}
