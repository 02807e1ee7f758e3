/**
 * The intermediate representation between the two translator stages: small immutable records in
 * proxy words (listener, upstream, endpoint, timeout), with no ECS or Cloud Map vocabulary left in
 * them. Stage 1 ({@code resolve}) produces it from {@code MeshState}; stage 2 ({@code xds}) reads
 * only it. Lists are sorted by the producer so that equal state gives equal IR.
 */
package dev.wharf.translator.ir;
