package io.nsgflow.cli;

import io.nsgflow.cli.CommandLineConfiguration.CommandLine;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/**
 * A command whose options are declared once, as Flink {@link ConfigOption}s: its {@code --help},
 * its parsing (an unknown option is an error naming it) and the README's option tables (checked by
 * a test) all come from {@link #options()}.
 */
abstract class OptionCommand implements Command {

    /** The options, in the order {@code --help} lists them. */
    abstract List<ConfigOption<?>> options();

    /** Keys of the options the command cannot run without. */
    Set<String> required() {
        return Set.of();
    }

    /** What follows {@code nsgflow <name>} in the usage line. */
    abstract String usage();

    /** Whether words that are not options (e.g. input files) are taken. */
    boolean takesOperands() {
        return false;
    }

    /** Paragraphs of {@code --help} before the options. */
    List<String> about() {
        return List.of();
    }

    /** Paragraphs of {@code --help} after the options (exit codes, environment). */
    List<String> epilogue() {
        return List.of();
    }

    /** Runs the command on its parsed command line; returns the exit code. */
    abstract int run(CommandLine commandLine, InputStream in, PrintStream out, PrintStream err) throws Exception;

    @Override
    public final int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws Exception {
        if (CommandLineConfiguration.asksForHelp(args)) {
            help(out);
            return 0;
        }
        CommandLine commandLine;
        try {
            commandLine = CommandLineConfiguration.parse(args, options(), required(), takesOperands());
        } catch (IllegalArgumentException e) {
            return usageError(err, e.getMessage());
        }
        return run(commandLine, in, out, err);
    }

    /** Writes the message and where to find the options; returns {@link #EXIT_USAGE}. */
    final int usageError(PrintStream err, String message) {
        err.println("nsgflow " + name() + ": " + message);
        err.println("usage: nsgflow " + name() + " " + usage());
        err.println("Run 'nsgflow " + name() + " --help' for the options.");
        return EXIT_USAGE;
    }

    final void help(PrintStream out) {
        out.println("usage: nsgflow " + name() + " " + usage());
        out.println();
        paragraph(out, summary());
        for (String paragraph : about()) {
            out.println();
            paragraph(out, paragraph);
        }
        out.println();
        out.println("options:");
        OptionsHelp.describe(options(), required()).forEach(out::println);
        for (String paragraph : epilogue()) {
            out.println();
            paragraph(out, paragraph);
        }
    }

    private static void paragraph(PrintStream out, String text) {
        for (String line : text.split("\n")) {
            OptionsHelp.wrap(line, OptionsHelp.WIDTH, "").forEach(out::println);
        }
    }
}
