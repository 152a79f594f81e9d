package io.nsgflow.cli;

/**
 * A command failed while the CLI runs inside a JVM it does not own (a Flink client's): the
 * exception takes the place of the exit code, with the message the command wrote to stderr.
 */
public final class CommandFailedException extends RuntimeException {

    private final int exitCode;

    CommandFailedException(int exitCode, String message) {
        super(message.isEmpty() ? "nsgflow failed with exit code " + exitCode : message);
        this.exitCode = exitCode;
    }

    /** The code the command would have exited with in a process of its own. */
    public int exitCode() {
        return exitCode;
    }
}
