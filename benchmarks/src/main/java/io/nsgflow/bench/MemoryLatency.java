package io.nsgflow.bench;

import java.util.Random;

/**
 * How long one dependent load takes when its data lives in a working set of a given size: a random
 * cyclic walk over one int per cache line. Explains the policy evaluator's figures on a machine:
 * an evaluation is a few such loads (the NIC, a leaf of each NSG's address tree) plus some
 * arithmetic, so the size at which this latency jumps is where the enterprise-size policy stops
 * fitting. Run: {@code java -cp benchmarks/target/benchmarks.jar io.nsgflow.bench.MemoryLatency}.
 */
public final class MemoryLatency {

    private static final int INTS_PER_LINE = 16;

    private MemoryLatency() {}

    public static void main(String[] args) {
        int[] sizesMb = {1, 2, 4, 8, 32, 128};
        long steps = 20_000_000;
        System.out.println("working set   ns per dependent load");
        for (int mb : sizesMb) {
            int[] next = cycle(mb);
            walk(next, steps / 10); // warm up
            long start = System.nanoTime();
            int end = walk(next, steps);
            double ns = (System.nanoTime() - start) / (double) steps;
            System.out.printf("%6d MB      %6.1f%s%n", mb, ns, end == -1 ? "" : "");
        }
    }

    /** One random cycle through every cache line of an array of {@code mb} megabytes. */
    private static int[] cycle(int mb) {
        int ints = mb * 1024 * 1024 / Integer.BYTES;
        int lines = ints / INTS_PER_LINE;
        int[] order = new int[lines];
        for (int i = 0; i < lines; i++) {
            order[i] = i;
        }
        Random random = new Random(1);
        for (int i = lines - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] next = new int[ints];
        for (int i = 0; i < lines; i++) {
            next[order[i] * INTS_PER_LINE] = order[(i + 1) % lines] * INTS_PER_LINE;
        }
        return next;
    }

    private static int walk(int[] next, long steps) {
        int p = 0;
        for (long i = 0; i < steps; i++) {
            p = next[p];
        }
        return p;
    }
}
