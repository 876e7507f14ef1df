package io.custos.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A one-line description of the machine a run happened on, for the results' header. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        return String.format("%d cores (%s), %s memory, %s %s, %s %s",
                Runtime.getRuntime().availableProcessors(), cpuModel(), memory(),
                System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
    }

    private static String cpuModel() {
        return procLine("/proc/cpuinfo", "model name").orElse("unknown CPU");
    }

    private static String memory() {
        return procLine("/proc/meminfo", "MemTotal")
                .map(kb -> String.format("%.0f GiB", Long.parseLong(kb.replaceAll("[^0-9]", "")) / (1024.0 * 1024.0)))
                .orElse("unknown");
    }

    private static java.util.Optional<String> procLine(String file, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().filter(line -> line.startsWith(key)).map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
