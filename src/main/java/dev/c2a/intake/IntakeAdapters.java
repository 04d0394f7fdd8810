package dev.c2a.intake;

import dev.c2a.config.IntakeSettings;
import dev.c2a.config.InvalidSettingException;
import dev.c2a.intake.kafka.KafkaIntake;
import dev.c2a.intake.rabbitmq.RabbitMqIntake;
import dev.c2a.intake.redis.RedisIntake;

/** Makes the adapter an {@code intake.<name>.type} names: the one place that knows every type. */
public final class IntakeAdapters {
    private IntakeAdapters() {
    }

    /** Validates the adapter's settings (naming the key that is wrong) and builds it, not yet started. */
    public static IntakeAdapter create(IntakeSettings settings) {
        return switch (settings.type()) {
            case "rabbitmq" -> RabbitMqIntake.create(settings);
            case "kafka" -> KafkaIntake.create(settings);
            case "redis" -> RedisIntake.create(settings);
            default -> throw new InvalidSettingException(settings.key("type") + ": expected rabbitmq, kafka or redis,"
                    + " got '" + settings.type() + "'");
        };
    }
}
