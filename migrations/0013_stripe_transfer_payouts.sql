ALTER TABLE `stripe_transfers` ADD `payout_id` text;--> statement-breakpoint
ALTER TABLE `stripe_transfers` ADD `paid_out_at` integer;--> statement-breakpoint
CREATE INDEX `stripe_transfers_destination_idx` ON `stripe_transfers` (`destination_account_id`,`created_at`);--> statement-breakpoint
UPDATE `stripe_transfers` SET `paid_out_at` = (SELECT i.`paid_out_at` FROM `invoices` i WHERE i.`payment_reference` = `stripe_transfers`.`stripe_transfer_id`) WHERE EXISTS (SELECT 1 FROM `invoices` i WHERE i.`payment_reference` = `stripe_transfers`.`stripe_transfer_id` AND i.`paid_out_at` IS NOT NULL);
