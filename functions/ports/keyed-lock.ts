/**
 * An exclusive lock by name, between the processes (or Lambda containers) that share a store: for a read-then-write
 * whose store has no conditional write to make it one step (the console's drafts in S3: adapters/s3-issue-draft-store).
 * The DynamoDB lease in AWS (adapters/dynamo-lease-lock).
 */
export interface KeyedLock {
  /** Runs `work` while holding the lock named `name`, and releases it whatever `work` does. */
  run<T>(name: string, work: () => Promise<T>): Promise<T>;
}

/**
 * The lock stayed taken for as long as a taker waits: someone holds it (or held it and died, for a lease). The
 * console answers 409 with this message, the draft as it was (admin/router.ts).
 */
export class LockBusyError extends Error {
  constructor(name: string) {
    super(`the issue is being saved by another request (${name}); try again in a moment`);
    this.name = 'LockBusyError';
  }
}
