package io.nsgflow.cli;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/** Turns {@code --key value} (or {@code --key=value}) arguments into a Flink {@link Configuration}. */
public final class CommandLineConfiguration {

    private CommandLineConfiguration() {}

    /**
     * @param known the options the command accepts
     * @throws IllegalArgumentException naming the argument when it is not a known option, has no
     *     value, or has a value the option cannot parse
     */
    public static Configuration parse(String[] args, Collection<ConfigOption<?>> known) {
        Map<String, ConfigOption<?>> byKey = known.stream()
                .collect(Collectors.toMap(ConfigOption::key, Function.identity()));
        Configuration config = new Configuration();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (options are --key value)");
            }
            String key = arg.substring(2);
            String value;
            int equals = key.indexOf('=');
            if (equals >= 0) {
                value = key.substring(equals + 1);
                key = key.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option --" + key + " needs a value");
            }
            ConfigOption<?> option = byKey.get(key);
            if (option == null) {
                throw new IllegalArgumentException("unknown option --" + key);
            }
            config.setString(key, value);
            try {
                config.get(option);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("option --" + key + ": cannot use '" + value + "' ("
                        + rootMessage(e) + ")");
            }
        }
        return config;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
