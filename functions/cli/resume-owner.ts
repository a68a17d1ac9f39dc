/**
 * This process as the delivery ledger's owner while a fan-out settles the records a dead sender left in progress
 * (fanOutAndSettle): a sender is gone when its lease ended or its local process died.
 */
import type { SettleDeps } from '../use-cases/deliver-issue.js';

export async function resumeOwner(): Promise<Pick<SettleDeps, 'owner' | 'leaseMs' | 'isOwnerGone'>> {
  const { randomBytes } = await import('node:crypto');
  const { hostname } = await import('node:os');
  const { isLocalOwnerGone } = await import('./send-runtime.js');
  return {
    owner: `local:${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
    leaseMs: 90_000,
    isOwnerGone: isLocalOwnerGone,
  };
}
