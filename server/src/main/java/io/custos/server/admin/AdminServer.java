package io.custos.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.custos.server.config.AdminConfig;
import io.custos.server.config.ServerConfig;
import io.custos.server.loop.ServerLoop;
import io.custos.server.metrics.ServerGauges;
import io.custos.server.metrics.ServerMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP endpoint, on the JDK's built-in server: {@code GET /metrics} (Prometheus text
 * format 0.0.4), {@code GET /commands/stat} and {@code GET /commands/ruok} (JSON shaped like
 * ZooKeeper's admin commands: {@code command}, {@code error}, then the figures). Handler threads
 * never touch server state; they ask the server thread through {@link ServerReads}.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /** Scrapes and commands are rare and short; two threads let a scrape and a command overlap. */
    static final int HANDLER_THREADS = 2;
    /**
     * Requests waiting for a handler thread. Beyond it the accepting thread runs the request itself
     * and accepts nothing meanwhile: back-pressure onto the clients' sockets.
     */
    static final int QUEUED_REQUESTS_MAX = 16;
    /** Connections the OS holds before they are accepted. */
    static final int BACKLOG_CONNECTIONS_MAX = 16;
    static final String NOT_SERVING = "This ZooKeeper instance is not currently serving requests";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_CONTENT_TYPE = "application/json; charset=utf-8";
    private static final Map<String, String> COMMANDS = Map.of("/commands/stat", StatCommand.NAME, "/commands/ruok", "ruok");

    private final HttpServer http;
    private final ThreadPoolExecutor handlers;
    private final ServerLoop loop;
    private final ServerReads reads;
    private final long serverId;
    private final long peerTickMs;

    private AdminServer(HttpServer http, ThreadPoolExecutor handlers, ServerLoop loop) {
        this.http = http;
        this.handlers = handlers;
        this.loop = loop;
        this.reads = new ServerReads(loop);
        ServerConfig config = loop.config();
        this.serverId = config.serverId();
        this.peerTickMs = config.ensemble() == null ? 0 : config.ensemble().peerTickMs();
    }

    /**
     * Listens on {@code config}'s address and port and serves {@code loop}. A port that cannot be
     * bound fails with a message naming admin.serverPort, so the server does not start.
     */
    public static AdminServer start(AdminConfig config, ServerLoop loop) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(config.address(), config.port()), BACKLOG_CONNECTIONS_MAX);
        } catch (IOException e) {
            throw new UncheckedIOException("admin.serverPort=" + config.port() + ", admin.serverAddress=" + config.address()
                    + ": cannot listen there (" + e.getMessage() + "); expected a free port (0 = any), or"
                    + " admin.enableServer=false", e);
        }
        ThreadPoolExecutor handlers = new ThreadPoolExecutor(HANDLER_THREADS, HANDLER_THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_REQUESTS_MAX), daemonThreads(), new ThreadPoolExecutor.CallerRunsPolicy());
        AdminServer admin = new AdminServer(http, handlers, loop);
        http.createContext("/", admin::handle);
        http.setExecutor(handlers);
        http.start();
        return admin;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "custos-admin-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Where it listens; the actual port when admin.serverPort was 0. */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** "http://host:port", an IPv6 host in brackets. */
    public String url() {
        String host = address().getHostString();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address().getPort();
    }

    /** Stops at once: every answer is a read, so an exchange cut short loses nothing. */
    @Override
    public void close() {
        http.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The JDK's server would drop the connection without a word; say what broke instead.
            LOG.error("Admin request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            if (exchange.getResponseCode() == -1) {
                sendJson(exchange, 500, response(null, "internal error: " + e));
            }
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException, InterruptedException {
        String path = exchange.getRequestURI().getPath();
        String command = COMMANDS.get(path);
        if (command == null && !path.equals("/metrics")) {
            sendJson(exchange, 404, response(null, "unknown path " + path + "; expected /metrics, /commands/stat or"
                    + " /commands/ruok"));
            return;
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            sendJson(exchange, 405, response(command, exchange.getRequestMethod() + " is not allowed; expected GET"));
            return;
        }
        if (command == null) {
            metrics(exchange);
        } else if (command.equals(StatCommand.NAME)) {
            stat(exchange);
        } else {
            ruok(exchange);
        }
    }

    /** The histograms always; the gauges only when the server thread answered in time. */
    private void metrics(HttpExchange exchange) throws IOException, InterruptedException {
        Optional<ServerGauges> gauges = reads.read("/metrics gauges", ServerGauges::read);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        loop.metrics().writeText(text, gauges);
        send(exchange, 200, ServerMetrics.TEXT_CONTENT_TYPE, text.toByteArray());
    }

    private void stat(HttpExchange exchange) throws IOException, InterruptedException {
        Optional<Map<String, Object>> stat = reads.read("/commands/stat",
                view -> StatCommand.read(view, serverId, peerTickMs));
        if (stat.isEmpty()) {
            sendJson(exchange, 503, response(StatCommand.NAME, noAnswer()));
            return;
        }
        Map<String, Object> body = response(StatCommand.NAME, null);
        body.putAll(stat.get());
        sendJson(exchange, 200, body);
    }

    /** 200 while serving; 503 between leaders, so a health check can use the status alone. */
    private void ruok(HttpExchange exchange) throws IOException, InterruptedException {
        Optional<Boolean> serving = reads.read("/commands/ruok", view -> view.serving());
        if (serving.isEmpty()) {
            sendJson(exchange, 503, response("ruok", noAnswer()));
        } else if (!serving.get()) {
            sendJson(exchange, 503, response("ruok", NOT_SERVING));
        } else {
            sendJson(exchange, 200, response("ruok", null));
        }
    }

    private static String noAnswer() {
        return "the server thread did not answer within " + ServerReads.QUERY_WAIT_MS + " ms";
    }

    /** ZooKeeper's CommandResponse shape: the command's name and an error, null when there is none. */
    private static Map<String, Object> response(String command, String error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("command", command);
        body.put("error", error);
        return body;
    }

    private static void sendJson(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        send(exchange, status, JSON_CONTENT_TYPE, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }
}
