package io.nsgflow.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** {@code nsgflow replay}: not implemented yet. */
final class ReplayCommand implements Command {

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public String summary() {
        return "replay flow-log files against policy snapshot files, writing JSON-lines results";
    }

    @Override
    public int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        err.println("nsgflow replay: not implemented in this build");
        return 1;
    }
}
