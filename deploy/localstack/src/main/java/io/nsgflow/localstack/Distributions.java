package io.nsgflow.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the build put the components: the Kafka broker classpath, the Flink cluster classpath and
 * the unpacked Elasticsearch. Maven writes the locations into {@code distributions.properties};
 * each can be overridden with a system property {@code nsgflow.localstack.<key>}.
 */
public final class Distributions {

    private static final String RESOURCE = "/io/nsgflow/localstack/distributions.properties";
    private static final Properties BUILT = load();

    private Distributions() {}

    /** Folder of the jars that make up a Kafka broker. */
    public static Path kafkaLib() {
        return existing("kafka.lib");
    }

    /** Folder of the jars that make up a Flink session cluster. */
    public static Path flinkLib() {
        return existing("flink.lib");
    }

    /** The unpacked Elasticsearch distribution. */
    public static Path elasticsearchHome() {
        return existing("elasticsearch.home");
    }

    /** deploy/localstack/azurite: package.json and package-lock.json that pin Azurite. */
    public static Path azuritePackage() {
        return existing("azurite.package");
    }

    /** Where Azurite is installed (npm ci) on first use. */
    public static Path azuriteHome() {
        return Path.of(value("azurite.home"));
    }

    /** Default folder for the components' data, config and logs. */
    public static Path defaultBaseDir() {
        return Path.of(value("default.base.dir"));
    }

    private static Path existing(String key) {
        Path path = Path.of(value(key));
        if (!Files.isDirectory(path)) {
            throw new LocalStackException("missing " + key + " at " + path
                    + ": build the project first (mvn -B install -DskipTests), or set -Dnsgflow.localstack." + key);
        }
        return path;
    }

    private static String value(String key) {
        String value = System.getProperty("nsgflow.localstack." + key, BUILT.getProperty(key));
        if (value == null) {
            throw new LocalStackException("no location for " + key + " in " + RESOURCE);
        }
        return value;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Distributions.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
