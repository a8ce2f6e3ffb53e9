CREATE INDEX `person_outcomes_outcome_idx` ON `person_outcomes` (`outcome_id`);--> statement-breakpoint
CREATE INDEX `agreement_versions_awaiting_idx` ON `agreement_versions` (`agreement_id`) WHERE status = 'awaiting_approval';--> statement-breakpoint
CREATE INDEX `ledger_entries_figures_idx` ON `ledger_entries` (`account_id`,`entry_date`,`kind`,`amount`,`outcome_id`,`reverses_entry_id`);--> statement-breakpoint
CREATE INDEX `invoice_lines_open_flag_idx` ON `invoice_lines` (`invoice_id`) WHERE flagged_at is not null and flag_resolved_at is null;--> statement-breakpoint
CREATE INDEX `invoices_council_paid_idx` ON `invoices` (`council_id`,`paid_on`);--> statement-breakpoint
CREATE INDEX `invoices_council_decided_idx` ON `invoices` (`council_id`,`decided_at`);