CREATE TABLE `provider_payment_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`method` text NOT NULL,
	`stripe_account_id` text,
	`charges_enabled` integer DEFAULT false NOT NULL,
	`payouts_enabled` integer DEFAULT false NOT NULL,
	`details_submitted` integer DEFAULT false NOT NULL,
	`stripe_status_updated_at` integer,
	`bank_account_name` text,
	`bank_sort_code` text,
	`bank_account_number` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `provider_payment_accounts_organisationId_unique` ON `provider_payment_accounts` (`organisation_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `provider_payment_accounts_stripeAccountId_unique` ON `provider_payment_accounts` (`stripe_account_id`);--> statement-breakpoint
CREATE TABLE `stripe_events` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`received_at` integer NOT NULL,
	`processed_at` integer,
	`error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stripe_events_eventId_unique` ON `stripe_events` (`event_id`);--> statement-breakpoint
CREATE INDEX `stripe_events_type_idx` ON `stripe_events` (`type`);--> statement-breakpoint
CREATE TABLE `stripe_transfers` (
	`id` text PRIMARY KEY NOT NULL,
	`idempotency_key` text NOT NULL,
	`organisation_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`amount_pence` integer NOT NULL,
	`stripe_transfer_id` text NOT NULL,
	`destination_account_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stripe_transfers_stripeTransferId_unique` ON `stripe_transfers` (`stripe_transfer_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `stripe_transfers_idempotency_key_idx` ON `stripe_transfers` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `stripe_transfers_invoice_idx` ON `stripe_transfers` (`invoice_id`);