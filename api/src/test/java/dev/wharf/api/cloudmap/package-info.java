/**
 * Tests of the Cloud Map operations through the AWS JSON 1.1 service, in process: shapes,
 * validation errors and that bad input changes nothing.
 */
package dev.wharf.api.cloudmap;
