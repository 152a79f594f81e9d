package io.nsgflow.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntervalTreeTest {

    @Test
    void findsTheIntervalOfHandPickedKeys() {
        // intervals [MIN, 10) -> 1, [10, 20) -> 2, [20, MAX] -> 3
        int[] t = IntervalTree.build(new int[] {Integer.MIN_VALUE, 10, 20}, new int[] {1, 2, 3});
        assertThat(IntervalTree.find(t, 0, Integer.MIN_VALUE)).isEqualTo(1);
        assertThat(IntervalTree.find(t, 0, 9)).isEqualTo(1);
        assertThat(IntervalTree.find(t, 0, 10)).isEqualTo(2);
        assertThat(IntervalTree.find(t, 0, 19)).isEqualTo(2);
        assertThat(IntervalTree.find(t, 0, 20)).isEqualTo(3);
        assertThat(IntervalTree.find(t, 0, Integer.MAX_VALUE)).isEqualTo(3);
    }

    @Test
    void mergesNeighboursWithTheSameValue() {
        int[] merged = IntervalTree.build(new int[] {0, 5, 6, 7}, new int[] {4, 4, 4, 9});
        int[] plain = IntervalTree.build(new int[] {0, 7}, new int[] {4, 9});
        assertThat(merged).isEqualTo(plain);
        assertThat(IntervalTree.find(merged, 0, 6)).isEqualTo(4);
        assertThat(IntervalTree.find(merged, 0, 7)).isEqualTo(9);
    }

    @Test
    void rejectsMismatchedInput() {
        assertThatThrownBy(() -> IntervalTree.build(new int[0], new int[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IntervalTree.build(new int[] {1}, new int[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Sizes around every block and level boundary (8 per leaf, 16 children per node: 1, 8, 9, 128,
     * 129, 2048, 2049 ...), checked against a TreeMap floor lookup at every start, its neighbours,
     * the extremes and random keys.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 8, 9, 15, 16, 17, 127, 128, 129, 136, 2047, 2048, 2049, 2056, 32768, 32777, 40000})
    void agreesWithAFloorLookupAtEveryEdge(int size) {
        Random random = new Random(size);
        TreeMap<Integer, Integer> reference = new TreeMap<>();
        reference.put(Integer.MIN_VALUE, random.nextInt());
        while (reference.size() < size) {
            reference.put(random.nextInt(), random.nextInt(1000));
        }
        int[] starts = reference.keySet().stream().mapToInt(Integer::intValue).toArray();
        int[] values = reference.values().stream().mapToInt(Integer::intValue).toArray();
        int[] t = IntervalTree.build(starts, values);
        // a second tree behind it in the same array: offsets are relative to the base
        int[] shared = new int[t.length + 5];
        System.arraycopy(t, 0, shared, 5, t.length);
        for (int s : starts) {
            for (long k : new long[] {s - 1L, s, s + 1L}) {
                if (k >= Integer.MIN_VALUE && k <= Integer.MAX_VALUE) {
                    int key = (int) k;
                    int expected = reference.floorEntry(key).getValue();
                    assertThat(IntervalTree.find(t, 0, key)).as("key %d", key).isEqualTo(expected);
                    assertThat(IntervalTree.find(shared, 5, key)).as("key %d at base 5", key).isEqualTo(expected);
                }
            }
        }
        for (int i = 0; i < 10_000; i++) {
            int key = random.nextInt();
            assertThat(IntervalTree.find(t, 0, key)).isEqualTo(reference.floorEntry(key).getValue());
        }
        assertThat(IntervalTree.find(t, 0, Integer.MAX_VALUE)).isEqualTo(reference.lastEntry().getValue());
    }
}
