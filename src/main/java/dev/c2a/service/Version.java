package dev.c2a.service;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions written into the build by Maven resource filtering. */
public final class Version {
    private static final Properties BUILD = read();

    private Version() {
    }

    /** The c2a version. */
    public static String get() {
        return BUILD.getProperty("version", "dev");
    }

    /** The bundled Swagger UI's version (its webjar path contains it). */
    public static String swaggerUi() {
        return BUILD.getProperty("swagger-ui", "");
    }

    private static Properties read() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/c2a-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // a build without the file reports version "dev"
        }
        return p;
    }
}
