package dev.c2a.intake;

import dev.c2a.testing.RabbitMq;
import org.junit.jupiter.api.Tag;

/** The intake contract on a real RabbitMQ node (scripts/rabbitmq), and what only RabbitMQ has. */
@Tag(RabbitMq.TAG)
class RabbitMqIntakeTest extends IntakeAdapterContract {
    private final RabbitMqKit kit = new RabbitMqKit();

    @Override
    protected BrokerKit kit() {
        return kit;
    }
}
