package dev.wharf.tests.bench.e2e;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The K = S×T simulated sidecars, in their own JVM, commanded by the driver over stdin/stdout (one
 * command per line, one answer line per command; see {@link FleetLink} for the commands and answers).
 * Sidecar {@code (j, k)} is task k of service j with {@link Estate#identity}; base sidecars share
 * gRPC connections (25 streams each, as the xDS benchmark does), and each churn sidecar has a
 * connection of its own, so that its task leaving is a closed connection, as when an Envoy exits.
 *
 * <p>Usage: {@code Fleet <xds port> <S> <T> <awsvpc|loopback> <delta|sotw>}. All times are
 * {@code System.nanoTime()} (CLOCK_MONOTONIC, comparable with the driver's).
 */
public final class Fleet {
  private static final int STREAMS_PER_CONNECTION = 25;

  private final int port;
  private final int services;
  private final int tasks;
  private final String layout;
  private final boolean delta;
  private final Sidecar[] base;
  private final EventLoopGroup loop = new NioEventLoopGroup(2);
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final AtomicInteger streamErrors = new AtomicInteger();
  private volatile Watch watch;
  private volatile Expectation expectation;
  private Sidecar churn;
  private ManagedChannel churnChannel;
  private int epoch;
  private long resumedAt;

  private Fleet(int port, int services, int tasks, String layout, boolean delta) {
    this.port = port;
    this.services = services;
    this.tasks = tasks;
    this.layout = layout;
    this.delta = delta;
    this.base = new Sidecar[services * tasks];
    this.expectation = Expectation.of(services, tasks);
    for (int j = 0; j < services; j++) {
      for (int k = 0; k < tasks; k++) {
        base[j * tasks + k] = sidecar(j, k);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Fleet f = new Fleet(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3],
        args[4].equals("delta"));
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] c = line.trim().split(" ");
      String answer = switch (c[0]) {
        case "CONNECT" -> f.connectAll(Integer.parseInt(c[1]), Integer.parseInt(c[2]));
        case "ADD" -> f.add(Integer.parseInt(c[1]), Integer.parseInt(c[2]), Integer.parseInt(c[3]));
        case "REMOVE" -> f.remove(Integer.parseInt(c[1]));
        case "WATCH_LISTENER" -> f.watchListener(c[1]);
        case "AWAIT" -> f.await(Long.parseLong(c[1]), Integer.parseInt(c[2]));
        case "RECONNECT" -> f.reconnect();
        case "SETTLE" -> f.settle(Integer.parseInt(c[1]), Integer.parseInt(c[2]));
        case "QUIT" -> null;
        default -> "ERROR unknown command " + c[0];
      };
      if (answer == null) {
        break;
      }
      System.out.println(answer);
      System.out.flush();
    }
    System.exit(0);
  }

  Watch watch() {
    return watch;
  }

  Expectation expectation() {
    return expectation;
  }

  void streamEnded(Sidecar s, Throwable error) {
    if (error != null && streamErrors.getAndIncrement() < 3) {
      System.err.println(s + ": stream ended: " + error);
    }
  }

  private Sidecar sidecar(int service, int task) {
    var id = Estate.identity(service, task, layout);
    return delta ? new DeltaSidecar(this, service, id) : new SotwSidecar(this, service, id);
  }

  private ManagedChannel channel() {
    return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().eventLoopGroup(loop)
        .channelType(NioSocketChannel.class).directExecutor().maxInboundMessageSize(256 << 20).build();
  }

  /** All K connect at once; answers when all are configured, or on timeout or stall. */
  private String connectAll(int timeoutS, int stallS) throws InterruptedException {
    long t0 = System.nanoTime();
    openAll(false);
    return "SYNC " + waitConfigured(t0, timeoutS, stallS);
  }

  private void openAll(boolean resume) {
    channels.forEach(ManagedChannel::shutdownNow);
    channels.clear();
    for (int i = 0; i < Math.max(1, (base.length + STREAMS_PER_CONNECTION - 1) / STREAMS_PER_CONNECTION); i++) {
      channels.add(channel());
    }
    for (int i = 0; i < base.length; i++) {
      base[i].connect(channels.get(i % channels.size()), resume);
    }
  }

  /** {@code <ok> <configured> <K> <ms until the last configured> <response bytes>}. */
  private String waitConfigured(long t0, int timeoutS, int stallS) throws InterruptedException {
    long deadline = t0 + TimeUnit.SECONDS.toNanos(timeoutS);
    long lastReport = t0;
    while (true) {
      long now = System.nanoTime();
      int configured = 0;
      long last = t0;
      long lastResponse = t0;
      long bytes = 0;
      for (Sidecar s : base) {
        long at = s.configuredAt;
        if (at != 0) {
          configured++;
          last = Math.max(last, at);
        }
        lastResponse = Math.max(lastResponse, s.lastResponseAt);
        bytes += s.responseBytes;
      }
      boolean done = configured == base.length;
      boolean stalled = now - lastResponse > TimeUnit.SECONDS.toNanos(stallS);
      if (done || now > deadline || stalled) {
        return String.format(Locale.ROOT, "%d %d %d %.1f %d", done ? 1 : 0, configured, base.length,
            (last - t0) / 1e6, bytes);
      }
      if (now - lastReport > TimeUnit.SECONDS.toNanos(5)) {
        lastReport = now;
        System.err.printf("configured %d of %d after %.0f s%n", configured, base.length, (now - t0) / 1e9);
      }
      Thread.sleep(2);
    }
  }

  /** Task {@code tasks + c} of service {@code service} connects; waits until every base sidecar ACKed its endpoint. */
  private String add(int c, int service, int timeoutS) throws InterruptedException {
    churn = sidecar(service, tasks + c);
    churnChannel = channel();
    watch = new Watch(++epoch, Sidecar.EDS, Facts.id(Estate.discoveryName(service)), churn.identity.ingressIp(),
        true);
    long t0 = System.nanoTime();
    churn.connect(churnChannel, false);
    return awaitWatch(t0, timeoutS);
  }

  /** The last churn sidecar's connection closes; waits until every base sidecar ACKed its endpoint's removal. */
  private String remove(int timeoutS) throws InterruptedException {
    watch = new Watch(++epoch, Sidecar.EDS, Facts.id(Estate.discoveryName(churn.service)),
        churn.identity.ingressIp(), false);
    long t0 = System.nanoTime();
    churnChannel.shutdownNow();
    String answer = awaitWatch(t0, timeoutS);
    churn = null;
    return answer;
  }

  private String watchListener(String name) {
    watch = new Watch(++epoch, Sidecar.LDS, Facts.id(name), null, true);
    return "READY";
  }

  private String await(long t0, int timeoutS) throws InterruptedException {
    return awaitWatch(t0, timeoutS);
  }

  /** {@code CHANGE <ok> <acked> <K> <ms until the last ACK> <median ms>}. */
  private String awaitWatch(long t0, int timeoutS) throws InterruptedException {
    Watch w = watch;
    long deadline = t0 + TimeUnit.SECONDS.toNanos(timeoutS);
    while (true) {
      int acked = 0;
      for (Sidecar s : base) {
        if (s.watchEpoch == w.epoch()) {
          acked++;
        }
      }
      if (acked == base.length || System.nanoTime() > deadline) {
        long[] lat = new long[acked];
        int i = 0;
        for (Sidecar s : base) {
          if (s.watchEpoch == w.epoch()) {
            lat[i++] = s.watchAt - t0;
          }
        }
        Arrays.sort(lat);
        return String.format(Locale.ROOT, "CHANGE %d %d %d %.1f %.1f", acked == base.length ? 1 : 0, acked,
            base.length, acked == 0 ? -1 : lat[acked - 1] / 1e6, acked == 0 ? -1 : lat[acked / 2] / 1e6);
      }
      Thread.sleep(1);
    }
  }

  /**
   * After the server restarted: every base sidecar reconnects at once, announcing what it holds.
   * Answers at once with {@code RECONNECTING <t0 nanos>}; {@link #settle} then waits for the responses.
   */
  private String reconnect() {
    for (Sidecar s : base) {
      s.resetCounters();
    }
    watch = null;
    resumedAt = System.nanoTime();
    openAll(true);
    return "RECONNECTING " + resumedAt;
  }

  /**
   * Waits until no response arrived for {@code quietS} seconds since this command or the last
   * response (or until the timeout), then answers {@code RESUMED <ok> <configured> <K> <ms from the
   * reconnect to the last response> <changed bytes> <unchanged bytes> <response bytes> <open streams>}.
   */
  private String settle(int timeoutS, int quietS) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(timeoutS);
    long lastResponse = resumedAt;
    while (System.nanoTime() < deadline) {
      lastResponse = resumedAt;
      for (Sidecar s : base) {
        lastResponse = Math.max(lastResponse, s.lastResponseAt);
      }
      if (System.nanoTime() - Math.max(lastResponse, start) > TimeUnit.SECONDS.toNanos(quietS)) {
        break;
      }
      Thread.sleep(10);
    }
    int configured = 0;
    long changed = 0;
    long unchanged = 0;
    long bytes = 0;
    int open = 0;
    for (Sidecar s : base) {
      synchronized (s) {
        configured += expectation.metBy(s) ? 1 : 0;
        changed += s.changedBytes;
        unchanged += s.unchangedBytes;
        bytes += s.responseBytes;
        open += s.open ? 1 : 0;
      }
    }
    return String.format(Locale.ROOT, "RESUMED %d %d %d %.1f %d %d %d %d", configured == base.length ? 1 : 0,
        configured, base.length, (lastResponse - resumedAt) / 1e6, changed, unchanged, bytes, open);
  }
}
