package dev.wharf.tests.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/** HTTP spoken by hand over a plain socket, for what {@link Http} cannot do (HTTP/1.0, idle connections). */
public final class RawHttp {
  private RawHttp() {}

  /**
   * Sends {@code request} as is and returns everything the server sends until it closes the
   * connection or {@code timeout} passes with nothing more to read.
   */
  public static String exchange(String host, int port, String request, Duration timeout) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 2000);
      s.setSoTimeout((int) timeout.toMillis());
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      try {
        for (int n; (n = s.getInputStream().read(buf)) >= 0; ) {
          out.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        // the server kept the connection open; what came so far is the answer
      }
      return out.toString(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The status code of the first status line of {@code response}, or -1. */
  public static int status(String response) {
    String[] f = response.split("\r\n", 2)[0].split(" ");
    return f.length >= 2 && f[1].matches("\\d{3}") ? Integer.parseInt(f[1]) : -1;
  }

  /** What happened to a kept-alive connection after one request. */
  public record Idle(int status, long closedAfterMillis) {
    /** True when the server closed the connection within the wait. */
    public boolean closed() {
      return closedAfterMillis >= 0;
    }
  }

  /**
   * Opens a connection, sends one HTTP/1.1 {@code GET path} (kept alive), reads the answer (which must
   * carry a Content-Length), then waits up to {@code maxWait} for the server to close the now idle
   * connection. {@code closedAfterMillis} counts from the end of the answer; -1 if still open.
   */
  public static Idle idle(String host, int port, String path, Duration maxWait) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 2000);
      s.setSoTimeout((int) maxWait.toMillis());
      s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      String head = readHead(in);
      int status = status(head);
      long length = 0;
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Long.parseLong(line.substring(15).trim());
        }
      }
      in.readNBytes((int) length);
      long answered = System.nanoTime();
      try {
        int b = in.read();
        if (b >= 0) {
          throw new AssertionError("unexpected bytes on an idle connection");
        }
        return new Idle(status, (System.nanoTime() - answered) / 1_000_000);
      } catch (SocketTimeoutException e) {
        return new Idle(status, -1);
      } catch (SocketException e) {
        // a reset is a close too
        return new Idle(status, (System.nanoTime() - answered) / 1_000_000);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      sb.append((char) b);
    }
    return sb.toString();
  }
}
