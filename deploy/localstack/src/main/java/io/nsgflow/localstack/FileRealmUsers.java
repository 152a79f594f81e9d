package io.nsgflow.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Writes Elasticsearch's file realm ({@code config/users}, {@code config/users_roles}) for one
 * user, with the password stored as a salted PBKDF2 hash in the format the file realm reads
 * ({@code {PBKDF2}cost$salt$hash}, HMAC-SHA512, 256-bit key): what {@code elasticsearch-users
 * useradd} writes, without putting the password on a command line.
 */
final class FileRealmUsers {

    static final int COST = 10_000;
    private static final int SALT_BYTES = 32;
    private static final int KEY_BITS = 256;

    private FileRealmUsers() {}

    static void write(Path config, String user, String password, String role) throws IOException {
        Files.writeString(config.resolve("users"), user + ":" + hash(password, COST) + "\n", StandardCharsets.UTF_8);
        Files.writeString(config.resolve("users_roles"), role + ":" + user + "\n", StandardCharsets.UTF_8);
    }

    static String hash(String password, int cost) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        return "{PBKDF2}" + cost + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(derive(password, salt, cost));
    }

    static byte[] derive(String password, byte[] salt, int cost) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, cost, KEY_BITS);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot compute PBKDF2WithHmacSHA512", e);
        }
    }
}
