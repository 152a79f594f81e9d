package io.nsgflow.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Entry point of {@code nsgflow.jar}: dispatches to the subcommands. */
public final class Main {

    private static final List<Command> COMMANDS =
            List.of(new StreamCommand(), new ReplayCommand(), new VerifyCommand(), new DecodeCommand());

    private Main() {}

    public static void main(String[] args) throws Exception {
        int code = run(args, System.in, System.out, System.err);
        System.out.flush();
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the CLI without exiting the JVM; returns the exit code. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws Exception {
        Map<String, Command> byName = new LinkedHashMap<>();
        COMMANDS.forEach(c -> byName.put(c.name(), c));
        if (args.length == 0) {
            usage(err);
            return Command.EXIT_USAGE;
        }
        if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            usage(out);
            return 0;
        }
        Command command = byName.get(args[0]);
        if (command == null) {
            err.println("nsgflow: unknown command '" + args[0] + "'");
            usage(err);
            return Command.EXIT_USAGE;
        }
        return command.run(Arrays.copyOfRange(args, 1, args.length), in, out, err);
    }

    static void usage(PrintStream out) {
        out.println("usage: nsgflow <command> [options]");
        out.println();
        out.println("commands:");
        for (Command c : COMMANDS) {
            out.printf("  %-8s %s%n", c.name(), c.summary());
        }
        out.println();
        out.println("Run 'nsgflow <command> --help' for the options of one command.");
    }
}
