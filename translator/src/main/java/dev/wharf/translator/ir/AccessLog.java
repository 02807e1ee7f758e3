package dev.wharf.translator.ir;

/**
 * Access logging of one proxy (spec 57), from its own service's {@code accessLogConfiguration}.
 *
 * @param includeQueryParameters true when {@code includeQueryParameters} is ENABLED
 */
public record AccessLog(Format format, boolean includeQueryParameters) {
  /** Log line format. */
  public enum Format {
    TEXT,
    JSON
  }
}
