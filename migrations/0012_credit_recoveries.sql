CREATE TABLE `credit_recoveries` (
	`id` text PRIMARY KEY NOT NULL,
	`credit_note_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`payment_run_id` text NOT NULL,
	`amount_pence` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`credit_note_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`payment_run_id`) REFERENCES `payment_runs`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "credit_recoveries_amount_check" CHECK("credit_recoveries"."amount_pence" > 0)
);
--> statement-breakpoint
CREATE INDEX `credit_recoveries_credit_note_idx` ON `credit_recoveries` (`credit_note_id`);--> statement-breakpoint
CREATE INDEX `credit_recoveries_invoice_idx` ON `credit_recoveries` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `credit_recoveries_run_idx` ON `credit_recoveries` (`payment_run_id`);--> statement-breakpoint
ALTER TABLE `invoices` ADD `run_amount_pence` integer;--> statement-breakpoint
UPDATE `invoices` SET `run_amount_pence` = (SELECT coalesce(sum(l.`amount_pence`), 0) FROM `invoice_lines` l WHERE l.`invoice_id` = `invoices`.`id` AND l.`status` IN ('approved', 'credited')) WHERE `payment_run_id` IS NOT NULL;
