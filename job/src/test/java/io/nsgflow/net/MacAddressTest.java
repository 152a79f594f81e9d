package io.nsgflow.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {

    @ParameterizedTest
    @CsvSource({"000D3AF87856, 00-0D-3A-F8-78-56", "00-0d-3a-f8-78-56, 00-0D-3A-F8-78-56",
        "00:22:48:71:c2:05, 00-22-48-71-C2-05", "000d.3af8.7856, 00-0D-3A-F8-78-56"})
    void macAddressesAsArmWritesThem(String in, String expected) {
        assertThat(MacAddress.armFormat(in)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "000D3AF8785", "000D3AF878567", "000D3AF8785G", "00-0D-3A-F8-78_56", "00-0D-3AF8-78-566",
        "\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10"})
    void notMacAddresses(String in) {
        assertThat(MacAddress.armFormat(in)).isNull();
    }
}
