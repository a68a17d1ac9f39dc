/**
 * Send-rate control: a token bucket for the account's maximum send rate, and exponential backoff
 * with full jitter for retries. Pure: the clock and the random source come in from the caller.
 */

export interface TokenBucketOptions {
  /** Tokens added per second (SES: GetSendQuota MaxSendRate). */
  ratePerSecond: number;
  /** Largest burst; defaults to max(1, ratePerSecond): one second's worth. */
  capacity?: number;
  /** Milliseconds on any monotonic clock. */
  now: () => number;
}

/**
 * A token bucket. `take()` either grants a token (returns 0) or says how long to wait before
 * asking again; it never blocks, so the caller decides how to sleep.
 *
 * @example
 *   const bucket = new TokenBucket({ ratePerSecond: 14, now: () => performance.now() });
 *   for (let wait = bucket.take(); wait > 0; wait = bucket.take()) await sleep(wait);
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private rate: number;
  private capacity: number;
  private readonly now: () => number;

  constructor(options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.rate = options.ratePerSecond;
    this.capacity = options.capacity ?? Math.max(1, options.ratePerSecond);
    this.now = options.now;
    this.tokens = this.capacity;
    this.updatedAt = this.now();
  }

  get ratePerSecond(): number {
    return this.rate;
  }

  /** Changes the rate (a fresh GetSendQuota); tokens already earned are kept up to the new capacity. */
  setRate(ratePerSecond: number, capacity = Math.max(1, ratePerSecond)): void {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.refill();
    this.rate = ratePerSecond;
    this.capacity = capacity;
    this.tokens = Math.min(this.tokens, capacity);
  }

  /** 0 when a token was taken; otherwise the milliseconds until one will be there. */
  take(): number {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - this.tokens) / this.rate) * 1000));
  }

  private refill(): void {
    const now = this.now();
    const elapsed = Math.max(0, now - this.updatedAt);
    this.updatedAt = now;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed / 1000) * this.rate);
  }
}

export interface BackoffOptions {
  /** First ceiling, ms. Default 50. */
  baseMs?: number;
  /** Largest ceiling, ms. Default 20 000. */
  capMs?: number;
}

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * a uniform draw in [0, min(cap, base · 2^attempt)). `attempt` counts from 0; `random` returns [0, 1).
 * @example backoffDelay(3, () => 0.5) // 200 with the defaults
 */
export function backoffDelay(attempt: number, random: () => number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 50;
  const cap = options.capMs ?? 20_000;
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
