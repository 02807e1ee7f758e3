/**
 * The AWS API through real clients against the real server: the AWS CLI, the AWS SDK for Java v2
 * and boto3, per operation, plus bad input and durability across {@code kill -9}.
 */
package dev.wharf.tests.api;
