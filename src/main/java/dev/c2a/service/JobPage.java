package dev.c2a.service;

import dev.c2a.job.Job;

import java.util.List;

/** One page of a job listing; {@code nextCursor} asks for the next, null on the last. */
public record JobPage(List<Job> jobs, String nextCursor) {
}
