package com.amazonaws.ecs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code --version}: the Maven project version, filtered into a resource at build time. */
final class Version implements IVersionProvider {
    private static final String RESOURCE = "ecs-mesos-version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {current()};
    }

    static String current() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
