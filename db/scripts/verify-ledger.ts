import { verifyChain } from "../../app/domain/ledger/chain.server";
import { readEnv } from "../../app/lib/env.server";
import { openDatabase } from "../client.server";

/** Recomputes every ISF account's hash chain. Exits 1 if any entry was changed behind the service's back. */
const db = openDatabase(readEnv().DATABASE_PATH);
const check = verifyChain(db);
for (const link of check.broken) {
  console.error(`Account ${link.accountId}: entry ${link.sequence} (${link.entryId}) fails the ${link.problem.replace("_", " ")} check`);
}
console.log(`Checked ${check.entries} entries in ${check.accounts} accounts: ${check.broken.length === 0 ? "every chain holds" : `${check.broken.length} broken`}.`);
process.exit(check.broken.length === 0 ? 0 : 1);
