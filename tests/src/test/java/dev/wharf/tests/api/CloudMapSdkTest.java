package dev.wharf.tests.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.tests.harness.Mesh;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.CustomHealthNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.CustomHealthStatus;
import software.amazon.awssdk.services.servicediscovery.model.DiscoverInstancesResponse;
import software.amazon.awssdk.services.servicediscovery.model.DuplicateRequestException;
import software.amazon.awssdk.services.servicediscovery.model.FilterCondition;
import software.amazon.awssdk.services.servicediscovery.model.HealthStatus;
import software.amazon.awssdk.services.servicediscovery.model.HealthStatusFilter;
import software.amazon.awssdk.services.servicediscovery.model.HttpInstanceSummary;
import software.amazon.awssdk.services.servicediscovery.model.Instance;
import software.amazon.awssdk.services.servicediscovery.model.InstanceNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.InstanceSummary;
import software.amazon.awssdk.services.servicediscovery.model.InvalidInputException;
import software.amazon.awssdk.services.servicediscovery.model.Namespace;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceAlreadyExistsException;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceFilterName;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceSummary;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceType;
import software.amazon.awssdk.services.servicediscovery.model.Operation;
import software.amazon.awssdk.services.servicediscovery.model.OperationFilterName;
import software.amazon.awssdk.services.servicediscovery.model.OperationNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.OperationStatus;
import software.amazon.awssdk.services.servicediscovery.model.OperationSummary;
import software.amazon.awssdk.services.servicediscovery.model.OperationTargetType;
import software.amazon.awssdk.services.servicediscovery.model.OperationType;
import software.amazon.awssdk.services.servicediscovery.model.ResourceInUseException;
import software.amazon.awssdk.services.servicediscovery.model.ResourceNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.Service;
import software.amazon.awssdk.services.servicediscovery.model.ServiceAlreadyExistsException;
import software.amazon.awssdk.services.servicediscovery.model.ServiceFilterName;
import software.amazon.awssdk.services.servicediscovery.model.ServiceNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.ServiceSummary;
import software.amazon.awssdk.services.servicediscovery.model.ServiceType;
import software.amazon.awssdk.services.servicediscovery.model.Tag;

/**
 * Every Cloud Map operation Wharf serves through the AWS SDK for Java v2: responses parse into the SDK's
 * model objects with the members AWS returns, GetOperation moves SUBMITTED → PENDING → SUCCESS, errors
 * surface as the SDK's typed exceptions (HTTP 400, the error code, modelled extra members), and the
 * SDK paginators walk every list.
 */
class CloudMapSdkTest {

