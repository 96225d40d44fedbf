// Saves the state while local Azure runs, so a kill loses at most the last moment: a change schedules a
// save `delayMs` later (changes meanwhile go into the same save), and saves never overlap. A clean stop
// writes the final state itself (server.ts); `stop()` ends this one first.
import { writeState, type LocalAzureState } from './state-file.ts';

export class StateSaver {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly dir: string,
    private readonly capture: () => LocalAzureState,
    private readonly delayMs: number,
  ) {}

  /** Something changed: save soon. */
  touch(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.saveNow();
    }, this.delayMs);
    this.timer.unref();
  }

  private saveNow(): void {
    if (this.stopped) return;
    const state = this.capture();
    this.writing = this.writing
      .then(() => writeState(this.dir, state))
      .catch((e: unknown) => {
        console.error(`local Azure: could not save the state in ${this.dir}:`, e);
      });
  }

  /** No more saves; resolves when the one under way (if any) is written. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
  }
}
