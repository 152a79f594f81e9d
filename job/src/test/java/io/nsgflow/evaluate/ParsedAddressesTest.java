package io.nsgflow.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.nsgflow.net.IpAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParsedAddressesTest {

    @Test
    void addressesParseAsIpAddressDoes() {
        ParsedAddresses a = new ParsedAddresses();
        Random random = new Random(3);
        for (int n = 0; n < 20_000; n++) {
            String text = switch (random.nextInt(6)) {
                case 0 -> "10.1." + random.nextInt(4) + "." + random.nextInt(300);
                case 1 -> "2001:db8::" + Integer.toHexString(random.nextInt(5000));
                case 2 -> "bad-" + random.nextInt(10);
                case 3 -> "";
                default -> random.nextInt(256) + "." + random.nextInt(256) + ".0.1";
            };
            // a fresh instance each time too: the table must compare by text, not identity
            String copy = new String(text);
            assertThat(a.parse(text)).isEqualTo(IpAddress.tryParse(text));
            assertThat(a.parse(copy)).isEqualTo(IpAddress.tryParse(copy));
        }
        assertThat(a.parse(null)).isNull();
    }
}
