-- Ledger entries are append-only: a mistake is corrected by a reversal and a new entry, never by an edit.
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN
  SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN
  SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;
--> statement-breakpoint
-- An account keeps its identity, amount and start for ever; only its closing (and terms varied with the agreement) may change.
CREATE TRIGGER isf_accounts_fixed_terms BEFORE UPDATE OF id, council_id, agreement_id, person_id, provider_organisation_id, period_start, opening_amount, opened_at ON isf_accounts
BEGIN
  SELECT RAISE(ABORT, 'isf_accounts identity, opening amount and start cannot change');
END;
--> statement-breakpoint
CREATE TRIGGER isf_accounts_no_delete BEFORE DELETE ON isf_accounts
BEGIN
  SELECT RAISE(ABORT, 'isf_accounts cannot be deleted');
END;
