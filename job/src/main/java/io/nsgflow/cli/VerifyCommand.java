package io.nsgflow.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** {@code nsgflow verify}: not implemented yet. */
final class VerifyCommand implements Command {

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "offline IP flow verify: which NSG rule allows or denies a flow";
    }

    @Override
    public int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        err.println("nsgflow verify: not implemented in this build");
        return 1;
    }
}
