package dev.wharf.translator.ir;

/**
 * How a port is proxied (spec 42): {@code appProtocol} http, http2, grpc, or unset (TCP).
 */
public enum Protocol {
  TCP,
  HTTP,
  HTTP2,
  GRPC;

  /** Maps a task-definition {@code appProtocol}; null means TCP (spec 42). Unknown values give null. */
  public static Protocol fromAppProtocol(String appProtocol) {
    if (appProtocol == null) {
      return TCP;
    }
    return switch (appProtocol) {
      case "http" -> HTTP;
      case "http2" -> HTTP2;
      case "grpc" -> GRPC;
      default -> null;
    };
  }

  /** True for the HTTP family (http, http2, grpc): rendered with an HTTP connection manager. */
  public boolean isHttp() {
    return this != TCP;
  }

  /** True when the upstream hop must speak HTTP/2 (http2, grpc). */
  public boolean isHttp2() {
    return this == HTTP2 || this == GRPC;
  }
}
