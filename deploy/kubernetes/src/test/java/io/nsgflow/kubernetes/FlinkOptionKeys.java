package io.nsgflow.kubernetes;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MetricOptions;

/**
 * The keys Flink accepts in its configuration, read from the option classes of the Flink jars on
 * the classpath (every {@code public static ConfigOption} of an {@code org.apache.flink.**Options}
 * class, with its deprecated and fallback keys), so a misspelt key in {@code flinkConfiguration}
 * is caught here rather than ignored by the cluster.
 */
final class FlinkOptionKeys {

    private static final String REPORTER_PREFIX = "metrics.reporter.";

    private final Set<String> keys = new HashSet<>();
    private final Set<String> reporterKeys = new HashSet<>();

    /** @param reporterSpecific keys a reporter factory reads itself (not ConfigOptions), e.g. Prometheus' port */
    FlinkOptionKeys(Set<String> reporterSpecific) throws IOException {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File file = new File(entry);
            if (file.getName().startsWith("flink-") && file.getName().endsWith(".jar")) {
                scan(file);
            }
        }
        for (ConfigOption<?> option : options(MetricOptions.class)) {
            if (!option.key().startsWith("metrics.")) {
                reporterKeys.add(option.key()); // per reporter: metrics.reporter.<name>.<key>
            }
        }
        reporterKeys.addAll(reporterSpecific);
        if (keys.size() < 500) {
            throw new IllegalStateException("found only " + keys.size() + " Flink option keys on the classpath");
        }
    }

    boolean isKnown(String key) {
        if (keys.contains(key)) {
            return true;
        }
        if (key.startsWith(REPORTER_PREFIX)) {
            String rest = key.substring(REPORTER_PREFIX.length());
            int dot = rest.indexOf('.');
            return dot > 0 && reporterKeys.contains(rest.substring(dot + 1));
        }
        return false;
    }

    private void scan(File jar) throws IOException {
        try (JarFile jf = new JarFile(jar)) {
            Enumeration<JarEntry> entries = jf.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith("org/apache/flink/") && name.endsWith("Options.class") && !name.contains("$")) {
                    Class<?> c;
                    try {
                        c = Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false,
                                FlinkOptionKeys.class.getClassLoader());
                    } catch (ClassNotFoundException | LinkageError e) {
                        continue; // an optional dependency of that class is absent: not an option class we use
                    }
                    for (ConfigOption<?> option : options(c)) {
                        keys.add(option.key());
                        for (FallbackKey fallback : option.fallbackKeys()) {
                            keys.add(fallback.getKey());
                        }
                    }
                }
            }
        }
    }

    private static Set<ConfigOption<?>> options(Class<?> c) {
        Set<ConfigOption<?>> options = new HashSet<>();
        Field[] fields;
        try {
            fields = c.getFields();
        } catch (LinkageError e) {
            return options;
        }
        for (Field f : fields) {
            if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                try {
                    options.add((ConfigOption<?>) f.get(null));
                } catch (IllegalAccessException | LinkageError e) {
                    // not readable: not counted
                }
            }
        }
        return options;
    }
}
