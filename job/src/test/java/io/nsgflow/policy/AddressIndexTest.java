package io.nsgflow.policy;

import io.nsgflow.net.IpAddress;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The IPv6 side of an address dimension against a naive scan of the ranges, on ranges crowded into
 * a few high words (many starts share a high word, so the low-word search is exercised) and
 * addresses at and around every boundary, including the ends of the address line.
 */
class AddressIndexTest {

    private static final long[] HIGH_WORDS = {0, 1, 0x2603_1000_0000_0000L, 0xfd00_0000_0001_0000L,
        0xfd00_0000_0001_0001L, 0x7fff_ffff_ffff_ffffL, 0x8000_0000_0000_0000L, -1L};

    @Test
    void nonIpv4RowsEqualANaiveScanOfTheRanges() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            List<List<AddressRange>> perRule = new ArrayList<>();
            List<long[]> probes = new ArrayList<>();
            int rules = 1 + random.nextInt(40);
            for (int r = 0; r < rules; r++) {
                List<AddressRange> ranges = new ArrayList<>();
                for (int k = random.nextInt(4); k >= 0; k--) {
                    long hi = HIGH_WORDS[random.nextInt(HIGH_WORDS.length)];
                    long lo = random.nextBoolean() ? random.nextLong() : random.nextInt(64) - 32;
                    long lastHi = random.nextInt(4) == 0 ? HIGH_WORDS[random.nextInt(HIGH_WORDS.length)] : hi;
                    long lastLo = lo + random.nextInt(1000);
                    if (IpAddress.compare(lastHi, lastLo, hi, lo) < 0) {
                        long th = hi, tl = lo;
                        hi = lastHi;
                        lo = lastLo;
                        lastHi = th;
                        lastLo = tl;
                    }
                    ranges.add(new AddressRange(hi, lo, lastHi, lastLo));
                    probes.add(new long[] {hi, lo});
                    probes.add(new long[] {lastHi, lastLo});
                    probes.add(new long[] {hi, lo - 1});
                    probes.add(new long[] {lastHi, lastLo + 1});
                }
                perRule.add(AddressRange.union(ranges));
            }
            probes.add(new long[] {0, 0});
            probes.add(new long[] {-1L, -1L});
            probes.add(new long[] {HIGH_WORDS[random.nextInt(HIGH_WORDS.length)], random.nextLong()});
            BitRows rows = new BitRows(1);
            AddressIndex index = AddressIndex.build(perRule, rows);
            long[] bits = rows.toArray();
            for (long[] p : probes) {
                if (AddressIndex.isIpv4(p[0], p[1])) {
                    continue;
                }
                long expected = 0;
                for (int r = 0; r < rules; r++) {
                    for (AddressRange a : perRule.get(r)) {
                        if (IpAddress.compare(a.firstHi(), a.firstLo(), p[0], p[1]) <= 0
                                && IpAddress.compare(p[0], p[1], a.lastHi(), a.lastLo()) <= 0) {
                            expected |= 1L << r;
                        }
                    }
                }
                assertThat(bits[index.v6Row(p[0], p[1])])
                        .as("round %d, address %x:%x", round, p[0], p[1])
                        .isEqualTo(expected);
            }
        }
    }
}
