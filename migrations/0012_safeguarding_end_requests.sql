ALTER TABLE `agreements` ADD `safeguarding_requested_at` integer;--> statement-breakpoint
ALTER TABLE `agreements` ADD `safeguarding_requested_by` text;--> statement-breakpoint
ALTER TABLE `agreements` ADD `safeguarding_request_reason` text;