package dev.c2a.maintenance;

import dev.c2a.queue.Coordination;

import java.time.Duration;

/**
 * The leader forgets nodes that have been lost or gone for a day: the cluster view shows a lost
 * node long enough for an operator to see it, not forever (each restart of a container with a new
 * name would add one).
 */
public final class LostNodes implements Duties.Duty {
    public static final Duration EVERY = Duration.ofMinutes(10);
    static final Duration KEEP = Duration.ofDays(1);
    private final Coordination coordination;

    public LostNodes(Coordination coordination) {
        this.coordination = coordination;
    }

    @Override
    public String name() {
        return "forgetting lost nodes";
    }

    @Override
    public void run() {
        coordination.forgetNodes(KEEP);
    }
}
