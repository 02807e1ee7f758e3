/**
 * Cloud Map ({@code Route53AutoNaming_v20170314}) shapes as immutable records. Members are
 * UpperCamelCase on the wire, as in the Cloud Map model; the records use Java names and
 * {@link com.fasterxml.jackson.databind.annotation.JsonNaming} maps them.
 */
package dev.wharf.api.model.cloudmap;
