package io.nsgflow.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTextTest {

    private static String canonical(String s) {
        IpAddress a = IpAddress.tryParse(s);
        return a == null ? null : a.canonicalTextOf(s, 0, s.length());
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.1, 10.0.0.1",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
        "2001:0db8:0000:0000:0000:ff00:0042:8329, 2001:db8::ff00:42:8329",
        "::, ::",
        "::1, ::1",
        "1::, 1::",
        "0:0:0:0:0:0:0:0, ::",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "::ffff:10.1.2.3, ::ffff:10.1.2.3",
        "0:0:0:0:0:FFFF:0A01:0203, ::ffff:10.1.2.3",
        "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
        "fe80::0001:0:0:5, fe80::1:0:0:5"
    })
    void canonicalText(String in, String expected) {
        assertThat(canonical(in)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "10.0.0", "10.0.0.1.2", "10.0.0.256", "01.0.0.1", "10..0.1", "1.2.3.4 ",
        "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1", "1:", ":::", "12345::", "g::1", "fe80::1%eth0",
        "::ffff:1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "[::1]", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1.2.3.-4"})
    void notAnAddress(String in) {
        assertThat(canonical(in)).isNull();
    }

    @Test
    void ipv6AgreesWithAReferenceOnRandomAddresses() throws Exception {
        Random random = new Random(42);
        for (int n = 0; n < 5_000; n++) {
            int[] groups = new int[8];
            for (int k = 0; k < 8; k++) {
                // many zeros so that runs of zero groups are common
                groups[k] = random.nextInt(3) == 0 ? random.nextInt(0x10000) : 0;
            }
            StringBuilder full = new StringBuilder();
            for (int k = 0; k < 8; k++) {
                full.append(k > 0 ? ":" : "").append(String.format(random.nextBoolean() ? "%04X" : "%x", groups[k]));
            }
            String text = full.toString();
            assertThat(canonical(text)).as(text).isEqualTo(reference(text));
        }
    }

    /** RFC 5952 by brute force over InetAddress's uncompressed text (safe: the input is a validated literal). */
    private static String reference(String literal) throws Exception {
        byte[] b = InetAddress.getByName(literal).getAddress();
        if (b.length == 4) {
            return "::ffff:" + InetAddress.getByAddress(b).getHostAddress();
        }
        String[] groups = new String[8];
        for (int k = 0; k < 8; k++) {
            groups[k] = Integer.toHexString(((b[2 * k] & 0xff) << 8) | (b[2 * k + 1] & 0xff));
        }
        String joined = String.join(":", groups);
        for (int len = 8; len >= 2; len--) {
            for (int start = 0; start + len <= 8; start++) {
                boolean run = true;
                for (int k = start; k < start + len; k++) {
                    run &= groups[k].equals("0");
                }
                if (run) {
                    String left = String.join(":", java.util.Arrays.copyOfRange(groups, 0, start));
                    String right = String.join(":", java.util.Arrays.copyOfRange(groups, start + len, 8));
                    return left + "::" + right;
                }
            }
        }
        return joined;
    }

    /** The dotted-decimal parser as first written (two looks per character), the reference for the one-pass parser. */
    private static long referenceParseV4(String s, int from, int to) {
        int parts = 0;
        int value = 0;
        int i = from;
        while (true) {
            if (i >= to) {
                return -1;
            }
            int start = i;
            int part = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                part = part * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return -1;
                }
            }
            int len = i - start;
            if (len == 0 || part > 255 || (len > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            value = (value << 8) | part;
            parts++;
            if (parts == 4) {
                return i == to ? value & 0xFFFF_FFFFL : -1;
            }
            if (i >= to || s.charAt(i) != '.') {
                return -1;
            }
            i++;
        }
    }

    @Test
    void parseIpv4AgreesWithTheReferenceParser() {
        Random random = new Random(5);
        String alphabet = "0123456789....:a ";
        for (int n = 0; n < 200_000; n++) {
            StringBuilder b = new StringBuilder();
            if (random.nextBoolean()) {
                for (int p = 0; p < 4; p++) {
                    if (p > 0) {
                        b.append(random.nextInt(20) == 0 ? "" : ".");
                    }
                    b.append(random.nextInt(8) == 0 ? random.nextInt(1000) : random.nextInt(256));
                    if (random.nextInt(30) == 0) {
                        b.insert(random.nextInt(b.length() + 1), alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
            } else {
                int len = random.nextInt(17);
                for (int k = 0; k < len; k++) {
                    b.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String s = "x," + b + ",y";
            int from = 2;
            int to = s.length() - 2;
            assertThat(IpAddress.parseIpv4(s, from, to)).as(b.toString()).isEqualTo(referenceParseV4(s, from, to));
        }
    }
}
