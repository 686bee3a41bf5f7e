package dipgraph.testneo4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import inet.ipaddr.IPAddressString;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.internal.kernel.api.connectioninfo.ClientConnectionInfo;
import org.neo4j.internal.kernel.api.security.AuthenticationResult;
import org.neo4j.kernel.api.security.AuthManager;
import org.neo4j.kernel.api.security.AuthToken;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import picocli.CommandLine;

/**
 * A throwaway Neo4j Community server for dipgraph's tests and CI.
 *
 * <p>There is no Docker and no Neo4j tarball on the machines, only Maven Central, so the
 * server is the embedded DBMS from the {@code org.neo4j:neo4j} jar with its Bolt connector
 * switched on. Clients (the Go driver) talk to it exactly as to a real server.
 *
 * <p>Usage: {@code Launcher --data DIR --port N}; the password of user {@code neo4j} comes
 * from the environment variable {@code NEO4J_PASSWORD} (kept out of argv, so out of ps).
 * DIR is the Neo4j home: data/ and logs/ (debug.log) are created inside it. Starting again
 * on the same DIR reopens the same databases (and runs recovery after a kill -9).
 *
 * <p>Prints {@code READY bolt://127.0.0.1:N} on stdout once Bolt accepts connections and the
 * password works; scripts/neo4j-start.sh waits for that line. SIGTERM shuts down cleanly.
 */
public final class Launcher {
    private static final String USER = "neo4j";
    private static final String DEFAULT_PASSWORD = "dipgraph-test-pw";
    private static final long MIB = 1024L * 1024L;

    public static void main(String[] args) {
        Path home = null;
        int port = -1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data" -> home = Path.of(args[i + 1]).toAbsolutePath();
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                default -> fail("unknown argument " + args[i]);
            }
        }
        if (home == null || port <= 0 || port > 65535 || args.length % 2 != 0) {
            fail("usage: Launcher --data DIR --port N   (password from $NEO4J_PASSWORD)");
        }
        String password = System.getenv().getOrDefault("NEO4J_PASSWORD", DEFAULT_PASSWORD);

        long t0 = System.nanoTime();
        // A brand-new store: write the initial password before the first start, exactly like
        // `neo4j-admin dbms set-initial-password`. Then Bolt never serves the default
        // neo4j/neo4j login, and no Cypher has to run (the first query costs ~5 s of warm-up).
        if (!Files.exists(home.resolve("data/databases/system"))) {
            setInitialPassword(home, password);
        }

        DatabaseManagementService dbms;
        try {
            dbms = build(home, port);
        } catch (RuntimeException e) {
            // Typically: port already in use, or a data dir locked by another live server.
            e.printStackTrace();
            fail("neo4j failed to start: " + e.getMessage());
            return;
        }
        // The JVM runs shutdown hooks on SIGTERM/SIGINT: close the stores cleanly (checkpoint),
        // so a plain stop leaves a data dir that reopens without recovery.
        DatabaseManagementService toStop = dbms;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("testneo4j: shutting down");
            toStop.shutdown();
            System.err.println("testneo4j: stopped");
        }, "testneo4j-shutdown"));

        long t1 = System.nanoTime();
        try {
            // Restart on an existing store: the stored password normally already matches. If it
            // does not (another $NEO4J_PASSWORD than at first start), reset it with Cypher.
            if (!passwordWorks(dbms, password)) {
                System.err.println("testneo4j: stored password differs, resetting it");
                resetPassword(dbms, password);
                if (!passwordWorks(dbms, password)) {
                    throw new IllegalStateException("password for user " + USER + " does not work");
                }
            }
            waitForBolt(port, Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            e.printStackTrace();
            fail("neo4j started but is not usable: " + e.getMessage()); // the hook shuts it down
        }

        System.err.printf("testneo4j: dbms up in %d ms, password and Bolt checked in %d ms%n",
                (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();

        // Neo4j's own threads keep the JVM alive; park main until the shutdown hook runs.
        try {
            Thread.currentThread().join();
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }

    private static DatabaseManagementService build(Path home, int port) {
        SocketAddress bolt = new SocketAddress("127.0.0.1", port);
        return new DatabaseManagementServiceBuilder(home)
                // Bolt on loopback only, plain text: a local test server, never exposed.
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                .setConfig(BoltConnector.advertised_address, bolt)
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress("127.0.0.1"))
                .setConfig(GraphDatabaseSettings.default_advertised_address, new SocketAddress("127.0.0.1"))
                // No server-side routing connector: it would also bind a fixed port (7688) and
                // collide when two test servers run at once.
                .setConfig(GraphDatabaseSettings.routing_enabled, false)
                // Bolt waits 5 s + 5 s for clients and workers on shutdown, after the stores are
                // already closed; a test server need not: makes SIGTERM stops ~10 s faster.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                // Auth on, so tests exercise the same credential path as production.
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // Backstops so a runaway test query cannot hang or eat the 2-core CI machine.
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(60))
                .setConfig(GraphDatabaseSettings.lock_acquisition_timeout, Duration.ofSeconds(30))
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, 256 * MIB)
                .setConfig(GraphDatabaseSettings.pagecache_memory, 512 * MIB)
                // LOAD CSV must not read the server's files (file:///etc/passwd) ...
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                // ... nor fetch URLs: block every address for LOAD CSV http(s) loads.
                .setConfig(GraphDatabaseInternalSettings.cypher_ip_blocklist,
                        List.of(new IPAddressString("0.0.0.0/0"), new IPAddressString("::/0")))
                // No usage reporting ("UDC" pings): the machines have no outside network anyway.
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseInternalSettings.udc_network_enabled, false)
                .build();
    }

    /** What `neo4j-admin dbms set-initial-password PW` does: writes data/dbms/auth.ini. */
    private static void setInitialPassword(Path home, String password) {
        var command = new SetInitialPasswordCommand(new ExecutionContext(home, home.resolve("conf")));
        int rc = new CommandLine(command).execute(password);
        if (rc != 0) {
            fail("setting the initial password failed (exit " + rc + ")");
        }
    }

    /** Logs in through the DBMS's own auth manager, as Bolt would; no Cypher involved. */
    private static boolean passwordWorks(DatabaseManagementService dbms, String password) {
        var system = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        AuthManager auth = system.getDependencyResolver().resolveDependency(AuthManager.class);
        try {
            var login = auth.login(AuthToken.newBasicAuthToken(USER, password),
                    ClientConnectionInfo.EMBEDDED_CONNECTION);
            return login.subject().getAuthenticationResult() == AuthenticationResult.SUCCESS;
        } catch (Exception e) {
            throw new IllegalStateException("login check failed", e);
        }
    }

    /** Admin reset from inside (the embedded API runs with full rights, no login). */
    private static void resetPassword(DatabaseManagementService dbms, String password) {
        dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                "ALTER USER " + USER + " SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
    }

    /** Bolt binds during build(), but only report READY after a real TCP connect succeeds. */
    private static void waitForBolt(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Bolt not answering on 127.0.0.1:" + port, e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", ie);
                }
            }
        }
    }

    private static void fail(String message) {
        System.err.println("testneo4j: " + message);
        System.exit(1);
    }
}
