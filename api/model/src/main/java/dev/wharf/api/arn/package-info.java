/** ARNs and identifiers in AWS's formats (aws-api-emulators.md §3.6). */
package dev.wharf.api.arn;
