/** ARNs and identifiers in AWS's formats (spec 3.6). */
package dev.wharf.api.arn;
