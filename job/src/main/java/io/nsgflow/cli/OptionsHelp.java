package io.nsgflow.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.Formatter;
import org.apache.flink.configuration.description.TextElement;
import org.apache.flink.util.TimeUtils;

/**
 * The {@code --help} text of a command's options, and the README's option tables: key, default and
 * description, taken from the options themselves. Plain text (no HTML entities), defaults the way a
 * user types them ({@code 10 min}, not {@code PT10M}).
 */
public final class OptionsHelp {

    /** What the default column says of a required option. */
    public static final String REQUIRED = "(required)";

    /** Width that {@code --help} wraps its text at. */
    static final int WIDTH = 100;

    private OptionsHelp() {}

    /** The text in lines of at most {@code width} characters (a longer word stands alone), each indented. */
    static List<String> wrap(String text, int width, String indent) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.strip().split(" +")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    /**
     * @param required keys of the options the command cannot run without
     */
    public static List<String> describe(Collection<ConfigOption<?>> options, Set<String> required) {
        List<String> lines = new ArrayList<>();
        for (ConfigOption<?> option : options) {
            String def = defaultCell(option, required);
            String repeat = CommandLineConfiguration.isList(option) ? " (repeatable)" : "";
            lines.add("  --" + option.key() + " <value>" + repeat + (def.isEmpty() ? "" : "   "
                    + (def.equals(REQUIRED) ? REQUIRED : "(default: " + def + ")")));
            for (String line : description(option).split("\n")) {
                lines.addAll(wrap(line, WIDTH, "      "));
            }
        }
        return lines;
    }

    /** The option's description as plain text. */
    public static String description(ConfigOption<?> option) {
        return new PlainText().format(option.description()).strip();
    }

    /** The default as the user would type it; empty when there is none; {@link #REQUIRED} for a required option. */
    public static String defaultCell(ConfigOption<?> option, Set<String> required) {
        if (required.contains(option.key())) {
            return REQUIRED;
        }
        return option.hasDefaultValue() ? typed(option.defaultValue()) : "";
    }

    /** A value in the syntax the command line takes. */
    static String typed(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Duration d) {
            return TimeUtils.formatWithHighestUnit(d);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(OptionsHelp::typed).collect(Collectors.joining(";"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> typed(e.getKey()) + ":" + typed(e.getValue()))
                    .collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    /** One row per option, as README.md's option tables have them. */
    public static List<String> markdownRows(Collection<ConfigOption<?>> options, Set<String> required) {
        List<String> rows = new ArrayList<>();
        for (ConfigOption<?> option : options) {
            String def = defaultCell(option, required);
            rows.add("| `" + option.key() + "` | " + (def.isEmpty() || def.equals(REQUIRED) ? def : "`" + def + "`")
                    + " | " + description(option).replace("\n", " ").replace("|", "\\|") + " |");
        }
        return rows;
    }

    /** Flink's description elements as plain text, for a terminal. */
    private static final class PlainText extends Formatter {
        @Override
        protected void formatLink(StringBuilder state, String link, String description) {
            state.append(description.isEmpty() ? link : description + " (" + link + ")");
        }

        @Override
        protected void formatLineBreak(StringBuilder state) {
            state.append('\n');
        }

        @Override
        protected void formatText(StringBuilder state, String format, String[] elements,
                EnumSet<TextElement.TextStyle> styles) {
            state.append(String.format(format, (Object[]) elements));
        }

        @Override
        protected void formatList(StringBuilder state, String[] entries) {
            for (String entry : entries) {
                state.append("\n  - ").append(entry);
            }
        }

        @Override
        protected Formatter newInstance() {
            return new PlainText();
        }
    }
}
