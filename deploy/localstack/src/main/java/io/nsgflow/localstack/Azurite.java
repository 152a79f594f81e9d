package io.nsgflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Azurite, Microsoft's Azure Storage emulator, serving the Blob API on a free local port: the npm
 * package {@code azurite} run with the machine's Node.js as a process. It is installed on first
 * use with {@code npm ci} from deploy/localstack/azurite (package.json and package-lock.json pin
 * every package), into the localstack module's target/azurite. Files under {@code <baseDir>/azurite}.
 */
public final class Azurite implements AutoCloseable {

    /** Azurite's well-known development account (public: the same in every Azurite). */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private final ComponentProcess process;
    private final int port;
    private final Path home;
    private Duration startupTime;

    private Azurite(ComponentProcess process, int port, Path home) {
        this.process = process;
        this.port = port;
        this.home = home;
    }

    /** Starts Azurite's blob service on a free port (installing Azurite first if needed). */
    public static Azurite start(Path baseDir) {
        long started = System.nanoTime();
        Path home = baseDir.resolve("azurite");
        try {
            Path installed = install();
            KafkaBroker.deleteRecursively(home);
            Path data = Files.createDirectories(home.resolve("data"));
            Path logs = Files.createDirectories(home.resolve("logs"));
            int port = Ports.free();
            List<String> command = List.of("node", installed.resolve("node_modules/azurite/dist/src/blob/main.js").toString(),
                    "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(port),
                    "--location", data.toString(),
                    "--loose", "--skipApiVersionCheck", "--disableProductStyleUrl");
            ComponentProcess process = ComponentProcess.start("azurite", command, Map.of(), home, logs.resolve("azurite.out"));
            Azurite azurite = new Azurite(process, port, home);
            try {
                Readiness.await("Azurite blob service on port " + port, Readiness.defaultTimeout(), process,
                        () -> accepts(port), () -> LogTail.of(logs.resolve("azurite.out")));
            } catch (RuntimeException e) {
                azurite.close();
                throw e;
            }
            azurite.startupTime = Duration.ofNanos(System.nanoTime() - started);
            return azurite;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Azurite in " + home, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while starting Azurite", e);
        }
    }

    /**
     * Installs the pinned Azurite with {@code npm ci} when the installed lock file differs from
     * the one in deploy/localstack/azurite; returns the folder that holds node_modules.
     */
    static synchronized Path install() throws IOException, InterruptedException {
        Path source = Distributions.azuritePackage();
        Path target = Distributions.azuriteHome();
        Path lock = source.resolve("package-lock.json");
        Path installedLock = target.resolve("node_modules/.package-lock.json");
        Path copiedLock = target.resolve("package-lock.json");
        if (Files.isRegularFile(installedLock) && Files.isRegularFile(copiedLock)
                && Files.mismatch(lock, copiedLock) == -1) {
            return target;
        }
        Files.createDirectories(target);
        Files.copy(source.resolve("package.json"), target.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(lock, copiedLock, StandardCopyOption.REPLACE_EXISTING);
        ComponentProcess.runToCompletion("npm ci (Azurite)",
                List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel", "error"),
                Map.of(), target, target.resolve("npm-ci.out"), null, INSTALL_TIMEOUT);
        return target;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** "http://127.0.0.1:port/devstoreaccount1": the account's blob endpoint. */
    public String blobEndpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** A connection string for the development account (its key is Azurite's public one). */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=" + blobEndpoint() + ";";
    }

    public int port() {
        return port;
    }

    public Path logsDir() {
        return home.resolve("logs");
    }

    public Duration startupTime() {
        return startupTime;
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "Azurite at " + blobEndpoint();
    }
}
