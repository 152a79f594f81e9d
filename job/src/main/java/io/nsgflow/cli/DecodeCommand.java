package io.nsgflow.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** {@code nsgflow decode}: not implemented yet. */
final class DecodeCommand implements Command {

    @Override
    public String name() {
        return "decode";
    }

    @Override
    public String summary() {
        return "decode Azure flow-log JSON into one flat JSON FlowRecord per line";
    }

    @Override
    public int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        err.println("nsgflow decode: not implemented in this build");
        return 1;
    }
}
