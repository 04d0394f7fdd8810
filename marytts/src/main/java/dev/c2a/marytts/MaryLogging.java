package dev.c2a.marytts;

import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.slf4j.LoggerFactory;

/**
 * MaryTTS configures log4j with a file appender writing {@code ./log/server.log} unless log4j is
 * configured already. An appender of ours on log4j's root, at WARN, counts as configured: MaryTTS's
 * warnings and errors go to c2a's log through SLF4J, and no file is written.
 */
final class MaryLogging {
    private static boolean done;

    private MaryLogging() {
    }

    static synchronized void quiet() {
        if (done) {
            return;
        }
        Logger root = Logger.getRootLogger();
        root.setLevel(Level.WARN);
        root.addAppender(new AppenderSkeleton() {
            @Override
            protected void append(LoggingEvent event) {
                org.slf4j.Logger log = LoggerFactory.getLogger("marytts." + event.getLoggerName());
                String message = String.valueOf(event.getMessage());
                if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                    log.error(message);
                } else {
                    log.warn(message);
                }
            }

            @Override
            public void close() {
            }

            @Override
            public boolean requiresLayout() {
                return false;
            }
        });
        done = true;
    }
}
