package dev.c2a.intake.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Creates an intake's topics that are missing ({@code create-topics = true}): the job topic, the
 * dead-letter topic and the results topic, each with {@code partitions} partitions and the broker's
 * default replication. Topics that exist are left as they are.
 */
final class MissingTopics {
    private MissingTopics() {
    }

    static void create(KafkaIntakeSettings settings) throws ExecutionException, InterruptedException {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(topic(settings.topic(), settings));
        topics.add(topic(settings.deadLetterTopic(), settings));
        settings.resultsTopic().ifPresent(t -> topics.add(topic(t, settings)));
        try (Admin admin = Admin.create(settings.adminConfig())) {
            for (var created : admin.createTopics(topics).values().values()) {
                try {
                    created.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    private static NewTopic topic(String name, KafkaIntakeSettings settings) {
        return new NewTopic(name, Optional.of(settings.partitions()), Optional.empty());
    }
}
