package dev.wharf.tests.ads;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A proxy that subscribes to CDS and then never reads again (inbound flow control: one message). */
final class SlowClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final AtomicInteger received = new AtomicInteger();

  private SlowClient(ManagedChannel channel) {
    this.channel = channel;
  }

  static SlowClient start(int port, String nodeId) {
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .flowControlWindow(65_535).build();
    SlowClient c = new SlowClient(ch);
    var requests = AggregatedDiscoveryServiceGrpc.newStub(ch).streamAggregatedResources(
        new ClientResponseObserver<DiscoveryRequest, DiscoveryResponse>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<DiscoveryRequest> stream) {
            stream.disableAutoRequestWithInitial(1);
          }

          @Override
          public void onNext(DiscoveryResponse value) {
            c.received.incrementAndGet();
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        });
    requests.onNext(DiscoveryRequest.newBuilder().setNode(Node.newBuilder().setId(nodeId))
        .setTypeUrl(ScriptedAds.CDS).build());
    return c;
  }

  int received() {
    return received.get();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
  }
}
