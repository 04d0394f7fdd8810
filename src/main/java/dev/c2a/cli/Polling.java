package dev.c2a.cli;

/** The pause between two looks at a job or the service while the CLI waits. */
final class Polling {
    private Polling() {
    }

    static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(1, "interrupted");
        }
    }
}
