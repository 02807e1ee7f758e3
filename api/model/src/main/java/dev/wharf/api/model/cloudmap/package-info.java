/**
 * Cloud Map ({@code Route53AutoNaming_v20170314}) shapes as immutable records. Members are
 * UpperCamelCase on the wire, as in the Cloud Map model; the records use Java names and each
 * component names its wire member with {@link com.fasterxml.jackson.annotation.JsonProperty}
 * (annotations only: this module has no Jackson runtime).
 */
package dev.wharf.api.model.cloudmap;
