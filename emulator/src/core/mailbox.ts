// Local Azure's mailbox: where Azure Monitor's e-mail notifications land instead of an inbox. Action
// groups' email receivers deliver here when an activity log alert fires; read it at /_local/mailbox.

import type { Mail, MailDelivery } from './types.ts';

/** Oldest mails are dropped beyond this many (memory stays flat under load tests). */
const MAX_MAILS = 1_000;

export class Mailbox implements MailDelivery {
  private mails: Mail[] = [];

  deliver(mail: Mail): void {
    this.mails.push(mail);
    if (this.mails.length > MAX_MAILS) this.mails = this.mails.slice(-MAX_MAILS);
  }

  /** Mails, newest first; `to` filters by recipient (case-insensitive). */
  list(to?: string): Mail[] {
    const who = to?.toLowerCase();
    return this.mails
      .filter((m) => !who || m.to.toLowerCase() === who)
      .reverse()
      .map((m) => ({ ...m }));
  }

  clear(): void {
    this.mails = [];
  }

  /** Every mail, oldest first (copies), for the saved state. */
  dump(): Mail[] {
    return this.mails.map((m) => ({ ...m }));
  }

  load(mails: readonly Mail[]): void {
    this.mails = mails.slice(-MAX_MAILS).map((m) => ({ ...m }));
  }
}
