package dev.c2a.speech.espeak;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Finds the {@code c2a-espeak} helper built into the jar and puts it where it can run. */
final class ResidentHelper {
    static final String RESOURCE = "/native/c2a-espeak";

    private ResidentHelper() {
    }

    /** The helper's path, or null when this build has none or it cannot be made executable. */
    static String extract() {
        try (InputStream in = ResidentHelper.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return null;
            }
            Path file = Files.createTempFile(dev.c2a.process.ScratchDir.get(), "c2a-espeak-", "");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            return file.toFile().setExecutable(true, true) ? file.toString() : null;
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }
}
