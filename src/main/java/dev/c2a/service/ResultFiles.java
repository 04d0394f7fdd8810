package dev.c2a.service;

import dev.c2a.api.Echo;
import dev.c2a.api.NotFoundException;
import dev.c2a.audio.AudioStore;
import dev.c2a.captions.CaptionFormats;
import dev.c2a.job.AudioFormat;
import dev.c2a.job.IllegalTransitionException;
import dev.c2a.job.Job;
import dev.c2a.job.JobResult;
import dev.c2a.job.JobState;
import dev.c2a.job.StoreUnavailable;
import dev.c2a.job.StoredFile;
import dev.c2a.store.StoreUnavailableException;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** A succeeded job's files as the store opens them: its audio (or playlist), captions and chapter files. */
final class ResultFiles {
    /** why 15 minutes: long enough to start a download (a player re-asks c2a for a new one), short enough to leak little. */
    private static final Duration URL_TTL = Duration.ofMinutes(15);
    private final AudioStore audio;

    ResultFiles(AudioStore audio) {
        this.audio = audio;
    }

    /**
     * The audio of a succeeded job, or, when it was split into one file per chapter, its playlist,
     * whose entries are rewritten to the {@code files/} URLs HTTP serves them under.
     */
    StoredFile audio(Job job) {
        JobResult result = succeeded(job);
        StoredFile file = stored(job, result.file(), job.id() + "." + result.format(), "audio");
        if (!result.file().endsWith(".m3u")) {
            return file;
        }
        try {
            String m3u = new String(file.bytes(), StandardCharsets.UTF_8).replaceAll("(?m)^(?!#)(\\S.*)$", "files/$1");
            return StoredFile.of(job.id() + ".m3u", file.mediaType(), m3u.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A succeeded job's captions: {@code json} (c2a's own, with chapters), {@code vtt} or {@code srt};
     * from its ledger row for a short job, else from the file beside its audio.
     */
    StoredFile captions(Job job, String format) {
        JobResult result = succeeded(job);
        String json;
        try {
            json = result.captions() != null ? result.captions()
                    : new String(stored(job, result.baseName() + ".json", job.id() + ".json", "captions").bytes(),
                    StandardCharsets.UTF_8);
            StringWriter out = new StringWriter();
            switch (format) {
                case "vtt" -> CaptionFormats.vtt(new StringReader(json), out);
                case "srt" -> CaptionFormats.srt(new StringReader(json), out);
                case "json" -> out.write(json);
                default -> throw new NotFoundException("captions come as json, vtt or srt, not '"
                        + Echo.of(format, 20) + "'");
            }
            String name = job.id() + "." + format;
            return StoredFile.of(name, AudioFormat.mediaTypeOf(name), out.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One chapter's file of a job split into one file per chapter. */
    StoredFile chapterFile(Job job, String name) {
        JobResult result = succeeded(job);
        boolean listed = result.chapters().stream().anyMatch(c -> name.equals(c.file()));
        if (!listed) {
            throw new NotFoundException("job " + job.id() + " has no file '" + Echo.of(name, 80) + "'");
        }
        return stored(job, name, name, "file " + name);
    }

    private static JobResult succeeded(Job job) {
        if (job.state() != JobState.SUCCEEDED || job.result() == null) {
            throw new IllegalTransitionException("job " + job.id() + " is " + job.state().wireName()
                    + "; its audio and captions exist once it has succeeded", job.state().wireName());
        }
        return job.result();
    }

    /**
     * A published file; its reads, like finding it, answer {@link StoreUnavailable} (HTTP 503) while
     * the store cannot be reached.
     */
    private StoredFile stored(Job job, String name, String downloadName, String what) {
        // why not the store's own message: it names the endpoint and bucket, which are the operator's (status shows them)
        String unreadable = "the " + what + " of job " + job.id() + " cannot be read now: the object store does not"
                + " answer; GET /v1/service shows why";
        try {
            StoredFile file = audio.open(name, downloadName).orElseThrow(() -> new NotFoundException("the " + what
                    + " of job " + job.id() + " is no longer stored"));
            return StoredFile.of(file.name(), file.mediaType(), file.size(), (offset, length) -> {
                try {
                    return file.open(offset, length);
                } catch (StoreUnavailableException e) {
                    throw new StoreUnavailable(unreadable, e);
                }
            });
        } catch (StoreUnavailableException e) {
            throw new StoreUnavailable(unreadable, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where a client may fetch a succeeded job's audio (or one chapter's file) from the store itself,
     * for a few minutes; empty when the store hands out no such URLs or the audio is a playlist.
     */
    Optional<URI> url(Job job, String chapterFile) {
        JobResult result = succeeded(job);
        if (chapterFile == null) {
            return result.file().endsWith(".m3u") ? Optional.empty()
                    : audio.url(result.file(), job.id() + "." + result.format(), URL_TTL);
        }
        chapterFile(job, chapterFile);
        return audio.url(chapterFile, chapterFile, URL_TTL);
    }
}
