package io.nsgflow.ingest.blob;

/** One committed block of a block blob: its id (base64, as the service lists it) and size in bytes. */
public record BlobBlock(String id, long size) {}
