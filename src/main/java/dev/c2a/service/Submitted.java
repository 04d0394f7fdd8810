package dev.c2a.service;

import dev.c2a.job.Job;

/** A submitted job, and whether this call created it (false: its idempotency key found it). */
public record Submitted(Job job, boolean created) {
}
