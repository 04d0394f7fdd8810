package dev.c2a.text;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.c2a.config.InvalidSettingException;
import dev.c2a.job.JobOptions;
import dev.c2a.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The global lexicon (setting {@code lexicon}): a JSON array of {word, say} or {word, phonemes}. */
public final class LexiconFile {
    private LexiconFile() {
    }

    public static Lexicon read(Path file) {
        if (file == null) {
            return Lexicon.EMPTY;
        }
        try {
            List<JobOptions.LexiconEntry> entries = Json.MAPPER.readValue(Files.readString(file),
                    new TypeReference<>() {
                    });
            for (int i = 0; i < entries.size(); i++) {
                JobOptions.LexiconEntry e = entries.get(i);
                if (e == null || e.word() == null || e.word().isBlank() || (e.say() == null) == (e.phonemes() == null)) {
                    throw new InvalidSettingException("lexicon: entry " + i + " of " + file
                            + " needs a word and exactly one of say or phonemes");
                }
            }
            return new Lexicon(entries);
        } catch (IOException e) {
            throw new InvalidSettingException("lexicon: " + file + " is not a JSON array of {\"word\", \"say\"}"
                    + " entries: " + e.getMessage());
        }
    }
}
