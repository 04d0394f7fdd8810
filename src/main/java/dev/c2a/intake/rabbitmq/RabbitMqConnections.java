package dev.c2a.intake.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Opens the adapter's connections: no automatic recovery (the adapter reconnects itself), daemon threads. */
final class RabbitMqConnections {
    private final ConnectionFactory factory = new ConnectionFactory();
    private final String name;
    private final AtomicInteger threads = new AtomicInteger();

    RabbitMqConnections(RabbitMqSettings settings) {
        this.name = settings.name();
        try {
            factory.setUri(settings.url());
            if ("amqps".equals(settings.url().getScheme())) {
                // why: setUri alone trusts every certificate; this checks the broker's against the
                // JVM's trust store and its name against the URL's host
                factory.useSslProtocol(SSLContext.getDefault());
                factory.enableHostnameVerification();
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new dev.c2a.config.InvalidSettingException("intake." + name + ".url: " + e.getMessage());
        }
        // why: the adapter's own loop reconnects, redeclares and consumes again with the room there is
        // then; the client's recovery would bring the old consumer back behind its back
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setConnectionTimeout(5_000);
        factory.setHandshakeTimeout(5_000);
        factory.setRequestedHeartbeat(15);
        // why: an operation on a queue the broker cannot serve (no leader) waits 10 minutes by
        // default, with the consuming thread and status stuck behind it; 30 s, then reconnect
        factory.setChannelRpcTimeout(30_000);
        // the consuming loop reports a lost connection in status and its log; the client's own warning
        // (with a stack trace) on each one says the same again
        factory.setExceptionHandler(new ForgivingExceptionHandler() {
            @Override
            public void handleUnexpectedConnectionDriverException(Connection connection, Throwable exception) {
                LoggerFactory.getLogger(RabbitMqConnections.class).debug("intake {}: connection lost", name, exception);
            }
        });
        factory.setThreadFactory(r -> {
            Thread t = new Thread(r, "rabbitmq-" + name + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    Connection open(String purpose) throws IOException, TimeoutException {
        return factory.newConnection("c2a " + name + " " + purpose);
    }

    static void closeQuietly(Connection connection) {
        try {
            if (connection.isOpen()) {
                connection.close(2_000);
            }
        } catch (IOException | RuntimeException e) {
            connection.abort(1_000);
        }
    }

    /** The broker's reason when it closed a channel or connection (e.g. PRECONDITION_FAILED …), else the message. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException s && s.getMessage() != null) {
                String text = s.getMessage();
                int from = text.indexOf("reply-text=");
                int to = text.indexOf(", class-id=");
                if (from >= 0) {
                    return text.substring(from + "reply-text=".length(), to > from ? to : text.length());
                }
                // a lost socket: "connection error" says less than its cause
                return s.getCause() == null || s.getCause().getMessage() == null ? text
                        : text + ": " + s.getCause().getMessage();
            }
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
