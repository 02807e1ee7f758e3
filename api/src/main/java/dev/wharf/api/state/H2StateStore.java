package dev.wharf.api.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableSortedMap;
import dev.wharf.api.json.WharfJson;
import dev.wharf.api.model.cloudmap.DiscoveryService;
import dev.wharf.api.model.cloudmap.Instance;
import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.cloudmap.Operation;
import dev.wharf.api.model.ecs.Cluster;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.Task;
import dev.wharf.api.model.ecs.TaskDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A {@link StateStore} on an embedded H2 file database ({@code <dataDir>/wharf.mv.db}).
 *
 * <p>Layout: one row per map entry of {@link MeshState}, {@code (kind, row_key, json)}, where kind
 * names the map ({@code namespaces}, {@code services}, ...) and json is the record in
 * {@link WharfJson#store()} form; plus one row holding the revision. An accepted mutation writes only
 * the entries that changed or disappeared, and the new revision, in one transaction.
 *
 * <p>Durability: the database is opened with {@code WRITE_DELAY=0}, so H2 writes a transaction to the
 * file when it commits, before {@link #apply} returns. A committed mutation therefore survives
 * {@code kill -9} of the process (it is in the file, through the OS page cache). H2 does not fsync
 * each commit, so a power cut may lose the last commits; that is outside this store's contract.
 *
 * <p>H2's file lock keeps a second process from opening the same directory. Thread-safe.
 */
public final class H2StateStore extends AbstractStateStore {

  private static final ObjectMapper JSON = WharfJson.store();
  private static final List<Kind<?>> KINDS = List.of(
      kind("namespaces", MeshState::namespaces, MeshState::withNamespaces, Namespace.class),
      kind("discoveryServices", MeshState::discoveryServices, MeshState::withDiscoveryServices,
          DiscoveryService.class),
      kind("instances", MeshState::instances, MeshState::withInstances, Instance.class),
      kind("operations", MeshState::operations, MeshState::withOperations, Operation.class),
      kind("clusters", MeshState::clusters, MeshState::withClusters, Cluster.class),
      kind("taskDefinitions", MeshState::taskDefinitions, MeshState::withTaskDefinitions,
          TaskDefinition.class),
      kind("services", MeshState::services, MeshState::withServices, EcsService.class),
      kind("tasks", MeshState::tasks, MeshState::withTasks, Task.class),
      kind("aliasVips", MeshState::aliasVips, MeshState::withAliasVips, Integer.class),
      new Kind<ImmutableSortedMap<String, String>>("tags", MeshState::tags, MeshState::withTags,
          json -> ImmutableSortedMap.copyOf(readJson(json, new TypeReference<TreeMap<String, String>>() {}))));

  private final Connection connection;

  private H2StateStore(Connection connection, MeshState initial) {
    super(initial);
    this.connection = connection;
  }

  /**
   * Opens (creating if needed) the store in {@code dataDir} and loads its state.
   *
   * @throws IllegalStateException if the database cannot be opened, e.g. another process holds it
   */
  public static H2StateStore open(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("wharf")
          + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
      Connection c = DriverManager.getConnection(url, "wharf", "");
      try {
        createSchema(c);
        c.setAutoCommit(false);
        return new H2StateStore(c, load(c));
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create data directory " + dataDir, e);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot open the state store in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  protected void persist(MeshState before, MeshState next) {
    try (PreparedStatement upsert = connection.prepareStatement(
            "MERGE INTO wharf_rows (kind, row_key, json) KEY (kind, row_key) VALUES (?, ?, ?)");
        PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM wharf_rows WHERE kind = ? AND row_key = ?");
        PreparedStatement revision = connection.prepareStatement(
            "UPDATE wharf_meta SET revision = ? WHERE id = 0")) {
      for (Kind<?> kind : KINDS) {
        kind.diff(before, next, upsert, delete);
      }
      upsert.executeBatch();
      delete.executeBatch();
      revision.setLong(1, next.revision());
      revision.executeUpdate();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(e);
      throw new IllegalStateException("State store write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot close the state store", e);
    }
  }

  private void rollbackQuietly(Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void createSchema(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS wharf_rows (kind VARCHAR(64) NOT NULL, "
          + "row_key VARCHAR(4096) NOT NULL, json VARCHAR(1000000) NOT NULL, PRIMARY KEY (kind, row_key))");
      s.execute("CREATE TABLE IF NOT EXISTS wharf_meta (id INT PRIMARY KEY, revision BIGINT NOT NULL)");
      s.execute("MERGE INTO wharf_meta (id, revision) KEY (id) "
          + "SELECT 0, COALESCE((SELECT revision FROM wharf_meta WHERE id = 0), 0)");
    }
  }

  private static MeshState load(Connection c) throws SQLException {
    Map<String, Map<String, String>> rows = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT kind, row_key, json FROM wharf_rows")) {
      while (rs.next()) {
        rows.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
      }
    }
    MeshState state = MeshState.EMPTY;
    for (Kind<?> kind : KINDS) {
      state = kind.load(state, rows.getOrDefault(kind.name(), Map.of()));
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT revision FROM wharf_meta WHERE id = 0")) {
      return state.withRevision(rs.next() ? rs.getLong(1) : 0);
    }
  }

  private static <V> Kind<V> kind(String name, Function<MeshState, ImmutableSortedMap<String, V>> get,
      BiFunction<MeshState, Map<String, V>, MeshState> set, Class<V> type) {
    return new Kind<>(name, get, set, json -> readJson(json, type));
  }

  private static <V> V readJson(String json, Class<V> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Corrupt " + type.getSimpleName() + " row: " + e.getMessage(), e);
    }
  }

  private static <V> V readJson(String json, TypeReference<V> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Corrupt row: " + e.getMessage(), e);
    }
  }

  private static String writeJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  /** One map of {@link MeshState}: how to read it, replace it, and turn its entries into rows. */
  private record Kind<V>(
      String name,
      Function<MeshState, ImmutableSortedMap<String, V>> get,
      BiFunction<MeshState, Map<String, V>, MeshState> set,
      Function<String, V> read) {

    /** Adds upserts and deletes for what differs; a merge walk, since both maps are sorted by key. */
    void diff(MeshState before, MeshState next, PreparedStatement upsert, PreparedStatement delete)
        throws SQLException {
      ImmutableSortedMap<String, V> old = get.apply(before);
      ImmutableSortedMap<String, V> now = get.apply(next);
      if (old == now) {
        return;
      }
      Iterator<Map.Entry<String, V>> a = old.entrySet().iterator();
      Iterator<Map.Entry<String, V>> b = now.entrySet().iterator();
      Map.Entry<String, V> x = a.hasNext() ? a.next() : null;
      Map.Entry<String, V> y = b.hasNext() ? b.next() : null;
      while (x != null || y != null) {
        int c = x == null ? 1 : y == null ? -1 : x.getKey().compareTo(y.getKey());
        if (c < 0) {
          delete(delete, x.getKey());
          x = a.hasNext() ? a.next() : null;
        } else if (c > 0) {
          upsert(upsert, y.getKey(), y.getValue());
          y = b.hasNext() ? b.next() : null;
        } else {
          if (x.getValue() != y.getValue() && !Objects.equals(x.getValue(), y.getValue())) {
            upsert(upsert, y.getKey(), y.getValue());
          }
          x = a.hasNext() ? a.next() : null;
          y = b.hasNext() ? b.next() : null;
        }
      }
    }

    private void upsert(PreparedStatement upsert, String key, V value) throws SQLException {
      upsert.setString(1, name);
      upsert.setString(2, key);
      upsert.setString(3, writeJson(value));
      upsert.addBatch();
    }

    private void delete(PreparedStatement delete, String key) throws SQLException {
      delete.setString(1, name);
      delete.setString(2, key);
      delete.addBatch();
    }

    MeshState load(MeshState state, Map<String, String> rows) {
      Map<String, V> values = new TreeMap<>();
      rows.forEach((key, json) -> values.put(key, read.apply(json)));
      return set.apply(state, values);
    }
  }
}
