package io.nsgflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRealmUsersTest {

    @Test
    void derivesThePublishedPbkdf2HmacSha512Vector() {
        // PBKDF2-HMAC-SHA512, P = "password", S = "salt", c = 1: the first 32 bytes of the published 64-byte key
        byte[] key = FileRealmUsers.derive("password", "salt".getBytes(StandardCharsets.US_ASCII), 1);
        assertThat(HexFormat.of().formatHex(key))
                .isEqualTo("867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252");
    }

    @Test
    void writesTheUserWithASaltedHashAndNeverThePassword(@TempDir Path config) throws Exception {
        FileRealmUsers.write(config, "nsgflow", "s3cret-Passw0rd", "superuser");

        String users = Files.readString(config.resolve("users"));
        assertThat(users).doesNotContain("s3cret-Passw0rd").startsWith("nsgflow:{PBKDF2}10000$").endsWith("\n");
        String[] parts = users.trim().substring("nsgflow:{PBKDF2}".length()).split("\\$");
        assertThat(parts).hasSize(3);
        byte[] salt = Base64.getDecoder().decode(parts[1]);
        assertThat(salt).hasSize(32);
        assertThat(Base64.getDecoder().decode(parts[2]))
                .isEqualTo(FileRealmUsers.derive("s3cret-Passw0rd", salt, FileRealmUsers.COST));
        assertThat(Files.readString(config.resolve("users_roles"))).isEqualTo("superuser:nsgflow\n");
    }

    @Test
    void saltsEachHash() {
        assertThat(FileRealmUsers.hash("same", 1)).isNotEqualTo(FileRealmUsers.hash("same", 1));
    }
}
