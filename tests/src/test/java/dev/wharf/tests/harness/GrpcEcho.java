package dev.wharf.tests.harness;

import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A gRPC app for tests (grpc-java on Netty, plaintext HTTP/2): service {@code wharf.Echo} with a unary
 * {@code Who} (answers the task id) and a server stream {@code Ticks} (N messages, one every given
 * millis). Calls are defined with {@link MethodDescriptor} over the protobuf well-known wrapper types,
 * so no code generation is needed. Also speaks for the client side: channels and calls.
 */
public final class GrpcEcho implements AutoCloseable {
  public static final MethodDescriptor<StringValue, StringValue> WHO =
      MethodDescriptor.<StringValue, StringValue>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("wharf.Echo", "Who"))
          .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
          .build();

  /** Request: {@code value} = number of messages, sent one per {@link #TICK_MILLIS}. */
  public static final MethodDescriptor<Int32Value, StringValue> TICKS =
      MethodDescriptor.<Int32Value, StringValue>newBuilder()
          .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("wharf.Echo", "Ticks"))
          .setRequestMarshaller(ProtoUtils.marshaller(Int32Value.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
          .build();

  /** Milliseconds between two messages of {@code Ticks}. */
  public static final long TICK_MILLIS = 1000;

  private final String taskId;
  private final Server server;
  private final AtomicInteger calls;
  private final AtomicReference<Status> failWith;

  private GrpcEcho(String taskId, Server server, AtomicInteger calls, AtomicReference<Status> failWith) {
    this.taskId = taskId;
    this.server = server;
    this.calls = calls;
    this.failWith = failWith;
  }

  /** Serves on {@code ip:port}. */
  public static GrpcEcho start(String taskId, String ip, int port) throws IOException {
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<Status> failWith = new AtomicReference<>();
    ServerServiceDefinition def = ServerServiceDefinition.builder("wharf.Echo")
        .addMethod(WHO, ServerCalls.asyncUnaryCall((req, obs) -> {
          calls.incrementAndGet();
          Status failure = failWith.get();
          if (failure != null) {
            // no message sent, so grpc-java answers trailers-only: grpc-status in the response headers
            obs.onError(failure.asRuntimeException());
            return;
          }
          obs.onNext(StringValue.of(taskId));
          obs.onCompleted();
        }))
        .addMethod(TICKS, ServerCalls.asyncServerStreamingCall((req, obs) -> {
          calls.incrementAndGet();
          Thread t = new Thread(() -> {
            try {
              for (int i = 0; i < req.getValue(); i++) {
                obs.onNext(StringValue.of(taskId + " " + i));
                Thread.sleep(TICK_MILLIS);
              }
              obs.onCompleted();
            } catch (InterruptedException e) {
              obs.onError(e);
            } catch (RuntimeException e) {
              // the call was cancelled
            }
          }, "ticks-" + taskId);
          t.setDaemon(true);
          t.start();
        }))
        .build();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(ip, port)).addService(def).build().start();
    return new GrpcEcho(taskId, server, calls, failWith);
  }

  public String taskId() {
    return taskId;
  }

  /** Makes {@code Who} answer {@code status} (null: answer normally again). */
  public void failWith(Status status) {
    failWith.set(status);
  }

  /** Calls served so far. */
  public int calls() {
    return calls.get();
  }

  /** A plaintext (h2c prior knowledge) channel to {@code host:port}: one HTTP/2 connection. */
  public static ManagedChannel channel(String host, int port) {
    return NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
  }

  /** One unary call: the answering task's id. */
  public static String who(ManagedChannel ch) {
    return ClientCalls.blockingUnaryCall(ch, WHO, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS),
        StringValue.of("who")).getValue();
  }

  /** A server stream of {@code n} messages, one per {@link #TICK_MILLIS}; returns them all. */
  public static List<String> ticks(ManagedChannel ch, int n) {
    Iterator<StringValue> it = ClientCalls.blockingServerStreamingCall(ch, TICKS,
        CallOptions.DEFAULT.withDeadlineAfter(n * TICK_MILLIS + 30_000, TimeUnit.MILLISECONDS), Int32Value.of(n));
    List<String> out = new ArrayList<>();
    it.forEachRemaining(v -> out.add(v.getValue()));
    return out;
  }

  /** Shuts a channel down and waits briefly. */
  public static void close(ManagedChannel ch) {
    ch.shutdownNow();
    try {
      ch.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
