package dev.wharf.tests.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broken task for retry tests: a TCP server that accepts each connection, reads the start of the
 * request, and resets the connection (SO_LINGER 0) without answering. Counts the connections.
 */
public final class ResettingServer implements AutoCloseable {
  private final ServerSocket socket;
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread thread;

  private ResettingServer(ServerSocket socket) {
    this.socket = socket;
    this.thread = new Thread(this::loop, "resetting-server");
    this.thread.setDaemon(true);
  }

  public static ResettingServer start(String ip, int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(ip, port));
    ResettingServer r = new ResettingServer(s);
    r.thread.start();
    return r;
  }

  private void loop() {
    while (!socket.isClosed()) {
      try (Socket c = socket.accept()) {
        connections.incrementAndGet();
        c.setSoTimeout(2000);
        c.getInputStream().read(new byte[4096]);
        c.setSoLinger(true, 0);
      } catch (IOException e) {
        // closed, or the peer went first
      }
    }
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
