package io.nsgflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A component's process together with how it was started, so that it can be stopped and started
 * again on the same data and ports: the fault tests stop the broker and Elasticsearch mid-run.
 */
final class RestartableProcess {

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path workDir;
    private final Path outputLog;
    private ComponentProcess process;

    private RestartableProcess(String name, List<String> command, Map<String, String> env, Path workDir, Path outputLog) {
        this.name = name;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.workDir = workDir;
        this.outputLog = outputLog;
    }

    static RestartableProcess start(String name, List<String> command, Map<String, String> env, Path workDir,
            Path outputLog) throws IOException {
        RestartableProcess p = new RestartableProcess(name, command, env, workDir, outputLog);
        p.process = ComponentProcess.start(name, p.command, p.env, workDir, outputLog);
        return p;
    }

    /** The running process, for readiness checks. */
    synchronized ComponentProcess current() {
        if (process == null) {
            throw new IllegalStateException(name + " is stopped");
        }
        return process;
    }

    /** Stops the process (SIGTERM, then the kill after a grace period), keeping its data; idempotent. */
    synchronized void stop() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    /** Starts it again after {@link #stop()}, with the same command; the caller waits until it is ready. */
    synchronized void restart() {
        if (process != null) {
            throw new IllegalStateException(name + " is running");
        }
        try {
            process = ComponentProcess.start(name, command, env, workDir, outputLog);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart " + name, e);
        }
    }
}
