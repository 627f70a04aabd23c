/**
 * The events that cross topics, one record per event. Each carries {@code schema_version}; its JSON
 * Schema lives beside the classes as {@code schemas/<topic>/v<version>.json}. Field names are
 * camelCase here and snake_case on the wire.
 */
package dev.pulpo.schemas.event;
