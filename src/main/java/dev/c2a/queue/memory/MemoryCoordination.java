package dev.c2a.queue.memory;

import dev.c2a.api.Actor;
import dev.c2a.api.Node;
import dev.c2a.codec.DurationText;
import dev.c2a.queue.Coordination;
import dev.c2a.queue.Lease;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The in-memory queue's {@link Coordination}, under the queue's own lock, as the SQL one is in its transactions. */
final class MemoryCoordination implements Coordination {
    /** Extends the leases still held by their tokens; called under the lock. */
    interface Leases {
        List<HeldLease> extend(List<Lease> held, Duration leaseTime, Instant now);
    }

    private final UnderLock lock;
    private final InstantSource clock;
    private final Leases leases;
    private final Map<String, Member> nodes = new TreeMap<>();
    private final Map<String, Leader> leaders = new HashMap<>();
    private final Map<String, ScopeRow> control = new HashMap<>();
    private final List<AuditRow> audit = new ArrayList<>();

    MemoryCoordination(UnderLock lock, InstantSource clock, Leases leases) {
        this.lock = lock;
        this.clock = clock;
        this.leases = leases;
    }


    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    /** Nothing to hear: no other node shares this queue. */
    @Override
    public void onChange(Runnable listener) {
    }

    @Override
    public Beat beat(Node node, Instant startedAt, Duration every, String snapshot, Duration leaseTime,
                     List<Lease> held) {
        return lock.locked(() -> {
            Instant now = now();
            Member before = nodes.put(node.id(), new Member(node.id(), node.incarnation(), startedAt, now, every, null,
                    snapshot));
            return new Beat(now, List.copyOf(leases.extend(held, leaseTime, now)),
                    before == null || before.incarnation().equals(node.incarnation()) ? null : before);
        });
    }

    @Override
    public Members members() {
        return lock.locked(() -> new Members(now(), List.copyOf(nodes.values())));
    }

    @Override
    public void leave(Node node) {
        lock.locked(() -> {
            Member m = nodes.get(node.id());
            if (m != null && m.incarnation().equals(node.incarnation())) {
                nodes.put(node.id(), new Member(m.id(), m.incarnation(), m.startedAt(), m.beatAt(), m.every(), now(),
                        m.snapshot()));
            }
            // expired, not removed: the next holder's term must still be higher
            leaders.replaceAll((name, l) -> l.nodeId().equals(node.id()) && l.incarnation().equals(node.incarnation())
                    ? new Leader(l.nodeId(), l.incarnation(), l.term(), l.since(), Instant.EPOCH) : l);
            return null;
        });
    }

    @Override
    public Optional<Long> lead(String name, Node node, Duration ttl) {
        return lock.locked(() -> {
            Instant now = now();
            Leader held = leaders.get(name);
            boolean mine = held != null && held.nodeId().equals(node.id())
                    && held.incarnation().equals(node.incarnation());
            if (held != null && !mine && !held.expiresAt().isBefore(now)) {
                return Optional.empty();
            }
            long term = held == null ? 1 : mine ? held.term() : held.term() + 1;
            leaders.put(name, new Leader(node.id(), node.incarnation(), term, mine ? held.since() : now, now.plus(ttl)));
            return Optional.of(term);
        });
    }

    @Override
    public Optional<Leader> leader(String name) {
        return lock.locked(() -> Optional.ofNullable(leaders.get(name)).filter(l -> !l.expiresAt().isBefore(now())));
    }

    @Override
    public long change(String scope, Change change, Actor actor) {
        return lock.locked(() -> {
            long version = audit.size() + 1;
            audit.add(new AuditRow(version, now(), actor.name(), actor.role().wireName(), actor.origin(),
                    change.action(), scope, change.workers() != null ? change.workers().toString()
                    : change.drain() == null ? null : "drain " + DurationText.exact(change.drain())));
            ScopeRow was = control.getOrDefault(scope, ScopeRow.NONE);
            control.put(scope, change.workers() != null
                    ? new ScopeRow(was.state(), was.stateVersion(), was.drain(), change.workers(), version)
                    : new ScopeRow(change.state(), version, change.drain(), was.workers(), was.workersVersion()));
            return version;
        });
    }

    @Override
    public Desired desired(String nodeId) {
        return lock.locked(() -> new Desired(control.getOrDefault(CLUSTER, ScopeRow.NONE),
                control.getOrDefault(Coordination.nodeScope(nodeId), ScopeRow.NONE)));
    }

    @Override
    public List<AuditRow> audit(int limit, Long beforeId) {
        return lock.locked(() -> audit.stream().filter(r -> beforeId == null || r.id() < beforeId)
                .sorted(Comparator.comparingLong(AuditRow::id).reversed()).limit(limit).toList());
    }

    @Override
    public int forgetNodes(Duration keep) {
        return lock.locked(() -> {
            Instant before = now().minus(keep);
            int n = nodes.size();
            nodes.values().removeIf(m -> m.beatAt().isBefore(before));
            return n - nodes.size();
        });
    }
}
