package dev.wharf.api.protocol;

import java.util.Map;

/** The operations of one {@link AwsService}, by operation name (the part after the dot in the target). */
public interface OperationSet {
  AwsService service();

  Map<String, OperationHandler> operations();
}
