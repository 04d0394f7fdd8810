package dev.c2a.intake;

import dev.c2a.testing.Redis;
import org.junit.jupiter.api.Tag;

/** The intake contract on Redis Streams, against a real Redis started by scripts/redis. */
@Tag(Redis.TAG)
class RedisIntakeTest extends IntakeAdapterContract {
    private final RedisKit kit = new RedisKit();

    @Override
    protected BrokerKit kit() {
        return kit;
    }
}
