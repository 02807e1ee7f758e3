package dev.wharf.translator.ir;

/** An IPv4 address and TCP port. */
public record SocketAddress(String ip, int port) {
  @Override
  public String toString() {
    return ip + ":" + port;
  }
}
