/**
 * Tests of the model records' withers: each copies every field it does not change.
 */
package dev.wharf.api.model;
