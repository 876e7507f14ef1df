package io.custos.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class ReportTest {

    private static final RunInfo INFO = new RunInfo("2025-06-01T10:00:00Z", "2 cores <test> & more",
            new LoadOptions(16, 8, 100, 1000, 5_000, 20_000, 42), 0.5, 321, List.of("fsync on", "JVM -Xmx1g"));

    /** Every run lasts 10 s, so ops/s is requests / 10. */
    private static LoadResult run(Workload workload, double offered, long requests, long errors, double p99) {
        return new LoadResult(workload, offered, requests, errors, 10, p99 / 2, p99, p99 * 2, p99 * 4);
    }

    private static Comparison row(String topology, Workload workload, long zkRequests, long custosRequests,
            double zkP99, double custosP99) {
        double offered = zkRequests / 10.0 / 2;
        return new Comparison(topology, workload, run(workload, 0, zkRequests, 1, 9), run(workload, 0, custosRequests, 0, 5),
                run(workload, offered, zkRequests / 2, 2, zkP99), run(workload, offered, custosRequests / 2, 3, custosP99));
    }

    /** standalone write 1.50× / 0.75×; ensemble write 2.00× / 0.40×; ensemble read 1.25× / n/a (0 ÷ 0). */
    private static final List<Comparison> ROWS = List.of(
            row("standalone", Workload.WRITE, 100_000, 150_000, 2.0, 1.5),
            row("3-server ensemble", Workload.WRITE, 40_000, 80_000, 4.0, 1.6),
            row("3-server ensemble", Workload.READ, 200_000, 250_000, 0.0, 0.0));

    private static String line(String text, String start) {
        return text.lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow(
                () -> new AssertionError("no line starting with '" + start + "' in\n" + text));
    }

    @Test
    void markdownHasHeaderRatiosAndRuns() {
        String md = Report.markdown(INFO, ROWS);
        assertTrue(md.contains("2025-06-01T10:00:00Z"), md);
        assertTrue(md.contains("16 sessions, 8 in flight per session, 100-byte payloads, 1,000 keys, "
                + "warm-up 5 s, measured 20 s, seed 42"), md);
        assertTrue(md.contains("50% of ZooKeeper's maximum"), md);
        assertTrue(md.contains("- fsync on\n"), md);
        assertEquals("| standalone | write | 10,000 | 15,000 | 1.50× | 5,000 | 2.00 | 1.50 | 0.75× | 3 / 3 |",
                line(md, "| standalone | write | 10,000"));
        assertEquals("| 3-server ensemble | write | 4,000 | 8,000 | 2.00× | 2,000 | 4.00 | 1.60 | 0.40× | 3 / 3 |",
                line(md, "| 3-server ensemble | write | 4,000"));
        assertTrue(line(md, "| 3-server ensemble | read | 20,000").contains("| 0.000 | 0.000 | n/a |"), md);
        // The detail table: four runs per row, the fixed ones showing their offered load.
        assertEquals(12, md.lines().filter(l -> l.matches("\\| .* \\| (ZooKeeper|Custos) \\| .*")).count(), md);
        assertTrue(md.contains("| standalone | write | ZooKeeper | max | 10,000 | 4.50 | 9.00 | 18.00 | 36.00 | 1 |"), md);
        assertTrue(md.contains("| standalone | write | Custos | 5,000 | 7,500 | 0.750 | 1.50 | 3.00 | 6.00 | 3 |"), md);
    }

    @Test
    void targetsAreJudgedOnTheRightRows() {
        String md = Report.markdown(INFO, ROWS);
        assertTrue(line(md, "- Write throughput on 3-server ensemble").endsWith(": 2.00× — met"), md);
        assertTrue(line(md, "- Read throughput on 3-server ensemble").endsWith(": 1.25× — not met"), md);
        String p99 = line(md, "- p99 at the same offered load");
        assertTrue(p99.contains("worst row standalone · write (target ≤ 0.50×): 0.75× — not met"), p99);
        assertTrue(p99.contains("no p99 ratio for 3-server ensemble · read"), p99);
    }

    @Test
    void missingRowsAreNotMeasuredAndALowP99IsMet() {
        String md = Report.markdown(INFO, List.of(ROWS.get(1)));
        assertTrue(line(md, "- Write throughput").endsWith(": 2.00× — met"), md);
        assertTrue(line(md, "- Read throughput").endsWith(": not measured"), md);
        assertTrue(line(md, "- p99 at the same offered load").endsWith(": 0.40× — met"), md);
        String empty = Report.markdown(INFO, List.of());
        assertTrue(line(empty, "- p99 at the same offered load").endsWith(": not measured"), empty);
    }

    @Test
    void jsonCarriesRunInfoAndEveryRun() throws Exception {
        JsonNode root = new ObjectMapper().readTree(Report.json(INFO, ROWS));
        assertEquals("2 cores <test> & more", root.get("machine").asText());
        assertEquals(321.0, root.get("elapsedSeconds").asDouble());
        assertEquals(0.5, root.get("fixedLoadFraction").asDouble());
        assertEquals(16, root.at("/options/sessions").asInt());
        assertEquals(20_000, root.at("/options/durationMs").asLong());
        assertEquals("JVM -Xmx1g", root.at("/notes/1").asText());
        assertEquals(3, root.get("rows").size());
        JsonNode ensembleWrite = root.at("/rows/1");
        assertEquals("3-server ensemble", ensembleWrite.get("topology").asText());
        assertEquals("write", ensembleWrite.get("workload").asText());
        assertEquals(2.0, ensembleWrite.get("throughputRatio").asDouble(), 1e-12);
        assertEquals(0.4, ensembleWrite.get("p99Ratio").asDouble(), 1e-12);
        assertEquals(4_000.0, ensembleWrite.at("/zookeeper/max/opsPerSec").asDouble());
        assertEquals(0.0, ensembleWrite.at("/zookeeper/max/offeredOpsPerSec").asDouble());
        assertEquals(2_000.0, ensembleWrite.at("/custos/fixed/offeredOpsPerSec").asDouble());
        assertEquals(40_000, ensembleWrite.at("/custos/fixed/requests").asLong());
        assertEquals(3, ensembleWrite.at("/custos/fixed/errors").asLong());
        assertEquals(6.4, ensembleWrite.at("/custos/fixed/maxMs").asDouble(), 1e-12);
        // 0 ÷ 0 has no JSON number; it is null rather than the string "NaN".
        assertTrue(root.at("/rows/2/p99Ratio").isNull());
    }

    @Test
    void svgIsWellFormedWithABarPerFiniteRatio() throws Exception {
        String svg = Report.svg(ROWS);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(svg)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        // 3 throughput bars, 2 p99 bars: the read row's 0 ÷ 0 gets none.
        assertEquals(5, bars(doc));
        assertTrue(svg.contains(">n/a</text>"), svg);
        assertTrue(svg.contains(">2.00×</text>") && svg.contains(">0.40×</text>"), svg);
        assertTrue(svg.contains(">write target</text>") && svg.contains(">read target</text>"), svg);
        assertTrue(svg.contains(">equal</text>"), svg);
        assertTrue(svg.contains("Throughput, Custos ÷ ZooKeeper (higher is better)"), svg);
        assertTrue(svg.contains("stroke-dasharray"), svg);
    }

    @Test
    void svgEscapesTextAndSurvivesNoRows() throws Exception {
        Comparison odd = row("a<b> & c", Workload.MIXED, 1000, 2000, 1, 2);
        String svg = Report.svg(List.of(odd));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(svg)));
        assertEquals(2, bars(doc));
        assertTrue(doc.getDocumentElement().getTextContent().contains("a<b> & c · mixed"));
        Document empty = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(Report.svg(List.of()))));
        assertEquals(0, bars(empty));
    }

    private static int bars(Document doc) {
        NodeList rects = doc.getElementsByTagName("rect");
        int bars = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            if ("bar".equals(((Element) rects.item(i)).getAttribute("class"))) {
                bars++;
            }
        }
        return bars;
    }

    @Test
    void writeCreatesTheThreeFiles(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("report/nested");
        Files.writeString(Files.createDirectories(dir).resolve(Report.JSON_FILE), "stale and longer than nothing");
        Report.write(dir, INFO, ROWS);
        for (String name : List.of(Report.MARKDOWN_FILE, Report.JSON_FILE, Report.SVG_FILE)) {
            assertTrue(Files.size(dir.resolve(name)) > 0, name);
        }
        assertEquals(Report.markdown(INFO, ROWS), Files.readString(dir.resolve(Report.MARKDOWN_FILE), StandardCharsets.UTF_8));
        assertEquals(Report.json(INFO, ROWS), Files.readString(dir.resolve(Report.JSON_FILE)));
        assertFalse(Files.readString(dir.resolve(Report.JSON_FILE)).contains("stale"));
        assertEquals(Report.svg(ROWS), Files.readString(dir.resolve(Report.SVG_FILE)));
    }
}
