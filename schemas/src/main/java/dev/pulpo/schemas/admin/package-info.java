/**
 * What an operator may publish, and how: {@link dev.pulpo.schemas.admin.WorkspaceValidator} decides whether a
 * workspace may go to {@code workspaces}, and {@link dev.pulpo.schemas.admin.FlagChange} makes a scope's next
 * {@code FlagUpdate} on {@code orchestrator-control}. They live with the contracts, free of Spring, so the
 * gateway's admin API and {@code ./pulpo} refuse the same files and change flags the same way.
 */
package dev.pulpo.schemas.admin;
