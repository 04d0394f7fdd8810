package dev.c2a.bench;

/** One target of BENCHMARKS.md: it runs on the bench and prints its figures and how they were made. */
interface Target {
    void run(Bench bench) throws Exception;
}
