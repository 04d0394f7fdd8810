package dev.c2a.intake.rabbitmq;

import dev.c2a.intake.Intake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mode on-result: deliveries whose job was accepted but has not finished, kept unacknowledged (the
 * broker then keeps the message) until {@link Intake#finished} says the job's result is durable.
 * A redelivery of a held message (after the broker took it back) finds its job again and is held again.
 */
final class HeldDeliveries {
    /** Delivery tag on the consuming channel → job id. */
    private final Map<Long, String> held = new LinkedHashMap<>();

    void hold(long deliveryTag, String jobId) {
        held.put(deliveryTag, jobId);
    }

    int size() {
        return held.size();
    }

    /** Removes and returns the tags of deliveries whose job has finished; asks once per job. */
    List<Long> finished(Intake intake) {
        List<Long> done = new ArrayList<>();
        Map<String, Boolean> asked = new HashMap<>();
        for (Iterator<Map.Entry<Long, String>> it = held.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, String> e = it.next();
            if (asked.computeIfAbsent(e.getValue(), job -> intake.finished(job).isPresent())) {
                done.add(e.getKey());
                it.remove();
            }
        }
        return done;
    }
}
