package io.nsgflow.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** One subcommand of the nsgflow CLI. */
public interface Command {

    /** Exit code for a usage error (unknown command, bad option). */
    int EXIT_USAGE = 2;

    /** Exit code when the command ran but some input was rejected or could not be answered. */
    int EXIT_PARTIAL = 3;

    /** The word that selects this command. */
    String name();

    /** One line for {@code --help}. */
    String summary();

    /** Runs the command; returns the process exit code. */
    int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws Exception;
}
