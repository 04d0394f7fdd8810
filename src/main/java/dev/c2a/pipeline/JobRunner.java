package dev.c2a.pipeline;

import dev.c2a.job.JobResult;
import dev.c2a.job.JobSpec;
import dev.c2a.queue.Lease;
import dev.c2a.speech.CancelSignal;
import dev.c2a.speech.SpeechException;

import java.io.IOException;

/**
 * What the workers run a claimed job with, and how they clean up after a claim: the
 * {@link JobPipeline} in production; a test passes its own to drive the loop without engines.
 */
public interface JobRunner {

    /** Makes and stores the job's audio under names that carry {@code jobId} and {@code token}. */
    JobResult run(String jobId, long token, JobSpec spec, CancelSignal cancel, JobPipeline.Listener listener)
            throws SpeechException, JobPipeline.StoppedException, IOException, InterruptedException;

    /** The job will not run again (it succeeded or was cancelled): what was kept for a retry can go. */
    void forget(String jobId);

    /** The ledger refused this claim's result (its lease was lost): its files go. */
    void discard(String jobId, long token);

    /** A claim expired (its worker died): whatever it had written goes. */
    void discardPartial(Lease expired);
}
