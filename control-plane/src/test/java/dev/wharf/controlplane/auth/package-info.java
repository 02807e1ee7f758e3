/**
 * Tests of the authentication checks without sockets: sidecar credentials (issued, altered, foreign,
 * expired; the key file's permissions) and SigV4 against AWS's own worked example.
 */
package dev.wharf.controlplane.auth;
