package io.custos.server.main;

import io.custos.server.Version;
import io.custos.server.config.ConfigException;
import io.custos.server.config.ConfigParser;
import io.custos.server.config.ServerConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code custos server [zoo.cfg]}: one server (standalone, or the ensemble member its zoo.cfg names)
 * in the foreground until SIGINT/SIGTERM. Exit status 2 for bad usage or configuration, 1 when the
 * server cannot start. {@code custos ensemble ...} is {@link EnsembleCommand}.
 */
public final class CustosMain {
    private static final Logger LOG = LoggerFactory.getLogger(CustosMain.class);
    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILED = 1;

    private CustosMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        String command = args.length == 0 ? "" : args[0];
        return switch (command) {
            case "server" -> server(args, err);
            case "ensemble" -> EnsembleCommand.run(Arrays.asList(args).subList(1, args.length), out, err);
            case "-h", "--help" -> usage(err, 0);
            default -> usage(err, EXIT_USAGE);
        };
    }

    private static int usage(PrintStream err, int status) {
        err.println("usage: custos server [path/to/zoo.cfg]");
        EnsembleCommand.SYNOPSIS.forEach(line -> err.println("       " + line));
        err.println("  'server' runs one server in the foreground: standalone, or the ensemble member that the");
        err.println("  file's server.N lines and dataDir/myid name. Without a file: client port 2181, data dir");
        err.println("  ./data, ZooKeeper's other defaults.");
        err.println(EnsembleCommand.EXPLANATION);
        return status;
    }

    private static int server(String[] args, PrintStream err) throws InterruptedException {
        if (args.length > 2) {
            return usage(err, EXIT_USAGE);
        }
        ServerConfig config;
        try {
            config = args.length == 2 ? ConfigParser.parse(Path.of(args[1])) : ConfigParser.defaults();
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return EXIT_USAGE;
        }
        return serve(config, err);
    }

    private static int serve(ServerConfig config, PrintStream err) throws InterruptedException {
        LOG.info("Custos {} (ZooKeeper {} protocol) starting; transaction log in {}",
                Version.CUSTOS, Version.ZOOKEEPER_COMPATIBLE, config.dataLogDir().toAbsolutePath());
        CustosServer server;
        try {
            server = CustosServer.start(config);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // A taken port arrives as a BindException that Netty does not declare; damaged stored
            // data as CorruptLogException or IllegalStateException with the zxid and file.
            err.println("custos: cannot start (client port " + config.clientPort() + ", data in "
                    + config.dataLogDir().toAbsolutePath() + "): " + e);
            return EXIT_FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }, "custos-shutdown"));
        LOG.info("Custos is serving on {}", server.clientAddress());
        if (server.adminUrl() != null) {
            LOG.info("Admin endpoint on {} (/metrics, /commands/stat, /commands/ruok)", server.adminUrl());
        }
        stopped.await();
        return 0;
    }
}
