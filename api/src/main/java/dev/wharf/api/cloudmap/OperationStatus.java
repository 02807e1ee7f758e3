package dev.wharf.api.cloudmap;

import dev.wharf.api.model.cloudmap.Operation;

/**
 * How a Cloud Map operation looks at a given time (spec 20, 3.7). Wharf applies
 * every change synchronously and stores the operation with its final status (SUCCESS, or FAIL). Reads
 * show the AWS progression from the clock, so a read stays a pure function of state and time:
 * {@code SUBMITTED} for the first 100 ms after {@code CreateDate}, {@code PENDING} until 300 ms, then
 * the final status. {@code UpdateDate} is the time of the last shown transition. Polling clients (the
 * AWS CLI, Terraform) therefore see a real progression and never wait long.
 */
public final class OperationStatus {
  static final double SUBMITTED_FOR = 0.100;
  static final double PENDING_UNTIL = 0.300;

  private OperationStatus() {}

  /** The operation as seen at {@code now} (epoch seconds). */
  public static Operation at(Operation op, double now) {
    double age = now - op.createDate();
    if (age < SUBMITTED_FOR) {
      return with(op, Operation.SUBMITTED, op.createDate());
    }
    if (age < PENDING_UNTIL) {
      return with(op, Operation.PENDING, op.createDate() + SUBMITTED_FOR);
    }
    return with(op, op.status(), op.createDate() + PENDING_UNTIL);
  }

  /** Whether the operation is still in progress at {@code now}. */
  public static boolean inProgress(Operation op, double now) {
    return now - op.createDate() < PENDING_UNTIL;
  }

  private static Operation with(Operation op, String status, double updateDate) {
    boolean failed = Operation.FAIL.equals(status);
    return new Operation(op.id(), op.type(), status, failed ? op.errorMessage() : null,
        failed ? op.errorCode() : null, op.createDate(), Math.round(updateDate * 1000) / 1000.0, op.targets());
  }
}
