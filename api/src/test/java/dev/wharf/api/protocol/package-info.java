/**
 * Tests of the AWS JSON 1.1 framework: dispatch, error shapes, concurrent durable writes, and
 * property-based fuzzing of request bodies (every bad request gets an AWS-shaped error and changes
 * nothing).
 */
package dev.wharf.api.protocol;
