package dev.c2a.cluster;

import dev.c2a.api.Node;
import dev.c2a.queue.Coordination.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Other processes beating under this node's id (a copied configuration, two processes on one host
 * named after it), as this node's beats find them: a beat after the node's first that finds the
 * row written by another incarnation was preceded by that incarnation's beat since the node's last
 * one, so that process is alive (found by the first beat, the row is a predecessor's: a stopped or
 * crashed start of this node). One is gone once its last beat is three of its beats old by the
 * database's clock, or its row says it left. Of two, the later-started yields to the earlier (by
 * start, then incarnation), so that one process works under the name the cluster view and
 * per-node control use. Called from the beat's thread only.
 */
final class SameIdWatch {
    private static final Logger LOG = LoggerFactory.getLogger(SameIdWatch.class);
    private static final Comparator<Member> BY_START = Comparator.comparing(Member::startedAt)
            .thenComparing(Member::incarnation);
    private final Node node;
    /** In the database's precision, as the others' starts come back from it. */
    private final Instant startedAt;
    private final Map<String, Member> others = new HashMap<>();
    private boolean beaten;

    SameIdWatch(Node node, Instant startedAt) {
        this.node = node;
        this.startedAt = startedAt.truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * After a beat at {@code at} (the database's "now") that found {@code before} (null when the row
     * was this node's or absent): the earliest-started other process still beating under this id that
     * started before this one, which this node yields to.
     */
    Optional<Member> afterBeat(Instant at, Member before) {
        if (before != null && beaten) {
            if (before.leftAt() != null) {
                others.remove(before.incarnation());
            } else if (others.put(before.incarnation(), before) == null && !startedBefore(before)) {
                LOG.error("another process beats under this node-id {} (incarnation {}, started {}); it claims"
                        + " nothing while this one runs: give each node its own node-id", node.id(),
                        before.incarnation(), before.startedAt());
            }
        }
        beaten = true;
        others.values().removeIf(m -> at.isAfter(m.beatAt().plus(m.every().multipliedBy(3))));
        return others.values().stream().filter(this::startedBefore).min(BY_START);
    }

    private boolean startedBefore(Member other) {
        int byStart = other.startedAt().compareTo(startedAt);
        return byStart != 0 ? byStart < 0 : other.incarnation().compareTo(node.incarnation()) < 0;
    }
}
