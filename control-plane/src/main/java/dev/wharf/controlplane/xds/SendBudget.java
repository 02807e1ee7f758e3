package dev.wharf.controlplane.xds;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bound on the response bytes the ADS server has handed to gRPC and the transport has not yet
 * written, across all streams. gRPC serializes a response into (direct) transport buffers as soon as
 * it is sent, and a stream's flow control ({@code isReady}) only limits what follows one response.
 * Without a shared bound, thousands of sidecars connecting at once would each be handed a full
 * configuration (about 1.6 MB for 1,000 services) at the same moment: gigabytes of buffers, more
 * than the process has (measured: direct buffer memory exhausted at 3,000 proxies, 512 MiB).
 *
 * <p>A stream {@link #take takes} the size of each response it sends and {@link #give gives} it back
 * once its transport is ready again (its buffered bytes are below gRPC's ready threshold, so what it
 * was handed has been written). A stream that finds the budget spent parks itself and is woken when
 * bytes come back; it then retries. One response is always allowed when nothing is in flight, so a
 * response larger than the whole budget still goes out. Thread-safe.
 */
final class SendBudget {
  private final long limit;
  private final AtomicLong inFlight = new AtomicLong();
  private final Queue<AdsStream> parked = new ConcurrentLinkedQueue<>();

  SendBudget(long limit) {
    this.limit = limit;
  }

  /** The default: a quarter of the direct memory the JVM allows (its heap size unless set), 16-128 MiB. */
  static SendBudget defaults() {
    long max = Runtime.getRuntime().maxMemory();
    return new SendBudget(Math.max(16L << 20, Math.min(128L << 20, max / 4)));
  }

  /** Whether a stream may send now; if not, it is parked and will be {@link AdsStream#wake woken}. */
  boolean mayTake(AdsStream s) {
    long now = inFlight.get();
    if (now == 0 || now < limit) {
      return true;
    }
    parked.add(s);
    // Bytes may have come back between the check and the park: re-check, so no one sleeps forever.
    if (inFlight.get() < limit) {
      wakeParked();
    }
    return false;
  }

  void take(long bytes) {
    inFlight.addAndGet(bytes);
  }

  void give(long bytes) {
    if (bytes > 0 && inFlight.addAndGet(-bytes) < limit) {
      wakeParked();
    }
  }

  /** Bytes handed to the transport and not yet given back. */
  long inFlight() {
    return inFlight.get();
  }

  long limit() {
    return limit;
  }

  private void wakeParked() {
    AdsStream s;
    int woken = 0;
    while (woken < 64 && (s = parked.poll()) != null) {
      s.wake();
      woken++;
    }
  }
}
