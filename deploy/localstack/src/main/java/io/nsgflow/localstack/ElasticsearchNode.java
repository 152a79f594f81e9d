package io.nsgflow.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A single-node Elasticsearch from the integ-test-zip distribution, in its own process. Files under
 * {@code <baseDir>/<name>}: config/, data/, logs/, tmp/. Elasticsearch refuses to run as root, so
 * when this JVM is root the node runs as the system user {@value #SYSTEM_USER} (created if absent).
 *
 * <p>{@link Security#NONE}: plain HTTP, no authentication. {@link Security#TLS_BASIC_AUTH}: HTTPS with
 * a self-signed certificate made with keytool, and a file-realm superuser with a random password.
 */
public final class ElasticsearchNode implements AutoCloseable {

    public static final String SYSTEM_USER = "nsgflow-es";
    public static final Duration READY_TIMEOUT = Readiness.defaultTimeout();
    public static final String USERNAME = "nsgflow";

    /** How clients reach the node. */
    public enum Security { NONE, TLS_BASIC_AUTH }

    private final Path home;
    private final int httpPort;
    private final Security security;
    private final String password;
    private final X509Certificate certificate;
    private RestartableProcess process;
    private Duration startupTime;

    private ElasticsearchNode(Path home, int httpPort, Security security, String password, X509Certificate certificate) {
        this.home = home;
        this.httpPort = httpPort;
        this.security = security;
        this.password = password;
        this.certificate = certificate;
    }

    /** Starts a node without security on a free port, under {@code <baseDir>/elasticsearch}. */
    public static ElasticsearchNode start(Path baseDir) {
        return start(baseDir, "elasticsearch", 0, Security.NONE);
    }

    /**
     * Starts a node.
     *
     * @param name folder under {@code baseDir} and node name
     * @param httpPort 0 for a free port
     */
    public static ElasticsearchNode start(Path baseDir, String name, int httpPort, Security security) {
        long started = System.nanoTime();
        Path home = baseDir.resolve(name);
        try {
            baseDir = baseDir.toAbsolutePath();
            int port = Ports.orFree(httpPort);
            int transportPort = Ports.free();
            Path distribution = Distributions.elasticsearchHome();
            boolean asRoot = isRoot();
            KafkaBroker.deleteRecursively(home);
            if (asRoot) {
                ensureSystemUser();
                distribution = readableBySystemUser(distribution);
                home = reachableHome(baseDir, name);
            }
            Path config = home.resolve("config");
            for (String dir : List.of("config", "data", "logs", "tmp")) {
                Files.createDirectories(home.resolve(dir));
            }
            copyConfig(distribution.resolve("config"), config);
            Map<String, String> env = new HashMap<>();
            env.put("ES_JAVA_HOME", JavaCommand.javaHome());
            env.put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
            env.put("ES_PATH_CONF", config.toString());
            env.put("ES_TMPDIR", home.resolve("tmp").toString());

            String password = null;
            X509Certificate certificate = null;
            if (security == Security.TLS_BASIC_AUTH) {
                password = randomSecret();
                String storePassword = randomSecret();
                certificate = makeHttpCertificate(config, storePassword, home.resolve("logs"));
                Path tool = distribution.resolve("bin");
                Path out = home.resolve("logs").resolve("setup.out");
                ComponentProcess.runToCompletion("elasticsearch-keystore create",
                        List.of(tool.resolve("elasticsearch-keystore").toString(), "create"), env, home, out, null,
                        Duration.ofSeconds(60));
                ComponentProcess.runToCompletion("elasticsearch-keystore add",
                        List.of(tool.resolve("elasticsearch-keystore").toString(), "add", "-x", "-f",
                                "xpack.security.http.ssl.keystore.secure_password"),
                        env, home, out, storePassword, Duration.ofSeconds(60));
                // the file realm's files written directly: elasticsearch-users takes the password as
                // an argument, where every process listing would show it
                FileRealmUsers.write(config, USERNAME, password, "superuser");
            }
            if (asRoot) {
                run(List.of("chown", "-R", SYSTEM_USER + ":", home.toString()));
            }

            List<String> command = new ArrayList<>();
            if (asRoot) {
                command.addAll(List.of("runuser", "-u", SYSTEM_USER, "--"));
            }
            command.add(distribution.resolve("bin").resolve("elasticsearch").toString());
            command.addAll(settings(name, home, port, transportPort, security));
            ElasticsearchNode node = new ElasticsearchNode(home, port, security, password, certificate);
            node.process = RestartableProcess.start(name, command, env, home,
                    home.resolve("logs").resolve("elasticsearch.out"));
            node.awaitReady();
            node.startupTime = Duration.ofNanos(System.nanoTime() - started);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Elasticsearch in " + home, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while starting Elasticsearch", e);
        }
    }

    private void awaitReady() {
        try {
            Readiness.await("Elasticsearch on port " + httpPort, READY_TIMEOUT, process.current(), this::isHealthy,
                    () -> LogTail.of(home.resolve("logs").resolve("nsgflow-local.log")));
        } catch (RuntimeException e) {
            process.stop();
            throw e;
        }
    }

    /**
     * Stops the process, keeping its data and port, e.g. to test how clients live through an
     * outage; {@link #restart()} brings it back.
     */
    public synchronized void stop() {
        process.stop();
    }

    /** Starts the node again after {@link #stop()}, on the same port and data; returns when it is healthy. */
    public synchronized void restart() {
        process.restart();
        awaitReady();
    }

    private static List<String> settings(String name, Path home, int port, int transportPort, Security security) {
        List<String> settings = new ArrayList<>();
        Map<String, String> s = new java.util.LinkedHashMap<>();
        s.put("cluster.name", "nsgflow-local");
        s.put("node.name", name);
        s.put("discovery.type", "single-node");
        s.put("network.host", "127.0.0.1");
        s.put("http.port", Integer.toString(port));
        s.put("transport.port", Integer.toString(transportPort));
        s.put("path.data", home.resolve("data").toString());
        s.put("path.logs", home.resolve("logs").toString());
        // a nearly full CI disk must not make the node refuse to allocate shards
        s.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        s.put("xpack.security.autoconfiguration.enabled", "false");
        s.put("xpack.security.enrollment.enabled", "false");
        if (security == Security.NONE) {
            s.put("xpack.security.enabled", "false");
        } else {
            s.put("xpack.security.enabled", "true");
            s.put("xpack.security.http.ssl.enabled", "true");
            s.put("xpack.security.http.ssl.keystore.path", "http.p12");
            // single-node discovery: the transport layer needs no TLS
            s.put("xpack.security.transport.ssl.enabled", "false");
        }
        s.forEach((k, v) -> {
            settings.add("-E");
            settings.add(k + "=" + v);
        });
        return settings;
    }

    /** Makes a self-signed certificate for localhost/127.0.0.1 in config/http.p12; returns it. */
    private static X509Certificate makeHttpCertificate(Path config, String storePassword, Path logs)
            throws IOException, InterruptedException {
        Path keystore = config.resolve("http.p12");
        String keytool = Path.of(JavaCommand.javaHome(), "bin", "keytool").toString();
        ComponentProcess.runToCompletion("keytool -genkeypair", List.of(keytool, "-genkeypair", "-alias", "http",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "30", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass:env", "NSGFLOW_STOREPASS"), Map.of("NSGFLOW_STOREPASS", storePassword), config,
                logs.resolve("setup.out"), null, Duration.ofSeconds(60));
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, storePassword.toCharArray());
            return (X509Certificate) store.getCertificate("http");
        } catch (java.security.GeneralSecurityException e) {
            throw new LocalStackException("cannot read the certificate made by keytool", e);
        }
    }

    /** Whether the system user passes {@code test <flag> <path>} (e.g. -r readable, -x traversable). */
    private static boolean systemUserPasses(String flag, Path path) throws IOException, InterruptedException {
        return new ProcessBuilder("runuser", "-u", SYSTEM_USER, "--", "test", flag, path.toString())
                .redirectErrorStream(true).start().waitFor() == 0;
    }

    /**
     * The distribution itself when the system user can read it; otherwise (e.g. the checkout is
     * under /root) a copy in /var/tmp that it can read.
     */
    private static Path readableBySystemUser(Path distribution) throws IOException, InterruptedException {
        if (systemUserPasses("-r", distribution.resolve("bin").resolve("elasticsearch"))) {
            return distribution;
        }
        Path copy = Path.of("/var/tmp", "nsgflow-" + distribution.getFileName());
        synchronized (ElasticsearchNode.class) {
            if (!Files.exists(copy.resolve(".complete"))) {
                KafkaBroker.deleteRecursively(copy);
                run(List.of("cp", "-a", distribution.toString(), copy.toString()));
                run(List.of("chmod", "-R", "a+rX", copy.toString()));
                Files.createFile(copy.resolve(".complete"));
            }
        }
        return copy;
    }

    /**
     * {@code <baseDir>/<name>} when the system user can get there; otherwise a folder in
     * /var/tmp with a symbolic link to it at {@code <baseDir>/<name>}, so the logs are still found
     * at the usual place.
     */
    private static Path reachableHome(Path baseDir, String name) throws IOException, InterruptedException {
        Path home = baseDir.resolve(name);
        Files.createDirectories(baseDir);
        if (systemUserPasses("-x", baseDir)) {
            return home;
        }
        Path elsewhere = Path.of("/var/tmp", "nsgflow-es-" + Integer.toHexString(home.toAbsolutePath().toString().hashCode()));
        KafkaBroker.deleteRecursively(elsewhere);
        Files.createDirectories(elsewhere);
        Files.createSymbolicLink(home, elsewhere);
        return elsewhere;
    }

    private static void copyConfig(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static synchronized void ensureSystemUser() throws IOException, InterruptedException {
        if (new ProcessBuilder("id", "-u", SYSTEM_USER).redirectErrorStream(true).start().waitFor() != 0) {
            run(List.of("useradd", "-r", "-m", SYSTEM_USER));
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new LocalStackException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** "http://127.0.0.1:port" or "https://127.0.0.1:port". */
    public String url() {
        return (security == Security.NONE ? "http" : "https") + "://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public Security security() {
        return security;
    }

    /** The superuser's name and password, when the node has security on. */
    public Optional<String> username() {
        return security == Security.NONE ? Optional.empty() : Optional.of(USERNAME);
    }

    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The node's self-signed HTTP certificate, when it has TLS on. */
    public Optional<X509Certificate> certificate() {
        return Optional.ofNullable(certificate);
    }

    public Path logsDir() {
        return home.resolve("logs");
    }

    /** Wall time from the start of the process (and TLS setup) to a yellow or green cluster health. */
    public Duration startupTime() {
        return startupTime;
    }

    /** An SSL context that trusts exactly this node's certificate (default context without TLS). */
    public SSLContext sslContext() {
        try {
            if (certificate == null) {
                return SSLContext.getDefault();
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("elasticsearch", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new LocalStackException("cannot build an SSL context for " + url(), e);
        }
    }

    /** The certificate in PEM, e.g. for clients that take a CA file. */
    public Optional<String> certificatePem() {
        return certificate().map(c -> {
            try {
                return "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
                        + "\n-----END CERTIFICATE-----\n";
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new LocalStackException("cannot encode certificate", e);
            }
        });
    }

    /** An HTTP client that trusts this node. */
    public HttpClient httpClient() {
        return HttpClient.newBuilder().sslContext(sslContext()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Sends a request with the node's credentials (if any); returns status and body. */
    public HttpResponse<String> request(String method, String path, String jsonBody) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            builder.header("Content-Type", path.startsWith("/_bulk") || path.contains("/_bulk")
                    ? "application/x-ndjson" : "application/json");
        }
        if (password != null) {
            builder.header("Authorization", basicAuth(USERNAME, password));
        }
        try {
            return httpClient().send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url() + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted", e);
        }
    }

    static String basicAuth(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private boolean isHealthy() {
        HttpResponse<String> response = request("GET", "/_cluster/health?wait_for_status=yellow&timeout=1s", null);
        return response.statusCode() == 200
                && (response.body().contains("\"status\":\"green\"") || response.body().contains("\"status\":\"yellow\""));
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }

    @Override
    public String toString() {
        return "Elasticsearch at " + url();
    }
}
