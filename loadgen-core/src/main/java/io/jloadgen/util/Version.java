package io.jloadgen.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** jloadgen's version, from the build (the jar's {@code jloadgen-version.properties}). */
public final class Version {
    private static final String VERSION = load();

    private Version() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/jloadgen-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "dev");
            }
        } catch (IOException e) {
            // fall through: a build without the resource is a developer build
        }
        return "dev";
    }
}
