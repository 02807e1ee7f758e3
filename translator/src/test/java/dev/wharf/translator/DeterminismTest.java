package dev.wharf.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.api.model.ecs.ContainerDefinition;
import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.TaskDefinition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Same state in any input order gives byte-identical output. */
class DeterminismTest {
  static List<String> cases() throws IOException {
    return GoldenCases.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shuffledInputGivesIdenticalBytes(String name) throws IOException {
    StateFixture fixture = StateFixture.read(GoldenCases.IN.resolve(name + ".yaml"));
    Map<String, String> expected = render(name, fixture);
    for (long seed = 1; seed <= 5; seed++) {
      assertEquals(expected, render(name, shuffle(fixture, new Random(seed))), "seed " + seed);
    }
  }

  private static Map<String, String> render(String name, StateFixture f) {
    return TranslatorGoldenTest.render(name, Translator.translateOnce(f.state(), f.translatorOptions()));
  }

  /** Shuffles every top-level list, and the lists inside services and task definitions. */
  private static StateFixture shuffle(StateFixture f, Random r) {
    return new StateFixture(
        shuffled(f.namespaces(), r),
        shuffled(f.discoveryServices(), r),
        shuffled(f.instances(), r),
        shuffled(f.clusters(), r),
        shuffled(f.taskDefinitions().stream().map(td -> shuffle(td, r)).toList(), r),
        shuffled(f.services().stream().map(s -> shuffle(s, r)).toList(), r),
        shuffled(f.tasks(), r),
        shuffled(f.aliasVips(), r),
        f.options());
  }

  private static EcsService shuffle(EcsService s, Random r) {
    List<Deployment> deployments = shuffled(s.deployments(), r);
    return s.withDeployments(deployments);
  }

  private static TaskDefinition shuffle(TaskDefinition td, Random r) {
    List<ContainerDefinition> containers = td.containerDefinitions().stream()
        .map(c -> new ContainerDefinition(c.name(), c.image(), c.cpu(), c.memory(), c.essential(),
            shuffled(c.portMappings(), r), c.environment(), c.command()))
        .toList();
    return new TaskDefinition(td.taskDefinitionArn(), td.family(), td.revision(), td.status(), td.networkMode(),
        td.cpu(), td.memory(), shuffled(containers, r), td.requiresCompatibilities(), td.registeredAt(),
        td.deregisteredAt());
  }

  private static <T> List<T> shuffled(List<T> in, Random r) {
    List<T> out = new ArrayList<>(in);
    Collections.shuffle(out, r);
    return out;
  }
}
