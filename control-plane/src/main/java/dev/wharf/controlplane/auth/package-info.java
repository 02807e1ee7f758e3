/**
 * Who may talk to the control plane: per-task sidecar credentials (HMAC-signed tokens that an ADS
 * stream presents in its gRPC metadata, bound to the task ARN and service its node names), and the
 * AWS Signature Version 4 check of API calls against a credentials file. Pure checks that return
 * verdicts as data; the ADS server and the HTTP binding act on them.
 */
package dev.wharf.controlplane.auth;
