/**
 * The AWS JSON 1.1 front end, free of sockets: {@link dev.wharf.api.protocol.AwsJsonService} routes
 * an {@link dev.wharf.api.protocol.AwsRequest} by {@code X-Amz-Target} to an operation and renders an
 * {@link dev.wharf.api.protocol.AwsResponse} (spec 3.1). Operations reject input by
 * throwing {@link dev.wharf.api.protocol.AwsException}; {@link dev.wharf.api.protocol.Rules} and
 * {@link dev.wharf.api.protocol.Pages} hold the shared validation and pagination.
 */
package dev.wharf.api.protocol;
