package io.nsgflow.demo;

import java.nio.file.Path;

/** The demo's command line. */
record DemoOptions(Path jar, Path baseDir, boolean keep, long seed, int minutes, int connectionsPerMinute,
        int driftPerType, long paceMillis, long timeoutSeconds, Feed feed) {

    /** How the flow logs reach the flow-log topic. */
    enum Feed {
        /** published to the topic directly, a document per message */
        KAFKA,
        /** written to Azure Storage (Azurite) as Network Watcher writes them, moved to the topic by the blob reader */
        AZURITE
    }

    static final class BadOption extends Exception {
        BadOption(String message) {
            super(message);
        }
    }

    static DemoOptions parse(String[] args) throws BadOption {
        Path jar = null;
        Path baseDir = Path.of("deploy/localstack/target/stack");
        boolean keep = false;
        long seed = 42;
        int minutes = 24;
        int connections = 400;
        int driftPerType = 3;
        long pace = 1000;
        long timeout = 180;
        Feed feed = Feed.KAFKA;
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (key.equals("--keep")) {
                keep = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new BadOption("option " + key + " needs a value");
            }
            String value = args[++i];
            switch (key) {
                case "--jar" -> jar = Path.of(value);
                case "--base-dir" -> baseDir = Path.of(value);
                case "--seed" -> seed = number(key, value, Long.MIN_VALUE);
                case "--minutes" -> minutes = (int) number(key, value, 4);
                case "--connections-per-minute" -> connections = (int) number(key, value, 1);
                case "--drift-per-type" -> driftPerType = (int) number(key, value, 0);
                case "--pace-ms" -> pace = number(key, value, 0);
                case "--timeout-s" -> timeout = number(key, value, 1);
                case "--feed" -> feed = switch (value) {
                    case "kafka" -> Feed.KAFKA;
                    case "azurite" -> Feed.AZURITE;
                    default -> throw new BadOption("--feed must be kafka or azurite, was '" + value + "'");
                };
                default -> throw new BadOption("unknown option: " + key);
            }
        }
        if (jar == null) {
            throw new BadOption("--jar <path to nsgflow.jar> is required");
        }
        return new DemoOptions(jar, baseDir.toAbsolutePath(), keep, seed, minutes, connections, driftPerType, pace, timeout, feed);
    }

    private static long number(String key, String value, long min) throws BadOption {
        try {
            long n = Long.parseLong(value);
            if (n < min) {
                throw new BadOption(key + " must be at least " + min + ", was " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadOption(key + " must be a whole number, was '" + value + "'");
        }
    }
}
