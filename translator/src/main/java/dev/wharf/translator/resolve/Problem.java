package dev.wharf.translator.resolve;

import java.util.Comparator;

/**
 * Something in the state that could not be translated, reported as data (translation continues for
 * everything else).
 *
 * @param code stable machine-readable kind, e.g. {@code PORT_NAME_NOT_FOUND}
 * @param subject ARN or id of the resource at fault (service, task, instance)
 * @param message human-readable detail, AWS wording where AWS has one
 */
public record Problem(String code, String subject, String message) implements Comparable<Problem> {
  private static final Comparator<Problem> ORDER =
      Comparator.comparing(Problem::subject).thenComparing(Problem::code).thenComparing(Problem::message);

  public static final String NAMESPACE_NOT_FOUND = "NAMESPACE_NOT_FOUND";
  public static final String TASK_DEFINITION_NOT_FOUND = "TASK_DEFINITION_NOT_FOUND";
  public static final String PORT_NAME_NOT_FOUND = "PORT_NAME_NOT_FOUND";
  public static final String UNSUPPORTED_APP_PROTOCOL = "UNSUPPORTED_APP_PROTOCOL";
  public static final String PER_REQUEST_TIMEOUT_ON_TCP = "PER_REQUEST_TIMEOUT_ON_TCP";
  public static final String DUPLICATE_DISCOVERY_NAME = "DUPLICATE_DISCOVERY_NAME";
  public static final String DUPLICATE_ALIAS = "DUPLICATE_ALIAS";
  public static final String ALIAS_VIP_MISSING = "ALIAS_VIP_MISSING";
  public static final String VIP_RANGE_EXHAUSTED = "VIP_RANGE_EXHAUSTED";
  public static final String TASK_ADDRESS_MISSING = "TASK_ADDRESS_MISSING";
  public static final String INGRESS_PORT_COLLISION = "INGRESS_PORT_COLLISION";
  public static final String INVALID_INSTANCE = "INVALID_INSTANCE";
  public static final String SERVICE_NOT_FOUND = "SERVICE_NOT_FOUND";

  @Override
  public int compareTo(Problem o) {
    return ORDER.compare(this, o);
  }
}
