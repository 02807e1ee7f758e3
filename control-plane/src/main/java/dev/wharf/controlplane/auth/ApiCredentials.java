package dev.wharf.controlplane.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The access keys {@code wharf server --credentials FILE} accepts: access key id → secret access key
 * and account. The file has one key per line, {@code <access key id> <secret access key> <account>}
 * separated by blanks; blank lines and lines starting with {@code #} are ignored. Immutable.
 */
public final class ApiCredentials {
  /** One access key's secret and the 12-digit account its calls act in. */
  public record Key(String accessKeyId, String secret, String account) {}

  private final Map<String, Key> keys;

  private ApiCredentials(Map<String, Key> keys) {
    this.keys = Map.copyOf(keys);
  }

  /** Keys given directly (tests). */
  public static ApiCredentials of(List<Key> keys) {
    Map<String, Key> m = new LinkedHashMap<>();
    keys.forEach(k -> m.put(k.accessKeyId(), k));
    return new ApiCredentials(m);
  }

  /**
   * Reads a credentials file.
   *
   * @throws IllegalArgumentException naming the line that is not {@code id secret account}
   */
  public static ApiCredentials read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read credentials file " + file, e);
    }
    Map<String, Key> m = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length != 3 || !f[0].matches("[A-Z0-9]{16,128}") || !f[2].matches("\\d{12}")) {
        throw new IllegalArgumentException(file + " line " + (i + 1)
            + ": expected '<access key id (A-Z, 0-9)> <secret access key> <12-digit account>'");
      }
      m.put(f[0], new Key(f[0], f[1], f[2]));
    }
    if (m.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no access key");
    }
    return new ApiCredentials(m);
  }

  /** The key with this id, or null. */
  public Key find(String accessKeyId) {
    return keys.get(accessKeyId);
  }
}
