package dev.wharf.api.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.api.state.StateStore.Outcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2StateStoreTest {

  @TempDir Path dir;

  @Test
  void reopenedStoreHoldsTheSameState() {
    MeshState populated = StateFixtures.populated();
    MeshState written;
    try (H2StateStore store = H2StateStore.open(dir)) {
      store.apply(s -> new Outcome<>(populated, null));
      written = store.current();
    }
    try (H2StateStore store = H2StateStore.open(dir)) {
      assertEquals(written, store.current());
      assertEquals(1, store.current().revision());
    }
  }

  @Test
  void changesAndRemovalsAreWrittenAsDiffs() {
    try (H2StateStore store = H2StateStore.open(dir)) {
      store.apply(s -> new Outcome<>(StateFixtures.populated(), null));
      store.apply(s -> new Outcome<>(s.cleared()
          .put(MeshState.SERVICES, s.services().firstKey(), s.services().firstEntry().getValue())
          .put(MeshState.ALIAS_VIPS, "x|a:1", 4), null));
    }
    try (H2StateStore store = H2StateStore.open(dir)) {
      MeshState s = store.current();
      assertTrue(s.tasks().isEmpty());
      assertTrue(s.instances().isEmpty());
      assertEquals(Map.of("x|a:1", 4), s.aliasVips());
      assertEquals(StateFixtures.populated().services(), s.services());
      assertEquals(2, s.revision());
    }
  }

  @Test
  void rejectedMutationChangesNothingInMemoryOrOnDisk() {
    MeshState before;
    try (H2StateStore store = H2StateStore.open(dir)) {
      store.apply(s -> new Outcome<>(StateFixtures.populated(), null));
      before = store.current();
      assertThrows(IllegalArgumentException.class, () -> store.apply(s -> {
        throw new IllegalArgumentException("rejected");
      }));
      assertSame(before, store.current());
    }
    try (H2StateStore store = H2StateStore.open(dir)) {
      assertEquals(before, store.current());
    }
  }

  @Test
  void noOpMutationWritesNothingAndKeepsRevision() {
    try (H2StateStore store = H2StateStore.open(dir)) {
      List<Long> seen = new ArrayList<>();
      store.subscribe(s -> seen.add(s.revision()));
      String result = store.apply(s -> new Outcome<>(s, "same"));
      assertEquals("same", result);
      assertEquals(0, store.current().revision());
      assertTrue(seen.isEmpty());
    }
  }

  @Test
  void listenersSeeEveryRevisionInOrderAfterCommit() {
    try (H2StateStore store = H2StateStore.open(dir)) {
      List<Long> seen = new ArrayList<>();
      store.subscribe(s -> seen.add(s.revision()));
      for (int i = 0; i < 5; i++) {
        int n = i;
        store.apply(s -> new Outcome<>(s.put(MeshState.ALIAS_VIPS, "k" + n, n), null));
      }
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seen);
    }
  }

  @Test
  void concurrentAppliersLoseNothing() throws Exception {
    int threads = 32;
    int perThread = 100;
    try (H2StateStore store = H2StateStore.open(dir)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            String key = "t" + thread + "-" + i;
            int value = i;
            store.apply(s -> {
              int counter = s.aliasVips().getOrDefault("counter", 0) + 1;
              return new Outcome<>(s.put(MeshState.ALIAS_VIPS, key, value)
                  .put(MeshState.ALIAS_VIPS, "counter", counter), null);
            });
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(2, TimeUnit.MINUTES);
      }
      pool.shutdown();
      assertEquals(threads * perThread + 1, store.current().aliasVips().size());
      assertEquals(threads * perThread, store.current().aliasVips().get("counter"));
      assertEquals(threads * perThread, store.current().revision());
    }
    try (H2StateStore store = H2StateStore.open(dir)) {
      assertEquals(threads * perThread + 1, store.current().aliasVips().size());
      assertEquals(threads * perThread, store.current().revision());
    }
  }

  /** A child JVM applies mutations and acknowledges each; kill -9 it; every acknowledged one is on disk. */
  @Test
  void acknowledgedMutationsSurviveKillMinus9() throws Exception {
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        KillNineChild.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    AtomicLong lastAck = new AtomicLong(-1);
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lastAck.set(Long.parseLong(line.trim()));
        if (lastAck.get() >= 300) {
          break;
        }
      }
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    assertTrue(lastAck.get() >= 300, "child acknowledged " + lastAck.get());
    try (H2StateStore store = H2StateStore.open(dir)) {
      Map<String, Integer> vips = new HashMap<>(store.current().aliasVips());
      for (long i = 0; i <= lastAck.get(); i++) {
        assertEquals((int) i, vips.get("k" + i), "acknowledged mutation " + i + " lost");
      }
    }
  }

  @Test
  void theChangeFeedNamesTheKeysEachMutationWrote() {
    try (H2StateStore store = H2StateStore.open(dir)) {
      List<StateChange> feed = new ArrayList<>();
      store.subscribe(feed::add);
      store.apply(s -> new Outcome<>(s.put(MeshState.ALIAS_VIPS, "a", 1).put(MeshState.ALIAS_VIPS, "b", 2), null));
      store.apply(s -> new Outcome<>(s.remove(MeshState.ALIAS_VIPS, "a"), null));
      assertEquals(2, feed.size());
      assertEquals(Set.of("a", "b"), feed.get(0).changed(MeshState.ALIAS_VIPS));
      assertEquals(Set.of("a"), feed.get(1).changed(MeshState.ALIAS_VIPS));
      assertEquals(Set.of(), feed.get(1).changed(MeshState.TASKS));
      assertEquals(2, feed.get(1).revision());
      assertEquals(Map.of("b", 2), feed.get(1).state().aliasVips());
      assertTrue(!feed.get(1).state().hasChanges(), "a committed state carries no pending changes");
    }
  }

  @Test
  void applyAllIsOneTransactionAndOneFeedEntryAndSkipsOnlyTheRejectedMutation() {
    try (H2StateStore store = H2StateStore.open(dir)) {
      List<StateChange> feed = new ArrayList<>();
      store.subscribe(feed::add);
      List<StateStore.Mutation<?>> batch = List.of(
          s -> new Outcome<>(s.put(MeshState.ALIAS_VIPS, "x", 1), "first"),
          s -> {
            throw new IllegalArgumentException("rejected");
          },
          s -> new Outcome<>(s.put(MeshState.ALIAS_VIPS, "y", s.aliasVips().get("x") + 1), "third"));
      List<Object> results = store.applyAll(batch);
      assertEquals("first", results.get(0));
      assertTrue(results.get(1) instanceof IllegalArgumentException);
      assertEquals("third", results.get(2));
      assertEquals(1, feed.size(), "one feed entry for the batch");
      assertEquals(1, store.current().revision());
    }
    try (H2StateStore store = H2StateStore.open(dir)) {
      assertEquals(Map.of("x", 1, "y", 2), store.current().aliasVips());
    }
  }

  /** Child process for {@link #acknowledgedMutationsSurviveKillMinus9}. */
  public static final class KillNineChild {
    public static void main(String[] args) {
      H2StateStore store = H2StateStore.open(Path.of(args[0]));
      for (int i = 0; ; i++) {
        int n = i;
        store.apply(s -> {
          return new Outcome<>(s.put(MeshState.ALIAS_VIPS, "k" + n, n), null);
        });
        System.out.println(n);
        System.out.flush();
      }
    }
  }
}
