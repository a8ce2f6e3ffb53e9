/**
 * A separate process posting to a test database, for the ledger's concurrency and crash tests.
 *   crash <db> <account> <actor>                                 dies (SIGKILL) half-way through a posting
 *   drawdowns <db> <account> <actor> <count> <pence> <startAt> <worker>   posts drawdowns from the instant startAt (ms)
 */
import { immediate, openDatabase } from "@db/client.server";
import { postEntries, type MovementInput } from "~/domain/ledger/ledger.server";
import { RuleBroken } from "~/lib/errors";

const [mode, path, accountId, actorId, ...rest] = process.argv.slice(2);
const db = openDatabase(path!);
const actor = { id: actorId!, councilId: null };
const line = (pence: number, reference: string): MovementInput => ({
  accountId: accountId!,
  kind: "drawdown",
  amount: -pence,
  entryDate: "2026-05-05",
  reference,
  description: `Support, invoice line ${reference}`,
});

if (mode === "crash") {
  immediate(db, (tx) => {
    postEntries(tx, [line(10_000, "crash-1"), line(10_000, "crash-2")], actor);
    process.kill(process.pid, "SIGKILL");
  });
} else if (mode === "drawdowns") {
  const [count, pence, startAt, worker] = rest.map(Number) as [number, number, number, number];
  while (Date.now() < startAt) {
    // Wait for the shared starting instant, so every process posts at the same moment.
  }
  const result = { accepted: 0, refused: 0 };
  for (let i = 0; i < count; i++) {
    try {
      postEntries(db, [line(pence, `worker-${worker}-line-${i}`)], actor);
      result.accepted++;
    } catch (error) {
      if (!(error instanceof RuleBroken)) throw error;
      result.refused++;
    }
  }
  process.stdout.write(JSON.stringify(result));
}
db.$client.close();
