CREATE INDEX `invoice_lines_account_idx` ON `invoice_lines` (`account_id`,`status`);--> statement-breakpoint
CREATE INDEX `invoices_provider_created_idx` ON `invoices` (`provider_organisation_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `invoices_provider_period_idx` ON `invoices` (`provider_organisation_id`,`council_id`,`period_end`);