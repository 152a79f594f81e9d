package io.nsgflow.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Turns {@code --key value} (or {@code --key=value}) arguments into a Flink {@link Configuration}:
 * the one parser of every command. A list-valued option may be given more than once (the values
 * add up, {@code --flows a --flows b}); any other option at most once.
 */
public final class CommandLineConfiguration {

    /** What a command line said: the options, and the operands (words that are not options) in order. */
    public record CommandLine(Configuration config, List<String> operands) {}

    private CommandLineConfiguration() {}

    /**
     * @param known the options the command accepts
     * @throws IllegalArgumentException naming the argument when it is not a known option, has no
     *     value, has a value the option cannot parse, or is given twice
     */
    public static Configuration parse(String[] args, Collection<ConfigOption<?>> known) {
        return parse(args, known, Set.of(), false).config();
    }

    /**
     * @param required keys of the options that must be given
     * @param operands whether words that are not options are taken (and returned) rather than refused;
     *     {@code -} is an operand (standard input)
     */
    public static CommandLine parse(String[] args, Collection<ConfigOption<?>> known, Set<String> required,
            boolean operands) {
        Map<String, ConfigOption<?>> byKey = known.stream()
                .collect(Collectors.toMap(ConfigOption::key, Function.identity()));
        Configuration config = new Configuration();
        Set<String> given = new HashSet<>();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                if (operands) {
                    words.add(arg);
                    continue;
                }
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (options are --key value)");
            }
            String key = arg.substring(2);
            String value;
            int equals = key.indexOf('=');
            if (equals >= 0) {
                value = key.substring(equals + 1);
                key = key.substring(0, equals);
            } else if (byKey.containsKey(key) && i + 1 < args.length) {
                value = args[++i];
            } else if (byKey.containsKey(key)) {
                throw new IllegalArgumentException("option --" + key + " needs a value");
            } else {
                value = null;
            }
            ConfigOption<?> option = byKey.get(key);
            if (option == null) {
                throw new IllegalArgumentException("unknown option --" + key);
            }
            set(config, option, value, !given.add(key));
        }
        for (ConfigOption<?> option : known) {
            if (required.contains(option.key()) && !given.contains(option.key())) {
                throw new IllegalArgumentException("missing required option --" + option.key());
            }
        }
        return new CommandLine(config, List.copyOf(words));
    }

    /** Whether the arguments ask for help: {@code --help} or {@code -h} where an option could stand. */
    public static boolean asksForHelp(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
            if (arg.startsWith("--") && arg.length() > 2 && !arg.contains("=")) {
                i++; // its value
            }
        }
        return false;
    }

    /** Whether the option takes a list: its values are separated by ';', and it may be repeated. */
    static boolean isList(ConfigOption<?> option) {
        if (option.hasDefaultValue()) {
            return option.defaultValue() instanceof List;
        }
        Configuration probe = new Configuration();
        probe.setString(option.key(), "a;b");
        try {
            return probe.get(option) instanceof List;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(Configuration config, ConfigOption<?> option, String value, boolean again) {
        String key = option.key();
        Configuration one = new Configuration();
        one.setString(key, value);
        Object parsed;
        try {
            parsed = one.get(option);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option --" + key + ": cannot use '" + value + "' ("
                    + rootMessage(e) + ")");
        }
        if (!again) {
            config.setString(key, value);
            return;
        }
        if (!(parsed instanceof List<?> more)) {
            throw new IllegalArgumentException("option --" + key + " given twice");
        }
        List<Object> all = new ArrayList<>((List<?>) config.get(option));
        all.addAll(more);
        config.set((ConfigOption<List<Object>>) option, all);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
