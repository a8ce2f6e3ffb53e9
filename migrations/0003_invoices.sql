CREATE TABLE `invoice_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`invoice_id` text NOT NULL,
	`position` integer NOT NULL,
	`person_id` text NOT NULL,
	`agreement_id` text NOT NULL,
	`account_id` text,
	`start_on` text NOT NULL,
	`end_on` text NOT NULL,
	`outcome_id` text,
	`description` text NOT NULL,
	`unit_kind` text NOT NULL,
	`units` real NOT NULL,
	`rate_pence` integer NOT NULL,
	`amount_pence` integer NOT NULL,
	`rate_flagged` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decision_reason` text,
	`credits_line_id` text,
	`flagged_at` integer,
	`flagged_by` text,
	`flag_reason` text,
	`flag_resolved_at` integer,
	`flag_resolution` text,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `isf_accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`outcome_id`) REFERENCES `council_list_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`flagged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `invoice_lines_invoice_idx` ON `invoice_lines` (`invoice_id`,`position`);--> statement-breakpoint
CREATE INDEX `invoice_lines_agreement_idx` ON `invoice_lines` (`agreement_id`,`start_on`);--> statement-breakpoint
CREATE INDEX `invoice_lines_person_idx` ON `invoice_lines` (`person_id`);--> statement-breakpoint
CREATE TABLE `invoice_queries` (
	`id` text PRIMARY KEY NOT NULL,
	`invoice_id` text NOT NULL,
	`line_id` text,
	`question` text NOT NULL,
	`asked_by` text NOT NULL,
	`asked_at` integer NOT NULL,
	`answer` text,
	`answered_by` text,
	`answered_at` integer,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`asked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `invoice_queries_invoice_idx` ON `invoice_queries` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`council_id` text NOT NULL,
	`provider_organisation_id` text NOT NULL,
	`kind` text DEFAULT 'invoice' NOT NULL,
	`credits_invoice_id` text,
	`reference` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`submitted_on` text,
	`submitted_at` integer,
	`decided_by` text,
	`decided_at` integer,
	`rejected_reason` text,
	`payment_run_id` text,
	`payment_method` text,
	`payment_state` text DEFAULT 'none' NOT NULL,
	`payment_attempt` integer DEFAULT 1 NOT NULL,
	`payment_reference` text,
	`payment_error` text,
	`paid_on` text,
	`paid_out_at` integer,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "invoices_period_check" CHECK("invoices"."period_start" <= "invoices"."period_end")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_provider_reference_idx` ON `invoices` (`provider_organisation_id`,`reference`);--> statement-breakpoint
CREATE INDEX `invoices_council_status_idx` ON `invoices` (`council_id`,`status`);--> statement-breakpoint
CREATE INDEX `invoices_run_idx` ON `invoices` (`payment_run_id`);--> statement-breakpoint
CREATE TABLE `payment_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`council_id` text NOT NULL,
	`reference` text NOT NULL,
	`pay_on` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`confirmed_at` integer,
	`bacs_confirmed_at` integer,
	`bacs_confirmed_by` text,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`bacs_confirmed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_runs_reference_idx` ON `payment_runs` (`council_id`,`reference`);