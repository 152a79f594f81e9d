package io.nsgflow.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;

/** The {@code --help} text of a command's options: key, description and default. */
public final class OptionsHelp {

    private OptionsHelp() {}

    public static List<String> describe(Collection<ConfigOption<?>> options) {
        HtmlFormatter formatter = new HtmlFormatter();
        List<String> lines = new ArrayList<>();
        for (ConfigOption<?> option : options) {
            String def = option.hasDefaultValue() ? " (default: " + option.defaultValue() + ")" : "";
            lines.add("  --" + option.key() + " <value>");
            lines.add("      " + formatter.format(option.description()).replaceAll("<[^>]+>", "") + def);
        }
        return lines;
    }
}
