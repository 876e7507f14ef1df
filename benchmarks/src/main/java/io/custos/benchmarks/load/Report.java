package io.custos.benchmarks.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The side-by-side report of a load run: a Markdown page for people, JSON for tools and an SVG
 * chart of the two ratios the targets are stated in. Everything is formatted with
 * {@link Locale#ROOT} so reports from different machines read (and diff) the same.
 */
public final class Report {

    public static final String MARKDOWN_FILE = "side-by-side.md";
    public static final String JSON_FILE = "side-by-side.json";
    public static final String SVG_FILE = "side-by-side.svg";

    /** Custos ops/s ÷ ZooKeeper's, writes and reads on the ensemble: at least this. */
    static final double WRITE_TARGET = 2.0;
    static final double READ_TARGET = 1.5;
    /** Custos p99 ÷ ZooKeeper's at the same offered load, every row: at most this. */
    static final double P99_TARGET = 0.5;
    /** The targets are about the replicated deployment; its topology name says "ensemble". */
    static final String ENSEMBLE = "ensemble";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Report() {
    }

    /** Writes the three files into {@code dir} (created if need be), replacing earlier ones. */
    public static void write(Path dir, RunInfo info, List<Comparison> rows) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKDOWN_FILE), markdown(info, rows), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(JSON_FILE), json(info, rows), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(SVG_FILE), svg(rows), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- Markdown

    public static String markdown(RunInfo info, List<Comparison> rows) {
        StringBuilder md = new StringBuilder("# ZooKeeper and Custos, side by side\n\n");
        header(md, info);
        ratioTable(md, rows);
        targets(md, rows);
        detailTable(md, rows);
        return md.toString();
    }

    private static void header(StringBuilder md, RunInfo info) {
        LoadOptions o = info.options();
        md.append("- Date: ").append(info.startedAt()).append('\n');
        md.append("- Machine: ").append(info.machine()).append('\n');
        md.append(fmt("- Load: %d sessions, %d in flight per session, %d-byte payloads, %,d keys, "
                + "warm-up %s s, measured %s s, seed %d\n", o.sessions(), o.inFlightPerSession(), o.payloadBytes(),
                o.keys(), plain(o.warmupMs() / 1000.0), plain(o.durationMs() / 1000.0), o.seed()));
        md.append("- Fixed load: ").append(plain(info.fixedLoadFraction() * 100)).append("% of ZooKeeper's maximum\n");
        md.append(fmt("- Elapsed: %,.0f s\n", info.elapsedSeconds()));
        for (String note : notes(info)) {
            md.append("- ").append(note).append('\n');
        }
        md.append("\nEach workload ran on each system as fast as it answered (max), then on both at the same "
                + "fixed offered load. Figures compare only within one run on one machine.\n");
    }

    private static void ratioTable(StringBuilder md, List<Comparison> rows) {
        md.append("\n## Ratios\n\n")
                .append("| topology | workload | ZooKeeper ops/s | Custos ops/s | throughput × | offered ops/s "
                        + "| ZooKeeper p99 ms | Custos p99 ms | p99 × | errors ZK / Custos |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Comparison r : rows) {
            long zkErrors = r.zookeeperMax().errors() + r.zookeeperFixed().errors();
            long custosErrors = r.custosMax().errors() + r.custosFixed().errors();
            md.append(fmt("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %,d / %,d |\n", cell(r.topology()),
                    r.workload().label(), ops(r.zookeeperMax().opsPerSec()), ops(r.custosMax().opsPerSec()),
                    ratio(r.throughputRatio()), ops(r.zookeeperFixed().offeredOpsPerSec()),
                    ms(r.zookeeperFixed().p99Ms()), ms(r.custosFixed().p99Ms()), ratio(r.p99Ratio()),
                    zkErrors, custosErrors));
        }
    }

    private static void targets(StringBuilder md, List<Comparison> rows) {
        md.append("\n## Targets\n\n")
                .append(throughputTarget(rows, Workload.WRITE, WRITE_TARGET)).append('\n')
                .append(throughputTarget(rows, Workload.READ, READ_TARGET)).append('\n')
                .append(p99Target(rows)).append('\n');
    }

    private static String throughputTarget(List<Comparison> rows, Workload workload, double target) {
        Optional<Comparison> row = rows.stream()
                .filter(r -> r.workload() == workload && r.topology().contains(ENSEMBLE))
                .findFirst();
        String what = fmt("- %s throughput on %s, Custos ÷ ZooKeeper (target ≥ %s): ",
                capitalised(workload.label()), row.map(Comparison::topology).orElse("the ensemble"), ratio(target));
        if (row.isEmpty()) {
            return what + "not measured";
        }
        double measured = row.get().throughputRatio();
        return what + ratio(measured) + " — " + verdict(Double.isFinite(measured) && measured >= target);
    }

    /** The target holds for every row, so the worst row decides it. */
    private static String p99Target(List<Comparison> rows) {
        // A ratio with a zero denominator (no ZooKeeper p99) says nothing either way; list such rows
        // rather than letting them decide or silently vanish.
        Optional<Comparison> worst = rows.stream()
                .filter(r -> Double.isFinite(r.p99Ratio()))
                .max((a, b) -> Double.compare(a.p99Ratio(), b.p99Ratio()));
        String unmeasured = rows.stream().filter(r -> !Double.isFinite(r.p99Ratio()))
                .map(Report::name).collect(Collectors.joining(", "));
        String suffix = unmeasured.isEmpty() ? "" : " (no p99 ratio for " + unmeasured + ")";
        String what = "- p99 at the same offered load, Custos ÷ ZooKeeper, worst row";
        if (worst.isEmpty()) {
            return what + fmt(" (target ≤ %s): not measured", ratio(P99_TARGET)) + suffix;
        }
        double measured = worst.get().p99Ratio();
        return what + fmt(" %s (target ≤ %s): %s — %s", name(worst.get()), ratio(P99_TARGET), ratio(measured),
                verdict(measured <= P99_TARGET)) + suffix;
    }

    private static void detailTable(StringBuilder md, List<Comparison> rows) {
        md.append("\n## Runs\n\n")
                .append("| topology | workload | system | load | ops/s | p50 ms | p99 ms | p99.9 ms | max ms | errors |\n")
                .append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Comparison r : rows) {
            run(md, r, "ZooKeeper", r.zookeeperMax());
            run(md, r, "Custos", r.custosMax());
            run(md, r, "ZooKeeper", r.zookeeperFixed());
            run(md, r, "Custos", r.custosFixed());
        }
    }

    private static void run(StringBuilder md, Comparison row, String system, LoadResult run) {
        md.append(fmt("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %,d |\n", cell(row.topology()),
                row.workload().label(), system, run.closedLoop() ? "max" : ops(run.offeredOpsPerSec()),
                ops(run.opsPerSec()), ms(run.p50Ms()), ms(run.p99Ms()), ms(run.p999Ms()), ms(run.maxMs()),
                run.errors()));
    }

    // ---------------------------------------------------------------- JSON

    public static String json(RunInfo info, List<Comparison> rows) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("startedAt", info.startedAt());
        root.put("machine", info.machine());
        number(root, "elapsedSeconds", info.elapsedSeconds());
        number(root, "fixedLoadFraction", info.fixedLoadFraction());
        root.set("options", options(info.options()));
        ArrayNode notes = root.putArray("notes");
        notes(info).forEach(notes::add);
        ArrayNode array = root.putArray("rows");
        rows.forEach(r -> array.add(row(r)));
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of plain nodes always serialises
        }
    }

    private static ObjectNode options(LoadOptions o) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("sessions", o.sessions());
        node.put("inFlightPerSession", o.inFlightPerSession());
        node.put("payloadBytes", o.payloadBytes());
        node.put("keys", o.keys());
        node.put("warmupMs", o.warmupMs());
        node.put("durationMs", o.durationMs());
        node.put("seed", o.seed());
        return node;
    }

    private static ObjectNode row(Comparison r) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("topology", r.topology());
        node.put("workload", r.workload().label());
        number(node, "throughputRatio", r.throughputRatio());
        number(node, "p99Ratio", r.p99Ratio());
        node.set("zookeeper", system(r.zookeeperMax(), r.zookeeperFixed()));
        node.set("custos", system(r.custosMax(), r.custosFixed()));
        return node;
    }

    private static ObjectNode system(LoadResult max, LoadResult fixed) {
        ObjectNode node = MAPPER.createObjectNode();
        node.set("max", run(max));
        node.set("fixed", run(fixed));
        return node;
    }

    private static ObjectNode run(LoadResult run) {
        ObjectNode node = MAPPER.createObjectNode();
        number(node, "offeredOpsPerSec", run.offeredOpsPerSec());
        node.put("requests", run.requests());
        node.put("errors", run.errors());
        number(node, "seconds", run.seconds());
        number(node, "opsPerSec", run.opsPerSec());
        number(node, "p50Ms", run.p50Ms());
        number(node, "p99Ms", run.p99Ms());
        number(node, "p999Ms", run.p999Ms());
        number(node, "maxMs", run.maxMs());
        return node;
    }

    /** JSON has no NaN or infinity; Jackson would write them as strings, which readers choke on. */
    private static void number(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }

    // ---------------------------------------------------------------- SVG

    private static final int WIDTH = 900;
    private static final int PLOT_LEFT = 250;
    private static final int PLOT_RIGHT = 830;
    private static final int ROW = 26;
    private static final int BAR = 18;
    private static final String GOOD = "#2e7d32";
    private static final String BAD = "#e65100";

    private record Reference(double at, String label, boolean dashed) {
    }

    private record Panel(String title, boolean higherIsBetter, ToDoubleFunction<Comparison> ratio,
            List<Reference> references) {
    }

    /** Maps a ratio to an x coordinate; {@code max} lands on the plot's right edge. */
    private record Scale(double max) {
        double x(double ratio) {
            return PLOT_LEFT + Math.max(0, ratio) / max * (PLOT_RIGHT - PLOT_LEFT);
        }
    }

    public static String svg(List<Comparison> rows) {
        List<Panel> panels = List.of(
                new Panel("Throughput, Custos ÷ ZooKeeper (higher is better)", true, Comparison::throughputRatio,
                        List.of(new Reference(1, "equal", false), new Reference(WRITE_TARGET, "write target", true),
                                new Reference(READ_TARGET, "read target", true))),
                new Panel("p99 latency at the same offered load, Custos ÷ ZooKeeper (lower is better)", false,
                        Comparison::p99Ratio,
                        List.of(new Reference(1, "equal", false), new Reference(P99_TARGET, "p99 target", true))));
        StringBuilder body = new StringBuilder();
        int y = 10;
        for (Panel panel : panels) {
            y = panel(body, panel, rows, y) + 20;
        }
        return fmt("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n"
                + "  <title>ZooKeeper and Custos, side by side</title>\n"
                + "  <rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
                WIDTH, y, WIDTH, y, WIDTH, y) + body + "</svg>\n";
    }

    /** Draws one panel from {@code top} down; returns where it ends. */
    private static int panel(StringBuilder svg, Panel panel, List<Comparison> rows, int top) {
        Scale scale = new Scale(scaleMax(panel, rows));
        text(svg, 10, top + 16, "start", " font-size=\"14\" font-weight=\"bold\"", panel.title());
        // One label row per reference line, so close lines (1× and 1.5× on a wide scale) don't overprint.
        int labelsTop = top + 34;
        int plotTop = labelsTop + 12 * panel.references().size();
        int plotBottom = plotTop + ROW * Math.max(1, rows.size());
        // Reference lines first, so bars and their values sit on top of them.
        references(svg, panel, scale, labelsTop, plotBottom);
        for (int i = 0; i < rows.size(); i++) {
            bar(svg, panel, rows.get(i), plotTop + i * ROW + (ROW - BAR) / 2, scale);
        }
        axis(svg, scale, plotTop, plotBottom);
        return plotBottom + 24;
    }

    /** Leaves room right of the longest bar for its value label, but always shows the 2× target. */
    private static double scaleMax(Panel panel, List<Comparison> rows) {
        double largest = rows.stream().mapToDouble(panel.ratio()).filter(Double::isFinite).max().orElse(0);
        return Math.max(2.5, largest * 1.1);
    }

    private static void bar(StringBuilder svg, Panel panel, Comparison row, int y, Scale scale) {
        text(svg, PLOT_LEFT - 8, y + 13, "end", "", name(row));
        double ratio = panel.ratio().applyAsDouble(row);
        if (!Double.isFinite(ratio)) {
            text(svg, PLOT_LEFT + 4, y + 13, "start", " fill=\"#666666\"", "n/a");
            return;
        }
        boolean good = panel.higherIsBetter() ? ratio >= 1 : ratio <= 1;
        double end = scale.x(ratio);
        svg.append(fmt("  <rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n",
                PLOT_LEFT, y, end - PLOT_LEFT, BAR, good ? GOOD : BAD));
        // A white halo keeps the value legible where a reference line runs through it.
        text(svg, end + 4, y + 13, "start", " stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"",
                ratio(ratio));
    }

    private static void references(StringBuilder svg, Panel panel, Scale scale, int labelsTop, int plotBottom) {
        for (int i = 0; i < panel.references().size(); i++) {
            Reference ref = panel.references().get(i);
            double x = scale.x(ref.at());
            int labelY = labelsTop + 12 * i;
            svg.append(fmt("  <line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333333\" "
                    + "stroke-width=\"1\"%s/>\n", x, labelY + 2, x, plotBottom,
                    ref.dashed() ? " stroke-dasharray=\"5,4\"" : ""));
            text(svg, x, labelY, "middle", " font-size=\"10\" fill=\"#333333\"", ref.label());
        }
    }

    private static void axis(StringBuilder svg, Scale scale, int plotTop, int plotBottom) {
        svg.append(fmt("  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000000\"/>\n",
                PLOT_LEFT, plotTop, PLOT_LEFT, plotBottom));
        svg.append(fmt("  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000000\"/>\n",
                PLOT_LEFT, plotBottom, PLOT_RIGHT, plotBottom));
        double step = tickStep(scale.max());
        for (int k = 0; k * step <= scale.max() + 1e-9; k++) {
            double x = scale.x(k * step);
            svg.append(fmt("  <line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000000\"/>\n",
                    x, plotBottom, x, plotBottom + 4));
            text(svg, x, plotBottom + 16, "middle", " font-size=\"10\"", plain(k * step) + "×");
        }
    }

    /** A 1, 2 or 5 times a power of ten, giving at most about six ticks. */
    static double tickStep(double max) {
        double raw = max / 6;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, String attributes,
            String content) {
        svg.append(fmt("  <text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>\n", x, y, anchor, attributes,
                xml(content)));
    }

    static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    // ---------------------------------------------------------------- formatting

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String name(Comparison row) {
        return row.topology() + " · " + row.workload().label();
    }

    /** Custos ÷ ZooKeeper as "1.23×"; "n/a" when a zero made it meaningless. */
    static String ratio(double value) {
        return Double.isFinite(value) ? fmt("%.2f×", value) : "n/a";
    }

    static String ops(double value) {
        return Double.isFinite(value) ? fmt("%,.0f", value) : "n/a";
    }

    /** Two decimals, three below a millisecond where the third still means something. */
    static String ms(double value) {
        return Double.isFinite(value) ? fmt(value < 1 ? "%.3f" : "%.2f", value) : "n/a";
    }

    /** 20.0 as "20", 0.25 as "0.25": durations and tick labels need no trailing zeros. */
    private static String plain(double value) {
        return new BigDecimal(fmt("%.2f", value)).stripTrailingZeros().toPlainString();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "not met";
    }

    private static String capitalised(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /** A pipe in a topology name would split a Markdown table cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static List<String> notes(RunInfo info) {
        return info.notes() == null ? List.of() : info.notes();
    }
}
