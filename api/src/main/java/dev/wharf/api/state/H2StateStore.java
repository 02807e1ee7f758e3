package dev.wharf.api.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableSortedMap;
import dev.wharf.api.json.WharfJson;
import dev.wharf.api.state.MeshState.Table;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StateStore} on an embedded H2 file database ({@code <dataDir>/wharf.mv.db}).
 *
 * <p>Layout: one row per map entry of {@link MeshState}, {@code (kind, row_key, json)}, where kind
 * names the map ({@code namespaces}, {@code services}, ...) and json is the record in
 * {@link WharfJson#store()} form; plus one row holding the revision. An accepted mutation writes only
 * the keys it wrote ({@link MeshState#changes()}: upserted, or deleted when gone), and the new
 * revision, in one transaction: O(keys written), whatever the size of the state.
 *
 * <p>Durability: the database is opened with {@code WRITE_DELAY=0}, so H2 writes a transaction to the
 * file when it commits, before {@link #apply} returns. A committed mutation therefore survives
 * {@code kill -9} of the process (it is in the file, through the OS page cache). H2 does not fsync
 * each commit, so a power cut may lose the last commits; that is outside this store's contract.
 *
 * <p>H2's file lock keeps a second process from opening the same directory. Thread-safe.
 */
public final class H2StateStore extends AbstractStateStore {

  private static final Logger LOG = LoggerFactory.getLogger(H2StateStore.class);
  private static final ObjectMapper JSON = WharfJson.store();
  private static final TypeReference<TreeMap<String, String>> TAGS = new TypeReference<>() {};

  private final String url;
  private Connection connection;

  private H2StateStore(String url, Connection connection, MeshState initial) {
    super(initial);
    this.url = url;
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
        return new H2StateStore(url, c, load(c));
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
      for (Map.Entry<Table<?>, Set<String>> e : next.changes().entrySet()) {
        Table<?> table = e.getKey();
        for (String key : e.getValue()) {
          Object value = next.get(table).get(key);
          PreparedStatement st = value == null ? delete : upsert;
          st.setString(1, table.name());
          st.setString(2, key);
          if (value != null) {
            st.setString(3, writeJson(value));
          }
          st.addBatch();
        }
      }
      upsert.executeBatch();
      delete.executeBatch();
      revision.setLong(1, next.revision());
      revision.executeUpdate();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(e);
      reopenIfClosed(e);
      throw new IllegalStateException("State store write failed: " + e.getMessage(), e);
    }
  }

  /**
   * H2 closes the database for good when a write fails inside its storage layer (for example when
   * the process is out of direct buffer memory for a moment). What is on disk is the last committed
   * revision, which is what this store's in-memory state still is (a failed write changes neither),
   * so the store opens the file again and the next write can succeed. Writer lock held.
   */
  private void reopenIfClosed(Exception cause) {
    try {
      if (!connection.isClosed() && connection.isValid(1)) {
        return;
      }
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already closed
      }
      Connection c = DriverManager.getConnection(url, "wharf", "");
      c.setAutoCommit(false);
      connection = c;
      LOG.warn("the state store closed itself after a failed write; reopened {}", url);
    } catch (SQLException | RuntimeException e) {
      cause.addSuppressed(e);
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
    Map<String, Table<?>> byName = new HashMap<>();
    MeshState.TABLES.forEach(t -> byName.put(t.name(), t));
    Map<Table<?>, Map<String, Object>> maps = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT kind, row_key, json FROM wharf_rows")) {
      while (rs.next()) {
        Table<?> table = byName.get(rs.getString(1));
        if (table == null) {
          throw new IllegalStateException("Unknown row kind " + rs.getString(1));
        }
        maps.computeIfAbsent(table, k -> new HashMap<>()).put(rs.getString(2), read(table, rs.getString(3)));
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT revision FROM wharf_meta WHERE id = 0")) {
      return MeshState.loaded(rs.next() ? rs.getLong(1) : 0, maps);
    }
  }

  private static Object read(Table<?> table, String json) {
    if (table == MeshState.TAGS) {
      return ImmutableSortedMap.copyOf(readJson(json, TAGS));
    }
    return readJson(json, table.type());
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
}
