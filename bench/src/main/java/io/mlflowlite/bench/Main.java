package io.mlflowlite.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Entry point of {@code bench/run}: {@code callpath} (JMH) or {@code ingestion}. */
public final class Main {
    private Main() {
    }

    /** {@code callpath [JMH options, e.g. -p mode=memory]} or {@code ingestion [traces] [store URLs…]}. */
    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "callpath";
        switch (which) {
            case "callpath" -> new Runner(new OptionsBuilder()
                    .parent(new CommandLineOptions(java.util.Arrays.copyOfRange(args, 1, args.length)))
                    .include(CallPathBenchmark.class.getSimpleName()).build()).run();
            case "ingestion" -> TraceIngestion.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            default -> {
                System.err.println("usage: bench/run callpath|ingestion");
                System.exit(2);
            }
        }
    }
}
