package io.github.idempotency.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Watches the commands Redis executes for some clients, through {@code MONITOR} on a connection of
 * its own, so other clients of the same server never count.
 */
final class ServerMonitor implements AutoCloseable {

    private final Socket monitor;
    private final BufferedReader lines;
    private final Socket control;
    private final BufferedReader controlReplies;
    private final Set<String> clientAddresses;

    ServerMonitor(String host, int port, Set<String> clientAddresses) throws IOException {
        this.clientAddresses = Set.copyOf(clientAddresses);
        this.monitor = open(host, port);
        this.lines = reader(monitor);
        this.control = open(host, port);
        this.controlReplies = reader(control);
        send(monitor, "MONITOR");
        expect(lines.readLine(), "+OK");
    }

    /**
     * Runs the action and returns the names of the commands the watched clients sent meanwhile, in
     * order; commands a script runs inside the server are not sent by a client and do not count.
     */
    List<String> commandsDuring(Runnable action) {
        return commandsDuring(action, false);
    }

    /**
     * The commands the clients sent during the action and, after each script they sent, the commands
     * the script ran: what the server executed for them. A script runs atomically, so its calls (from
     * the source {@code lua}) follow its {@code EVALSHA} with nothing in between.
     */
    List<String> serverCommandsDuring(Runnable action) {
        return commandsDuring(action, true);
    }

    private List<String> commandsDuring(Runnable action, boolean withScriptCalls) {
        try {
            action.run();
            // The marker runs after the action's commands, so its line closes the action's lines.
            String marker = "monitor-marker-" + UUID.randomUUID();
            send(control, "ECHO " + marker);
            expect(controlReplies.readLine(), "$" + marker.length());
            controlReplies.readLine();
            List<String> commands = new ArrayList<>();
            boolean afterOurs = false;
            for (String line = lines.readLine(); !line.contains(marker); line = lines.readLine()) {
                String source = sourceOf(line);
                boolean ours = clientAddresses.contains(source);
                if (ours || (withScriptCalls && afterOurs && source.equals("lua"))) {
                    commands.add(commandOf(line));
                    afterOurs = true;
                } else {
                    afterOurs = false;
                }
            }
            return commands;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    // "<time> [<db> <address>] "<COMMAND>" "<argument>"..."
    private static String sourceOf(String line) {
        int open = line.indexOf('[');
        int close = line.indexOf("] ", open);
        if (open < 0 || close < 0) {
            throw new IllegalStateException("not a MONITOR line: " + line);
        }
        return line.substring(line.indexOf(' ', open) + 1, close);
    }

    private static String commandOf(String line) {
        int nameStart = line.indexOf("] ") + 3;
        return line.substring(nameStart, line.indexOf('"', nameStart));
    }

    @Override
    public void close() throws IOException {
        try (monitor;
                control) {
            send(control, "QUIT");
        }
    }

    private static Socket open(String host, int port) throws IOException {
        Socket socket = new Socket(host, port);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    private static void send(Socket socket, String inlineCommand) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((inlineCommand + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void expect(String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException("expected " + expected + " from Redis, got " + actual);
        }
    }
}
