ALTER TABLE `stripe_transfer_reversals` ADD `dealt_with_pence` integer;--> statement-breakpoint
ALTER TABLE `stripe_transfer_reversals` ADD `dealt_with_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `stripe_transfer_reversals` ADD `dealt_with_at` integer;--> statement-breakpoint
ALTER TABLE `stripe_transfer_reversals` ADD `dealt_with_note` text;