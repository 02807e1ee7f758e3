package dev.wharf.translator.ir;

/**
 * One hosts-file line of a task (spec 25): {@code ip hostname}. Only alias names appear, never
 * discovery names (spec 10).
 */
public record HostEntry(String ip, String hostname) {
  /** The line as written to a hosts file, without the newline. */
  public String line() {
    return ip + " " + hostname;
  }
}
