package dev.wharf.controlplane.xds;

import dev.wharf.controlplane.auth.SidecarCredentials;
import dev.wharf.controlplane.auth.SidecarCredentials.Verdict;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Clock;

/**
 * Checks the sidecar credential an ADS stream presents in its gRPC metadata ({@value #HEADER},
 * which the bootstrap puts in {@code grpc_service.initial_metadata}) before the stream is served
 * anything. A forged, malformed or expired credential is refused with {@code UNAUTHENTICATED};
 * so is a missing one when credentials are required. A genuine one is handed to the stream
 * ({@link #VERDICT}), which refuses a first request whose node is not the credential's task with
 * {@code PERMISSION_DENIED}. A refused call never reaches the stream: nothing is registered or sent.
 * Thread-safe.
 */
final class SidecarAuthInterceptor implements ServerInterceptor {
  /** The metadata key of the credential (lower case, as HTTP/2 requires). */
  static final String HEADER = "x-wharf-sidecar-credential";

  /** The verdict on the current call's credential, for the stream it starts. */
  static final Context.Key<Verdict> VERDICT = Context.key("wharf-sidecar-verdict");

  private static final Metadata.Key<String> KEY = Metadata.Key.of(HEADER, Metadata.ASCII_STRING_MARSHALLER);

  private final SidecarCredentials credentials;
  private final boolean required;
  private final Clock clock;

  SidecarAuthInterceptor(SidecarCredentials credentials, boolean required, Clock clock) {
    this.credentials = credentials;
    this.required = required;
    this.clock = clock;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Verdict v = credentials.verify(headers.get(KEY), clock.instant());
    Status refusal = null;
    if (v instanceof Verdict.Invalid bad) {
      refusal = Status.UNAUTHENTICATED.withDescription("sidecar credential refused: " + bad.reason());
    } else if (v instanceof Verdict.Missing && required) {
      refusal = Status.UNAUTHENTICATED.withDescription("a sidecar credential is required (metadata " + HEADER
          + "); get a bootstrap that carries one from 'wharf bootstrap --endpoint'");
    }
    if (refusal != null) {
      call.close(refusal, new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(VERDICT, v), call, headers, next);
  }
}
