// One timer for the total time limit of every request in flight, instead of a timer and an
// AbortController each: all requests get the same limit, so deadlines expire in the order they were set.

export interface Expiring {
  /** Called once when the deadline passes before `clear`. */
  expire(): void;
}

export interface Deadline {
  readonly at: number;
  readonly target: Expiring;
  done: boolean;
}

export class Deadlines {
  private queue: Deadline[] = [];
  private head = 0;
  private live = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limitMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  add(target: Expiring): Deadline {
    const deadline: Deadline = { at: this.now() + this.limitMs, target, done: false };
    this.queue.push(deadline);
    this.live++;
    if (this.queue.length - this.head > 2 * this.live + 1024) this.compact();
    if (this.timer === undefined) this.arm();
    return deadline;
  }

  clear(deadline: Deadline): void {
    if (deadline.done) return;
    deadline.done = true;
    this.live--;
  }

  private compact(): void {
    this.queue = this.queue.slice(this.head).filter((d) => !d.done);
    this.head = 0;
  }

  private arm(): void {
    while (this.head < this.queue.length && this.queue[this.head]!.done) this.head++;
    if (this.head >= this.queue.length) {
      this.queue = [];
      this.head = 0;
      this.timer = undefined;
      return;
    }
    const wait = Math.max(0, this.queue[this.head]!.at - this.now());
    this.timer = setTimeout(() => this.fire(), wait);
    // A pending deadline alone must not keep the process alive: the request in flight does.
    this.timer.unref();
  }

  private fire(): void {
    const now = this.now();
    while (this.head < this.queue.length) {
      const deadline = this.queue[this.head]!;
      if (!deadline.done && deadline.at > now) break;
      this.head++;
      if (deadline.done) continue;
      deadline.done = true;
      this.live--;
      try {
        deadline.target.expire();
      } catch {
        // An expiry handler must not stop the others.
      }
    }
    this.arm();
  }

  /** Stop the timer (the fetcher is closing). */
  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
