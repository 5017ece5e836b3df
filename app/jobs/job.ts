// One scheduled job, as the scheduler (scheduler.server.ts) runs it and the areas define them.
import { type Db } from "~/db.server";

export type Job = {
  name: string;
  /** Does whatever is due at `now` and returns how many things it did (mails sent, rows changed). */
  run: (db: Db, now: Date) => Promise<number>;
};
