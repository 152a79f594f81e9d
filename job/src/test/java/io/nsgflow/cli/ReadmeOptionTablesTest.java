package io.nsgflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/**
 * README's option tables and each command's declared options cannot drift apart: every table under
 * a marker {@code <!-- options: COMMAND... -->} lists, for each command it names, options of that
 * command with the default and description {@code --help} prints; together the tables of a command
 * list each of its options once. On a mismatch the message holds the rows as they should be.
 */
class ReadmeOptionTablesTest {

    private static final Pattern MARKER = Pattern.compile("<!-- options: ([a-z\\- ]+) -->");

    /** One table row: option key, default cell, description cell, where it is. */
    private record Row(String key, String defaultCell, String description, int line) {}

    private static List<String> readme() throws Exception {
        return Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    }

    /** The rows of the marked tables, by command. */
    private static Map<String, List<Row>> tables(List<String> lines) {
        Map<String, List<Row>> byCommand = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i).strip());
            if (!m.matches()) {
                continue;
            }
            int j = i + 1;
            while (j < lines.size() && lines.get(j).isBlank()) {
                j++;
            }
            assertThat(lines.get(j)).as("README line %d: a table follows the marker", j + 1).startsWith("|");
            assertThat(lines.get(j + 1)).as("README line %d: the table's separator row", j + 2).startsWith("|---");
            List<Row> rows = new ArrayList<>();
            for (j += 2; j < lines.size() && lines.get(j).startsWith("|"); j++) {
                List<String> cells = cells(lines.get(j));
                assertThat(cells).as("README line %d: option, default, description", j + 1).hasSize(3);
                String key = cells.get(0);
                assertThat(key).as("README line %d: the option in backticks", j + 1).matches("`[^`]+`");
                rows.add(new Row(key.substring(1, key.length() - 1), cells.get(1).replace("`", ""),
                        normalize(cells.get(2)), j + 1));
            }
            assertThat(rows).as("README line %d: rows under the marker", i + 1).isNotEmpty();
            for (String command : m.group(1).strip().split(" +")) {
                byCommand.computeIfAbsent(command, c -> new ArrayList<>()).addAll(rows);
            }
        }
        return byCommand;
    }

    private static List<String> cells(String row) {
        String inner = row.strip();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.strip().replace("\\|", "|"));
        }
        return cells;
    }

    private static String normalize(String text) {
        return text.replace("`", "").replaceAll("\\s+", " ").strip();
    }

    private static Map<String, OptionCommand> commands() {
        Map<String, OptionCommand> byName = new LinkedHashMap<>();
        for (Command c : Main.COMMANDS) {
            assertThat(c).as("command %s declares its options (an OptionCommand)", c.name()).isInstanceOf(OptionCommand.class);
            byName.put(c.name(), (OptionCommand) c);
        }
        return byName;
    }

    @Test
    void everyCommandsOptionsAreInReadmeAsHelpShowsThem() throws Exception {
        Map<String, List<Row>> tables = tables(readme());
        Map<String, OptionCommand> commands = commands();
        assertThat(commands.keySet()).as("commands with option tables in README").containsAll(tables.keySet());
        for (OptionCommand command : commands.values()) {
            List<ConfigOption<?>> options = command.options();
            String expected = "\n" + String.join("\n", OptionsHelp.markdownRows(options, command.required()));
            List<Row> rows = tables.getOrDefault(command.name(), List.of());
            assertThat(rows.stream().map(Row::key))
                    .as("README's option tables of '%s' (marker <!-- options: %s -->) list each of its options once;"
                            + " its rows:%s", command.name(), command.name(), expected)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(options.stream().map(ConfigOption::key).toList());
            Map<String, ConfigOption<?>> byKey = options.stream().collect(Collectors.toMap(ConfigOption::key, o -> o));
            for (Row row : rows) {
                ConfigOption<?> option = byKey.get(row.key());
                String should = OptionsHelp.markdownRows(List.of(option), command.required()).get(0);
                assertThat(row.defaultCell()).as("README line %d, default of %s; the row should be:%n%s", row.line(),
                        row.key(), should).isEqualTo(OptionsHelp.defaultCell(option, command.required()));
                assertThat(row.description()).as("README line %d, description of %s; the row should be:%n%s",
                        row.line(), row.key(), should).isEqualTo(normalize(OptionsHelp.description(option)));
            }
        }
    }

    @Test
    void helpOfEveryCommandListsEachOptionWithItsDefaultInPlainText() throws Exception {
        for (OptionCommand command : commands().values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = Main.run(new String[] {command.name(), "--help"}, new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
            assertThat(code).isZero();
            String help = out.toString(StandardCharsets.UTF_8);
            assertThat(help).as(command.name()).startsWith("usage: nsgflow " + command.name() + " ")
                    .doesNotContain("&lt;", "&gt;", "&quot;", "&#", "&amp;", "<br", "<code")
                    .doesNotContainPattern("\\(default: P(T|\\d)");
            for (ConfigOption<?> option : command.options()) {
                assertThat(help).as(command.name()).contains("--" + option.key() + " <value>");
                String def = OptionsHelp.defaultCell(option, command.required());
                if (!def.isEmpty()) {
                    assertThat(help).as(command.name() + " --" + option.key())
                            .containsPattern(Pattern.quote("--" + option.key() + " <value>") + ".*"
                                    + Pattern.quote(def.equals(OptionsHelp.REQUIRED) ? def : "(default: " + def + ")"));
                }
            }
        }
    }

    @Test
    void durationsAndPlaceholdersReadTheWayTheUserTypesThem() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Main.run(new String[] {"stream", "--help"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        String help = out.toString(StandardCharsets.UTF_8);
        // by hand: 10 minutes, 6 hours, 0.1 s, 30 s; the index prefix's description has <prefix> in it
        assertThat(help).contains("--policy.wait.max-time <value>   (default: 10 min)")
                .contains("--policy.allowed-lateness <value>   (default: 6 h)")
                .contains("--elasticsearch.retry.initial-backoff <value>   (default: 100 ms)")
                .contains("--checkpoint.interval <value>   (default: 30 s)")
                .contains("--kafka.bootstrap-servers <value>   (required)")
                .contains("<prefix>-<kind>-YYYY.MM.DD");
        assertThat(OptionsHelp.typed(List.of(22, 135))).isEqualTo("22;135");
        assertThat(OptionsHelp.typed(Map.of("a", "b"))).isEqualTo("a:b");
        assertThat(OptionsHelp.defaultCell(VerifyCommand.SNAPSHOT, Set.of("snapshot"))).isEqualTo("(required)");
    }
}
