-- Signatures and decisions on agreements are records of what happened: never changed or removed.
CREATE TRIGGER agreement_signatures_no_update BEFORE UPDATE ON agreement_signatures
BEGIN
  SELECT RAISE(ABORT, 'agreement_signatures is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER agreement_signatures_no_delete BEFORE DELETE ON agreement_signatures
BEGIN
  SELECT RAISE(ABORT, 'agreement_signatures is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER agreement_decisions_no_update BEFORE UPDATE ON agreement_decisions
BEGIN
  SELECT RAISE(ABORT, 'agreement_decisions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER agreement_decisions_no_delete BEFORE DELETE ON agreement_decisions
BEGIN
  SELECT RAISE(ABORT, 'agreement_decisions is append-only');
END;
--> statement-breakpoint
-- Once issued, a version's content and fingerprint are frozen: what was signed can never be changed.
CREATE TRIGGER agreement_versions_frozen BEFORE UPDATE OF content, fingerprint, template_version, number, agreement_id ON agreement_versions
WHEN OLD.fingerprint IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'an issued agreement version cannot change');
END;
--> statement-breakpoint
CREATE TRIGGER agreement_versions_no_delete BEFORE DELETE ON agreement_versions
BEGIN
  SELECT RAISE(ABORT, 'agreement versions cannot be deleted');
END;
