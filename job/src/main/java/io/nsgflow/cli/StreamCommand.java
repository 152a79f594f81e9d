package io.nsgflow.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** {@code nsgflow stream}: not implemented yet. */
final class StreamCommand implements Command {

    @Override
    public String name() {
        return "stream";
    }

    @Override
    public String summary() {
        return "run the job on Kafka flow-log and policy topics, writing to Elasticsearch and webhooks";
    }

    @Override
    public int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        err.println("nsgflow stream: not implemented in this build");
        return 1;
    }
}
