package io.github.idempotency.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A loopback TCP forwarder between the application and a store's server, so a test can make the
 * server unreachable without stopping it: {@link #cut()} closes the listener and every forwarded
 * connection, {@link #restore()} listens again on the same port; {@link #stall()} keeps every
 * connection open but forwards nothing, as a network partition does, until {@link #resume()}. One
 * daemon thread per direction of each connection; the tests open a handful.
 */
public final class TcpProxy implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private @Nullable ServerSocket listener;
    private boolean stalled;

    private TcpProxy(int targetPort, ServerSocket listener) {
        this.targetPort = targetPort;
        this.port = listener.getLocalPort();
        accept(listener);
    }

    /**
     * Starts forwarding a free loopback port to {@code 127.0.0.1:targetPort}.
     *
     * @param targetPort the server's port on loopback
     * @return the running proxy
     */
    public static TcpProxy to(int targetPort) {
        try {
            return new TcpProxy(targetPort, listen(0));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Returns the port the application connects to.
     *
     * @return the proxy's loopback port
     */
    public int port() {
        return port;
    }

    /**
     * Refuses new connections and drops the open ones, as a server that went away.
     *
     * @throws IOException when closing a socket fails
     */
    public synchronized void cut() throws IOException {
        resume();
        if (listener != null) {
            listener.close();
            listener = null;
        }
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    /**
     * Keeps every connection open and accepts new ones, but forwards no byte either way, as a
     * network partition: a client waits for answers that do not come.
     */
    public synchronized void stall() {
        stalled = true;
    }

    /** Forwards again what arrived while stalled, and everything after. */
    public synchronized void resume() {
        stalled = false;
        notifyAll();
    }

    /**
     * Listens again on the same port.
     *
     * @throws IOException when the port cannot be bound
     */
    public synchronized void restore() throws IOException {
        if (listener == null) {
            accept(listen(port));
        }
    }

    /** Stops forwarding and closes every connection. */
    @Override
    public void close() throws IOException {
        cut();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return socket;
    }

    private synchronized void accept(ServerSocket socket) {
        listener = socket;
        daemon("proxy-accept-" + port, () -> {
            while (!socket.isClosed()) {
                try {
                    forward(socket.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private void forward(Socket client) throws IOException {
        Socket server;
        try {
            server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        } catch (IOException unreachable) {
            client.close();
            return;
        }
        sockets.add(client);
        sockets.add(server);
        synchronized (this) {
            if (listener == null) { // cut while connecting
                client.close();
                server.close();
                return;
            }
        }
        daemon("proxy-up-" + port, () -> pipe(client, server));
        daemon("proxy-down-" + port, () -> pipe(server, client));
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                awaitForwarding();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException closed) {
            // either side went away: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private synchronized void awaitForwarding() throws IOException {
        while (stalled) {
            try {
                wait();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stalled", ex);
            }
        }
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that is wanted
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
