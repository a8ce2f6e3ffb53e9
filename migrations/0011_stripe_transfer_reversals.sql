CREATE TABLE `stripe_transfer_reversals` (
	`id` text PRIMARY KEY NOT NULL,
	`stripe_transfer_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`transfer_amount_pence` integer NOT NULL,
	`amount_reversed_pence` integer NOT NULL,
	`reversed_at` integer NOT NULL,
	`applied_pence` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stripe_transfer_reversals_stripeTransferId_unique` ON `stripe_transfer_reversals` (`stripe_transfer_id`);--> statement-breakpoint
CREATE INDEX `stripe_transfer_reversals_invoice_idx` ON `stripe_transfer_reversals` (`invoice_id`);