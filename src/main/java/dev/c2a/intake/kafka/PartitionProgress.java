package dev.c2a.intake.kafka;

import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What became of the records taken from one partition since it was assigned, and so the offset that may
 * be committed: the end of the prefix that is done. Records are taken in offset order; a record is done
 * when accepted (mode on-accept), dead-lettered, or its job finished (mode on-result); until then it is
 * held with its job's id, and no offset past it is committed, so a crash or a rebalance delivers it
 * again (the inbox then finds its job).
 */
final class PartitionProgress {
    private final NavigableMap<Long, String> held = new TreeMap<>();
    /** One past the last offset taken; -1 before the first. */
    private long end = -1;
    private long committed = -1;

    void done(long offset) {
        end = Math.max(end, offset + 1);
    }

    void hold(long offset, String jobId) {
        held.put(offset, jobId);
        end = Math.max(end, offset + 1);
    }

    /** The held records' job ids by offset. */
    Map<Long, String> held() {
        return held;
    }

    void finished(long offset) {
        held.remove(offset);
    }

    /** The offset to commit now, if it moved past the last commit. */
    OptionalLong toCommit() {
        long safe = held.isEmpty() ? end : held.firstKey();
        return safe > committed ? OptionalLong.of(safe) : OptionalLong.empty();
    }

    void committed(long offset) {
        committed = Math.max(committed, offset);
    }
}
