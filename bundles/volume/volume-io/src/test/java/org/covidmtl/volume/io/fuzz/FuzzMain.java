package org.covidmtl.volume.io.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The fuzzer at scale, for {@code bench/fuzz/run.sh}: {@code FuzzMain [cases-per-reader] [seed] [bound-ms]} prints the
 * table of outcomes per target and every failure; exits 1 when there is any failure.
 */
public final class FuzzMain {
    private FuzzMain() {
    }

    public static void main(String[] args) throws Exception {
        int perReader = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261201L;
        long bound = args.length > 2 ? Long.parseLong(args[2]) : 10_000L;
        Path tmp = Files.createTempDirectory("covidmtl-fuzz");
        long start = System.nanoTime();
        FuzzTable table;
        try {
            table = Fuzzer.run(perReader, seed, bound, tmp);
        } finally {
            Fuzzer.delete(tmp);
        }
        System.out.printf(Locale.ROOT, "%d cases per reader, seed %d, time bound %d ms per case, %d cases in %.1f s%n%n%s", perReader, seed,
                bound, table.cases(), (System.nanoTime() - start) / 1e9, table);
        table.failures().forEach(f -> System.out.println("  " + f));
        System.exit(table.failures().isEmpty() ? 0 : 1);
    }
}