  /**
   * Namespaces and their operations on one control plane holding exactly five namespaces: {@code sdk-ns}
   * (created first, its GetOperation statuses recorded while it settled) and {@code more-0} to {@code more-3}.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class Namespaces {
    private Mesh mesh;
    private ServiceDiscoveryClient sd;
    private Instant before;
    private String opId;
    private final List<OperationStatus> seen = new ArrayList<>();
    private Operation op;
    private String nsId;
    private Namespace ns;

    @BeforeAll
    void start() {
      mesh = Mesh.start();
      sd = Sdk.cloudMap(mesh.controlPlane().apiPort());
      before = Instant.now().minusSeconds(1);
      opId = sd.createHttpNamespace(r -> r.name("sdk-ns").description("made by the SDK")
          .tags(Tag.builder().key("team").value("core").build())).operationId();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        op = sd.getOperation(r -> r.operationId(opId)).operation();
        if (seen.isEmpty() || seen.get(seen.size() - 1) != op.status()) {
          seen.add(op.status());
        }
        if (op.status() == OperationStatus.SUCCESS) {
          break;
        }
        sleep(20);
      }
      nsId = op.targets().get(OperationTargetType.NAMESPACE);
      ns = sd.getNamespace(r -> r.id(nsId)).namespace();
      for (int i = 0; i < 4; i++) {
        int n = i;
        await(sd, sd.createHttpNamespace(r -> r.name("more-" + n)).operationId());
      }
    }

    @AfterAll
    void stop() {
      sd.close();
      mesh.close();
    }

    @Test
    void createHttpNamespaceOperationMovesFromSubmittedThroughPendingToSuccess() {
      // The exact timing (SUBMITTED for 100 ms, PENDING until 300 ms) is pinned with a controlled clock in
      // the api module's tests; here a cold SDK call may take longer than 100 ms, so the statuses seen
      // must be an in-order part of the progression that ends in SUCCESS.
      List<OperationStatus> progression = List.of(OperationStatus.SUBMITTED, OperationStatus.PENDING,
          OperationStatus.SUCCESS);
      assertEquals(OperationStatus.SUCCESS, seen.get(seen.size() - 1), seen.toString());
      assertTrue(seen.stream().allMatch(progression::contains)
          && seen.equals(seen.stream().sorted(Comparator.comparingInt(progression::indexOf)).toList()),
          "out of order: " + seen);
      assertEquals(opId, op.id());
      assertEquals(OperationType.CREATE_NAMESPACE, op.type());
      assertTrue(op.createDate().isAfter(before) && !op.updateDate().isBefore(op.createDate()), op.toString());
      assertTrue(nsId.matches("ns-[a-z0-9]{16}"), op.toString());
    }

    @Test
    void getNamespaceReturnsTheMembersAwsReturns() {
      assertEquals(nsId, ns.id());
      assertEquals("arn:aws:servicediscovery:us-east-1:000000000000:namespace/" + nsId, ns.arn());
      assertEquals("sdk-ns", ns.name());
      assertEquals(NamespaceType.HTTP, ns.type());
      assertEquals("made by the SDK", ns.description());
      assertEquals(0, ns.serviceCount());
      assertEquals("sdk-ns", ns.properties().httpProperties().httpName());
      assertTrue(ns.createDate().isAfter(before), ns.toString());
      assertNotNull(ns.creatorRequestId(), "the SDK fills the idempotency token");
    }

    @Test
    void createHttpNamespaceWithATakenNameAndAnotherCreatorRequestIdIsNamespaceAlreadyExists() {
      // Idempotency token: the same CreatorRequestId gives the same operation, another gives
      // NamespaceAlreadyExists.
      NamespaceAlreadyExistsException exists = assertThrows(NamespaceAlreadyExistsException.class,
          () -> sd.createHttpNamespace(r -> r.name("sdk-ns").creatorRequestId("other")));
      assertAwsError(exists, "NamespaceAlreadyExists");
      assertEquals(nsId, exists.namespaceId());
    }

    @Test
    void listNamespacesPaginatorWalksEveryPage() {
      // MaxResults 2: 5 namespaces over 3 pages.
      var pages = sd.listNamespacesPaginator(r -> r.maxResults(2));
      assertEquals(3, pages.stream().count());
      assertEquals(5, pages.stream().flatMap(p -> p.namespaces().stream()).count());
    }

    @Test
    void listNamespacesFiltersByNameHttpNameAndType() {
      assertEquals(List.of("sdk-ns"), names(sd.listNamespaces(r -> r.filters(f -> f.name(NamespaceFilterName.NAME)
          .values("sdk-ns").condition(FilterCondition.EQ))).namespaces(), NamespaceSummary::name));
      assertEquals(List.of("more-1"), names(sd.listNamespaces(r -> r.filters(
          f -> f.name(NamespaceFilterName.HTTP_NAME).values("more-1").condition(FilterCondition.EQ)))
          .namespaces(), NamespaceSummary::name));
      assertEquals(5, sd.listNamespacesPaginator(r -> r.filters(f -> f.name(NamespaceFilterName.TYPE)
          .values("HTTP").condition(FilterCondition.EQ))).stream().flatMap(p -> p.namespaces().stream()).count());
      NamespaceSummary summary = sd.listNamespaces(r -> r.filters(f -> f.name(NamespaceFilterName.NAME)
          .values("sdk-ns").condition(FilterCondition.EQ))).namespaces().get(0);
      assertEquals(NamespaceType.HTTP, summary.type());
      assertEquals(ns.arn(), summary.arn());
    }

    @Test
    void listOperationsPaginatesAndFiltersByNamespaceAndType() {
      List<OperationSummary> ops = sd.listOperationsPaginator(r -> r.maxResults(1)).stream()
          .flatMap(p -> p.operations().stream()).toList();
      assertEquals(5, ops.size());
      assertTrue(ops.stream().allMatch(o -> o.status() == OperationStatus.SUCCESS), ops.toString());
      assertEquals(Set.of(opId), sd.listOperations(r -> r.filters(f -> f.name(OperationFilterName.NAMESPACE_ID)
          .values(nsId).condition(FilterCondition.EQ))).operations().stream().map(OperationSummary::id)
          .collect(Collectors.toSet()));
      assertEquals(5, sd.listOperations(r -> r.filters(f -> f.name(OperationFilterName.TYPE)
          .values("CREATE_NAMESPACE").condition(FilterCondition.EQ))).operations().size());
    }

    @Test
    void tagResourceAndUntagResourceChangeTheNamespaceTags() {
      sd.tagResource(r -> r.resourceARN(ns.arn()).tags(Tag.builder().key("env").value("prod").build()));
      assertEquals(Map.of("team", "core", "env", "prod"),
          tags(sd.listTagsForResource(r -> r.resourceARN(ns.arn())).tags()));
      sd.untagResource(r -> r.resourceARN(ns.arn()).tagKeys("team"));
      assertEquals(Map.of("env", "prod"), tags(sd.listTagsForResource(r -> r.resourceARN(ns.arn())).tags()));
    }

    @Test
    void listTagsForAnUnknownArnIsResourceNotFound() {
      assertAwsError(assertThrows(ResourceNotFoundException.class, () -> sd.listTagsForResource(
          r -> r.resourceARN("arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-aaaaaaaaaaaaaaaa"))),
          "ResourceNotFoundException");
    }

    @Test
    void unknownIdsAndAnOutOfRangeMaxResultsAreTypedErrors() {
      assertAwsError(assertThrows(NamespaceNotFoundException.class,
          () -> sd.getNamespace(r -> r.id("ns-aaaaaaaaaaaaaaaa"))), "NamespaceNotFound");
      assertAwsError(assertThrows(OperationNotFoundException.class,
          () -> sd.getOperation(r -> r.operationId("nope"))), "OperationNotFound");
      assertAwsError(assertThrows(InvalidInputException.class, () -> sd.listNamespaces(r -> r.maxResults(101))),
          "InvalidInput");
    }

    /** Runs last: it removes {@code sdk-ns}, which the other tests read. */
    @Test
    @Order(Integer.MAX_VALUE)
    void deleteNamespaceIsADeleteNamespaceOperationAndRemovesIt() {
      String del = sd.deleteNamespace(r -> r.id(nsId)).operationId();
      await(sd, del);
      assertEquals(OperationType.DELETE_NAMESPACE, sd.getOperation(r -> r.operationId(del)).operation().type());
      assertThrows(NamespaceNotFoundException.class, () -> sd.getNamespace(r -> r.id(nsId)));
    }
  }

  /**
   * Services, instances, discovery and health on one control plane: namespace {@code inst-ns} with service
   * {@code api} (custom health, instances {@code i-1} to {@code i-5}, {@code i-5} registered UNHEALTHY and
   * the even ones tagged {@code stage=even}) and service {@code plain} (no custom health, instance
   * {@code p-1}). Tests that change this state put it back, except the deletion, which runs last.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class ServicesAndInstances {
    private Mesh mesh;
    private ServiceDiscoveryClient sd;
    private String nsId;
    private Service srv;
    private Service plain;
    private final List<String> registrations = new ArrayList<>();
    private long revision;

    @BeforeAll
    void start() {
      mesh = Mesh.start();
      sd = Sdk.cloudMap(mesh.controlPlane().apiPort());
      nsId = namespace(sd, "inst-ns");
      srv = sd.createService(r -> r.name("api").namespaceId(nsId).description("api service")
          .healthCheckCustomConfig(h -> h.failureThreshold(1))).service();
      plain = sd.createService(r -> r.name("plain").namespaceId(nsId)).service();
      for (int i = 1; i <= 5; i++) {
        int n = i;
        registrations.add(sd.registerInstance(r -> r.serviceId(srv.id()).instanceId("i-" + n).attributes(Map.of(
            "AWS_INSTANCE_IPV4", "10.0.0." + n, "AWS_INSTANCE_PORT", "8080", "stage", n % 2 == 0 ? "even" : "odd",
            "AWS_INIT_HEALTH_STATUS", n == 5 ? "UNHEALTHY" : "HEALTHY"))).operationId());
      }
      registrations.add(sd.registerInstance(r -> r.serviceId(plain.id()).instanceId("p-1")
          .attributes(Map.of("AWS_INSTANCE_IPV4", "10.1.0.1"))).operationId());
      registrations.forEach(op -> await(sd, op));
      revision = sd.discoverInstances(r -> r.namespaceName("inst-ns").serviceName("api")).instancesRevision();
    }

    @AfterAll
    void stop() {
      sd.close();
      mesh.close();
    }

    @Test
    void createServiceAnswersWithTheServiceAndGetServiceReturnsIt() {
      // Its own namespace, so that the service has no instances yet and inst-ns keeps two services.
      String fresh = namespace(sd, "svc-ns");
      Service created = sd.createService(r -> r.name("api").namespaceId(fresh).description("api service")
          .healthCheckCustomConfig(h -> h.failureThreshold(1))).service();
      assertTrue(created.id().matches("srv-[a-z0-9]{16}"), created.toString());
      assertEquals("arn:aws:servicediscovery:us-east-1:000000000000:service/" + created.id(), created.arn());
      assertEquals("api", created.name());
      assertEquals(fresh, created.namespaceId());
      assertEquals(ServiceType.HTTP, created.type());
      assertEquals(1, created.healthCheckCustomConfig().failureThreshold());
      assertNotNull(created.createDate());
      Service got = sd.getService(r -> r.id(created.id())).service();
      assertEquals(created.arn(), got.arn());
      assertEquals("api service", got.description());
      assertEquals(0, got.instanceCount());
    }

    @Test
    void createServiceWithATakenNameIsServiceAlreadyExists() {
      ServiceAlreadyExistsException dup = assertThrows(ServiceAlreadyExistsException.class,
          () -> sd.createService(r -> r.name("api").namespaceId(nsId)));
      assertAwsError(dup, "ServiceAlreadyExists");
      assertEquals(srv.id(), dup.serviceId());
    }

    @Test
    void createServiceInAnUnknownNamespaceIsNamespaceNotFound() {
      assertAwsError(assertThrows(NamespaceNotFoundException.class,
          () -> sd.createService(r -> r.name("x").namespaceId("ns-aaaaaaaaaaaaaaaa"))), "NamespaceNotFound");
    }

    @Test
    void listServicesPaginatorFiltersByNamespace() {
      assertEquals(Set.of("api", "plain"), Set.copyOf(names(sd.listServicesPaginator(r -> r.maxResults(1)
          .filters(f -> f.name(ServiceFilterName.NAMESPACE_ID).values(nsId).condition(FilterCondition.EQ)))
          .stream().flatMap(p -> p.services().stream()).toList(), ServiceSummary::name)));
    }

    @Test
    void registerInstanceIsAnOperationOnTheServiceAndInstance() {
      Operation reg = sd.getOperation(r -> r.operationId(registrations.get(1))).operation();
      assertEquals(OperationType.REGISTER_INSTANCE, reg.type());
      assertEquals(srv.id(), reg.targets().get(OperationTargetType.SERVICE));
      assertEquals("i-2", reg.targets().get(OperationTargetType.INSTANCE));
    }

    @Test
    void getInstanceReturnsTheRegisteredAttributes() {
      Instance i2 = sd.getInstance(r -> r.serviceId(srv.id()).instanceId("i-2")).instance();
      assertEquals("i-2", i2.id());
      assertEquals("10.0.0.2", i2.attributes().get("AWS_INSTANCE_IPV4"));
      assertNotNull(i2.creatorRequestId());
    }

    @Test
    void listInstancesPaginatorWalksEveryInstanceAndGetServiceCountsThem() {
      List<InstanceSummary> listed = sd.listInstancesPaginator(r -> r.serviceId(srv.id()).maxResults(2))
          .stream().flatMap(p -> p.instances().stream()).toList();
      assertEquals(Set.of("i-1", "i-2", "i-3", "i-4", "i-5"), Set.copyOf(names(listed, InstanceSummary::id)));
      assertEquals(5, sd.getService(r -> r.id(srv.id())).service().instanceCount());
    }

    @Test
    void registerInstanceWhileAnOperationOnTheInstanceIsInProgressIsDuplicateRequest() {
      String first = sd.registerInstance(r -> r.serviceId(plain.id()).instanceId("p-2")
          .attributes(Map.of("AWS_INSTANCE_IPV4", "10.1.0.2"))).operationId();
      DuplicateRequestException inFlight = assertThrows(DuplicateRequestException.class,
          () -> sd.registerInstance(r -> r.serviceId(plain.id()).instanceId("p-2")
              .attributes(Map.of("AWS_INSTANCE_IPV4", "10.1.0.9"))));
      assertAwsError(inFlight, "DuplicateRequest");
      assertEquals(first, inFlight.duplicateOperationId());
      await(sd, first);
      await(sd, sd.deregisterInstance(r -> r.serviceId(plain.id()).instanceId("p-2")).operationId());
    }

    @Test
    void discoverInstancesReturnsTheHealthyInstancesByDefault() {
      DiscoverInstancesResponse healthy = sd.discoverInstances(r -> r.namespaceName("inst-ns").serviceName("api"));
      assertEquals(Set.of("i-1", "i-2", "i-3", "i-4"), discovered(healthy), "HEALTHY by default");
      HttpInstanceSummary one = healthy.instances().get(0);
      assertEquals("inst-ns", one.namespaceName());
      assertEquals("api", one.serviceName());
      assertEquals(HealthStatus.HEALTHY, one.healthStatus());
      assertEquals("8080", one.attributes().get("AWS_INSTANCE_PORT"));
      assertEquals(revision, healthy.instancesRevision());
    }

    @Test
    void discoverInstancesFiltersByQueryAndOptionalParametersHealthAndMaxResults() {
      assertEquals(Set.of("i-2", "i-4"), discovered(sd.discoverInstances(r -> r.namespaceName("inst-ns")
          .serviceName("api").queryParameters(Map.of("stage", "even")))));
      assertEquals(Set.of("i-5"), discovered(sd.discoverInstances(r -> r.namespaceName("inst-ns")
          .serviceName("api").healthStatus(HealthStatusFilter.UNHEALTHY))));
      assertEquals(Set.of("i-1", "i-3", "i-5"), discovered(sd.discoverInstances(r -> r.namespaceName("inst-ns")
          .serviceName("api").healthStatus(HealthStatusFilter.ALL).optionalParameters(Map.of("stage", "odd")))));
      assertEquals(2, sd.discoverInstances(r -> r.namespaceName("inst-ns").serviceName("api")
          .healthStatus(HealthStatusFilter.HEALTHY_OR_ELSE_ALL).maxResults(2)).instances().size());
    }

    @Test
    void discoverInstancesRevisionIsTheRevisionDiscoverInstancesReports() {
      assertEquals(revision, sd.discoverInstancesRevision(r -> r.namespaceName("inst-ns").serviceName("api"))
          .instancesRevision());
    }

    @Test
    void discoverInstancesOfAnUnknownServiceIsServiceNotFound() {
      assertAwsError(assertThrows(ServiceNotFoundException.class,
          () -> sd.discoverInstances(r -> r.namespaceName("inst-ns").serviceName("nope"))), "ServiceNotFound");
    }

    @Test
    void discoveryThroughTheDataHostPrefixIsServedLikeAnyOtherHost() {
      // The data- host prefix kept: the SDK goes to data-localhost, which Wharf serves like any other Host.
      List<String> resolved = Sdk.names();
      try (ServiceDiscoveryClient prefixed = Sdk.cloudMapWithHostPrefix(mesh.controlPlane().apiPort(), resolved)) {
        assertEquals(Set.of("i-1", "i-2", "i-3", "i-4"),
            discovered(prefixed.discoverInstances(r -> r.namespaceName("inst-ns").serviceName("api"))));
        assertEquals(revision, prefixed.discoverInstancesRevision(r -> r.namespaceName("inst-ns").serviceName("api"))
            .instancesRevision());
      }
      assertEquals(Set.of("data-localhost"), Set.copyOf(resolved));
    }

    @Test
    void getInstancesHealthStatusReportsTheInitialHealthAndPaginates() {
      Map<String, HealthStatus> health = sd.getInstancesHealthStatus(r -> r.serviceId(srv.id())).status();
      assertEquals(HealthStatus.UNHEALTHY, health.get("i-5"));
      assertEquals(HealthStatus.HEALTHY, health.get("i-1"));
      assertEquals(5, sd.getInstancesHealthStatusPaginator(r -> r.serviceId(srv.id()).maxResults(2)).stream()
          .mapToInt(p -> p.status().size()).sum());
    }

    @Test
    void updateInstanceCustomHealthStatusHidesAnUnhealthyInstanceAndKeepsTheRevision() {
      sd.updateInstanceCustomHealthStatus(r -> r.serviceId(srv.id()).instanceId("i-1")
          .status(CustomHealthStatus.UNHEALTHY));
      try {
        assertEquals(HealthStatus.UNHEALTHY, sd.getInstancesHealthStatus(r -> r.serviceId(srv.id()).instances("i-1"))
            .status().get("i-1"));
        assertEquals(Set.of("i-2", "i-3", "i-4"),
            discovered(sd.discoverInstances(r -> r.namespaceName("inst-ns").serviceName("api"))));
        assertEquals(revision, sd.discoverInstancesRevision(r -> r.namespaceName("inst-ns").serviceName("api"))
            .instancesRevision());
      } finally {
        sd.updateInstanceCustomHealthStatus(r -> r.serviceId(srv.id()).instanceId("i-1")
            .status(CustomHealthStatus.HEALTHY));
      }
    }

    @Test
    void updateInstanceCustomHealthStatusOfAnUnknownInstanceIsInstanceNotFound() {
      assertAwsError(assertThrows(InstanceNotFoundException.class, () -> sd.updateInstanceCustomHealthStatus(
          r -> r.serviceId(srv.id()).instanceId("nope").status(CustomHealthStatus.HEALTHY))), "InstanceNotFound");
    }

    @Test
    void withoutCustomHealthUpdateIsCustomHealthNotFoundAndHealthIsUnknown() {
      assertAwsError(assertThrows(CustomHealthNotFoundException.class, () -> sd.updateInstanceCustomHealthStatus(
          r -> r.serviceId(plain.id()).instanceId("p-1").status(CustomHealthStatus.HEALTHY))), "CustomHealthNotFound");
      assertEquals(HealthStatus.UNKNOWN, sd.discoverInstances(r -> r.namespaceName("inst-ns").serviceName("plain"))
          .instances().get(0).healthStatus());
    }

    @Test
    void tagResourceTagsAService() {
      sd.tagResource(r -> r.resourceARN(srv.arn()).tags(Tag.builder().key("a").value("b").build()));
      assertEquals(Map.of("a", "b"), tags(sd.listTagsForResource(r -> r.resourceARN(srv.arn())).tags()));
    }

    @Test
    void deletingAServiceOrNamespaceThatHoldsInstancesIsResourceInUse() {
      assertAwsError(assertThrows(ResourceInUseException.class, () -> sd.deleteService(r -> r.id(srv.id()))),
          "ResourceInUse");
      assertAwsError(assertThrows(ResourceInUseException.class, () -> sd.deleteNamespace(r -> r.id(nsId))),
          "ResourceInUse");
    }

    /** Runs last: it removes every instance, both services and the namespace. */
    @Test
    @Order(Integer.MAX_VALUE)
    void deregisterInstanceThenDeleteServiceAndDeleteNamespaceRemoveEverything() {
      List<String> deregs = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        int n = i;
        deregs.add(sd.deregisterInstance(r -> r.serviceId(srv.id()).instanceId("i-" + n)).operationId());
      }
      deregs.forEach(op -> await(sd, op));
      assertEquals(OperationType.DEREGISTER_INSTANCE,
          sd.getOperation(r -> r.operationId(deregs.get(0))).operation().type());
      assertTrue(sd.discoverInstancesRevision(r -> r.namespaceName("inst-ns").serviceName("api"))
          .instancesRevision() > revision);
      assertAwsError(assertThrows(InstanceNotFoundException.class,
          () -> sd.getInstance(r -> r.serviceId(srv.id()).instanceId("i-1"))), "InstanceNotFound");
      assertAwsError(assertThrows(InstanceNotFoundException.class,
          () -> sd.deregisterInstance(r -> r.serviceId(srv.id()).instanceId("i-1"))), "InstanceNotFound");
      sd.deleteService(r -> r.id(srv.id()));
      assertAwsError(assertThrows(ServiceNotFoundException.class, () -> sd.getService(r -> r.id(srv.id()))),
          "ServiceNotFound");
      await(sd, sd.deregisterInstance(r -> r.serviceId(plain.id()).instanceId("p-1")).operationId());
      sd.deleteService(r -> r.id(plain.id()));
      await(sd, sd.deleteNamespace(r -> r.id(nsId)).operationId());
      assertFalse(sd.listNamespaces().namespaces().stream().anyMatch(n -> n.id().equals(nsId)));
    }
  }

  private static String namespace(ServiceDiscoveryClient sd, String name) {
    String op = sd.createHttpNamespace(r -> r.name(name)).operationId();
    await(sd, op);
    return sd.getOperation(r -> r.operationId(op)).operation().targets().get(OperationTargetType.NAMESPACE);
  }

  static void await(ServiceDiscoveryClient sd, String operationId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      OperationStatus s = sd.getOperation(r -> r.operationId(operationId)).operation().status();
      assertTrue(s != OperationStatus.FAIL, "operation " + operationId + " failed");
      if (s == OperationStatus.SUCCESS) {
        return;
      }
      sleep(50);
    }
    throw new AssertionError("operation " + operationId + " did not succeed in 10 s");
  }

  static void assertAwsError(AwsServiceException e, String code) {
    assertEquals(code, e.awsErrorDetails().errorCode(), e.toString());
    assertEquals(400, e.statusCode(), e.toString());
    assertFalse(e.awsErrorDetails().errorMessage() == null || e.awsErrorDetails().errorMessage().isBlank(),
        e.toString());
    assertNotNull(e.requestId(), "x-amzn-RequestId");
  }

  private static <T> List<String> names(List<T> items, Function<T, String> name) {
    return items.stream().map(name).toList();
  }

  private static Set<String> discovered(DiscoverInstancesResponse r) {
    return r.instances().stream().map(HttpInstanceSummary::instanceId).collect(Collectors.toSet());
  }

  private static Map<String, String> tags(List<Tag> tags) {
    return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
