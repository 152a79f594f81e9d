package io.nsgflow.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One operating-system process of a component (a broker, a node, a JobManager...): started with
 * its output in a log file, stopped on {@link #close()} or, failing that, on JVM exit.
 */
final class ComponentProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path outputLog;
    private final Thread shutdownHook;

    private ComponentProcess(String name, Process process, Path outputLog) {
        this.name = name;
        this.process = process;
        this.outputLog = outputLog;
        this.shutdownHook = new Thread(this::stop, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts {@code command} in {@code workDir}; stdout and stderr go to {@code outputLog}. */
    static ComponentProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path outputLog)
            throws IOException {
        Files.createDirectories(outputLog.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(outputLog.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        return new ComponentProcess(name, builder.start(), outputLog);
    }

    /**
     * Runs a short command to completion (formatting storage, creating a keystore...); fails with
     * its output when it does not exit with 0 within {@code timeout}.
     */
    static void runToCompletion(String name, List<String> command, Map<String, String> env, Path workDir, Path outputLog,
            String stdin, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(outputLog.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(outputLog.toFile()));
        builder.environment().putAll(env);
        Process p = builder.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new LocalStackException(name + " did not finish within " + timeout + "\n" + LogTail.of(outputLog));
        }
        if (p.exitValue() != 0) {
            throw new LocalStackException(name + " failed with exit code " + p.exitValue() + "\n" + LogTail.of(outputLog));
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Describes why the process is gone (exit code and the end of its output), for errors. */
    String exitReport() {
        return name + " exited with code " + process.exitValue() + "\n" + LogTail.of(outputLog);
    }

    Path outputLog() {
        return outputLog;
    }

    long pid() {
        return process.pid();
    }

    /** Completes when the process has exited, for whatever reason. */
    java.util.concurrent.CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /**
     * Kills the process at once with SIGKILL, as the kernel's OOM killer or a lost machine would:
     * no shutdown hooks, no graceful stop. Returns when it is gone.
     */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new LocalStackException(this + " still alive 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while killing " + this, e);
        }
    }

    /** Asks the process and its children to stop (SIGTERM), then kills what is left. */
    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle handle : tree) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception notYet) {
                handle.destroyForcibly();
            }
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run; nothing left to unregister
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
