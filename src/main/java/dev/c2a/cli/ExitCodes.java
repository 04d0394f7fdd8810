package dev.c2a.cli;

/** The CLI's exit codes. */
final class ExitCodes {
    static final int OK = 0;
    static final int JOB_FAILED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    private ExitCodes() {
    }
}
