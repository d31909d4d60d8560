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
        try {
            action.run();
            // The marker runs after the action's commands, so its line closes the action's lines.
            String marker = "monitor-marker-" + UUID.randomUUID();
            send(control, "ECHO " + marker);
            expect(controlReplies.readLine(), "$" + marker.length());
            controlReplies.readLine();
            List<String> commands = new ArrayList<>();
            for (String line = lines.readLine(); !line.contains(marker); line = lines.readLine()) {
                String command = commandOf(line);
                if (command != null) {
                    commands.add(command);
                }
            }
            return commands;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private String commandOf(String line) {
        // "<time> [<db> <address>] "<COMMAND>" "<argument>"..."
        int open = line.indexOf('[');
        int close = line.indexOf("] ", open);
        if (open < 0 || close < 0) {
            throw new IllegalStateException("not a MONITOR line: " + line);
        }
        String source = line.substring(line.indexOf(' ', open) + 1, close);
        if (!clientAddresses.contains(source)) {
            return null;
        }
        int nameStart = close + 3;
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
