package io.nsgflow.sink.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The TLS trust of webhook requests: the JVM's default, a truststore, or a PEM file of CA certificates. */
final class WebhookTls {

    private WebhookTls() {}

    /**
     * @throws IllegalArgumentException naming the option when the file cannot be read or holds no certificate
     */
    static SSLContext context(WebhookSettings s, Map<String, String> env) {
        try {
            if (s.caFile() != null) {
                return trusting(caFileStore(s.caFile()));
            }
            if (s.truststore() != null) {
                return trusting(truststore(s.truststore(), s.truststorePassword(env)));
            }
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for webhooks: " + e.getMessage(), e);
        }
    }

    private static KeyStore caFileStore(String file) throws GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("option " + WebhookOptions.TLS_CA_FILE.key() + ": cannot read certificates from '"
                    + file + "': " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("option " + WebhookOptions.TLS_CA_FILE.key() + ": no certificate in '"
                    + file + "'");
        }
        KeyStore store = emptyStore();
        int i = 0;
        for (Certificate c : certificates) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        return store;
    }

    private static KeyStore truststore(String file, String password) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType()); // PKCS12; reads JKS too
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("option " + WebhookOptions.TLS_TRUSTSTORE.key() + ": cannot read '"
                    + file + "': " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("an empty keystore needs no input", e);
        }
        return store;
    }

    private static SSLContext trusting(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
