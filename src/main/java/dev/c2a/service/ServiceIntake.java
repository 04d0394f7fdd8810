package dev.c2a.service;

import dev.c2a.api.InvalidRequestException;
import dev.c2a.api.ServiceState;
import dev.c2a.api.WorkerSnapshot;
import dev.c2a.events.Metrics;
import dev.c2a.intake.Inbound;
import dev.c2a.intake.Intake;
import dev.c2a.intake.Messages;
import dev.c2a.job.IdempotencyConflictException;
import dev.c2a.job.JobSpec;
import dev.c2a.job.JobState;
import dev.c2a.job.Reply;
import dev.c2a.queue.JobQueue;
import dev.c2a.worker.WorkerPool;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The service's side of intake: each message read and checked as a {@code POST /v1/jobs} is, the
 * valid ones committed with their inbox rows in one transaction. A message that cannot become a job
 * is refused with the reason an HTTP client would get; the ledger being down refuses none of them
 * but throws, so the adapter acknowledges nothing.
 */
final class ServiceIntake implements Intake {
    /** Messages taken in beyond the idle workers: enough that a worker finishing finds its next job waiting. */
    static final int BUFFER = 32;
    /** How long a read of the queued count serves {@link #room()}: adapters ask every 200 ms or so. */
    private static final long QUEUED_FRESH_MILLIS = 250;

    private final JobQueue queue;
    private final WorkerPool pool;
    private final Function<Messages.Read, JobSpec> accept;
    private final Runnable checkSpace;
    private final Metrics metrics;
    private final long maxMessageBytes;
    private long queuedReadAt;
    private long queued;

    /**
     * @param accept     validates and plans a message's request as a submission is, or throws its refusal
     * @param checkSpace throws when this node accepts nothing now (its disk is nearly full)
     */
    ServiceIntake(JobQueue queue, WorkerPool pool, Function<Messages.Read, JobSpec> accept, Runnable checkSpace,
                  Metrics metrics, long maxMessageBytes) {
        this.queue = queue;
        this.pool = pool;
        this.accept = accept;
        this.checkSpace = checkSpace;
        this.metrics = metrics;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public List<Outcome> accept(String source, List<Inbound> messages) {
        checkSpace.run();
        Outcome[] outcomes = new Outcome[messages.size()];
        List<JobQueue.Message> valid = new ArrayList<>(messages.size());
        List<Integer> at = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Inbound m = messages.get(i);
            try {
                Messages.Read read = Messages.read(m, maxMessageBytes);
                JobSpec spec = accept.apply(read);
                Reply reply = Reply.fromMessage(spec.reply(), source, m.messageId(), read.replyTo());
                valid.add(new JobQueue.Message(source, m.messageId(), spec.withReply(reply)));
                at.add(i);
            } catch (InvalidRequestException e) {
                outcomes[i] = new Outcome.Refused(e.getMessage());
            }
        }
        List<JobQueue.Received> received = enqueue(valid);
        for (int k = 0; k < at.size(); k++) {
            JobQueue.Received r = received.get(k);
            outcomes[at.get(k)] = r == null ? new Outcome.Refused(conflict(valid.get(k)))
                    : new Outcome.Accepted(r.jobId(), r.created());
        }
        for (Outcome o : outcomes) {
            metrics.intake(source, o instanceof Outcome.Refused ? "refused"
                    : ((Outcome.Accepted) o).created() ? "accepted" : "duplicate");
        }
        return List.of(outcomes);
    }

    /**
     * All in one transaction; when an idempotency key conflicts, one by one, so that only the
     * conflicting message is refused (null in its place).
     */
    private List<JobQueue.Received> enqueue(List<JobQueue.Message> valid) {
        if (valid.isEmpty()) {
            return List.of();
        }
        try {
            return queue.enqueueMessages(valid);
        } catch (IdempotencyConflictException e) {
            List<JobQueue.Received> out = new ArrayList<>(valid.size());
            for (JobQueue.Message m : valid) {
                try {
                    out.add(queue.enqueueMessages(List.of(m)).getFirst());
                } catch (IdempotencyConflictException conflict) {
                    out.add(null);
                }
            }
            return out;
        }
    }

    private static String conflict(JobQueue.Message m) {
        return "idempotencyKey '" + m.spec().idempotencyKey() + "' belongs to a job with a different request";
    }

    @Override
    public int room() {
        if (pool.state() != ServiceState.RUNNING || pool.claimsHeld().isPresent()) {
            return 0;
        }
        List<WorkerSnapshot> workers = pool.snapshots();
        long busy = workers.stream().filter(WorkerSnapshot::busy).count();
        long waiting;
        try {
            waiting = queuedNow();
        } catch (RuntimeException e) {
            return 0;
        }
        return (int) Math.max(0, pool.desired() + BUFFER - busy - waiting);
    }

    private synchronized long queuedNow() {
        long now = System.nanoTime() / 1_000_000;
        if (now - queuedReadAt > QUEUED_FRESH_MILLIS) {
            queued = queue.counts().getOrDefault(JobState.QUEUED, 0L);
            queuedReadAt = now;
        }
        return queued;
    }

    @Override
    public Optional<JobState> finished(String jobId) {
        return queue.find(jobId).map(j -> j.state()).filter(JobState::isFinal);
    }
}
