CREATE TABLE `outbox_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`outbox_id` integer NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`content` blob NOT NULL,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outbox_attachments_outbox_idx` ON `outbox_attachments` (`outbox_id`);--> statement-breakpoint
ALTER TABLE `agreements` ADD `safeguarding_requested_at` integer;--> statement-breakpoint
ALTER TABLE `agreements` ADD `safeguarding_requested_by` text;--> statement-breakpoint
ALTER TABLE `agreements` ADD `safeguarding_request_reason` text;