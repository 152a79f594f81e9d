package io.nsgflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A single KRaft broker (combined broker and controller, own JVM) whose client listener speaks
 * TLS and SASL/SCRAM-SHA-512 only ({@code SASL_SSL}), as a managed Kafka would. The certificate
 * is self-signed for 127.0.0.1 (made with keytool; clients trust its PEM file); the SCRAM user
 * {@value #USER} gets a random password at every start, written into the cluster metadata when the
 * storage is formatted. Replication between broker and controller uses a plaintext listener on
 * loopback that no client is told about. Files under {@code <baseDir>/kafka-secured}.
 */
public final class SecuredKafkaBroker implements AutoCloseable {

    public static final String USER = "nsgflow";
    public static final String MECHANISM = "SCRAM-SHA-512";

    private final Path home;
    private final int port;
    private final String password;
    private final Path trustedCertificate;
    private final ComponentProcess process;

    private SecuredKafkaBroker(Path home, int port, String password, Path trustedCertificate, ComponentProcess process) {
        this.home = home;
        this.port = port;
        this.password = password;
        this.trustedCertificate = trustedCertificate;
        this.process = process;
    }

    /** Starts the broker on free ports. */
    public static SecuredKafkaBroker start(Path baseDir) {
        Path home = baseDir.resolve("kafka-secured");
        try {
            int clientPort = Ports.free();
            int internalPort = Ports.free();
            int controllerPort = Ports.free();
            Path config = home.resolve("config");
            Path data = home.resolve("data");
            Path logs = home.resolve("logs");
            KafkaBroker.deleteRecursively(data);
            KafkaBroker.deleteRecursively(config);
            Files.createDirectories(config);
            Files.createDirectories(logs);
            String password = randomSecret();
            String storePassword = randomSecret();
            Path keystore = config.resolve("broker.p12");
            Path certificate = config.resolve("broker-ca.pem");
            makeCertificate(keystore, certificate, storePassword, logs);
            Path serverProperties = writeServerProperties(config, data, clientPort, internalPort, controllerPort,
                    keystore, storePassword);
            Path log4j = Log4jConfig.write(config.resolve("log4j2.properties"));
            List<String> jvm = List.of("-Xms256m", "-Xmx512m",
                    "-Dlog4j2.configurationFile=" + log4j, "-Dlog.file=" + logs.resolve("server.log"),
                    "-Dkafka.logs.dir=" + logs);

            // the password reaches the tool through its arguments only in this machine-local process
            ComponentProcess.runToCompletion("kafka storage format",
                    JavaCommand.of(Distributions.kafkaLib(), jvm, "kafka.tools.StorageTool",
                            List.of("format", "-t", Uuid.randomUuid().toString(), "-c", serverProperties.toString(),
                                    "--add-scram", MECHANISM + "=[name=" + USER + ",password=" + password + "]")),
                    Map.of(), home, logs.resolve("format.out"), null, Duration.ofSeconds(60));

            ComponentProcess process = ComponentProcess.start("kafka-secured",
                    JavaCommand.of(Distributions.kafkaLib(), jvm, "kafka.Kafka", List.of(serverProperties.toString())),
                    Map.of(), home, logs.resolve("kafka.out"));
            SecuredKafkaBroker broker = new SecuredKafkaBroker(home, clientPort, password, certificate, process);
            try {
                Readiness.await("secured Kafka broker on port " + clientPort, KafkaBroker.READY_TIMEOUT, process,
                        broker::answers, () -> LogTail.of(logs.resolve("server.log")));
            } catch (RuntimeException e) {
                process.close();
                throw e;
            }
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the secured Kafka in " + home, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while starting the secured Kafka", e);
        }
    }

    private static String randomSecret() {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void makeCertificate(Path keystore, Path certificate, String storePassword, Path logs)
            throws IOException, InterruptedException {
        String keytool = Path.of(JavaCommand.javaHome(), "bin", "keytool").toString();
        Map<String, String> env = Map.of("NSGFLOW_STOREPASS", storePassword);
        ComponentProcess.runToCompletion("keytool -genkeypair", List.of(keytool, "-genkeypair", "-alias", "broker",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "30", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass:env", "NSGFLOW_STOREPASS"), env, keystore.getParent(), logs.resolve("setup.out"), null,
                Duration.ofSeconds(60));
        ComponentProcess.runToCompletion("keytool -exportcert", List.of(keytool, "-exportcert", "-rfc", "-alias", "broker",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass:env", "NSGFLOW_STOREPASS",
                "-file", certificate.toString()), env, keystore.getParent(), logs.resolve("setup.out"), null,
                Duration.ofSeconds(60));
    }

    private static Path writeServerProperties(Path config, Path data, int port, int internalPort, int controllerPort,
            Path keystore, String storePassword) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "SASL_SSL://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + internalPort
                + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "SASL_SSL://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + internalPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "INTERNAL");
        p.setProperty("listener.security.protocol.map", "SASL_SSL:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("sasl.enabled.mechanisms", MECHANISM);
        p.setProperty("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.setProperty("ssl.keystore.type", "PKCS12");
        p.setProperty("ssl.keystore.location", keystore.toString());
        p.setProperty("ssl.keystore.password", storePassword);
        p.setProperty("log.dirs", data.toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        Path file = config.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "written by nsgflow localstack");
        }
        return file;
    }

    /** "127.0.0.1:port" of the SASL_SSL listener. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The password of {@link #USER}, made at this start. */
    public String password() {
        return password;
    }

    /** The PEM file of the broker's self-signed certificate, for {@code ssl.truststore.location}. */
    public Path trustedCertificate() {
        return trustedCertificate;
    }

    /** The {@code sasl.jaas.config} value of a SCRAM login. */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** Client properties without the login: protocol, mechanism and trust. */
    public Map<String, String> securityProperties() {
        return Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", MECHANISM,
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", trustedCertificate.toString());
    }

    /** Client properties with the login of {@link #USER}. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> p = new HashMap<>(securityProperties());
        p.put("bootstrap.servers", bootstrapServers());
        p.put("sasl.jaas.config", jaasConfig(USER, password));
        return p;
    }

    /** An Admin client logged in as {@link #USER}; the caller closes it. */
    public Admin admin() {
        Map<String, Object> p = clientProperties();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(p);
    }

    /** Creates topics with one replica; topics that exist already are left as they are. */
    public void createTopics(int partitions, Collection<String> names) {
        try (Admin admin = admin()) {
            for (String name : names) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new LocalStackException("cannot create topic " + name + ": " + e.getCause(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new LocalStackException("creating topics " + names + " timed out", e);
        }
    }

    public Path logsDir() {
        return home.resolve("logs");
    }

    private boolean answers() {
        Map<String, Object> p = clientProperties();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        try (Admin admin = Admin.create(p)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "secured Kafka broker (SASL_SSL, " + MECHANISM + ") at " + bootstrapServers();
    }
}
