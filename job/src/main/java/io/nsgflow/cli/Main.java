package io.nsgflow.cli;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Entry point of {@code nsgflow.jar}: dispatches to the subcommands. */
public final class Main {

    /** Every command, in the order {@code --help} lists them. */
    static final List<Command> COMMANDS =
            List.of(new StreamCommand(), new ReplayCommand(), new VerifyCommand(), new DecodeCommand(), new IngestBlobsCommand(),
            new PublishCommand());

    private Main() {}

    /**
     * Started with {@code java -jar}, the JVM is the CLI's own: a failing command exits it with the
     * command's code. Called by a Flink client ({@code flink run}, or the REST API's
     * {@code /jars/<id>/run}, which runs it inside the JobManager), the JVM belongs to Flink: a
     * failing command throws {@link CommandFailedException} with what the command wrote to stderr,
     * so the submission fails with that message and the cluster stays up.
     */
    public static void main(String[] args) throws Exception {
        if (calledByFlinkClient()) {
            runInHostJvm(args, System.in, System.out, System.err);
            return;
        }
        int code = run(args, System.in, System.out, System.err);
        System.out.flush();
        if (code != 0) {
            System.exit(code);
        }
    }

    /** A Flink client sets a context environment before it calls a program's main method. */
    static boolean calledByFlinkClient() {
        return !StreamExecutionEnvironment.areExplicitEnvironmentsAllowed();
    }

    /**
     * Runs the CLI in a JVM it does not own: never exits it.
     *
     * @throws CommandFailedException when the command's exit code is not 0
     */
    static void runInHostJvm(String[] args, InputStream in, PrintStream out, PrintStream err) throws Exception {
        ByteArrayOutputStream errText = new ByteArrayOutputStream();
        PrintStream teeErr = new PrintStream(new Tee(err, errText), true, StandardCharsets.UTF_8);
        int code = run(args, in, out, teeErr);
        teeErr.flush();
        if (code != 0) {
            throw new CommandFailedException(code, errText.toString(StandardCharsets.UTF_8).strip());
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
        int width = COMMANDS.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (Command c : COMMANDS) {
            out.printf("  %-" + width + "s  %s%n", c.name(), c.summary());
        }
        out.println();
        out.println("Run 'nsgflow <command> --help' for the options of one command.");
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
